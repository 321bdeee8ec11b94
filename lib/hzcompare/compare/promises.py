"""Promises against delivery: the scorecard of targets with results, the promise record per
area and year, partial-year progress, and the distance of the latest results to later goals.

Everything reads the *preferred* row of each figure (``dataset.choice``); gaps and verdicts
are computed in decimal (``rules``).
"""

from __future__ import annotations

import pandas as pd

from ..dataset.areas import load_areas
from ..dataset.schema import INDICATORS
from ..dataset.values import parse_year
from ..errors import HzError
from .rules import (
    VERDICT_RULES,
    about_tolerance,
    boundary_note,
    codes,
    dec,
    indicator_frame,
    preferred,
    verdict,
    whole_area,
)


def scorecard(
    df: pd.DataFrame,
    sources: pd.DataFrame,
    about_tolerance_pp: float = 0.5,
    benchmark: str = "hangzhou",
) -> pd.DataFrame:
    """Every full-year target that has a full-year result, with gap and verdict: one row each.

    Uses the preferred rows only, full year only (``period`` FY: a partial-year result is
    progress, see ``progress``). A target is scored only against a result of the same
    ``scope`` (e.g. the district proper, or with its cooperation zone). Targets of every
    qualifier are scored, each by its own rule (``VERDICT_RULES``): a missed 力争 target is
    *stretch missed*, a 确保 one *floor broken*. Results: exact values only (qualifier
    ``none`` or ``about``); a result printed only as a bound (以上/突破) scores nothing. The
    gap is actual − target, in points (``gap_unit`` pp) for % indicators and in the unit
    otherwise. "About" (左右) targets count as met down to ``about_tolerance_pp`` below the
    target (points for %, percent of the target for amounts). A target revised during the
    year (调整预算) is scored as first set, the revision and its verdict beside it; one known
    only as revised is scored itself (``target_revised``). A pair whose year precedes the
    area's current boundary, or whose sources name different units, carries a
    ``boundary_note``. For rates, each row carries the ``benchmark`` area's result for the
    same year and the gap to it (points); ``benchmark`` ``none`` leaves it out. Each row
    names both figures' sources and quotes.

    Example:
        >>> import hzcompare as hz
        >>> sc = hz.scorecard(hz.load_indicators(), hz.load_sources())
        >>> row = sc[(sc["district"] == "yuhang") & (sc["year"] == 2024)].iloc[0]
        >>> row["verdict"], float(row["revised_target"]), row["verdict_vs_revised"]
        ('missed', 428.35, 'met')
    """
    indicator_frame(df, "scorecard")
    if benchmark not in ("", "none"):
        codes(benchmark, "benchmark area", tuple(load_areas()))
    pref = preferred(df[df["period"] == "FY"])
    key = ["district", "indicator", "year", "scope", "qualifier"]
    all_targets = pref[pref["kind"] == "target"]
    originals = all_targets[~all_targets["revised"].astype(bool)]
    revisions = all_targets[all_targets["revised"].astype(bool)]
    # A target known only as revised (the budget as adjusted) is scored itself, marked revised.
    have = set(map(tuple, originals[key].astype(str).values))
    alone = revisions[[tuple(map(str, k)) not in have for k in revisions[key].values]]
    targets = pd.concat([originals, alone])
    revisions = revisions.drop(alone.index)
    actuals = pref[(pref["kind"] == "actual") & pref["qualifier"].isin(["none", "about"])]
    actuals = actuals[
        ["district", "indicator", "year", "scope", "value", "source_id", "quote", "status"]
    ]
    # a target is scored only against a result of its own scope
    merged = targets.merge(
        actuals, on=["district", "indicator", "year", "scope"], suffixes=("_target", "_actual")
    )
    src = sources.set_index("source_id")
    unit = src["unit"].to_dict() if "unit" in src else {}  # the issuing unit of each source
    city = whole_area(actuals[actuals["district"] == benchmark])
    city = city.set_index(["indicator", "year"])["value"]
    rows = []
    for r in merged.itertuples(index=False):
        target, actual = float(r.value_target), float(r.value_actual)
        tol = about_tolerance(r.unit, target, about_tolerance_pp)
        revision = revisions[
            (revisions["district"] == r.district)
            & (revisions["scope"] == r.scope)
            & (revisions["indicator"] == r.indicator)
            & (revisions["year"] == r.year)
            & (revisions["qualifier"] == r.qualifier)
        ]
        rows.append(
            {
                "district": r.district,
                "indicator": r.indicator,
                "year": int(r.year),
                "scope": r.scope,
                "qualifier": r.qualifier,
                "target": target,
                "actual": actual,
                "gap": float(dec(actual) - dec(target)),
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
        "scope",
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
            None if pd.isna(c) else float(dec(a) - dec(c))
            for a, c in zip(out["actual"], out["city_actual"], strict=True)
        ],
    )
    return out.sort_values(["district", "year", "indicator", "qualifier"], ignore_index=True)


VERDICTS = ("met", "floor held", "stretch met", "missed", "stretch missed", "floor broken")

NO_RESULT = "no result yet"


def _column(verdict_name: str) -> str:
    return verdict_name.replace(" ", "_")


PROMISE_COLUMNS = (*map(_column, VERDICTS), _column(NO_RESULT))


