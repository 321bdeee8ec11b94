"""The house style: one colour per area, the bundled CJK font, sources under every chart,
and where a chart's files go."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib import font_manager
from matplotlib.figure import Figure

from ... import accel
from ...dataset.areas import load_areas
from ...dataset.csvio import defused
from ...dataset.schema import QUALIFIER_RULES, SECONDARY
from ..fonts import FONT_FAMILY, font_path
from ..labels import (
    district_label,
    pick,
    say,
    source_summary,
)

Chart = tuple[Figure, pd.DataFrame]  # a figure and the data it plots

# Marker and labels of each qualifier, from the schema's one declaration.
QUALIFIER_STYLE = {q: (r.marker, r.zh, r.en) for q, r in QUALIFIER_RULES.items()}


def use_house_style() -> Path:
    """Register the CJK font and apply the seaborn theme without losing it; returns the font.

    In a pack's kernels, text sizes are measured once per process, not once per renderer
    (``accel.text_metrics``); elsewhere matplotlib measures as it does.

    Example:
        >>> import hzcompare as hz
        >>> hz.charts.use_house_style().name
        'NotoSansCJKsc-Regular.otf'
    """
    if accel.in_pack_render():
        from ...accel import text_metrics

        text_metrics.install()
    path = font_path()
    if FONT_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(path))
    # set_theme resets font.sans-serif, so the font goes in through its own arguments.
    sns.set_theme(
        style="whitegrid",
        font=FONT_FAMILY,
        rc={
            "font.sans-serif": [FONT_FAMILY, "DejaVu Sans"],
            "axes.unicode_minus": False,
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "svg.fonttype": "path",
            "svg.hashsalt": "hzcompare",  # fixed element ids: the same chart, the same bytes
            "text.parse_math": False,
        },
    )
    return path


def colour(code: str) -> str:
    """The area's fixed colour (the registry's colour-blind-safe palette; the city is grey)."""
    return load_areas()[code].colour


def source_line(source_ids: Iterable[str], sources: pd.DataFrame, lang: str) -> str:
    """The line naming the sources a chart uses."""
    return f"{say('source', lang)}: {source_summary(source_ids, sources, lang)}"


def add_source_line(
    fig: Figure, source_ids: Iterable[str], sources: pd.DataFrame, lang: str
) -> str:
    """Write the sources a chart uses under it; returns the line."""
    line = source_line(source_ids, sources, lang)
    fig.text(0.01, 0.01, line, fontsize=7, color="#555555", ha="left", va="bottom", wrap=True)
    return line


def qualifier_handles(
    rows: pd.DataFrame, lang: str, suffix: dict[str, str] | None = None, **style: object
) -> list:
    """Legend entries for the qualifiers of the targets in ``rows``, in the schema's order."""
    present = sorted(
        set(rows.loc[rows["kind"] == "target", "qualifier"]), key=list(QUALIFIER_STYLE).index
    )
    return [
        plt.Line2D(
            [],
            [],
            ls="",
            marker=QUALIFIER_STYLE[q][0],
            label=pick(QUALIFIER_STYLE[q][1], QUALIFIER_STYLE[q][2], lang)
            + (suffix or {}).get(q, ""),
            **style,
        )
        for q in present
    ]


def finish(
    fig: Figure,
    rows: pd.DataFrame,
    sources: pd.DataFrame,
    lang: str,
    bottom: float,
    top: float = 1.0,
) -> Chart:
    """Source line under the chart, layout, and the plotted rows with their quotes."""
    add_source_line(fig, rows["source_id"], sources, lang)
    fig.tight_layout(rect=(0, bottom, 1, top))
    return fig, rows.reset_index(drop=True)


# The glyph of each qualifier as a character, for keys (the font has them all): targets are
# drawn hollow in trends and targets charts, filled by their verdict in the promise record.
GLYPH_TEXT = {"D": "◆", "o": "●", "^": "▲", "*": "★", "v": "▼"}
HOLLOW_TEXT = {"D": "◇", "o": "○", "^": "△", "*": "☆", "v": "▽"}


