"""What the notebooks call: data loaded once, charts saved once, key figures as stable text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from matplotlib.figure import Figure

from ..compare import PROMISE_COLUMNS
from ..dataset.areas import load_areas
from ..dataset.load import load_indicators, load_sources
from ..dataset.schema import INDICATORS
from . import charts, parameters
from .charts._phone import has_phone_layout, picture, save_phone_chart
from .charts._style import Chart


@dataclass
class Context:
    """One notebook run: its parameters, the validated data, and where charts go.

    Example:
        >>> import hzcompare as hz
        >>> ctx = hz.Context(2022, ["qiantang", "yuhang"])
        >>> ctx.years, sorted(ctx.df["district"].unique())
        ([2021, 2022], ['hangzhou', 'qiantang', 'yuhang'])
    """

    year: int | None  # None in a notebook that is the same in every pack year
    districts: list[str]
    language: str = parameters.LANGUAGE
    about_tolerance_pp: float = parameters.ABOUT_TOLERANCE_PP
    out_dir: str = ""
    benchmark: str = parameters.BENCHMARK
    df: pd.DataFrame = field(init=False)
    sources: pd.DataFrame = field(init=False)
    font: str = field(init=False)

    def __post_init__(self) -> None:
        self.font = str(charts.use_house_style())
        self.benchmark = "" if self.benchmark in ("", "none") else self.benchmark
        areas = [*self.districts, *([self.benchmark] if self.benchmark else [])]
        self.df = load_indicators(district=areas)
        self.sources = load_sources()

    @property
    def years(self) -> list[int]:
        """The pack's years: results of the year before, targets of the pack year."""
        return [self.year - 1, self.year]

    def chart(
        self,
        name: str,
        chart: Chart | Callable[..., Chart],
        *args: object,
        **kwargs: object,
    ) -> None:
        """Save a chart (PNG, SVG, CSV) into the pack and show it.

        ``chart`` is a drawn (figure, data), or a chart function and its arguments, called
        here. In a pack the saved PNG is shown as is, so the chart is drawn once per format
        and not a fourth time by the inline backend; elsewhere (JupyterLab, nbval) inline
        shows it. A chart function with a phone layout is drawn a second time in it, for
        pages read on a phone.
        """
        drawn = chart(*args, **kwargs) if callable(chart) else chart
        phone = None
        if self.out_dir and callable(chart) and has_phone_layout(chart):
            phone = chart(*args, **kwargs, phone=True)[0]
        self._save_and_show(name, *drawn, phone=phone)

    def _file_name(self, name: str) -> str:
        """A chart's file name: ``<year>_<name>``, or ``<name>`` in a notebook that is the
        same in every pack year (its ``year`` is None)."""
        return name if self.year is None else f"{self.year}_{name}"

    def _save_and_show(
        self, name: str, fig: Figure, data: pd.DataFrame, phone: Figure | None = None
    ) -> None:
        """Save and show a drawn chart (and its phone layout, if drawn)."""
        import matplotlib.pyplot as plt

        try:
            self._save_and_show_open(name, fig, data, phone)
        finally:  # the inline backend must not show them a second time
            for drawn in (fig, phone):
                if drawn is not None:
                    plt.close(drawn)

    def _save_and_show_open(
        self, name: str, fig: Figure, data: pd.DataFrame, phone: Figure | None
    ) -> None:
        if data.empty or ("district" in data and not data["district"].isin(self.districts).any()):
            self._show(name, None)  # nothing to draw: one sentence instead of empty axes
            return
        written = charts.save_chart(fig, data, self._file_name(name), self.out_dir, quiet=True)
        if not written:  # shown here, in its own cell, whatever the backend does with figures
            from IPython.display import display

            display(fig)
            return
        small = None
        if phone is not None:
            small = save_phone_chart(phone, self._file_name(name), self.out_dir)
        self._show(name, picture(written[0], fig, small, self.language, name))

    def _show(self, name: str, html: str | None) -> None:
        """Show a saved chart's HTML, or the sentence that says nothing was drawn."""
        from IPython.display import HTML, Markdown, display

        if html:
            display(HTML(html))
        else:
            # area names come from the registry: escaped, never markup
            display(Markdown(f"*{markdown_text(nothing_to_draw(name, self.districts))}*"))


def markdown_text(text: str) -> str:
    """``text`` shown literally in Markdown: HTML escaped, Markdown's own marks backslashed."""
    import html
    import re

    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~>])", r"\\\1", html.escape(text))


def nothing_to_draw(name: str, districts: list[str]) -> str:
    """The sentence shown instead of a chart that has no figure to draw."""
    what = INDICATORS[name].en if name in INDICATORS else name.replace("_", " ")
    areas = load_areas()
    names = ", ".join(areas[d].en if d in areas else d for d in districts)
    return f"Not drawn: no figure of {what} is reported for {names} in these years."