def promise_record(
    df: pd.DataFrame, sources: pd.DataFrame, about_tolerance_pp: float = 0.5
) -> pd.DataFrame:
    """Per district and target year, every full-year target counted once, under its verdict.

    Columns: ``met``, ``floor_held``, ``stretch_met``, ``missed``, ``stretch_missed``,
    ``floor_broken`` (the scorecard's verdicts: their sum, ``scored``, equals the scorecard's
    rows for the same district and year), ``no_result_yet`` (targets without a full-year
    result), ``total`` (all targets); ``source_ids`` and ``quotes`` list the targets' sources
    and quotes. A 力争/确保 pair is two targets, each counted once; a target revised during
    the year is counted once, as first set; partial-year targets do not exist (targets are
    full-year).

    Example:
        >>> import hzcompare as hz
        >>> df, src = hz.load_indicators(), hz.load_sources()
        >>> record = hz.promise_record(df, src)
        >>> int(record["scored"].sum()) == len(hz.scorecard(df, src))
        True
    """
    sc = scorecard(indicator_frame(df, "promise_record"), sources, about_tolerance_pp)
    pref = preferred(df[(df["period"] == "FY") & (df["kind"] == "target")])
    pref = pref[~pref["revised"].astype(bool)]
    keys = ["district", "indicator", "year", "scope", "qualifier"]
    scored = set(map(tuple, sc[keys].astype(str).values)) if not sc.empty else set()
    pending = pref[[tuple(map(str, k)) not in scored for k in pref[keys].values]]
    table = pd.concat(
        [
            sc.assign(outcome=sc["verdict"].map(_column), source=sc["target_source"])[
                ["district", "year", "outcome", "source", "target_quote"]
            ],
            pending.assign(outcome=_column(NO_RESULT), source=pending["source_id"])[
                ["district", "year", "outcome", "source", "quote"]
            ].rename(columns={"quote": "target_quote"}),
        ]
    )
    columns = ["district", "year", *PROMISE_COLUMNS, "scored", "total", "source_ids", "quotes"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    table["year"] = table["year"].astype(int)
    out = table.pivot_table(index=["district", "year"], columns="outcome", aggfunc="size")
    out = out.reindex(columns=list(PROMISE_COLUMNS)).fillna(0).astype(int)
    out["scored"] = out[[_column(v) for v in VERDICTS]].sum(axis=1)
    out["total"] = out["scored"] + out[_column(NO_RESULT)]
    grouped = table.groupby(["district", "year"])
    out["source_ids"] = grouped["source"].agg(lambda s: ", ".join(sorted(set(s))))
    out["quotes"] = grouped["target_quote"].agg(lambda q: " | ".join(dict.fromkeys(q)))
    out = out.reset_index()
    out.columns.name = None
    return out[columns]


def progress(df: pd.DataFrame) -> pd.DataFrame:
    """Partial-year results (H1, M1-N) beside the same year's full-year targets: no verdict.

    Uses the preferred rows: actuals of a partial period, each with the same area's, indicator's
    and year's full-year targets in one column per qualifier. No verdict: a year's result is
    its full-year figure (``scorecard``).

    Example:
        >>> import hzcompare as hz
        >>> sorted(hz.progress(hz.load_indicators(district="qiantang"))["period"].unique())
        ['H1', 'M1-8']
    """
    pref = preferred(indicator_frame(df, "progress"))
    partial = pref[(pref["kind"] == "actual") & (pref["period"] != "FY")]
    targets = pref[(pref["kind"] == "target") & (pref["period"] == "FY")]
    merged = partial.merge(
        targets[["district", "indicator", "year", "scope", "qualifier", "value"]],
        on=["district", "indicator", "year", "scope"],
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


def distance_to_goals(
    df: pd.DataFrame, sources: pd.DataFrame | None = None, after: int | None = None
) -> pd.DataFrame:
    """Each level or share goal for a later year than the latest result, with that result and gap.

    E.g. a five-year-plan goal for 2025 against the latest reported actual: a distance, not a
    verdict (the goal's year has not come). The gap is latest actual − goal. Growth rates are
    left out: last year's growth says nothing of the distance to next year's. ``after`` keeps
    goals for later years than it (a pack's year); with ``sources``, a goal set by another unit
    than the one reporting the result (e.g. the Qiantang New Area) carries a boundary note.
    Uses preferred full-year rows; results exact (qualifier none or about); goals of every
    qualifier, not revised.

    Example:
        >>> import hzcompare as hz
        >>> goals = hz.distance_to_goals(hz.load_indicators(indicator="rd_intensity"))
        >>> qiantang = goals[goals["district"] == "qiantang"]
        >>> qiantang[["goal_year", "goal", "latest_year"]].values.tolist()
        [[2023, 4.55, 2021], [2025, 4.5, 2021]]
    """
    indicator_frame(df, "distance_to_goals")
    if after is not None:
        try:
            after = parse_year(after, "after")
        except ValueError as e:
            raise HzError(str(e)) from None
    stock = [code for code, ind in INDICATORS.items() if ind.basis in ("level", "ratio")]
    pref = preferred(df)
    full = pref[(pref["period"] == "FY") & pref["indicator"].isin(stock)]
    actuals = full[(full["kind"] == "actual") & full["qualifier"].isin(["none", "about"])]
    latest = actuals.sort_values("year").groupby(["district", "indicator", "scope"]).tail(1)
    goals = full[(full["kind"] == "target") & ~full["revised"].astype(bool)].merge(
        latest[["district", "indicator", "scope", "year", "value", "source_id"]],
        on=["district", "indicator", "scope"],
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
        float(dec(a) - dec(g)) for a, g in zip(goals["value_latest"], goals["value"], strict=True)
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
