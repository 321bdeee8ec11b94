"""Trend charts: each area's path of results and targets across all years."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd

from ...compare.rules import preferred, whole_area
from ...dataset.areas import load_areas
from ...dataset.schema import INDICATORS, SECONDARY, UNITS
from ..labels import (
    district_label,
    indicator_label,
    pick,
    say,
)
from ._style import QUALIFIER_STYLE, Chart, colour, finish, qualifier_handles


def trend(
    df: pd.DataFrame,
    indicator: str,
    districts: list[str],
    sources: pd.DataFrame,
    lang: str = "both",
    benchmark: str | None = None,
    first_year: int = 2019,
    last_year: int = 2026,
) -> Chart:
    """Each district's path of full-year results and targets from ``first_year`` to ``last_year``
    (later goals are in the distance-to-goals table).

    Points before an area's current boundary (data/units.csv) are shaded and never joined to
    later ones; points from news or summaries are hollow; a result printed only as a bound
    (突破…) is a "≥" tick; targets are markers by qualifier; the ``benchmark`` (city) is a
    grey dashed line (for rates and shares only).
    The plotted data carries each point's source, grade and boundary segment.

    Example:
        >>> import hzcompare as hz
        >>> df, src = hz.load_indicators(), hz.load_sources()
        >>> areas = ["qiantang", "yuhang"]
        >>> fig, data = hz.charts.trend(df, "gdp_growth", areas, src, "en", "hangzhou")
        >>> sorted(data["district"].unique())
        ['hangzhou', 'qiantang', 'yuhang']
    """
    if INDICATORS[indicator].unit != "pct":
        benchmark = None  # a city's level dwarfs its districts': the reference is for rates only
    pref = whole_area(preferred(df))  # charts draw whole areas
    pref = pref[~pref["revised"].astype(bool)]
    drawn = [*districts, *([benchmark] if benchmark else [])]
    rows = pref[
        (pref["indicator"] == indicator)
        & (pref["period"] == "FY")
        & pref["district"].isin(drawn)
        & pref["year"].between(first_year, last_year)
    ].sort_values(["district", "year"])
    areas = load_areas()
    grade = sources.set_index("source_id")["access"]
    rows = rows.assign(
        grade=[grade.get(s, "") for s in rows["source_id"]],
        segment=[
            "current" if areas[d].comparable(int(y)) else "before_boundary"
            for d, y in zip(rows["district"], rows["year"], strict=True)
        ],
    )
    fig, ax = plt.subplots(figsize=(9.5, 5))
    before = rows[rows["segment"] == "before_boundary"]
    if not before.empty:
        cut = max((areas[d].current_from or 0) for d in before["district"])
        ax.axvspan(before["year"].min() - 0.5, cut - 0.5, color="#eeeeee", zorder=0)
    for i, code in enumerate(drawn):
        mine = rows[rows["district"] == code]
        act = mine[mine["kind"] == "actual"]
        exact = act[act["qualifier"].isin(["none", "about"])]
        city = code == benchmark
        # A line joins consecutive years only, and never across the boundary change.
        run = (exact["year"].diff() != 1) | (exact["segment"] != exact["segment"].shift())
        for _, seg in exact.groupby(run.cumsum()):
            ax.plot(
                seg["year"],
                seg["value"],
                "--" if city else "-",
                color=colour(code),
                lw=1.2 if city else 2,
            )
        for a in exact.itertuples():
            hollow = a.grade in SECONDARY
            ax.scatter(
                a.year,
                a.value,
                s=30 if city else 40,
                facecolors="white" if hollow else colour(code),
                edgecolors=colour(code),
                zorder=4,
            )
            ax.annotate(
                f"{a.value:g}",
                (a.year, a.value),
                textcoords="offset points",
                xytext=(-8, 6),
                fontsize=7,
            )
        for b in act[act["qualifier"] == "at_least"].itertuples():
            ax.scatter(b.year, b.value, marker="_", s=160, color=colour(code), zorder=4)
            ax.annotate(
                f"≥{b.value:g}",
                (b.year, b.value),
                textcoords="offset points",
                xytext=(4, -10),
                fontsize=7,
            )
        for t in mine[mine["kind"] == "target"].itertuples():
            style = QUALIFIER_STYLE[t.qualifier]
            ax.scatter(
                t.year + 0.1 + 0.07 * i,  # each area's targets a little apart
                t.value,
                marker=style[0],
                s=80 if style[0] == "*" else 45,
                facecolors=colour(code),
                edgecolors="black",
                alpha=0.8,
                zorder=5,
            )
    handles = [
        plt.Line2D(
            [],
            [],
            color=colour(c),
            lw=2,
            ls="--" if c == benchmark else "-",
            label=district_label(c, lang),
        )
        for c in drawn
        if c in set(rows["district"])
    ]
    if (rows["segment"] == "before_boundary").any():
        label = say("boundary", lang).replace("\n", " ")
        handles.append(plt.Rectangle((0, 0), 1, 1, color="#eeeeee", label=label))
    handles += qualifier_handles(rows, lang, mfc="#bbbbbb", mec="black")
    if (rows["grade"].isin(SECONDARY) & (rows["kind"] == "actual")).any():
        handles.append(
            plt.Line2D(
                [], [], ls="", marker="o", mfc="white", mec="#333333", label=say("news", lang)
            )
        )
    if ((rows["kind"] == "actual") & (rows["qualifier"] == "at_least")).any():
        handles.append(
            plt.Line2D([], [], ls="", marker="_", ms=12, color="#333333", label=say("bound", lang))
        )
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_xlabel(say("year", lang))
    ax.set_ylabel(UNITS[INDICATORS[indicator].unit])  # the title names the indicator
    ax.set_title(
        indicator_label(indicator, lang, unit=False)
        + " — "
        + pick("历年路径", "path over the years", lang)
    )
    return finish(fig, rows, sources, lang, bottom=0.05)
