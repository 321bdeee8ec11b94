"""Comparisons: coverage, promises against delivery, the promise record, gaps to the city.

Everything here reads the *preferred* row of each figure (the choice rule of
``hzcompare.dataset.choice``); the other sources' rows stay in the data, visible in coverage.
Gaps and verdicts are computed in decimal, so a result exactly at a target, a floor or a
tolerance edge gets the verdict its rule states (8.3 − 0.5 is 7.8, not 7.800000000000001).
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from .dataset.areas import load_areas
from .dataset.schema import ACCESS_RANK, INDICATORS, QUALIFIER_RULES

# Verdict rule per qualifier (declared in the schema), for indicators where more is better.
VERDICT_RULES = {q: rule.rule for q, rule in QUALIFIER_RULES.items()}
GRADE_LETTER = {"document": "d", "official": "o", "reprint": "r", "news": "n"}
HEADLINE = (
    "gdp",
    "gdp_growth",
    "rd_intensity",
    "fai_growth",
    "budget_revenue",
    "budget_revenue_growth",
    "fiscal_revenue",
)


def preferred(df: pd.DataFrame) -> pd.DataFrame:
    """The rows charts and the scorecard use: one per figure, by the choice rule."""
    return df[df["preferred"].astype(bool)] if "preferred" in df else df


def _dec(x: float | Decimal) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(repr(float(x)))


def verdict(qualifier: str, actual: float, target: float, tolerance: float | Decimal = 0.0) -> str:
    """The verdict of one target, exactly (decimal), by its qualifier's rule (the schema's)."""
    rule = QUALIFIER_RULES[qualifier]
    threshold = _dec(target) - (_dec(tolerance) if rule.tolerance else 0)
    return rule.met if _dec(actual) >= threshold else rule.missed


def about_tolerance(unit: str, target: float, about_tolerance_pp: float) -> Decimal:
    """The tolerance of a 左右 target: points for rates, percent of the target for amounts."""
    tol = _dec(about_tolerance_pp)
    return tol if unit == "pct" else tol / 100 * _dec(target)


def coverage(
    df: pd.DataFrame,
    sources: pd.DataFrame | None = None,
    years: range | None = None,
    indicators: tuple[str, ...] = HEADLINE,
) -> pd.DataFrame:
    """Full-year figures per (district, indicator) × year: kinds, number of sources, best grade.

    A cell reads e.g. ``A3o T1d``: an actual from 3 sources, the best official; a target from
    1 document. Grades: d document, o official site, r reprint, n news. Empty: not reported.
    """
    full = df[(df["period"] == "FY") & df["indicator"].isin(indicators)]
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


def scorecard(
    df: pd.DataFrame,
    sources: pd.DataFrame,
    about_tolerance_pp: float = 0.5,
    benchmark: str = "hangzhou",
) -> pd.DataFrame:
    """Every full-year target that has a preferred full-year result, with gap and verdict.

    The gap is actual − target, in points for % indicators and in the unit otherwise.
    "About" (左右) targets count as met down to ``about_tolerance_pp`` below the target (in
    points for %, in percent of the target for amounts). A target revised during the year
    (调整预算) is not scored: the original is, and the revision is shown beside it. A result
    printed only as a bound (突破…) is not scored. A pair whose year precedes the area's
    current boundary, or whose sources name different units, is flagged. For rates, each row
    carries the ``benchmark`` area's result for the same year and the gap to it (points).
    """
    pref = preferred(df[df["period"] == "FY"])
    key = ["district", "indicator", "year", "qualifier"]
    all_targets = pref[pref["kind"] == "target"]
    originals = all_targets[~all_targets["revised"].astype(bool)]
    revisions = all_targets[all_targets["revised"].astype(bool)]
    # A target known only as revised (the budget as adjusted) is scored itself, marked revised.
    have = set(map(tuple, originals[key].astype(str).values))
    alone = revisions[[tuple(map(str, k)) not in have for k in revisions[key].values]]
    targets = pd.concat([originals, alone])
    revisions = revisions.drop(alone.index)
    actuals = pref[(pref["kind"] == "actual") & pref["qualifier"].isin(["none", "about"])]
    actuals = actuals[["district", "indicator", "year", "value", "source_id", "quote", "status"]]
    merged = targets.merge(
        actuals, on=["district", "indicator", "year"], suffixes=("_target", "_actual")
    )
    src = sources.set_index("source_id")
    unit = src["unit"].to_dict() if "unit" in src else {}  # the issuing unit of each source
    city = actuals[actuals["district"] == benchmark].set_index(["indicator", "year"])["value"]
    rows = []
    for r in merged.itertuples(index=False):
        target, actual = float(r.value_target), float(r.value_actual)
        tol = about_tolerance(r.unit, target, about_tolerance_pp)
        revision = revisions[
            (revisions["district"] == r.district)
            & (revisions["indicator"] == r.indicator)
            & (revisions["year"] == r.year)
            & (revisions["qualifier"] == r.qualifier)
        ]
        rows.append(
            {
                "district": r.district,
                "indicator": r.indicator,
                "year": int(r.year),
                "qualifier": r.qualifier,
                "target": target,
                "actual": actual,
                "gap": float(_dec(actual) - _dec(target)),
                "gap_unit": "pp" if r.unit == "pct" else r.unit,
                "verdict": verdict(r.qualifier, actual, target, tol),
                "rule": VERDICT_RULES[r.qualifier],
                "target_revised": bool(r.revised),
                "revised_target": float(revision["value"].iloc[0]) if len(revision) else None,
                "verdict_vs_revised": verdict(
                    r.qualifier, actual, float(revision["value"].iloc[0]), tol
                )
                if len(revision)
                else "",
                "city_actual": city.get((r.indicator, r.year))
                if r.unit == "pct" and r.district != benchmark
                else None,
                "boundary_note": boundary_note(
                    r.district,
                    int(r.year),
                    unit.get(r.source_id_target, r.district),
                    unit.get(r.source_id_actual, r.district),
                ),
                "target_source": r.source_id_target,
                "actual_source": r.source_id_actual,
                "actual_grade": src["access"].get(r.source_id_actual, ""),
                "actual_status": r.status_actual,
                "target_quote": r.quote_target,
                "actual_quote": r.quote_actual,
            }
        )
    columns = [
        "district",
        "indicator",
        "year",
        "qualifier",
        "target",
        "actual",
        "gap",
        "gap_unit",
        "verdict",
        "rule",
        "target_revised",
        "revised_target",
        "verdict_vs_revised",
        "city_actual",
        "gap_to_city",
        "boundary_note",
        "target_source",
        "actual_source",
        "actual_grade",
        "actual_status",
        "target_quote",
        "actual_quote",
    ]
    out = pd.DataFrame(rows, columns=[c for c in columns if c != "gap_to_city"])
    out.insert(
        columns.index("gap_to_city"),
        "gap_to_city",
        [
            None if pd.isna(c) else float(_dec(a) - _dec(c))
            for a, c in zip(out["actual"], out["city_actual"], strict=True)
        ],
    )
    return out.sort_values(["district", "year", "indicator", "qualifier"], ignore_index=True)


def boundary_note(
    district: str, year: int, target_unit: str, actual_unit: str, actual_year: int | None = None
) -> str:
    """Why a target and its result may not refer to the same territory ('' if they do): decided
    from the registry's codes and years (data/units.csv), never by comparing free text."""
    areas = load_areas()
    area = areas.get(district)
    years = sorted({year, actual_year or year})
    if area and not area.comparable(years[0]):
        return f"{years[0]} precedes {area.en}'s current boundary ({area.current_from})"
    if target_unit != actual_unit and target_unit in areas and actual_unit in areas:
        t, a = areas[target_unit], areas[actual_unit]
        return f"target set by {t.zh} {t.en}; result reported for {a.zh} {a.en}"
    return ""


