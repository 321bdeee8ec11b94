"""Packs in a real browser: headless Chromium opens every page of a rendered pack from file://.

Chromium here has no CJK font of its own, like the reader we must serve: the Chinese text shows
only through the font embedded in each page. Needs Debian's ``chromium`` (`.ci/run` installs it).
"""

from __future__ import annotations

import base64
import io
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="browser test NOT RUN: no Chromium on this machine; install it with "
    "`apt-get install chromium` (.ci/run does) to run it",
)
SHOTS = ROOT / "build" / "browser"
CODE_CELLS = ".input_area, .jp-InputArea, .jp-CodeMirrorEditor, .CodeMirror, .highlight"
_FONT = re.compile(r"data:font/(?:woff2|otf);base64,([A-Za-z0-9+/=]+)")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()


def _font_cmap(page_source: str) -> set[int]:
    from fontTools.ttLib import TTFont

    data = base64.b64decode(_FONT.search(page_source).group(1))
    return set(TTFont(io.BytesIO(data)).getBestCmap())


def _visit(browser, path: Path) -> dict:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    failed, errors = [], []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    found = page.evaluate(
        """(codeSel) => ({
            text: document.body.innerText,
            links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
            images: [...document.images].map(i => [i.getAttribute('src').slice(0, 60),
                                                   i.complete && i.naturalWidth > 0]),
            fonts: [...document.fonts].map(f => [f.family, f.status]),
            codeCells: document.querySelectorAll(codeSel).length,
        })""",
        CODE_CELLS,
    )
    found.update(failed=failed, errors=errors, page=page)
    return found


def test_every_page_of_a_pack_reads_right_in_a_browser(project, browser):
    out = project[2]
    pages = sorted(out.glob("*.html"))
    assert {p.name for p in pages} >= {"index.html", "02_gdp.html", "07_trends.html"}
    checked = set()
    for path in pages:
        seen = _visit(browser, path)
        where = path.name
        assert seen["failed"] == [], f"{where}: resources failed to load: {seen['failed']}"
        assert seen["errors"] == [], f"{where}: console errors: {seen['errors']}"
        for href in seen["links"]:
            if href.startswith(("http://", "https://", "#")):
                continue  # cited pages are on the web; anchors are in the page
            target = (path.parent / href.split("#")[0]).resolve()
            assert target.exists(), f"{where}: link to {href} does not resolve"
        broken = [src for src, ok in seen["images"] if not ok]
        assert not broken, f"{where}: images not shown: {broken}"
        ours = [status for family, status in seen["fonts"] if "HZ Noto Sans CJK SC" in family]
        assert ours == ["loaded"], f"{where}: embedded font {ours}"
        cmap = _font_cmap(path.read_text(encoding="utf-8"))
        checked |= {ch for ch in seen["text"] if "\u4e00" <= ch <= "\u9fff"}
        missing = sorted(ch for ch in seen["text"] if not ch.isspace() and ord(ch) not in cmap)
        assert not missing, f"{where}: the embedded font lacks {''.join(missing[:20])}"
        if where != "index.html":
            assert seen["codeCells"] == 0, f"{where}: code cells in the report page"
            assert "import hzcompare" not in seen["text"]
        if where == "index.html":
            SHOTS.mkdir(parents=True, exist_ok=True)
            shot = SHOTS / "index.png"
            seen["page"].screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 20_000
            print(f"index screenshot: {shot} ({shot.stat().st_size} bytes)")
        seen["page"].close()
    assert len(checked) > 100  # the Chinese characters of the pack were shown through the font


WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.mark.parametrize("device", list(WIDTHS))
def test_pages_fit_the_screen_at_desktop_and_phone_widths(project, browser, device):
    """No page scrolls sideways (wide tables scroll inside their own box); images scale to the
    column. A phone is emulated (Chromium will not open a window narrower than 500 px)."""
    width = WIDTHS[device]
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        is_mobile=device == "phone",
        has_touch=device == "phone",
    )
    out = project[2]
    SHOTS.mkdir(parents=True, exist_ok=True)
    for path in sorted(out.glob("*.html")):
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        inner, scroll = page.evaluate("[window.innerWidth, document.documentElement.scrollWidth]")
        assert inner == width, f"{path.name}: the page is {inner} px wide, not {width}"
        assert scroll <= inner, f"{path.name} scrolls sideways at {width} px ({scroll} px)"
        too_wide = page.evaluate(
            "[...document.images].filter(i => i.getBoundingClientRect().width > innerWidth).length"
        )
        assert too_wide == 0, f"{path.name}: an image wider than the screen"
        # A chart with a phone layout shows it on a phone, at 85% or more of the size it was
        # drawn at (100 px an inch, PNGs at 150 dpi): its text stays readable.
        shown = page.evaluate(
            """[...document.querySelectorAll('picture')].filter(p => p.querySelector('source'))
            .map(p => { const i = p.querySelector('img');
              const phone = new URL(p.querySelector('source').srcset, document.baseURI).href;
              return [i.currentSrc === phone,
                      i.getBoundingClientRect().width / (i.naturalWidth / 1.5)]; })"""
        )
        if path.stem in ("index", "07_trends"):
            assert shown, f"{path.name}: no chart with a phone layout"
        unlinked = page.evaluate(
            "[...document.querySelectorAll('picture')].filter(p => !(p.closest('a') || {})"
            ".href?.endsWith('.png')).length"
        )
        assert unlinked == 0, f"{path.name}: a chart that does not open its full-size PNG"
        for phone_layout, scale in shown:
            assert phone_layout == (device == "phone"), f"{path.name}: layout for {device}"
            if device == "phone":
                assert scale >= 0.85, f"{path.name}: a phone chart shown at {scale:.0%}"
        if path.stem in ("index", "07_trends"):
            shot = SHOTS / f"{path.stem}-{device}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 20_000
        page.close()
    context.close()
