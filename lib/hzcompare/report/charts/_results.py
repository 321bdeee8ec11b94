"""Charts of one pack's years: targets against results, levels, R&D paths, the scorecard."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd

from ...compare.rules import preferred, whole_area
from ...dataset.areas import load_areas
from ..labels import (
    district_label,
    indicator_label,
    period_label,
    pick,
    say,
)
from ._style import (
    QUALIFIER_STYLE,
    Chart,
    add_source_line,
    colour,
    finish,
    qualifier_handles,
)


def targets_vs_actuals(
    df: pd.DataFrame,
    indicator: str,
    districts: list[str],
    years: list[int],
    sources: pd.DataFrame,
    lang: str = "both",
    about_tolerance_pp: float = 0.5,
    benchmark: str | None = None,
) -> Chart:
    """Bars of actuals (full and partial year) with target markers shaped by qualifier, and the
    ``benchmark`` area's full-year result (the city) as a grey dashed line over each year.

    Returns (figure, plotted data). A missing actual is written as "not reported", never 0.

    Example:
        >>> import hzcompare as hz
        >>> df, src = hz.load_indicators(), hz.load_sources()
        >>> years = [2022, 2023]
        >>> fig, data = hz.charts.targets_vs_actuals(df, "fai_growth", ["qiantang"], years, src)
        >>> sorted(data["kind"].unique())
        ['actual', 'target']
    """
    df = whole_area(preferred(df))  # charts draw whole areas
    df = df[~df["revised"].astype(bool)] if "revised" in df else df
    rows = df[
        (df["indicator"] == indicator) & df["district"].isin(districts) & df["year"].isin(years)
    ].copy()
    city = df[
        (df["indicator"] == indicator)
        & (df["district"] == benchmark)
        & df["year"].isin(years)
        & (df["kind"] == "actual")
        & (df["period"] == "FY")
    ]
    city_at = dict(zip(city["year"], city["value"], strict=True))
    fig, ax = plt.subplots(figsize=(9, 4.8))
    ticks, labels, x = [], [], 0.0
    for d in districts:
        group_start = x
        for y in years:
            here = rows[(rows["district"] == d) & (rows["year"] == y)]
            act = here[here["kind"] == "actual"].sort_values("period")
            if act.empty:
                ax.text(
                    x,
                    0,
                    say("not_reported", lang),
                    ha="center",
                    va="bottom",
                    fontsize=8,
                    color="#888888",
                    rotation=90,
                )
            for i, a in enumerate(act.itertuples()):
                offset = (i - (len(act) - 1) / 2) * 0.35
                partial = a.period != "FY"
                ax.bar(
                    x + offset,
                    a.value,
                    width=0.33 if len(act) > 1 else 0.5,
                    color=colour(d),
                    alpha=0.55 if partial else 0.9,
                    hatch="//" if partial else None,
                    edgecolor="white",
                )
                ax.text(
                    x + offset,
                    a.value,
                    f"{a.value:g}\n{period_label(a.period, lang)}" if partial else f"{a.value:g}",
                    ha="center",
                    va="bottom",
                    fontsize=8,
                )
            for t in here[here["kind"] == "target"].itertuples():
                marker = QUALIFIER_STYLE[t.qualifier][0]
                ax.scatter(
                    x + 0.3,
                    t.value,
                    marker=marker,
                    s=90 if marker == "*" else 55,
                    color="black",
                    zorder=5,
                )
                if t.qualifier == "about":
                    ax.errorbar(
                        x + 0.3, t.value, yerr=about_tolerance_pp, color="black", capsize=3, lw=1
                    )
                ax.text(x + 0.42, t.value, f"{t.value:g}", va="center", fontsize=7)
            if y in city_at:
                ax.hlines(city_at[y], x - 0.4, x + 0.4, colors=colour(benchmark), linestyles="--")
            ticks.append(x)
            labels.append(str(y))
            x += 1.2
        ax.text(
            (group_start + x - 1.2) / 2,
            -0.1,
            district_label(d, lang),
            ha="center",
            va="top",
            transform=ax.get_xaxis_transform(),
            color=colour(d),
            fontsize=10,
        )
        x += 0.4
    tolerance = {"about": f" ±{about_tolerance_pp:g}"}
    handles = qualifier_handles(rows, lang, tolerance, color="black")
    handles.append(plt.Rectangle((0, 0), 1, 1, color="#999999", label=f"{say('actual', lang)}"))
    if city_at:
        handles.append(
            plt.Line2D(
                [], [], color=colour(benchmark), ls="--", label=district_label(benchmark, lang)
            )
        )
        rows = pd.concat([rows, city])
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_xticks(ticks, labels, fontsize=8)
    ax.set_ylabel(indicator_label(indicator, lang))
    ax.set_title(
        indicator_label(indicator, lang, unit=False)
        + " — "
        + pick("目标与实际", "targets and results", lang)
    )
    ax.axhline(0, color="#444444", lw=0.8)
    ax.set_xlim(min(ticks) - 0.7, max(ticks) + 0.8)  # target markers sit right of the bars
    top = rows["value"].max() if not rows.empty else 1
    ax.set_ylim(top=max(ax.get_ylim()[1], float(top) * 1.18))  # room for the value labels
    return finish(fig, rows, sources, lang, bottom=0.07)


def levels(
    df: pd.DataFrame,
    indicator: str,
    districts: list[str],
    year: int,
    sources: pd.DataFrame,
    lang: str = "both",
) -> Chart:
    """One bar per district of a level (e.g. GDP) in ``year``; "not reported" where missing.

    Example:
        >>> import hzcompare as hz
        >>> df, src = hz.load_indicators(), hz.load_sources()
        >>> fig, data = hz.charts.levels(df, "gdp", ["qiantang", "yuhang", "xiaoshan"], 2021, src)
        >>> data.sort_values("district")["value"].tolist()
        [1218.23, 2011.62, 2502.2]
    """
    df = whole_area(preferred(df))  # charts draw whole areas
    rows = df[
        (df["indicator"] == indicator)
        & (df["kind"] == "actual")
        & (df["period"] == "FY")
        & (df["year"] == year)
        & df["district"].isin(districts)
    ]
    fig, ax = plt.subplots(figsize=(7, 4))
    for i, d in enumerate(districts):
        hit = rows[rows["district"] == d]
        if hit.empty:
            ax.text(i, 0, say("not_reported", lang), ha="center", va="bottom", color="#888888")
            continue
        v = float(hit["value"].iloc[0])
        bound = hit["qualifier"].iloc[0] == "at_least"  # printed only as 突破… / more than
        ax.bar(
            i,
            v,
            color=colour(d),
            width=0.6,
            hatch="//" if bound else None,
            alpha=0.6 if bound else 1,
        )
        ax.text(i, v, f"{'≥' if bound else ''}{v:,.2f}", ha="center", va="bottom", fontsize=9)
    ax.set_xticks(range(len(districts)), [district_label(d, lang) for d in districts])
    ax.set_xlim(-0.6, len(districts) - 0.4)
    ax.set_ylabel(indicator_label(indicator, lang))
    ax.set_title(f"{indicator_label(indicator, lang, unit=False)}, {year}")
    return finish(fig, rows, sources, lang, bottom=0.05)


def paths_over_time(
    df: pd.DataFrame,
    indicator: str,
    districts: list[str],
    sources: pd.DataFrame,
    lang: str = "both",
) -> Chart:
    """Each district's actuals (line) and targets (markers by qualifier) across the years.

    Years before an area's current boundary (data/units.csv) are shaded and never joined to
    later ones: Qiantang was then the New Area, a functional zone.

    Example:
        >>> import hzcompare as hz
        >>> df, src = hz.load_indicators(), hz.load_sources()
        >>> fig, data = hz.charts.paths_over_time(df, "rd_intensity", ["qiantang"], src)
        >>> int(data["year"].min()), int(data["year"].max())
        (2020, 2025)
    """
    df = whole_area(preferred(df))  # charts draw whole areas
    rows = df[
        (df["indicator"] == indicator) & (df["period"] == "FY") & df["district"].isin(districts)
    ].sort_values("year")
    areas = load_areas()
    current = [
        areas[d].comparable(int(y)) for d, y in zip(rows["district"], rows["year"], strict=True)
    ]
    rows = rows.assign(current=current)
    fig, ax = plt.subplots(figsize=(9, 4.8))
    before_all = rows[~rows["current"]]
    if not before_all.empty:
        first = int(before_all["year"].min())
        cut = max(areas[d].current_from or 0 for d in before_all["district"])
        ax.axvspan(first - 0.5, cut - 0.5, color="#eeeeee", zorder=0)
        ax.text(
            first - 0.45,
            0.98,
            say("boundary", lang),
            transform=ax.get_xaxis_transform(),
            fontsize=7,
            va="top",
            color="#666666",
        )
    for d in districts:
        mine = rows[rows["district"] == d]
        act = mine[mine["kind"] == "actual"]
        # Figures from before the area's boundary change are not joined to later ones.
        before, after = act[~act["current"]], act[act["current"]]
        ax.plot(after["year"], after["value"], "-o", color=colour(d))
        ax.plot(before["year"], before["value"], "o", color=colour(d))
        for t in mine[mine["kind"] == "target"].itertuples():
            marker = QUALIFIER_STYLE[t.qualifier][0]
            ax.scatter(
                t.year,
                t.value,
                marker=marker,
                s=90 if marker == "*" else 55,
                facecolors="white",
                edgecolors=colour(d),
                linewidths=1.5,
                zorder=5,
            )
            ax.annotate(
                f"{t.value:g}",
                (t.year, t.value),
                textcoords="offset points",
                xytext=(6, 2),
                fontsize=7,
                color=colour(d),
            )
        for a in act.itertuples():
            ax.annotate(
                f"{a.value:g}",
                (a.year, a.value),
                textcoords="offset points",
                xytext=(-6, -12),
                fontsize=7,
                color=colour(d),
            )
    handles = [
        plt.Line2D([], [], color=colour(d), lw=2, label=district_label(d, lang)) for d in districts
    ]
    handles.append(
        plt.Line2D([], [], ls="", marker="o", color="#333333", label=say("actual", lang))
    )
    handles += qualifier_handles(rows, lang, mfc="white", color="#333333")
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_xlabel(say("year", lang))
    ax.set_ylabel(indicator_label(indicator, lang))
    ax.set_title(
        indicator_label(indicator, lang, unit=False)
        + " — "
        + pick("实际与目标路径", "path of results and targets", lang)
    )
    return finish(fig, rows.drop(columns="current"), sources, lang, bottom=0.05)


VERDICT_COLORS = {
    "met": "#2e7d32",
    "stretch met": "#2e7d32",
    "floor held": "#2e7d32",
    "missed": "#c62828",
    "stretch missed": "#ef6c00",
    "floor broken": "#c62828",
}


def scorecard_chart(sc: pd.DataFrame, sources: pd.DataFrame, lang: str = "both") -> Chart:
    """Gap (actual − target) of each scored target, coloured by verdict.

    Example:
        >>> import hzcompare as hz
        >>> df, src = hz.load_indicators(), hz.load_sources()
        >>> sc = hz.scorecard(df, src)
        >>> fig, data = hz.charts.scorecard_chart(sc[sc["year"] == 2022], src)
        >>> len(data) == len(sc[sc["year"] == 2022])
        True
    """
    fig, ax = plt.subplots(figsize=(13, 0.45 * max(len(sc), 2) + 1.8))
    labels = [
        f"{district_label(r.district, lang)} {r.year} "
        f"{indicator_label(r.indicator, lang, unit=False)} "
        f"[{pick(QUALIFIER_STYLE[r.qualifier][1], QUALIFIER_STYLE[r.qualifier][2], lang)}]"
        + (" *" if r.boundary_note else "")
        for r in sc.itertuples()
    ]
    ax.barh(range(len(sc)), sc["gap"], color=[VERDICT_COLORS[v] for v in sc["verdict"]])
    for i, r in enumerate(sc.itertuples()):
        # Labels sit right of the bar or of zero, never over the category names.
        ax.text(
            max(r.gap, 0),
            i,
            f"  {r.gap:+g} {r.gap_unit} ({r.verdict})",
            va="center",
            fontsize=8,
            ha="left",
        )
    if sc["boundary_note"].astype(bool).any():
        fig.text(
            0.01,
            0.045,
            pick(
                "* 目标与实际跨越或早于2021年区划调整，口径可能不同",
                "* target and result span or precede the 2021 boundary change: "
                "territories may differ",
                lang,
            ),
            fontsize=7,
            color="#555555",
        )
    ax.set_yticks(range(len(sc)), labels, fontsize=8)
    ax.axvline(0, color="black", lw=0.8)
    ax.invert_yaxis()
    ax.set_xlabel(pick("实际减目标（百分点或单位）", "actual − target (pp or unit)", lang))
    ax.set_title(pick("承诺与兑现", "Promises vs delivery", lang))
    ax.margins(x=0.45)
    add_source_line(fig, list(sc["target_source"]) + list(sc["actual_source"]), sources, lang)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig, sc
