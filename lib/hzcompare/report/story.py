"""The pack's headline in a few sentences, each generated from the data and carrying the rows
it states (a reader can check every number against its quote and source)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..compare import gap_to_city, promise_record, scorecard
from ..dataset.areas import load_areas
from ..dataset.schema import INDICATORS

KEPT = ("met", "floor_held", "stretch_met")  # a stretch missed is no broken promise
SCORE_COLUMNS = (
    "district",
    "indicator",
    "year",
    "qualifier",
    "target",
    "actual",
    "verdict",
    "target_source",
    "target_quote",
    "actual_source",
    "actual_quote",
)
BROKEN = ("missed", "floor broken")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the headline and the rows it rests on."""

    text: str
    rows: pd.DataFrame  # area, indicator, year, figures, sources and quotes


def _name(code: str) -> str:
    area = load_areas()[code]
    return f"{area.en} ({area.zh})"


def kept_word(df: pd.DataFrame, sources: pd.DataFrame, tolerance: float) -> list[Sentence]:
    """Per district: how many of its scored targets it met, and how many await a result."""
    record = promise_record(df, sources, tolerance)
    sc = scorecard(df, sources, tolerance)
    out = []
    for district, mine in record[record["district"] != "hangzhou"].groupby("district", sort=False):
        scored = int(mine["scored"].sum())
        if not scored:
            continue
        kept = int(mine[list(KEPT)].sum().sum())
        stretch = int(mine["stretch_missed"].sum())
        pending = int(mine["no_result_yet"].sum())
        judged = mine[mine["scored"] > 0]["year"]
        years = (
            f"{int(judged.min())}–{int(judged.max())}"
            if judged.nunique() > 1
            else str(int(judged.min()))
        )
        text = (
            f"{_name(district)} kept {kept} of its {scored} scored targets ({years}: met, "
            "floor held or stretch met)"
        )
        if stretch:
            text += f"; {stretch} more were stretch (力争) targets missed, not broken promises"
        text += f"; {pending} await a full-year result." if pending else "."
        rows = sc[sc["district"] == district][list(SCORE_COLUMNS)]
        out.append(Sentence(text, rows.reset_index(drop=True)))
    return out


def faster_than_city(df: pd.DataFrame, benchmark: str) -> list[Sentence]:
    """Per district: in how many years its real GDP growth beat the city's, and the widest gap."""
    if not benchmark:
        return []
    gaps = gap_to_city(df, benchmark, "gdp_growth")
    gaps = gaps[gaps["gap_bound"] == ""]  # exact results only: a bound says no size
    out = []
    for district, mine in gaps.groupby("district", sort=False):
        ahead = mine[mine["gap_pp"] > 0]
        widest = mine.loc[mine["gap_pp"].abs().idxmax()]
        gap = float(widest["gap_pp"])
        side = f"{abs(gap):.1f} points " + ("ahead" if gap > 0 else "behind") if gap else "level"
        text = (
            f"{_name(district)} grew faster than {load_areas()[benchmark].en} in {len(ahead)} "
            f"of {len(mine)} years with both results "
            f"({', '.join(str(int(y)) for y in mine['year'])}); the widest gap: {side} in "
            f"{int(widest['year'])} ({widest['value']:g}% against {widest['value_city']:g}%)."
        )
        out.append(Sentence(text, mine.reset_index(drop=True)))
    return out


def biggest_miss(df: pd.DataFrame, sources: pd.DataFrame, tolerance: float) -> list[Sentence]:
    """The widest shortfall of a rate target among the districts' broken promises."""
    sc = scorecard(df, sources, tolerance)
    broken = sc[
        sc["verdict"].isin(BROKEN) & (sc["gap_unit"] == "pp") & (sc["district"] != "hangzhou")
    ]
    if broken.empty:
        return []
    worst = broken.loc[broken["gap"].idxmin()]
    name = INDICATORS[worst["indicator"]].en
    if not name[:2].isupper():  # "Fixed-asset investment" → "fixed-asset …", "GDP" stays
        name = name[0].lower() + name[1:]
    text = (
        f"The biggest miss: {_name(worst['district'])}'s {int(worst['year'])} {name}, "
        f"{worst['actual']:g}% against a target of {worst['target']:g}% "
        f"({worst['gap']:+.1f} points)."
    )
    return [Sentence(text, broken.loc[[worst.name], list(SCORE_COLUMNS)].reset_index(drop=True))]


def headline(
    df: pd.DataFrame, sources: pd.DataFrame, tolerance: float, benchmark: str
) -> list[Sentence]:
    """The headline sentences of a pack, in reading order."""
    return [
        *kept_word(df, sources, tolerance),
        *faster_than_city(df, benchmark),
        *biggest_miss(df, sources, tolerance),
    ]
