"""The house style: one colour per district, CJK font bundled, bilingual labels, sourced charts."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib import font_manager
from matplotlib.figure import Figure

from ..dataset.schema import DISTRICT_NAMES, INDICATORS, UNITS

Chart = tuple[Figure, pd.DataFrame]  # a figure and the data it plots

DISTRICT_COLORS = {"qiantang": "#1b7f79", "yuhang": "#e07b39", "xiaoshan": "#5b5ea6"}
QUALIFIER_STYLE = {  # marker, label zh, label en
    "none": ("D", "目标", "target"),
    "about": ("o", "目标（左右）", "target (about)"),
    "at_least": ("^", "目标（以上/突破）", "target (at least)"),
    "stretch": ("*", "力争目标", "stretch target"),
    "floor": ("v", "确保目标（底线）", "floor target"),
}
PERIOD_LABEL = {"FY": ("全年", "full year"), "H1": ("上半年", "H1")}
FONT_FAMILY = "Noto Sans CJK SC"
TEXT = {
    "not_reported": ("未报告", "not reported"),
    "actual": ("实际", "actual"),
    "source": ("来源", "Source"),
    "year": ("年份", "year"),
    "boundary": ("2021年区划调整前\n（钱塘新区：功能区）", "before the 2021\nboundary change"),
}


@cache
def font_path() -> Path:
    """The bundled OFL CJK font (Noto Sans CJK SC, shipped by the ``mplfonts`` wheel)."""
    import mplfonts

    path = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    if not path.exists():
        raise FileNotFoundError(f"bundled CJK font missing: {path}; reinstall mplfonts")
    return path


def use_house_style() -> Path:
    """Register the CJK font and apply the seaborn theme without losing it; returns the font."""
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
            "text.parse_math": False,
        },
    )
    return path


def say(key: str, lang: str) -> str:
    """A fixed phrase in ``lang`` (zh, en or both)."""
    zh, en = TEXT[key]
    return _pick(zh, en, lang)


def _pick(zh: str, en: str, lang: str) -> str:
    return {"zh": zh, "en": en}.get(lang, f"{en} {zh}")


def district_label(code: str, lang: str) -> str:
    """District name in ``lang``."""
    names = DISTRICT_NAMES[code]
    return _pick(names["zh"], names["en"], lang)


def indicator_label(code: str, lang: str, unit: bool = True) -> str:
    """Indicator name in ``lang``, with its unit."""
    ind = INDICATORS[code]
    name = _pick(ind.zh, ind.en, lang)
    return f"{name} ({UNITS[ind.unit]})" if unit else name


def period_label(period: str, lang: str) -> str:
    """FY / H1 / M1-8 as words (M1-8 → 1–8月 / Jan–Aug)."""
    if period in PERIOD_LABEL:
        return _pick(*PERIOD_LABEL[period], lang)
    n = int(period.split("-")[1])
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]
    return _pick(f"1–{n}月", f"Jan–{months[n - 1]}", lang)


def add_source_line(
    fig: Figure, source_ids: Iterable[str], sources: pd.DataFrame, lang: str
) -> str:
    """Write the titles of the sources a chart uses under it; returns the line."""
    titles = sources.set_index("source_id")["title"].to_dict()
    names = [titles.get(s, s) for s in sorted(set(source_ids))]
    line = f"{say('source', lang)}: " + "; ".join(names)
    fig.text(0.01, 0.01, line, fontsize=7, color="#555555", ha="left", va="bottom", wrap=True)
    return line


def _finish(
    fig: Figure, rows: pd.DataFrame, sources: pd.DataFrame, lang: str, bottom: float
) -> Chart:
    """Source line under the chart, layout, and the plotted rows with their quotes."""
    add_source_line(fig, rows["source_id"], sources, lang)
    fig.tight_layout(rect=(0, bottom, 1, 1))
    return fig, rows.reset_index(drop=True)


def targets_vs_actuals(
    df: pd.DataFrame,
    indicator: str,
    districts: list[str],
    years: list[int],
    sources: pd.DataFrame,
    lang: str = "both",
    about_tolerance_pp: float = 0.5,
) -> Chart:
    """Bars of actuals (full and partial year) with target markers shaped by qualifier.

    Returns (figure, plotted data). A missing actual is written as "not reported", never 0.
    """
    rows = df[
        (df["indicator"] == indicator) & df["district"].isin(districts) & df["year"].isin(years)
    ].copy()
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
                    color=DISTRICT_COLORS[d],
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
            color=DISTRICT_COLORS[d],
            fontsize=10,
        )
        x += 0.4
    present = sorted(
        set(rows.loc[rows["kind"] == "target", "qualifier"]), key=list(QUALIFIER_STYLE).index
    )
    handles = [
        plt.Line2D(
            [],
            [],
            ls="",
            marker=QUALIFIER_STYLE[q][0],
            color="black",
            label=_pick(QUALIFIER_STYLE[q][1], QUALIFIER_STYLE[q][2], lang)
            + (f" ±{about_tolerance_pp:g}" if q == "about" else ""),
        )
        for q in present
    ]
    handles.append(plt.Rectangle((0, 0), 1, 1, color="#999999", label=f"{say('actual', lang)}"))
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_xticks(ticks, labels, fontsize=8)
    ax.set_ylabel(indicator_label(indicator, lang))
    ax.set_title(
        indicator_label(indicator, lang, unit=False)
        + " — "
        + _pick("目标与实际", "targets and results", lang)
    )
    ax.axhline(0, color="#444444", lw=0.8)
    ax.set_xlim(min(ticks) - 0.7, max(ticks) + 0.8)  # target markers sit right of the bars
    top = rows["value"].max() if not rows.empty else 1
    ax.set_ylim(top=max(ax.get_ylim()[1], float(top) * 1.18))  # room for the value labels
    return _finish(fig, rows, sources, lang, bottom=0.07)


def levels(
    df: pd.DataFrame,
    indicator: str,
    districts: list[str],
    year: int,
    sources: pd.DataFrame,
    lang: str = "both",
) -> Chart:
    """One bar per district of a level (e.g. GDP) in ``year``; "not reported" where missing."""
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
        ax.bar(i, v, color=DISTRICT_COLORS[d], width=0.6)
        ax.text(i, v, f"{v:,.2f}", ha="center", va="bottom", fontsize=9)
    ax.set_xticks(range(len(districts)), [district_label(d, lang) for d in districts])
    ax.set_xlim(-0.6, len(districts) - 0.4)
    ax.set_ylabel(indicator_label(indicator, lang))
    ax.set_title(f"{indicator_label(indicator, lang, unit=False)}, {year}")
    return _finish(fig, rows, sources, lang, bottom=0.05)


def paths_over_time(
    df: pd.DataFrame,
    indicator: str,
    districts: list[str],
    sources: pd.DataFrame,
    lang: str = "both",
) -> Chart:
    """Each district's actuals (line) and targets (markers by qualifier) across the years.

    Years before 2021 are shaded: Qiantang was then the New Area, a functional zone.
    """
    rows = df[
        (df["indicator"] == indicator) & (df["period"] == "FY") & df["district"].isin(districts)
    ].sort_values("year")
    fig, ax = plt.subplots(figsize=(9, 4.8))
    first = int(rows["year"].min()) if not rows.empty else 2021
    if first < 2021:
        ax.axvspan(first - 0.5, 2020.5, color="#eeeeee", zorder=0)
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
        # Figures from before the 2021 boundary change are not joined to later ones.
        before, after = act[act["year"] < 2021], act[act["year"] >= 2021]
        ax.plot(after["year"], after["value"], "-o", color=DISTRICT_COLORS[d])
        ax.plot(before["year"], before["value"], "o", color=DISTRICT_COLORS[d])
        for t in mine[mine["kind"] == "target"].itertuples():
            marker = QUALIFIER_STYLE[t.qualifier][0]
            ax.scatter(
                t.year,
                t.value,
                marker=marker,
                s=90 if marker == "*" else 55,
                facecolors="white",
                edgecolors=DISTRICT_COLORS[d],
                linewidths=1.5,
                zorder=5,
            )
            ax.annotate(
                f"{t.value:g}",
                (t.year, t.value),
                textcoords="offset points",
                xytext=(6, 2),
                fontsize=7,
                color=DISTRICT_COLORS[d],
            )
        for a in act.itertuples():
            ax.annotate(
                f"{a.value:g}",
                (a.year, a.value),
                textcoords="offset points",
                xytext=(-6, -12),
                fontsize=7,
                color=DISTRICT_COLORS[d],
            )
    handles = [
        plt.Line2D([], [], color=DISTRICT_COLORS[d], lw=2, label=district_label(d, lang))
        for d in districts
    ]
    handles.append(
        plt.Line2D([], [], ls="", marker="o", color="#333333", label=say("actual", lang))
    )
    for q in sorted(
        set(rows.loc[rows["kind"] == "target", "qualifier"]), key=list(QUALIFIER_STYLE).index
    ):
        handles.append(
            plt.Line2D(
                [],
                [],
                ls="",
                marker=QUALIFIER_STYLE[q][0],
                mfc="white",
                color="#333333",
                label=_pick(QUALIFIER_STYLE[q][1], QUALIFIER_STYLE[q][2], lang),
            )
        )
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_xlabel(say("year", lang))
    ax.set_ylabel(indicator_label(indicator, lang))
    ax.set_title(
        indicator_label(indicator, lang, unit=False)
        + " — "
        + _pick("实际与目标路径", "path of results and targets", lang)
    )
    return _finish(fig, rows, sources, lang, bottom=0.05)


VERDICT_COLORS = {
    "met": "#2e7d32",
    "stretch met": "#2e7d32",
    "floor held": "#2e7d32",
    "missed": "#c62828",
    "stretch missed": "#ef6c00",
    "floor broken": "#c62828",
}


def scorecard_chart(sc: pd.DataFrame, sources: pd.DataFrame, lang: str = "both") -> Chart:
    """Gap (actual − target) of each scored target, coloured by verdict."""
    fig, ax = plt.subplots(figsize=(9, 0.5 * max(len(sc), 2) + 1.5))
    labels = [
        f"{district_label(r.district, lang)} {r.year} "
        f"{indicator_label(r.indicator, lang, unit=False)} "
        f"[{_pick(QUALIFIER_STYLE[r.qualifier][1], QUALIFIER_STYLE[r.qualifier][2], lang)}]"
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
            _pick(
                "* 目标由钱塘新区设定，实际为钱塘区：2021年区划调整前后口径不同",
                "* target set by the Qiantang New Area, result reported for "
                "Qiantang District: territories differ (2021)",
                lang,
            ),
            fontsize=7,
            color="#555555",
        )
    ax.set_yticks(range(len(sc)), labels, fontsize=8)
    ax.axvline(0, color="black", lw=0.8)
    ax.invert_yaxis()
    ax.set_xlabel(_pick("实际减目标（百分点或单位）", "actual − target (pp or unit)", lang))
    ax.set_title(_pick("承诺与兑现", "Promises vs delivery", lang))
    ax.margins(x=0.45)
    add_source_line(fig, list(sc["target_source"]) + list(sc["actual_source"]), sources, lang)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig, sc


def save_chart(
    fig: Figure, data: pd.DataFrame, name: str, out_dir: str | Path | None
) -> list[Path]:
    """Save a chart once as PNG and SVG with its plotted data as CSV; nothing if no ``out_dir``."""
    if not out_dir:
        return []
    folder = Path(out_dir) / "charts"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for ext in ("png", "svg"):
        path = folder / f"{name}.{ext}"
        fig.savefig(path, bbox_inches="tight", metadata={"Date": None} if ext == "svg" else None)
        written.append(path)
    csv_path = folder / f"{name}.csv"
    data.to_csv(csv_path, index=False)
    written.append(csv_path)
    return written
