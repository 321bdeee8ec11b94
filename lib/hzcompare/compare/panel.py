"""The panel across areas and years: coverage of the headline indicators, each district's gap
to the city, and which districts report a figure.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..dataset.areas import load_areas
from ..dataset.schema import ACCESS_RANK, GRADE_LABELS, INDICATORS
from ..errors import HzError
from .rules import codes, dec, indicator_frame, preferred, whole_area

GRADE_LETTER = {grade: letter for grade, (letter, _, _) in GRADE_LABELS.items()}

HEADLINE = (
    "gdp",
    "gdp_growth",
    "rd_intensity",
    "fai_growth",
    "budget_revenue",
    "budget_revenue_growth",
    "fiscal_revenue",
)


def coverage(
    df: pd.DataFrame,
    sources: pd.DataFrame | None = None,
    years: range | None = None,
    indicators: str | Iterable[str] = HEADLINE,
) -> pd.DataFrame:
    """Full-year figures per (district, indicator) × year: kinds, number of sources, best grade.

    Counts every source's row, not only the preferred (coverage is about what is reported),
    full year only, actuals and targets of any qualifier. A cell reads e.g. ``A3o T1d``: an
    actual from 3 sources, the best official; a target from 1 document. Grades: d document,
    o official site, r reprint, n news, s summary. Empty: not reported. ``indicators``: a code
    or codes.

    Example:
        >>> import hzcompare as hz
        >>> cov = hz.coverage(hz.load_indicators(), hz.load_sources(), indicators="gdp")
        >>> cov.loc[("yuhang", "gdp"), 2024]
        'A4n'
    """
    indicators = tuple(codes(indicators, "indicator", tuple(INDICATORS)))
    full = indicator_frame(df, "coverage")[
        (df["period"] == "FY") & df["indicator"].isin(indicators)
    ]
    if full.empty:
        return pd.DataFrame()
    years = years or range(2019, 2026)
    access = sources.set_index("source_id")["access"] if sources is not None else pd.Series()
    cells = {}
    for (d, ind, y, kind), g in full.groupby(["district", "indicator", "year", "kind"]):
        grades = [access.get(s, "document") for s in g["source_id"]]
        best = min(grades, key=lambda a: ACCESS_RANK.get(a, 9))
        mark = f"{kind[0].upper()}{g['source_id'].nunique()}{GRADE_LETTER.get(best, '?')}"
        cells.setdefault((d, ind), {}).setdefault(y, []).append(mark)
    order = list(load_areas())
    index = sorted(cells, key=lambda k: (order.index(k[0]), indicators.index(k[1])))
    table = pd.DataFrame(
        [[" ".join(sorted(cells[k].get(y, []))) for y in years] for k in index],
        index=pd.MultiIndex.from_tuples(index, names=["district", "indicator"]),
        columns=list(years),
    )
    return table


def rate_indicators() -> tuple[str, ...]:
    """Indicators stated in percent (growth rates and shares): those a gap to the city takes.

    Example:
        >>> import hzcompare as hz
        >>> "gdp_growth" in hz.rate_indicators(), "gdp" in hz.rate_indicators()
        (True, False)
    """
    return tuple(c for c, i in INDICATORS.items() if i.unit == "pct")


def gap_to_city(
    df: pd.DataFrame,
    benchmark: str = "hangzhou",
    indicators: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Each district's full-year result minus the city's, same indicator and year, in points.

    Uses the preferred full-year actuals (``period`` FY, ``kind`` actual) of the whole areas
    (empty ``scope``) and of rates and shares
    only: a level (亿元) is refused, as a district's level is no gap to the city's. A result
    printed only as a bound (以上, 突破: qualifier ``at_least``) is kept, and ``gap_bound``
    says what the gap then is: ``at_least`` (the district's result is a bound: the gap is at
    least ``gap_pp``), ``at_most`` (the city's is), ``unknown`` (both); empty when exact.
    Each row carries both figures' sources and quotes.

    Example:
        >>> import hzcompare as hz
        >>> gaps = hz.gap_to_city(hz.load_indicators(), "hangzhou", "gdp_growth")
        >>> sorted(gaps["district"].unique())
        ['qiantang', 'xiaoshan', 'yuhang']
    """
    rates = rate_indicators()
    if indicators is None:
        wanted = list(rates)
    else:
        wanted = codes(indicators, "indicator", tuple(INDICATORS))
        levels = [i for i in wanted if i not in rates]
        if levels:
            raise HzError(
                f"{', '.join(levels)} {'is a level' if len(levels) == 1 else 'are levels'} "
                f"({', '.join(sorted({INDICATORS[i].unit for i in levels}))}): a district's "
                "level is no gap to the city's; gap_to_city compares rates and shares: "
                f"{', '.join(rates)}"
            )
    codes(benchmark, "benchmark area", tuple(load_areas()))
    pref = whole_area(preferred(indicator_frame(df, "gap_to_city")))
    full = pref[
        (pref["period"] == "FY")
        & (pref["kind"] == "actual")
        & pref["qualifier"].isin(["none", "about", "at_least"])
        & pref["indicator"].isin(wanted)
    ]
    fields = ["indicator", "year", "value", "qualifier", "source_id", "quote"]
    city = full[full["district"] == benchmark][fields]
    mine = full[full["district"] != benchmark]
    out = mine.merge(city, on=["indicator", "year"], suffixes=("", "_city"))
    bound = {
        (False, False): "",
        (True, False): "at_least",
        (False, True): "at_most",
        (True, True): "unknown",
    }
    out = out.assign(
        gap_pp=[
            float(dec(a) - dec(b)) for a, b in zip(out["value"], out["value_city"], strict=True)
        ],
        gap_bound=[
            bound[(q == "at_least", qc == "at_least")]
            for q, qc in zip(out["qualifier"], out["qualifier_city"], strict=True)
        ],
    )
    return out[
        [
            "district",
            "indicator",
            "year",
            "value",
            "value_city",
            "gap_pp",
            "gap_bound",
            "source_id",
            "quote",
            "source_id_city",
            "quote_city",
        ]
    ].sort_values(["indicator", "year", "district"], ignore_index=True)


def not_reported(
    df: pd.DataFrame, indicator: str, districts: list[str], year: int, kind: str = "actual"
) -> list[str]:
    """Districts with no full-year figure of ``indicator`` for ``year`` and ``kind`` (never
    plotted as 0; a partial-year figure is progress, not the year's). Any source's row counts.

    Example:
        >>> import hzcompare as hz
        >>> hz.not_reported(hz.load_indicators(), "rd_intensity", ["qiantang", "xiaoshan"], 2021)
        ['xiaoshan']
    """
    codes(indicator, "indicator", tuple(INDICATORS))
    codes(districts, "district", tuple(load_areas()))
    full = indicator_frame(df, "not_reported")[
        (df["period"] == "FY") & (df["indicator"] == indicator)
    ]
    have = set(full[(full["year"] == year) & (full["kind"] == kind)]["district"])
    return [d for d in districts if d not in have]
