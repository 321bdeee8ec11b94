"""Charts of one pack's years: targets against results, levels, R&D paths, the scorecard."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ...compare.rules import preferred, whole_area
from ...dataset.areas import load_areas
from ...dataset.schema import INDICATORS, UNITS
from ..labels import (
    district_label,
    indicator_label,
    message,
    period_label,
    pick,
    say,
)
from ._style import (
    GLYPH_TEXT,
    QUALIFIER_STYLE,
    Chart,
    add_source_line,
    colour,
    finish,
    glyph_key,
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
                    facecolors="white",
                    edgecolors="black",
                    linewidths=1.2,
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
    if city_at:
        rows = pd.concat([rows, city])
    ax.set_xticks(ticks, labels, fontsize=8)
    ax.set_ylabel(UNITS[INDICATORS[indicator].unit])  # the title names the indicator
    ax.set_title(_targets_message(rows, indicator, districts, years, lang), loc="left", fontsize=10)
    ax.axhline(0, color="#444444", lw=0.8)
    ax.set_xlim(min(ticks) - 0.7, max(ticks) + 0.8)  # target markers sit right of the bars
    top = rows["value"].max() if not rows.empty else 1
    ax.set_ylim(top=max(ax.get_ylim()[1], float(top) * 1.18))  # room for the value labels
    key = rows.assign(grade="", segment="")
    city_name = benchmark if city_at else None
    glyph_key(fig, key, lang, city=city_name, about_tolerance=about_tolerance_pp, dashed=True)
    return finish(fig, rows, sources, lang, bottom=0.13)


def _targets_message(
    rows: pd.DataFrame, indicator: str, districts: list[str], years: list[int], lang: str
) -> str:
    """The chart's message: how many of these years' full-year targets were reached."""
    name = indicator_label(indicator, lang, unit=False)
    span = f"{min(years)}–{max(years)}" if len(years) > 1 else str(years[0])
    full = rows[(rows["period"] == "FY") & rows["district"].isin(districts)]
    targets = full[full["kind"] == "target"]
    results = full[(full["kind"] == "actual") & full["qualifier"].isin(["none", "about"])]
    reached = sum(
        1
        for t in targets.itertuples()
        if (
            (results["district"] == t.district)
            & (results["year"] == t.year)
            & (results["value"] >= t.value)
        ).any()
    )
    judged = sum(
        1
        for t in targets.itertuples()
        if ((results["district"] == t.district) & (results["year"] == t.year)).any()
    )
    if targets.empty:  # "0 of 0" says nothing: say what the chart shows instead
        if lang == "zh":
            return f"{name}，{span}：未见目标，仅有实际值"
        return f"{name}, {span}: results only, no target stated"
    if not judged:
        if lang == "zh":
            return f"{name}，{span}：{len(targets)}项目标均尚无全年结果"
        count = "1 target" if len(targets) == 1 else f"{len(targets)} targets"
        return f"{name}, {span}: {count}, none with a full-year result yet"
    if lang == "zh":
        return f"{name}，{span}：{judged}项有结果的目标中{reached}项达到目标值"
    return f"{name}, {span}: {reached} of {judged} targets with a result reached their value"


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
    ax.set_ylabel(UNITS[INDICATORS[indicator].unit])  # the title names the indicator
    ax.set_title(f"{indicator_label(indicator, lang, unit=False)}, {year}")
    return finish(fig, rows, sources, lang, bottom=0.05)


def paths_over_time(
    df: pd.DataFrame,
    indicator: str,
    districts: list[str],
    sources: pd.DataFrame,
    lang: str = "both",
) -> Chart:
    """Each district's results and targets over every year the data has, goals included: the
    small multiples of ``trend`` without the city, over the whole span of years.

    Example:
        >>> import hzcompare as hz
        >>> df, src = hz.load_indicators(), hz.load_sources()
        >>> fig, data = hz.charts.paths_over_time(df, "rd_intensity", ["qiantang"], src)
        >>> int(data["year"].min()), int(data["year"].max())
        (2020, 2025)
    """
    from ._trends import trend

    years = df[(df["indicator"] == indicator) & df["district"].isin(districts)]["year"]
    first = int(years.min()) if len(years) else 2019
    last = int(years.max()) if len(years) else 2025
    return trend(df, indicator, districts, sources, lang, None, first, last)


def scorecard_chart(sc: pd.DataFrame, sources: pd.DataFrame, lang: str = "both") -> Chart:
    """How far each rate target was from its result (actual − target, in points), coloured by
    verdict; targets stated as amounts are left to the table (their gaps are no points).

    Example:
        >>> import hzcompare as hz
        >>> df, src = hz.load_indicators(), hz.load_sources()
        >>> sc = hz.scorecard(df, src)
        >>> fig, data = hz.charts.scorecard_chart(sc[sc["year"] == 2022], src)
        >>> set(data["gap_unit"]), len(data) <= len(sc[sc["year"] == 2022])
        ({'pp'}, True)
    """
    from ._promises import VERDICT_STYLE

    sc = sc[sc["gap_unit"] == "pp"]
    city = sc["district"].map(lambda d: load_areas()[d].level == "city")
    sc = sc.assign(_city=city).sort_values(["_city", "district", "year"], kind="stable")
    sc = sc.drop(columns="_city").reset_index(drop=True)  # the districts first, the city last
    fig, ax = plt.subplots(figsize=(9, 0.55 * max(len(sc), 3) + 1.4))
    labels = [
        f"{district_label(r.district, lang)} {r.year} · "
        f"{indicator_label(r.indicator, 'en' if lang != 'zh' else 'zh', unit=False)} "
        f"{GLYPH_TEXT[QUALIFIER_STYLE[r.qualifier][0]]}" + (" *" if r.boundary_note else "")
        for r in sc.itertuples()
    ]
    colours = [VERDICT_STYLE[v][0] for v in sc["verdict"]]
    ax.barh(range(len(sc)), sc["gap"], height=0.45, color=colours, edgecolor=colours)
    for i, label in enumerate(labels):  # each bar's name above it, as the FT sets them
        ax.text(0.005, i - 0.32, label, transform=ax.get_yaxis_transform(), fontsize=8)
    for i, r in enumerate(sc.itertuples()):
        # the gap beside the bar's end, outward from zero
        ax.text(
            r.gap,
            i,
            f" {r.gap:+g} " if r.gap >= 0 else f"{r.gap:+g} ",
            va="center",
            ha="left" if r.gap >= 0 else "right",
            fontsize=8,
        )
    ax.set_yticks([])
    ax.set_ylim(len(sc) - 0.5, -0.9)  # room above the first bar for its name
    ax.axvline(0, color="black", lw=0.8)
    ax.margins(x=0.18)
    ax.set_xlabel(pick("实际减目标（百分点）", "result − target (points)", lang))
    kept = sc["verdict"].isin(["met", "floor held", "stretch met"]).sum()
    years = sorted(sc["year"].unique())
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
    ax.set_title(
        message(
            f"承诺与兑现，{span}：{len(sc)}项比率目标中达成{kept}项",
            f"Promises and delivery, {span}: {kept} of {len(sc)} rate targets kept",
            lang,
        ),
        loc="left",
        fontsize=10,
    )
    handles = [
        plt.Rectangle(
            (0, 0), 1, 1, color=VERDICT_STYLE[v][0], label=pick(*VERDICT_STYLE[v][2:], lang)
        )
        for v in VERDICT_STYLE
        if v in set(sc["verdict"])
    ]
    if sc["boundary_note"].astype(bool).any():
        spans = pick("* 跨越2021年区划调整", "* spans the 2021 boundary change", lang)
        handles.append(plt.Rectangle((0, 0), 0, 0, color="white", label=spans))
    fig.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.0, 0.035),
        ncol=len(handles),
        fontsize=7.5,
        frameon=False,
        handlelength=1.0,
    )
    add_source_line(fig, list(sc["target_source"]) + list(sc["actual_source"]), sources, lang)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig, sc