def promise_record(
    df: pd.DataFrame, sources: pd.DataFrame, about_tolerance_pp: float = 0.5
) -> pd.DataFrame:
    """Per district and target year: targets met, missed, stretch missed, floor broken, or with
    no full-year result yet (revised targets are counted once, as the original)."""
    sc = scorecard(df, sources, about_tolerance_pp)
    pref = preferred(df[(df["period"] == "FY") & (df["kind"] == "target")])
    pref = pref[~pref["revised"].astype(bool)]
    keys = ["district", "indicator", "year", "qualifier"]
    scored = set(map(tuple, sc[keys].astype(str).values)) if not sc.empty else set()
    pending = pref[[tuple(map(str, k)) not in scored for k in pref[keys].values]]
    counts = sc.assign(outcome=sc["verdict"].replace({"stretch met": "met", "floor held": "met"}))
    outcomes = ["met", "missed", "stretch missed", "floor broken", "no result yet"]
    table = pd.concat(
        [
            counts[["district", "year", "outcome"]],
            pending.assign(outcome="no result yet")[["district", "year", "outcome"]],
        ]
    )
    if table.empty:
        return pd.DataFrame(columns=["district", "year", *outcomes])
    out = table.pivot_table(index=["district", "year"], columns="outcome", aggfunc="size")
    out = out.reindex(columns=outcomes).fillna(0).astype(int).reset_index()
    out.columns.name = None
    return out


