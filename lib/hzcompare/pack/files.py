"""The files of a pack besides the notebooks: workbook, index.html and manifest.json."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from datetime import UTC, datetime
from html import escape  # quotes too: text from documents never becomes markup
from importlib import metadata
from pathlib import Path

import pandas as pd

from .. import paths
from ..compare import coverage, distance_to_goals, gap_to_city, progress, promise_record, scorecard
from ..dataset.areas import load_areas
from ..dataset.load import load_indicators, load_sources, load_tasks
from ..dataset.schema import GRADE_LABELS, data_dictionary
from ..report.fonts import font_path
from ..report.labels import chart_caption, source_summary
from ..report.page import PHONE_SUFFIX, html_page, picture_html
from ..report.webfont import embed
from .params import PackParams

PACKAGES = (
    "hzcompare",
    "pandas",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "openpyxl",
    "opencc",
    "mplfonts",
)


def pack_tables(params: PackParams, shared: dict | None = None) -> dict[str, pd.DataFrame]:
    """The tables of the pack's workbook (data loaded and validated once).

    ``shared``: one run's memo of what every pack of the same areas and tolerance has alike
    (all but the year's scorecard and goals), so ``pack --all`` computes it once.
    """
    key = (tuple(params.districts), params.benchmark, params.about_tolerance_pp)
    memo = {} if shared is None else shared
    if key not in memo:
        memo[key] = _area_tables(params)
    common = memo[key]
    df, sources, sc = common["indicators"], common["sources"], common["full_scorecard"]
    tables = {
        "indicators": df,
        # the pack's scope: the targets of its two years, with their results whenever reported
        "scorecard": sc[sc["year"].isin([params.year - 1, params.year])],
        "promise_record": common["promise_record"],
        "gap_to_city": common["gap_to_city"],
        "partial_year_progress": common["partial_year_progress"],
        "distance_to_goals": distance_to_goals(df, sources, after=params.year),
        "coverage": common["coverage"],
        "data_dictionary": common["data_dictionary"],
        "sources": sources,
    }
    if params.year == 2023:
        tables["qiantang_2023_tasks"] = load_tasks()
    return tables


def _area_tables(params: PackParams) -> dict[str, pd.DataFrame]:
    benchmark = [] if params.benchmark == "none" else [params.benchmark]
    df = load_indicators(district=[*params.districts, *benchmark])
    sources = load_sources()
    cov = coverage(df, sources)
    cov.columns = [str(y) for y in cov.columns]
    return {
        "indicators": df,
        "sources": sources,
        "full_scorecard": scorecard(df, sources, params.about_tolerance_pp),
        "promise_record": promise_record(df, sources, params.about_tolerance_pp),
        "gap_to_city": gap_to_city(df, *benchmark) if benchmark else pd.DataFrame(),
        "partial_year_progress": progress(df),
        "coverage": cov.reset_index(),
        "data_dictionary": pd.DataFrame(data_dictionary()),
    }


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _git_commit(root: Path) -> dict:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = bool(
            subprocess.run(
                ["git", "status", "--porcelain", "--", "data", "lib", "notebooks", "params"],
                cwd=root,
                capture_output=True,
                text=True,
                timeout=10,
            ).stdout.strip()
        )
        return {"commit": commit, "uncommitted_changes": dirty}
    except (OSError, subprocess.SubprocessError):
        return {"commit": "unknown", "uncommitted_changes": None}


def _versions() -> dict:
    out = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def write_manifest(
    stage: Path,
    params: PackParams,
    results: list[dict],
    root: Path,
    seconds: float,
    webfont: dict | None = None,
) -> dict:
    """manifest.json: parameters, commit, data hashes, versions, fonts, notebook status."""
    curated = paths.curated_dir(root)
    font = font_path()
    manifest = {
        "parameters": params.notebook_parameters(),
        "git": _git_commit(root),
        "data_sha256": {
            str(p.relative_to(curated)): _sha256(p)
            for p in sorted(curated.rglob("*"))
            if p.is_file()
        },
        "packages": _versions(),
        "font": {
            "file": font.name,
            "family": "Noto Sans CJK SC",
            "license": "SIL OFL 1.1",
            "sha256": _sha256(font),
            "web_subset": webfont or {},
        },
        "notebooks": results,
        "seconds": round(seconds, 2),
        "rendered_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    (stage / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return manifest


def _source_title(s: object) -> str:
    """A source's title, linked to its address when it is a cited page."""
    address = getattr(s, "address", None)
    if isinstance(address, str) and address.startswith(("http://", "https://")):
        return f"<a href='{escape(address)}'>{escape(s.title)}</a>"
    return escape(s.title)


def _figures(stage: Path, sources: pd.DataFrame, lang: str) -> str:
    """A thumbnail of each chart with its caption, sources and files."""
    out = []
    for png in sorted((stage / "charts").glob("*.png")):
        name = re.sub(r"^[0-9]{4}_", "", png.stem)  # <year>_<name>, or <name> alike every year
        if name == "promise_record" or png.name.endswith(PHONE_SUFFIX):
            continue  # the headline, above; a phone layout, shown in its chart's place
        csv = png.with_suffix(".csv")
        data = pd.read_csv(csv) if csv.exists() else pd.DataFrame()
        cols = [c for c in ("source_id", "target_source", "actual_source") if c in data]
        ids = pd.concat([data[c] for c in cols]).dropna() if cols else pd.Series(dtype=str)
        summary = source_summary(ids, sources, lang) if len(ids) else ""
        out.append(
            f"<figure>{_chart_link(stage, png.name, chart_caption(name, lang))}<figcaption>"
            f"<strong>{escape(chart_caption(name, lang))}</strong><br>"
            f"{escape(summary)}<br><a href='charts/{escape(png.stem)}.svg'>SVG</a> · "
            f"<a href='charts/{escape(png.stem)}.csv'>data (CSV)</a></figcaption></figure>"
        )
    return "\n".join(out)


def _chart_link(stage: Path, png: str, alt: str) -> str:
    """A chart of the pack's ``charts/`` folder, linked to its full-size PNG; its phone layout
    on a narrow screen where it has one."""
    phone = png.removesuffix(".png") + PHONE_SUFFIX
    phone_src = f"charts/{phone}" if (stage / "charts" / phone).exists() else None
    return picture_html(f"charts/{png}", f"charts/{png}", alt, phone_src)


def _headline(stage: Path, params: PackParams, tables: dict[str, pd.DataFrame]) -> str:
    """The promise-record picture and the sentences generated from the data, each with the
    rows it states (open "the figures" under a sentence to check every number)."""
    from ..report.story import headline
    from ..report.tables import reading_table

    picture = _chart_link(
        stage, f"{params.year}_promise_record.png", chart_caption("promise_record", params.language)
    )
    benchmark = "" if params.benchmark == "none" else params.benchmark
    items = []
    for n, sentence in enumerate(
        headline(tables["indicators"], tables["sources"], params.about_tolerance_pp, benchmark)
    ):
        rows = reading_table(sentence.rows, table_id=f"s{n}").as_raw_html()
        items.append(
            f"<li>{escape(sentence.text)}<details><summary>the figures</summary>{rows}"
            "</details></li>"
        )
    return (
        f"<figure class='headline'>{picture}<figcaption>"
        "Every target of every area and year: colour the verdict, shape the qualifier, hollow "
        f"while no result is reported; {params.year - 1}–{params.year}, this pack's years, "
        f"highlighted.</figcaption></figure><ul class='story'>{''.join(items)}</ul>"
    )


def write_index(
    stage: Path,
    params: PackParams,
    results: list[dict],
    sources: pd.DataFrame,
    tables: dict[str, pd.DataFrame] | None = None,
) -> None:
    """index.html: the promise record and what it says, this pack's scorecard and coverage as
    tables for people, every chart with its caption and sources, the notebooks (report pages
    and the executed notebooks with the code), the sources; all text escaped."""
    from ..report.tables import coverage_table, reading_table

    tables = tables or {}
    items = "\n".join(
        f"<li><a href='{escape(r['notebook'])}.html'>{escape(r['notebook'])}</a> "
        f"(<a href='{escape(r['notebook'])}.ipynb'>notebook with code</a>) — "
        f"{escape(r['status'])}, {r['seconds']:.1f} s</li>"
        for r in results
    )
    sc = tables.get("scorecard", pd.DataFrame())
    columns = ["district", "year", "indicator", "qualifier", "target", "actual", "gap"]
    columns += ["gap_unit", "verdict"]
    scorecard_html = (
        reading_table(sc[columns], table_id="scorecard").as_raw_html()
        if not sc.empty
        else "<p><em>No target of these years has a full-year result yet.</em></p>"
    )
    cov = tables.get("coverage", pd.DataFrame())
    coverage_html = (
        coverage_table(cov.set_index(["district", "indicator"])).as_raw_html()
        if not cov.empty
        else ""
    )
    rows = "\n".join(
        f"<tr><td>{_source_title(s)}</td><td>{escape(GRADE_LABELS[s.access][1])}</td>"
        f"<td>{escape(s.published)}</td><td>{escape(s.admin_unit)}</td></tr>"
        for s in sources.itertuples()
    )
    areas = load_areas()
    names = ", ".join(f"{areas[d].en} {areas[d].zh}" for d in params.districts)
    city = areas[params.benchmark].en if params.benchmark in areas else "none"
    title = params.title or f"Hangzhou districts {params.year}"
    headline = _headline(stage, params, tables) if "indicators" in tables else ""
    body = f"""<h1>{escape(title)}</h1>
<p class='lede'>What {escape(names)} promised in their government work reports, and what they
delivered: every figure traced to its source. Benchmark: {escape(city)}. A 左右 (about) target
counts as met down to {params.about_tolerance_pp:g} points below it.</p>
<h2>The promise record</h2>{headline}
<h2>Promises of {params.year - 1}–{params.year} and what came of them</h2>
<p>The targets of the pack's two years with a full-year result from any source. The scorecard
page has each row's quotes; the trends page every year.</p>{scorecard_html}
<h2>Charts</h2><div class='gallery'>{_figures(stage, sources, params.language)}</div>
<h2>Coverage</h2><p>Full-year figures per area, indicator and year: results and targets, how
many sources state them and the best grade among them.</p>{coverage_html}
<h2>Notebooks</h2><ul>{items}</ul>
<h2>Tables</h2><ul><li><a href="hzcompare_{params.year}.xlsx">Workbook (Excel)</a>: every
figure with its codes, sources and quotes</li>
<li><a href="manifest.json">manifest.json</a> (parameters, commit, data hashes, versions)</li></ul>
<h2>Boundary caveat</h2><p>Qiantang District was created in 2021 from the Qiantang New Area
(2019–2020, a functional zone over streets of Jianggan and Xiaoshan); Linping was split from
Yuhang in 2021. Figures from before 2021 refer to other territories and are not comparable.</p>
<h2>Sources</h2><p>Documents are kept whole in the project; cited pages are linked, never
copied: open the page and find each figure's label and number in the section the workbook's
<em>sources</em> sheet names.</p>
<div class='wide'><table><tr><th>Source</th><th>Grade</th><th>Published</th><th>Unit</th></tr>
{rows}</table></div>"""
    (stage / "index.html").write_text(html_page(title, body), encoding="utf-8")


def write_pack_files(
    stage: Path,
    params: PackParams,
    results: list[dict],
    tables: dict[str, pd.DataFrame],
    root: Path,
    seconds: float,
) -> None:
    """Index, web font and manifest of a rendered pack (the workbook is written during the
    render)."""
    write_index(stage, params, results, tables["sources"], tables)
    font = embed(sorted(stage.glob("*.html")))
    write_manifest(stage, params, results, root, seconds, font)
