"""Trend charts as small multiples: one panel per area, a shared axis, the city in every panel."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd

from ...compare.rules import preferred, whole_area
from ...dataset.areas import load_areas
from ...dataset.schema import INDICATORS, SECONDARY, UNITS
from ..labels import district_label, indicator_label
from ._phone import phone_finish
from ._style import QUALIFIER_STYLE, Chart, colour, finish, glyph_key, key_entries

CITY_GREY = "#9a9a9a"
PANEL = (3.2, 4.4)  # inches per panel
PHONE_PANEL = 2.6  # inches of height per panel in the phone layout


def trend(
    df: pd.DataFrame,
    indicator: str,
    districts: list[str],
    sources: pd.DataFrame,
    lang: str = "both",
    benchmark: str | None = None,
    first_year: int = 2019,
    last_year: int = 2026,
    phone: bool = False,
) -> Chart:
    """Each district's path of full-year results and its targets, ``first_year`` to
    ``last_year``, as small multiples: one panel per district, the same axis in every panel.

    In each panel: the results as a line with a marker on every point (a single point shows);
    the last result labelled directly; targets as glyphs by qualifier at their years; the
    ``benchmark`` area's results (the city; rates and shares only) as a grey reference; years
    before the area's current boundary shaded and never joined to later ones; results from news
    or summaries hollow; a result printed only as a bound (突破…) a "≥" label. The title states
    the chart's message from the data; a one-line key and the sources stand under the panels.
    The plotted data carries each point's source, grade and boundary segment. ``phone``: the
    panels in one column as wide as a phone's screen, every text wrapped to it.

    Example:
        >>> import hzcompare as hz
        >>> df, src = hz.load_indicators(), hz.load_sources()
        >>> areas = ["qiantang", "yuhang"]
        >>> fig, data = hz.charts.trend(df, "gdp_growth", areas, src, "en", "hangzhou")
        >>> sorted(data["district"].unique()), len(fig.axes)
        (['hangzhou', 'qiantang', 'yuhang'], 2)
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
    shown = [d for d in districts if d in set(rows["district"])] or districts[:1]
    per_row = 1 if phone else min(3, len(shown))
    n_rows = math.ceil(len(shown) / per_row)
    fig, axes = plt.subplots(
        n_rows,
        per_row,
        figsize=(PANEL[0] * per_row, PANEL[1] * n_rows + 1.3),  # a phone's: set by its content
        sharex=True,
        sharey=True,
        squeeze=False,
    )
    city = rows[(rows["district"] == benchmark) & (rows["kind"] == "actual")] if benchmark else None
    for ax, code in zip(axes.flat, shown, strict=False):
        _panel(ax, rows[rows["district"] == code], code, city, lang, first_year, last_year)
    for ax in list(axes.flat)[len(shown) :]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel(UNITS[INDICATORS[indicator].unit])
    title = _message(rows, indicator, shown, benchmark, lang)
    reference = benchmark if city is not None and len(city) else None
    if phone:
        key = key_entries(rows, lang, city=reference)
        return phone_finish(fig, rows, sources, lang, title, PHONE_PANEL * n_rows, key)
    fig.suptitle(title, fontsize=11, x=0.01, ha="left")
    glyph_key(fig, rows, lang, city=reference)
    return finish(fig, rows, sources, lang, bottom=0.12, top=0.95)


def _runs(points: pd.DataFrame) -> list[pd.DataFrame]:
    """Consecutive years of one boundary segment: a line joins these and nothing else."""
    breaks = (points["year"].diff() != 1) | (points["segment"] != points["segment"].shift())
    return [seg for _, seg in points.groupby(breaks.cumsum())]