def key_entries(
    rows: pd.DataFrame,
    lang: str,
    city: str | None = None,
    about_tolerance: float | None = None,
    dashed: bool = False,
) -> list[str]:
    """What a chart's glyphs mean, one entry each (only those it draws). ``about_tolerance``:
    shown beside 左右; ``dashed``: the city's mark."""
    present = sorted(
        set(rows.loc[rows["kind"] == "target", "qualifier"]), key=list(QUALIFIER_STYLE).index
    )
    tolerance = {"about": f" ±{about_tolerance:g}"} if about_tolerance is not None else {}
    parts = [
        f"{HOLLOW_TEXT[marker]} {pick(zh, en, lang)}{tolerance.get(q, '')}"
        for q, (marker, zh, en) in ((q, QUALIFIER_STYLE[q]) for q in present)
    ]
    actual = rows[rows["kind"] == "actual"]
    if actual["grade"].isin(SECONDARY).any():
        parts.append("○ " + pick("新闻或摘要", "news or summary", lang))
    if (actual["qualifier"] == "at_least").any():
        parts.append("▲ " + pick("仅报下限", "a bound only", lang))
    if city:
        zh, en = district_label(city, "zh"), district_label(city, "en")
        mark = ("虚线", "dashes") if dashed else ("灰线", "grey")
        parts.append(pick(f"{mark[0]}：{zh}", f"{mark[1]}: {en}", lang))
    if (rows["segment"] == "before_boundary").any():
        parts.append(
            pick("阴影：2021年区划调整前", "shaded: before the 2021 boundary change", lang)
        )
    return parts


def glyph_key(
    fig: Figure,
    rows: pd.DataFrame,
    lang: str,
    city: str | None = None,
    about_tolerance: float | None = None,
    dashed: bool = False,
) -> str:
    """A short key under a chart saying what its glyphs mean (``key_entries``); it wraps to
    the chart's width."""
    parts = key_entries(rows, lang, city, about_tolerance, dashed)
    per_line = max(1, int(fig.get_figwidth() // 3.2))  # wide keys wrap: no text leaves
    lines = ["   ".join(parts[i : i + per_line]) for i in range(0, len(parts), per_line)]
    line = "\n".join(lines)
    fig.text(0.01, 0.03 + 0.012 * len(lines), line, fontsize=7.5, color="#333333", va="bottom")
    return line


def chart_stem(out_dir: str | Path, name: str) -> Path:
    """Where a chart's files go, without their suffix: ``<out_dir>/charts/<name>``."""
    return Path(out_dir) / "charts" / name


def save_chart(
    fig: Figure, data: pd.DataFrame, name: str, out_dir: str | Path | None, quiet: bool = False
) -> list[Path]:
    """Write a drawn chart as ``<out_dir>/charts/<name>.png``, ``.svg`` and ``.csv`` (the
    plotted rows, text cells a spreadsheet would run defused); print where unless ``quiet``;
    return the three paths. Nothing is written without ``out_dir``.

    Example:
        >>> import tempfile, hzcompare as hz
        >>> df, src = hz.load_indicators(), hz.load_sources()
        >>> fig, data = hz.charts.trend(df, "gdp_growth", ["qiantang", "yuhang"], src)
        >>> paths = hz.charts.save_chart(fig, data, "growth", tempfile.mkdtemp(), quiet=True)
        >>> [p.name for p in paths]
        ['growth.png', 'growth.svg', 'growth.csv']
    """
    if not out_dir:
        return []
    stem = chart_stem(out_dir, name)
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for ext in ("png", "svg"):
        path = stem.with_name(f"{stem.name}.{ext}")
        fig.savefig(path, bbox_inches="tight", metadata={"Date": None} if ext == "svg" else None)
        written.append(path)
    csv_path = stem.with_name(f"{stem.name}.csv")
    text = data.select_dtypes(include=["object", "string"]).columns
    data.assign(**{c: data[c].map(defused) for c in text}).to_csv(csv_path, index=False)
    written.append(csv_path)
    if not quiet:
        print(f"saved {stem}.png, .svg and .csv")
    return written
