"""A web font for the pack's HTML: the bundled Noto Sans CJK SC cut to the glyphs the pack uses.

Browsers refuse fonts loaded from ``file://`` pages (a cross-origin request), so each page
embeds the subset as a data URI in its ``@font-face``: a page opened from a folder on a machine
with no CJK font still shows every character. WOFF2 when brotli is installed, else OpenType.
"""

from __future__ import annotations

import base64
import html
import io
from importlib.util import find_spec
from pathlib import Path

from .fonts import font_path

FAMILY = "HZ Noto Sans CJK SC"
PLACEHOLDER = "<!--hzcompare:webfont-->"


def characters_of(page: str) -> set[str]:
    """Every character a page may show: its text with entities decoded (markup and embedded
    images are ASCII, which the subset keeps anyway)."""
    return set(html.unescape(page))


def subset(characters: str, source: Path | None = None) -> tuple[bytes, str]:
    """The font cut to ``characters`` (plus printable ASCII): (bytes, format)."""
    from fontTools import subset as ft_subset

    options = ft_subset.Options()
    options.flavor = "woff2" if find_spec("brotli") else None
    options.hinting = False  # screens need no CFF hints: 99 KB instead of 115 KB (measured)
    options.notdef_outline = True
    font = ft_subset.load_font(str(source or font_path()), options)
    wanted = {ord(c) for c in characters if not c.isspace()} | set(range(0x20, 0x7F))
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted))
    subsetter.subset(font)
    out = io.BytesIO()
    ft_subset.save_font(font, out, options)
    return out.getvalue(), options.flavor or "opentype"


def font_face_css(data: bytes, fmt: str) -> str:
    """A ``<style>`` declaring the embedded font and using it for all text."""
    mime = "font/woff2" if fmt == "woff2" else "font/otf"
    uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return (
        "<style>@font-face{font-family:'"
        + FAMILY
        + "';src:url("
        + uri
        + ") format('"
        + fmt
        + "');font-display:block}"
        "body,body *{font-family:'" + FAMILY + "',sans-serif !important}"
        # Fixed-format text keeps its columns: a monospace face first, the subset for CJK.
        "pre,pre *,code{font-family:'DejaVu Sans Mono','Liberation Mono',monospace,'"
        + FAMILY
        + "' !important}</style>"
    )


def embed(pages: list[Path]) -> dict:
    """Cut one subset for all ``pages`` and put it into each page's head; returns its sizes."""
    texts = {p: p.read_text(encoding="utf-8") for p in pages}
    characters = "".join(sorted(set().union(*(characters_of(t) for t in texts.values()))))
    data, fmt = subset(characters)
    css = font_face_css(data, fmt)
    for page, text in texts.items():
        if PLACEHOLDER in text:
            text = text.replace(PLACEHOLDER, css, 1)
        else:
            text = text.replace("</head>", css + "</head>", 1)
        page.write_text(text, encoding="utf-8")
    return {
        "family": FAMILY,
        "format": fmt,
        "characters": len(characters),
        "font_bytes": len(data),
        "bytes_per_page": len(css),
        "bytes_in_pack": len(css) * len(pages),
    }