def _panel(
    ax: plt.Axes,
    mine: pd.DataFrame,
    code: str,
    city: pd.DataFrame | None,
    lang: str,
    first_year: int,
    last_year: int,
) -> None:
    """One area's panel: its results, targets, the city's reference and the boundary break."""
    areas = load_areas()
    current = areas[code].current_from
    if current and current > first_year:
        ax.axvspan(first_year - 0.5, current - 0.5, color="#efefef", zorder=0, lw=0)
    if city is not None and len(city):
        exact = city[city["qualifier"].isin(["none", "about"])]
        for seg in _runs(exact):
            ax.plot(seg["year"], seg["value"], color=CITY_GREY, lw=1.2, zorder=2)
        ax.scatter(exact["year"], exact["value"], s=10, color=CITY_GREY, zorder=2)
    act = mine[mine["kind"] == "actual"]
    exact = act[act["qualifier"].isin(["none", "about"])]
    for seg in _runs(exact):
        ax.plot(seg["year"], seg["value"], color=colour(code), lw=2, zorder=3)
    hollow = exact["grade"].isin(SECONDARY)
    ax.scatter(
        exact["year"],
        exact["value"],
        s=28,
        facecolors=[("white" if h else colour(code)) for h in hollow],
        edgecolors=colour(code),
        linewidths=1.4,
        zorder=4,
    )
    bounds = act[act["qualifier"] == "at_least"]
    ax.scatter(bounds["year"], bounds["value"], marker="^", s=30, color=colour(code), zorder=4)
    for t in mine[mine["kind"] == "target"].itertuples():
        marker = QUALIFIER_STYLE[t.qualifier][0]
        ax.scatter(
            t.year,
            t.value,
            marker=marker,
            s=70 if marker == "*" else 36,
            facecolors="white",
            edgecolors="#222222",
            linewidths=1.1,
            zorder=5,
        )
    if len(act):
        last = act.sort_values("year").iloc[-1]
        mark = "≥" if last["qualifier"] == "at_least" else ""
        ax.annotate(
            f"{mark}{last['value']:g}",
            (last["year"], last["value"]),
            textcoords="offset points",
            xytext=(5, 5),
            fontsize=8,
            color=colour(code),
        )
    ax.set_title(district_label(code, lang), color=colour(code), fontsize=10, loc="left")
    ax.set_xlim(first_year - 0.6, last_year + 0.6)
    ax.set_xticks(range(first_year, last_year + 1, 2))
    ax.tick_params(labelsize=8)
    ax.grid(axis="x", visible=False)


def _message(
    rows: pd.DataFrame, indicator: str, shown: list[str], benchmark: str | None, lang: str
) -> str:
    """The chart's one message, from the data: who stands where in the latest year."""
    name = indicator_label(indicator, lang, unit=False)
    exact = rows[(rows["kind"] == "actual") & rows["qualifier"].isin(["none", "about"])]
    mine = exact[exact["district"].isin(shown)]
    if mine.empty:
        return name
    unit = "%" if INDICATORS[indicator].unit == "pct" else " " + UNITS[INDICATORS[indicator].unit]
    city = exact[exact["district"] == benchmark] if benchmark else mine.iloc[0:0]
    common = sorted(set(city["year"]) & set(mine["year"]))
    if common:  # the latest year with the city's result and a district's
        year = int(common[-1])
        level = float(city[city["year"] == year]["value"].iloc[0])
        here = mine[mine["year"] == year]
        above = [d for d, v in zip(here["district"], here["value"], strict=True) if v > level]
        names = [district_label(d, lang) for d in shown if d in above]
        city_name = district_label(benchmark, lang)
        if lang == "zh":
            return (
                f"{name}：{year}年高于{city_name}（{level:g}{unit}）的有{'、'.join(names) or '无'}"
            )
        return (
            f"{name}: {' and '.join(names) or 'none'} above {city_name}'s {level:g}{unit} in {year}"
        )
    year = int(mine["year"].max())
    top = mine[mine["year"] == year].sort_values("value", ascending=False).iloc[0]
    who = district_label(top["district"], lang)
    if lang == "zh":
        return f"{name}：{year}年{who}最高（{top['value']:g}{unit}）"
    return f"{name}: {who} highest in {year} ({top['value']:g}{unit})"