def gap_to_city(
    df: pd.DataFrame, benchmark: str = "hangzhou", indicators: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """Each district's full-year result minus the city's, same indicator and year (points for
    rates and shares; levels are left out: a district's level is not comparable to the city's)."""
    rates = indicators or tuple(c for c, i in INDICATORS.items() if i.unit == "pct")
    pref = preferred(df)
    full = pref[
        (pref["period"] == "FY")
        & (pref["kind"] == "actual")
        & pref["qualifier"].isin(["none", "about"])
        & pref["indicator"].isin(rates)
    ]
    city = full[full["district"] == benchmark][["indicator", "year", "value", "source_id"]]
    mine = full[full["district"] != benchmark]
    out = mine.merge(city, on=["indicator", "year"], suffixes=("", "_city"))
    out = out.assign(
        gap_pp=[
            float(_dec(a) - _dec(b)) for a, b in zip(out["value"], out["value_city"], strict=True)
        ]
    )
    return out[
        [
            "district",
            "indicator",
            "year",
            "value",
            "value_city",
            "gap_pp",
            "source_id",
            "source_id_city",
        ]
    ].sort_values(["indicator", "year", "district"], ignore_index=True)


def progress(df: pd.DataFrame) -> pd.DataFrame:
    """Partial-year results (H1, M1-N) beside the same year's full-year targets: no verdict."""
    pref = preferred(df)
    partial = pref[(pref["kind"] == "actual") & (pref["period"] != "FY")]
    targets = pref[(pref["kind"] == "target") & (pref["period"] == "FY")]
    merged = partial.merge(
        targets[["district", "indicator", "year", "qualifier", "value"]],
        on=["district", "indicator", "year"],
        suffixes=("", "_target"),
    )
    if merged.empty:
        return pd.DataFrame(columns=["district", "indicator", "year", "period", "progress"])
    table = merged.pivot_table(
        index=["district", "indicator", "year", "period", "value"],
        columns="qualifier_target",
        values="value_target",
        aggfunc="first",
    ).reset_index()
    table.columns.name = None
    return table.rename(columns={"value": "progress"})


def not_reported(
    df: pd.DataFrame, indicator: str, districts: list[str], year: int, kind: str = "actual"
) -> list[str]:
    """Districts with no full-year figure of ``indicator`` for ``year`` and ``kind`` (never
    plotted as 0; a partial-year figure is progress, not the year's)."""
    full = df[(df["period"] == "FY") & (df["indicator"] == indicator)]
    have = set(full[(full["year"] == year) & (full["kind"] == kind)]["district"])
    return [d for d in districts if d not in have]


def distance_to_goals(
    df: pd.DataFrame, sources: pd.DataFrame | None = None, after: int | None = None
) -> pd.DataFrame:
    """Each level or share goal for a later year than the latest result, with that result and gap.

    E.g. a five-year-plan goal for 2025 against the latest reported actual: a distance, not a
    verdict (the goal's year has not come). The gap is latest actual − goal. Growth rates are
    left out: last year's growth says nothing of the distance to next year's. ``after`` keeps
    goals for later years than it (a pack's year); with ``sources``, a goal set by another unit
    than the one reporting the result (e.g. the Qiantang New Area) carries a boundary note.
    """
    stock = [code for code, ind in INDICATORS.items() if ind.basis in ("level", "ratio")]
    pref = preferred(df)
    full = pref[(pref["period"] == "FY") & pref["indicator"].isin(stock)]
    actuals = full[(full["kind"] == "actual") & full["qualifier"].isin(["none", "about"])]
    latest = actuals.sort_values("year").groupby(["district", "indicator"]).tail(1)
    goals = full[(full["kind"] == "target") & ~full["revised"].astype(bool)].merge(
        latest[["district", "indicator", "year", "value", "source_id"]],
        on=["district", "indicator"],
        suffixes=("", "_latest"),
    )
    goals = goals[goals["year"] > goals["year_latest"]]
    if after is not None:
        goals = goals[goals["year"] > after]
    unit = (
        sources.set_index("source_id")["unit"].to_dict()
        if sources is not None and "unit" in sources
        else {}
    )
    notes = [
        boundary_note(d, int(y), unit.get(gs, d), unit.get(las, d), actual_year=int(ly))
        for d, y, gs, las, ly in zip(
            goals["district"],
            goals["year"],
            goals["source_id"],
            goals["source_id_latest"],
            goals["year_latest"],
            strict=True,
        )
    ]
    gaps = [
        float(_dec(a) - _dec(g)) for a, g in zip(goals["value_latest"], goals["value"], strict=True)
    ]
    out = goals.assign(gap=gaps, boundary_note=notes)[
        [
            "district",
            "indicator",
            "year",
            "qualifier",
            "value",
            "year_latest",
            "value_latest",
            "gap",
            "boundary_note",
            "source_id",
            "source_id_latest",
        ]
    ].rename(
        columns={
            "year": "goal_year",
            "value": "goal",
            "year_latest": "latest_year",
            "value_latest": "latest_actual",
            "source_id": "goal_source",
            "source_id_latest": "actual_source",
        }
    )
    return out.sort_values(["district", "indicator", "goal_year"], ignore_index=True)
