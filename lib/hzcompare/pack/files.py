"""The files of a pack besides the notebooks: workbook, index.html and manifest.json."""

from __future__ import annotations

import hashlib
import json
import subprocess
from datetime import UTC, datetime
from html import escape  # quotes too: text from documents never becomes markup
from importlib import metadata
from pathlib import Path

import pandas as pd

from .. import paths
from ..compare import coverage, distance_to_goals, gap_to_city, progress, promise_record, scorecard
from ..dataset.load import load_indicators, load_sources, load_tasks
from ..dataset.schema import data_dictionary
from ..report.charts import font_path
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


def pack_tables(params: PackParams) -> dict[str, pd.DataFrame]:
    """The tables of the pack's workbook (data loaded and validated once)."""
    benchmark = [] if params.benchmark == "none" else [params.benchmark]
    df = load_indicators(district=[*params.districts, *benchmark])
    sources = load_sources()
    cov = coverage(df, sources)
    cov.columns = [str(y) for y in cov.columns]
    sc = scorecard(df, sources, params.about_tolerance_pp)
    tables = {
        "indicators": df,
        # the pack's scope: the targets of its two years, with their results whenever reported
        "scorecard": sc[sc["year"].isin([params.year - 1, params.year])],
        "promise_record": promise_record(df, sources, params.about_tolerance_pp),
        "gap_to_city": gap_to_city(df, *benchmark) if benchmark else pd.DataFrame(),
        "partial_year_progress": progress(df),
        "distance_to_goals": distance_to_goals(df, sources, after=params.year),
        "coverage": cov.reset_index(),
        "data_dictionary": pd.DataFrame(data_dictionary()),
        "sources": sources,
    }
    if params.year == 2023:
        tables["qiantang_2023_tasks"] = load_tasks()
    return tables


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
    stage: Path, params: PackParams, results: list[dict], root: Path, seconds: float
) -> dict:
    """manifest.json: parameters, commit, data hashes, versions, font, notebook status."""
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


def write_index(
    stage: Path, params: PackParams, results: list[dict], sources: pd.DataFrame
) -> None:
    """index.html linking every file of the pack; all text escaped."""
    items = "\n".join(
        f"<li><a href='{escape(r['notebook'])}.html'>{escape(r['notebook'])}</a> "
        f"(<a href='{escape(r['notebook'])}.ipynb'>notebook</a>) — {escape(r['status'])}, "
        f"{r['seconds']:.1f} s</li>"
        for r in results
    )
    charts = "\n".join(
        f"<figure><a href='charts/{escape(p.name)}'><img src='charts/{escape(p.name)}' "
        f"width='420' alt='{escape(p.stem)}'></a><figcaption>{escape(p.stem)}: "
        f"<a href='charts/{escape(p.stem)}.svg'>SVG</a> · "
        f"<a href='charts/{escape(p.stem)}.csv'>data (CSV)</a></figcaption></figure>"
        for p in sorted((stage / "charts").glob("*.png"))
    )
    rows = "\n".join(
        f"<tr><td>{_source_title(s)}</td><td>{escape(str(s.access))}</td>"
        f"<td>{escape(s.published)}</td><td>{escape(s.admin_unit)}</td>"
        f"<td>{escape(s.boundary)}</td></tr>"
        for s in sources.itertuples()
    )
    title = escape(params.title or f"Hangzhou districts {params.year}")
    page = f"""<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto;line-height:1.5}}
figure{{display:inline-block;margin:.5em}}td,th{{border-bottom:1px solid #ddd;padding:.3em;
vertical-align:top;font-size:90%}}table{{border-collapse:collapse}}</style></head><body>
<h1>{title}</h1>
<p>Districts: {escape(", ".join(params.districts))} · labels: {escape(params.language)} ·
tolerance for 左右 (about) targets: {params.about_tolerance_pp:g} points.</p>
<p><strong>Boundary caveat.</strong> Qiantang District was created in 2021 from the Qiantang New
Area (2019–2020, a functional zone over streets of Jianggan and Xiaoshan); Linping was split from
Yuhang in 2021. Figures from before 2021 refer to other territories and are not comparable.</p>
<h2>Notebooks</h2><ul>{items}</ul>
<h2>Tables</h2><ul><li><a href="hzcompare_{params.year}.xlsx">Workbook (Excel)</a></li>
<li><a href="manifest.json">manifest.json</a> (parameters, commit, data hashes, versions)</li></ul>
<h2>Charts</h2>{charts}
<h2>Sources</h2><p>Documents are kept whole in the project; cited pages are linked, never copied:
open the page and find each figure's label and number in the section the workbook's
<em>sources</em> sheet names (<code>where</code>).</p>
<table><tr><th>Source</th><th>Grade</th><th>Published</th><th>Unit</th><th>Boundary</th></tr>
{rows}</table></body></html>
"""
    (stage / "index.html").write_text(page, encoding="utf-8")


def write_pack_files(
    stage: Path,
    params: PackParams,
    results: list[dict],
    tables: dict[str, pd.DataFrame],
    root: Path,
    seconds: float,
) -> None:
    """Index and manifest of a rendered pack (the workbook is written during the render)."""
    write_index(stage, params, results, tables["sources"])
    write_manifest(stage, params, results, root, seconds)
