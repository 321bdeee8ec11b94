"""The rules every comparison follows: the preferred row of a figure, verdicts in decimal by
the qualifier's rule, the tolerance of 左右 targets, boundary notes from the registry's codes,
and the check of codes a caller passes.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import pandas as pd

from ..dataset import choice
from ..dataset.areas import load_areas
from ..dataset.schema import QUALIFIER_RULES
from ..errors import HzError

# Verdict rule per qualifier (declared in the schema), for indicators where more is better.
VERDICT_RULES = {q: rule.rule for q, rule in QUALIFIER_RULES.items()}


def preferred(df: pd.DataFrame) -> pd.DataFrame:
    """The rows charts and the scorecard use: one per figure, by the choice rule (a figure is
    also its scope: ``scope`` reads "" for the whole area).

    Example:
        >>> import hzcompare as hz
        >>> df = hz.load_indicators(district="hangzhou", indicator="gdp", year=2021)
        >>> len(df), len(hz.preferred(df))
        (4, 1)
    """
    out = df[df["preferred"].astype(bool)] if "preferred" in df else df
    scope = out["scope"].fillna("").astype(str) if "scope" in out else ""
    return out.assign(scope=scope)


def whole_area(df: pd.DataFrame) -> pd.DataFrame:
    """The rows about a whole area in the usual definition (empty ``scope``)."""
    return df[df["scope"].fillna("") == ""] if "scope" in df else df


def dec(x: float | Decimal) -> Decimal:
    """A number as the decimal it is written as (0.1 stays 0.1)."""
    return x if isinstance(x, Decimal) else Decimal(repr(float(x)))


def verdict(qualifier: str, actual: float, target: float, tolerance: float | Decimal = 0.0) -> str:
    """The verdict of one target, exactly (decimal), by its qualifier's rule (the schema's).

    Example:
        >>> import hzcompare as hz
        >>> hz.verdict("about", actual=7.8, target=8.3, tolerance=0.5)
        'met'
        >>> hz.verdict("stretch", actual=6.0, target=7.0)
        'stretch missed'
    """
    rule = QUALIFIER_RULES[qualifier]
    threshold = dec(target) - (dec(tolerance) if rule.tolerance else 0)
    return rule.met if dec(actual) >= threshold else rule.missed


def about_tolerance(unit: str, target: float, about_tolerance_pp: float) -> Decimal:
    """The tolerance of a 左右 target: points for rates, percent of the target for amounts."""
    tol = dec(about_tolerance_pp)
    return tol if unit == "pct" else tol / 100 * dec(target)


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


def codes(value: str | Iterable[str], what: str, allowed: tuple[str, ...]) -> list[str]:
    """A code or codes (a string or any iterable of them), each checked against ``allowed``."""
    found = [value] if isinstance(value, str) else list(value)
    unknown = [c for c in found if c not in allowed]
    if unknown or not found:
        raise HzError(
            f"unknown {what} {', '.join(map(repr, unknown)) or '(none given)'}; "
            f"known: {', '.join(allowed)}"
        )
    return found


def indicator_frame(df: object, who: str) -> pd.DataFrame:
    """``df`` if it is a frame of indicators as ``load_indicators`` returns them, else an error."""
    if not isinstance(df, pd.DataFrame):
        raise HzError(
            f"{who} takes a DataFrame from hz.load_indicators() (found {type(df).__name__})"
        )
    needed = (*FIGURE_COLUMNS, "value", "preferred", "revised")
    missing = [c for c in needed if c not in df and c != "scope"]  # no scope: the whole
    if missing:
        raise HzError(
            f"{who} takes rows of hz.load_indicators(); this frame lacks {', '.join(missing)}"
        )
    return df


# The columns that name one figure: an area's indicator in a year and period, an actual or a
# target, of a scope (empty: the whole area); a target also by its qualifier (力争 and 确保 are
# two targets) and its revision.
FIGURE_COLUMNS = ("district", "indicator", "year", "period", "kind", "scope", "qualifier")
figure_key = choice.figure_key


def figure(
    df: pd.DataFrame,
    district: str,
    indicator: str,
    year: int,
    kind: str = "actual",
    period: str = "FY",
    qualifier: str | None = None,
    scope: str = "",
) -> pd.Series:
    """The preferred row of one figure (``FIGURE_COLUMNS``), with its quote and source.

    An actual is one figure whatever its qualifier (an exact value is preferred over a bound);
    a target needs its qualifier when the year has several (a 力争/确保 pair). No such figure is
    an ``HzError`` naming the figures that exist for the area and indicator.

    Example:
        >>> import hzcompare as hz
        >>> row = hz.figure(hz.load_indicators(), "qiantang", "gdp", 2021)
        >>> float(row["value"]), row["source_id"]
        (1218.23, 'qiantang_2022_report')
    """
    df = preferred(indicator_frame(df, "figure"))
    mine = df[(df["district"] == district) & (df["indicator"] == indicator)]
    hit = mine[
        (mine["year"] == year)
        & (mine["kind"] == kind)
        & (mine["period"] == period)
        & (mine["scope"] == scope)
    ]
    if qualifier is not None:
        hit = hit[hit["qualifier"] == qualifier]
    hit = hit[~hit["revised"].astype(bool)] if len(hit) > 1 else hit
    if len(hit) == 1:
        return hit.iloc[0]
    shown = sorted({f"{r.year} {r.period} {r.kind} {r.qualifier}" for r in mine.itertuples()})
    if hit.empty:
        raise HzError(
            f"no {kind} of {indicator} for {district} in {year} ({period}"
            f"{', ' + qualifier if qualifier else ''}); its figures: {'; '.join(shown) or 'none'}"
        )
    raise HzError(
        f"{len(hit)} targets of {indicator} for {district} in {year}: give qualifier= one of "
        f"{', '.join(sorted(hit['qualifier']))}"
    )