def figures_text(df: pd.DataFrame) -> str:
    """Figures as fixed-format lines (stable across pandas versions, for nbval to pin).

    Example:
        >>> import hzcompare as hz
        >>> df = hz.load_indicators(district="yuhang", indicator="gdp", year=2024)
        >>> print(hz.figures_text(hz.preferred(df)))
        yuhang    2024 gdp                    FY   actual none       3355.67 yi_yuan [yuhang_2025_news_people]
    """
    if df.empty:
        return "(no figures)"
    lines = []
    cols = ["district", "year", "indicator", "period", "kind", "qualifier", "value", "unit"]
    for r in df.sort_values(cols[:6])[[*cols, "source_id"]].itertuples(index=False):
        lines.append(
            f"{r.district:<9} {r.year} {r.indicator:<22} {r.period:<4} {r.kind:<6} "
            f"{r.qualifier:<8} {r.value:>9g} {r.unit:<7} [{r.source_id}]"
        )
    return "\n".join(lines)


def scorecard_text(sc: pd.DataFrame, tolerance: float) -> str:
    """The scorecard as fixed-format lines, with the tolerance used for 左右 targets.

    Example:
        >>> import hzcompare as hz
        >>> sc = hz.scorecard(hz.load_indicators(district="yuhang"), hz.load_sources())
        >>> print(hz.scorecard_text(sc[sc["year"] == 2024], 0.5))
        tolerance for 'about' (左右) targets: 0.5 points below the target
        yuhang    2024 budget_revenue         none     target  441.66 actual  429.28 gap  -12.38 yi_yuan missed (revised target 428.35: met)
        yuhang    2024 budget_revenue_growth  none     target     2.8 actual       3 gap    +0.2 pp  met
        yuhang    2024 fiscal_revenue         none     target   849.7 actual  803.49 gap  -46.21 yi_yuan missed (revised target 802: met)
        yuhang    2024 fiscal_revenue_growth  none     target     0.1 actual     0.2 gap    +0.1 pp  met
        yuhang    2024 gdp_growth             none     target       6 actual       6 gap      +0 pp  met
    """
    head = f"tolerance for 'about' (左右) targets: {tolerance:g} points below the target"
    if sc.empty:
        return head + "\n(no target has a reported full-year result yet)"
    rows = [
        f"{r.district:<9} {r.year} {r.indicator:<22} {r.qualifier:<8} target {r.target:>7g} "
        f"actual {r.actual:>7g} gap {r.gap:>+7g} {r.gap_unit:<3} {r.verdict}"
        + (
            f" (revised target {r.revised_target:g}: {r.verdict_vs_revised})"
            if r.verdict_vs_revised
            else ""
        )
        + (" *boundary" if r.boundary_note else "")
        for r in sc.itertuples()
    ]
    foot = "* target and result span or precede the 2021 boundary change (territories may differ)"
    return "\n".join([head, *rows] + ([foot] if sc["boundary_note"].any() else []))


def quote_of(df: pd.DataFrame, district: str, indicator: str, year: int, kind: str) -> str:
    """The verbatim quote(s) behind a figure, with their sources.

    Example:
        >>> import hzcompare as hz
        >>> print(hz.quote_of(hz.load_indicators(), "qiantang", "gdp", 2021, "actual"))
        none: 「实现地区生产总值1218.23亿元」 (qiantang_2022_report)
    """
    hit = df[
        (df["district"] == district)
        & (df["indicator"] == indicator)
        & (df["year"] == year)
        & (df["kind"] == kind)
    ]
    return "\n".join(f"{r.qualifier}: 「{r.quote}」 ({r.source_id})" for r in hit.itertuples())


def goals_text(goals: pd.DataFrame) -> str:
    """Distance of the latest results to later goals, as fixed-format lines (no verdicts).

    Example:
        >>> import hzcompare as hz
        >>> goals = hz.distance_to_goals(hz.load_indicators(indicator="rd_intensity"))
        >>> print(hz.goals_text(goals[goals["district"] == "qiantang"]))
        qiantang  rd_intensity     goal 2023 none         4.55  latest 2021     4.54  gap     -0.01
        qiantang  rd_intensity     goal 2025 at_least      4.5  latest 2021     4.54  gap     +0.04
    """
    if goals.empty:
        return "(no later goal for a level or share)"
    lines = [
        f"{r.district:<9} {r.indicator:<16} goal {r.goal_year} {r.qualifier:<8} {r.goal:>8g}  "
        f"latest {r.latest_year} {r.latest_actual:>8g}  gap {r.gap:>+9g}"
        + (" *boundary" if getattr(r, "boundary_note", "") else "")
        for r in goals.itertuples()
    ]
    if "boundary_note" in goals and goals["boundary_note"].astype(bool).any():
        lines.append("* goal set by another unit than the one reporting the result (see the note)")
    return "\n".join(lines)


