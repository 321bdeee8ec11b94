"""The promise record in one picture: every target, by area and target year, coloured by its
verdict and shaped by its qualifier."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ...compare import scorecard
from ...compare.rules import preferred, whole_area
from ...dataset.areas import load_areas
from ..labels import district_label, message, pick
from ._phone import PHONE_WIDTH, phone_finish
from ._style import GLYPH_TEXT, QUALIFIER_STYLE, Chart, finish

# Verdict: (fill, edge, zh, en). Blues for kept, reds and oranges for not: apart also under
# deuteranopia; a target with no result yet is hollow.
VERDICT_STYLE = {
    "met": ("#2166AC", "#2166AC", "达成", "met"),
    "floor held": ("#67A9CF", "#2166AC", "守住底线", "floor held"),
    "stretch met": ("#053061", "#053061", "力争达成", "stretch met"),
    "missed": ("#D6604D", "#B2182B", "未达成", "missed"),
    "stretch missed": ("#F4A582", "#D6604D", "力争未达成", "stretch missed"),
    "floor broken": ("#67001F", "#67001F", "跌破底线", "floor broken"),
    "no result yet": ("white", "#888888", "尚无结果", "no result yet"),
}
PER_LINE = 5  # glyphs side by side in one area-year cell


def promise_targets(df: pd.DataFrame, sources: pd.DataFrame, tolerance: float) -> pd.DataFrame:
    """Every full-year target of the whole areas with its verdict (``no result yet`` if none)."""
    sc = scorecard(df, sources, tolerance)
    sc = sc[sc["scope"] == ""]
    keys = ["district", "indicator", "year", "qualifier"]
    scored = set(map(tuple, sc[keys].astype(str).values))
    pref = whole_area(preferred(df))
    targets = pref[(pref["kind"] == "target") & (pref["period"] == "FY") & ~pref["revised"]]
    pending = targets[[tuple(map(str, k)) not in scored for k in targets[keys].values]]
    pending = pending.assign(
        verdict="no result yet", target=pending["value"], target_source=pending["source_id"]
    ).rename(columns={"quote": "target_quote"})
    columns = [*keys, "target", "actual", "verdict", "target_source", "target_quote"]
    columns += ["actual_source", "actual_quote"]
    rows = pd.concat([sc, pending.reindex(columns=columns)], ignore_index=True)[columns]
    return rows.sort_values(["district", "year", "indicator", "qualifier"], ignore_index=True)


def promise_chart(
    df: pd.DataFrame,
    sources: pd.DataFrame,
    tolerance: float = 0.5,
    highlight: list[int] | None = None,
    lang: str = "both",
    phone: bool = False,
) -> Chart:
    """Every target of every area and year as a glyph: coloured by its verdict, shaped by its
    qualifier (a missed 力争 target is *stretch missed*, a 确保 one *floor held* or *broken*),
    hollow while no full-year result is reported. ``highlight`` marks a pack's target years.
    ``phone``: years down and areas across, as wide as a phone's screen.

    Example:
        >>> import hzcompare as hz
        >>> fig, data = hz.charts.promise_chart(hz.load_indicators(), hz.load_sources())
        >>> int((data["verdict"] != "no result yet").sum()) == len(hz.scorecard(
        ...     hz.load_indicators(), hz.load_sources()))
        True
    """
    rows = promise_targets(df, sources, tolerance)
    order = list(VERDICT_STYLE)
    rows = rows.sort_values(
        ["district", "year", "verdict", "indicator"],
        key=lambda c: c.map(order.index) if c.name == "verdict" else c,
        ignore_index=True,
    )
    present = set(rows["district"])
    areas = [a for a, area in load_areas().items() if a in present and area.level != "city"]
    areas += [a for a, area in load_areas().items() if a in present and area.level == "city"]
    years = sorted(rows["year"].astype(int).unique()) if len(rows) else []
    if phone:
        fig, ax = plt.subplots(figsize=(PHONE_WIDTH, 1))  # its height: set by its content
    else:
        fig, ax = plt.subplots(figsize=(max(6.0, 1.05 * len(years) + 1.8), 0.95 * len(areas) + 1.9))
    # (column, row) of a cell: years across on a screen, down on a phone
    place = (lambda area, year: (area, year)) if phone else (lambda area, year: (year, area))
    columns, lines = place(len(areas), len(years))
    first, step = (-0.3, 0.3) if phone else (-0.25, 0.2)  # a cell's lines of glyphs
    for year in highlight or []:
        if year in years:
            span = ax.axhspan if phone else ax.axvspan
            span(years.index(year) - 0.5, years.index(year) + 0.5, color="#fff3c4", zorder=0, lw=0)
    for a, area in enumerate(areas):
        for y, year in enumerate(years):
            x0, y0 = place(a, y)
            cell = rows[(rows["district"] == area) & (rows["year"] == year)]
            for k, t in enumerate(cell.itertuples()):
                fill, edge, _, _ = VERDICT_STYLE[t.verdict]
                marker = QUALIFIER_STYLE[t.qualifier][0]
                ax.scatter(
                    x0 - 0.36 + (k % PER_LINE) * 0.18,
                    y0 + first + (k // PER_LINE) * step,
                    marker=marker,
                    s=60 if marker == "*" else 34,
                    facecolors=fill,
                    edgecolors=edge,
                    linewidths=1.0,
                    zorder=3,
                )
    year_ticks = (range(len(years)), [str(y) for y in years])
    area_names = [district_label(a, lang) for a in areas]
    if phone:
        ax.set_yticks(*year_ticks, fontsize=8)
        ax.set_xticks(range(len(areas)), [n.replace(" ", "\n") for n in area_names], fontsize=8)
        ax.xaxis.tick_top()
    else:
        ax.set_xticks(*year_ticks, fontsize=8)
        ax.set_yticks(range(len(areas)), area_names, fontsize=9)
    ax.set_xlim(-0.55, columns - 0.45)
    ax.set_ylim(lines - 0.45, -0.55)  # the first area, or year, on top
    ax.grid(False)
    for edge in range(columns + 1):
        ax.axvline(edge - 0.5, color="#e2e2e2", lw=0.8, zorder=1)
    for edge in range(lines + 1):
        ax.axhline(edge - 0.5, color="#e2e2e2", lw=0.8, zorder=1)
    present = [v for v in VERDICT_STYLE if v in set(rows["verdict"])]
    handles = [
        plt.Line2D(
            [],
            [],
            ls="",
            marker="s",
            ms=7,
            mfc=VERDICT_STYLE[v][0],
            mec=VERDICT_STYLE[v][1],
            label=pick(VERDICT_STYLE[v][2], VERDICT_STYLE[v][3], lang),
        )
        for v in present
    ]
    scored = rows[rows["verdict"] != "no result yet"]
    kept = scored["verdict"].isin(["met", "floor held", "stretch met"]).sum()
    title = message(
        f"承诺记录：已评{len(scored)}项目标，达成{kept}项；{len(rows) - len(scored)}项尚无结果",
        f"The promise record: {kept} of {len(scored)} scored targets kept; "
        f"{len(rows) - len(scored)} await a result",
        lang,
    )
    rows = rows.assign(source_id=rows["target_source"])
    shapes = [f"{GLYPH_TEXT[m]} {pick(zh, en, lang)}" for m, zh, en in QUALIFIER_STYLE.values()]
    if phone:
        height = 0.58 * len(years)
        return phone_finish(fig, rows, sources, lang, title, height, shapes, handles)
    fig.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.0, 0.07),
        ncol=4,
        fontsize=7.5,
        frameon=False,
        handletextpad=0.3,
        columnspacing=1.0,
    )
    fig.text(0.01, 0.045, "   ".join(shapes), fontsize=7.5, color="#333333", va="bottom")
    ax.set_title(title, fontsize=10, loc="left")
    return finish(fig, rows, sources, lang, bottom=0.2)
