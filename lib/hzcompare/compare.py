"""Comparisons: coverage of the data, promises against delivery, partial-year progress."""

from __future__ import annotations

import pandas as pd

from .dataset.schema import DISTRICTS, INDICATORS

# Verdict per qualifier, for indicators where more is better (all of ours).
VERDICT_RULES = {
    "none": "met when actual ≥ target",
    "at_least": "met when actual ≥ target (以上/突破)",
    "stretch": "stretch met when actual ≥ target, else 'stretch missed' (力争: not a promise)",
    "floor": "floor held when actual ≥ floor (确保)",
    "about": "met when actual ≥ target − tolerance (左右)",
}


def coverage(df: pd.DataFrame) -> pd.DataFrame:
    """Which figures exist: indicator × (district, year) with A (actual), T (target) or A+T."""
    if df.empty:
        return pd.DataFrame()
    marks = (
        df.assign(mark=df["kind"].map({"actual": "A", "target": "T"}))
        .groupby(["indicator", "district", "year"])["mark"]
        .agg(lambda s: "+".join(sorted(set(s))))
        .unstack(["district", "year"])
        .fillna("")
    )
    order = [d for d in DISTRICTS if d in marks.columns.get_level_values(0)]
    marks = marks.reindex(columns=sorted(marks.columns, key=lambda c: (order.index(c[0]), c[1])))
    return marks.reindex([i for i in INDICATORS if i in marks.index])


def _verdict(qualifier: str, actual: float, target: float, tolerance: float) -> str:
    if qualifier == "stretch":
        return "stretch met" if actual >= target else "stretch missed"
    if qualifier == "floor":
        return "floor held" if actual >= target else "floor broken"
    if qualifier == "about":
        return "met" if actual >= target - tolerance else "missed"
    return "met" if actual >= target else "missed"


def scorecard(
    df: pd.DataFrame, sources: pd.DataFrame, about_tolerance_pp: float = 0.5
) -> pd.DataFrame:
    """Every full-year target that has a reported full-year actual, with gap and verdict.

    The gap is actual − target, in percentage points for % indicators and in the unit otherwise.
    "About" (左右) targets count as met down to ``about_tolerance_pp`` below the target (in
    points for %, in percent of the target for amounts). A target and result whose sources
    refer to different administrative units are flagged: they span the 2021 boundary change.
    """
    full = df[df["period"] == "FY"]
    targets = full[full["kind"] == "target"]
    actuals = full[full["kind"] == "actual"][
        ["district", "indicator", "year", "value", "source_id", "quote"]
    ]
    merged = targets.merge(
        actuals, on=["district", "indicator", "year"], suffixes=("_target", "_actual")
    )
    unit_of = sources.set_index("source_id")["admin_unit"].to_dict()
    rows = []
    for r in merged.itertuples(index=False):
        target, actual = float(r.value_target), float(r.value_actual)
        tol = about_tolerance_pp if r.unit == "pct" else about_tolerance_pp / 100 * target
        same_unit = unit_of.get(r.source_id_target) == unit_of.get(r.source_id_actual)
        rows.append(
            {
                "district": r.district,
                "indicator": r.indicator,
                "year": int(r.year),
                "qualifier": r.qualifier,
                "target": target,
                "actual": actual,
                "gap": round(actual - target, 4),
                "gap_unit": "pp" if r.unit == "pct" else r.unit,
                "verdict": _verdict(r.qualifier, actual, target, tol),
                "rule": VERDICT_RULES[r.qualifier],
                "boundary_note": ""
                if same_unit
                else f"target set by {unit_of.get(r.source_id_target)}; result reported for "
                f"{unit_of.get(r.source_id_actual)}",
                "target_source": r.source_id_target,
                "actual_source": r.source_id_actual,
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
        "boundary_note",
        "target_source",
        "actual_source",
        "target_quote",
        "actual_quote",
    ]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["district", "indicator", "year", "qualifier"], ignore_index=True)


def progress(df: pd.DataFrame) -> pd.DataFrame:
    """Partial-year results (H1, M1-N) beside the same year's full-year targets: no verdict."""
    partial = df[(df["kind"] == "actual") & (df["period"] != "FY")]
    targets = df[(df["kind"] == "target") & (df["period"] == "FY")]
    merged = partial.merge(
        targets[["district", "indicator", "year", "qualifier", "value"]],
        on=["district", "indicator", "year"],
        suffixes=("", "_target"),
    )
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
    """Districts with no figure of ``indicator`` for ``year`` and ``kind`` (never plotted as 0)."""
    have = set(
        df[(df["indicator"] == indicator) & (df["year"] == year) & (df["kind"] == kind)]["district"]
    )
    return [d for d in districts if d not in have]


def distance_to_goals(df: pd.DataFrame) -> pd.DataFrame:
    """Each level or share goal for a later year than the latest result, with that result and gap.

    E.g. a five-year-plan goal for 2025 against the latest reported actual: a distance, not a
    verdict (the goal's year has not come). The gap is latest actual − goal. Growth rates are
    left out: last year's growth says nothing of the distance to next year's.
    """
    stock = [code for code, ind in INDICATORS.items() if ind.basis in ("level", "ratio")]
    full = df[(df["period"] == "FY") & df["indicator"].isin(stock)]
    actuals = full[full["kind"] == "actual"].sort_values("year")
    latest = actuals.groupby(["district", "indicator"]).tail(1)
    goals = full[full["kind"] == "target"].merge(
        latest[["district", "indicator", "year", "value", "source_id"]],
        on=["district", "indicator"],
        suffixes=("", "_latest"),
    )
    goals = goals[goals["year"] > goals["year_latest"]]
    out = goals.assign(gap=(goals["value_latest"] - goals["value"]).round(4))[
        [
            "district",
            "indicator",
            "year",
            "qualifier",
            "value",
            "year_latest",
            "value_latest",
            "gap",
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