def sources_text(sources: pd.DataFrame) -> str:
    """Sources counted by grade and kind of document, as fixed-format lines.

    Example:
        >>> import hzcompare as hz
        >>> src = hz.load_sources()
        >>> print(hz.sources_text(src[src["source_id"] == "qiantang_2022_report"]))
        document  work_report              1
        total                              1
    """
    table = sources.groupby(["access", "doc_type"]).size()
    lines = [f"{a:<9} {d:<22} {n:>3}" for (a, d), n in table.items()]
    return "\n".join([*lines, f"{'total':<32} {len(sources):>3}"])


def panel(df: pd.DataFrame, indicator: str, years: range = range(2019, 2026)) -> pd.DataFrame:
    """The preferred full-year results of one indicator, area × year, as the charts use them: a
    value printed only as a bound reads ≥value; empty: not reported.

    Example:
        >>> import hzcompare as hz
        >>> hz.panel(hz.load_indicators(district="qiantang"), "gdp")[["district", "2021"]].values.tolist()
        [['qiantang', '1218.23']]
    """
    pref = df[
        df["preferred"].astype(bool)
        & (df["indicator"] == indicator)
        & (df["period"] == "FY")
        & (df["kind"] == "actual")
    ]
    if "scope" in pref:
        pref = pref[pref["scope"].fillna("") == ""]
    rows = []
    for district in dict.fromkeys(pref["district"]):
        mine = pref[pref["district"] == district].set_index("year")
        cells = {}
        for y in years:
            if y in mine.index:
                row = mine.loc[y]
                mark = "≥" if row["qualifier"] == "at_least" else ""
                cells[str(y)] = mark + format(float(row["value"]), "g")
            else:
                cells[str(y)] = ""
        rows.append({"district": district, **cells})
    return pd.DataFrame(rows, columns=["district", *map(str, years)])


def panel_text(df: pd.DataFrame, indicator: str, years: range = range(2019, 2026)) -> str:
    """``panel`` as fixed-format lines (for nbval to pin).

    Example:
        >>> import hzcompare as hz
        >>> print(hz.panel_text(hz.load_indicators(district="qiantang"), "gdp"))
                       2019      2020      2021      2022      2023      2024      2025
        qiantang     1100.2     ≥1000   1218.23      1250   1270.39      1416
    """
    table = panel(df, indicator, years)
    lines = [f"{'':<9}" + "".join(f"{y:>10}" for y in years)]
    for row in table.itertuples(index=False):
        lines.append(f"{row[0]:<9}" + "".join(f"{cell:>10}" for cell in row[1:]))
    return "\n".join(lines)


def promise_text(record: pd.DataFrame) -> str:
    """The promise record's counts as fixed-format lines (one column per verdict).

    Example:
        >>> import hzcompare as hz
        >>> df = hz.load_indicators(district="xiaoshan")
        >>> print(hz.promise_text(hz.promise_record(df, hz.load_sources())))
        district  year met floor_held stretch_met missed stretch_missed floor_broken no_result_yet scored total
        xiaoshan  2020   0          0           0      1              0            0             0      1     1
        xiaoshan  2022   0          0           0      1              0            0             4      1     5
        xiaoshan  2026   0          0           0      0              0            0             3      0     3
    """
    if record.empty:
        return "(no targets)"
    cols = [*PROMISE_COLUMNS, "scored", "total"]
    head = f"{'district':<9} {'year':>4} " + " ".join(cols)
    rows = [
        f"{r['district']:<9} {r['year']:>4} " + " ".join(f"{r[c]:>{len(c)}}" for c in cols)
        for _, r in record.iterrows()
    ]
    return "\n".join([head, *rows])


def city_gap_text(gaps: pd.DataFrame) -> str:
    """Each district's gap to the city, as fixed-format lines (points).

    Example:
        >>> import hzcompare as hz
        >>> df = hz.load_indicators(district=["yuhang", "hangzhou"], year=2024)
        >>> print(hz.city_gap_text(hz.gap_to_city(df, "hangzhou", "gdp_growth")))
        yuhang    gdp_growth               2024       6 city     4.7 gap   +1.30 pp
    """
    if gaps.empty:
        return "(no district result beside a city result)"
    sign = {"": " ", "at_least": "≥", "at_most": "≤", "unknown": "?"}
    return "\n".join(
        f"{r.district:<9} {r.indicator:<24} {r.year} {r.value:>7g} city {r.value_city:>7g} "
        f"gap {sign[r.gap_bound]}{r.gap_pp:>+6.2f} pp"
        for r in gaps.itertuples()
    )


def areas_table(codes: list[str]) -> pd.DataFrame:
    """The area registry's rows for ``codes`` (names, current boundary from, history).

    Example:
        >>> import hzcompare as hz
        >>> hz.areas_table(["qiantang", "hangzhou"])["name"].tolist()
        ['钱塘区 Qiantang', '杭州市 Hangzhou']
    """
    areas = load_areas()
    return pd.DataFrame(
        [
            {
                "code": a.code,
                "name": f"{a.zh} {a.en}",
                "current_from": a.current_from,
                "boundary_history": a.history,
            }
            for code in codes
            if code and (a := areas.get(code))
        ]
    )
