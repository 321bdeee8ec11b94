"""Checks across rows of indicators.csv: one preferred row per figure, conflicts between sources,
levels against their growth, and gaps that sources state between areas.
"""

from __future__ import annotations

from ..errors import Problem
from .areas import load_areas
from .choice import choose, conflicts, figure_key, group_figures
from .schema import INDICATORS

# Plausibility of a level against the previous year's level and the stated growth, in points:
# nominal growth must match the levels within rounding and small revisions; real growth may
# differ from the levels' (nominal) change by the price change, within this band.
TIE_BANDS = {"nominal": (-1.0, 1.0), "real": (-5.0, 10.0)}
GAP_SLACK = 0.051  # stated gaps are printed to one decimal


def check_choices(label: str, rows: list[dict], sources: dict[str, dict]) -> list[Problem]:
    """Conflicts beyond rounding, and ``preferred`` flags that do not follow the choice rule."""
    out = []
    groups = group_figures(rows)
    for a, b in conflicts(rows, groups):
        out.append(
            Problem(
                label,
                b["_line"],
                f"{b['district']} {b['indicator']} {b['year']} {b['period']} {b['kind']}: "
                f"{b['value']:g} ({b['source_id']}) disagrees with {a['value']:g} "
                f"({a['source_id']}, line {a['_line']}); explain it in a note starting "
                "revision:, boundary: or basis:",
            )
        )
    chosen = {id(r) for r in choose(rows, sources, groups)}
    for r in rows:
        if bool(r.get("preferred")) != (id(r) in chosen):
            want = "true" if id(r) in chosen else "false"
            out.append(Problem(label, r["_line"], f"preferred must be {want} by the choice rule"))
    return out


def _preferred_actuals(rows: list[dict]) -> dict[tuple, dict]:
    return {
        figure_key(r)[:3]: r
        for r in rows
        if r.get("preferred") and r["kind"] == "actual" and r["period"] == "FY"
    }


def level_growth_ties(rows: list[dict]) -> list[dict]:
    """Each level with the previous year's level and the stated growth: the tie and its band."""
    areas = load_areas()
    actual = _preferred_actuals(rows)
    ties = []
    for (district, indicator, year), growth in sorted(actual.items()):
        level_code = indicator.removesuffix("_growth")
        if level_code == indicator or level_code not in INDICATORS:
            continue
        now, before = (
            actual.get((district, level_code, year)),
            actual.get((district, level_code, year - 1)),
        )
        if not now or not before or before["value"] == 0:
            continue
        area = areas.get(district)
        if area and area.comparable(year) != area.comparable(year - 1):
            continue  # the territory changed between the two years: no tie across it
        basis = INDICATORS[indicator].basis
        implied = (now["value"] / before["value"] - 1) * 100
        low, high = TIE_BANDS["real" if basis == "real" else "nominal"]
        ties.append(
            {
                "district": district,
                "indicator": indicator,
                "year": year,
                "basis": basis,
                "implied": round(implied, 2),
                "stated": growth["value"],
                "difference": round(implied - growth["value"], 2),
                "holds": low <= implied - growth["value"] <= high,
                "band": (low, high),
                "row": growth,
            }
        )
    return ties


def check_ties(label: str, rows: list[dict]) -> list[Problem]:
    """Levels against their growth: a tie outside its band is a problem unless a note explains."""
    out = []
    for t in level_growth_ties(rows):
        row = t["row"]
        if t["holds"] or (row.get("note") or "").startswith(("revision:", "basis:", "boundary:")):
            continue
        low, high = t["band"]
        out.append(
            Problem(
                label,
                row["_line"],
                f"{t['district']} {t['indicator']} {t['year']}: the levels imply "
                f"{t['implied']:+.2f}% ({t['basis']} growth stated {t['stated']:g}%); the "
                f"difference {t['difference']:+.2f} is outside {low:+g}..{high:+g} points; "
                "check both levels, or explain in a note starting revision: or basis:",
            )
        )
    return out


def check_stated_gaps(label: str, gaps: list[dict], rows: list[dict]) -> list[Problem]:
    """Each gap a source states must be reproduced by the preferred figures of both areas."""
    actual = _preferred_actuals(rows)
    out = []
    for g in gaps:
        a = actual.get((g["district"], g["indicator"], g["year"]))
        b = actual.get((g["versus"], g["indicator"], g["year"]))
        if not a or not b:
            missing = g["district"] if not a else g["versus"]
            out.append(
                Problem(
                    label,
                    g["_line"],
                    f"stated gap {g['quote']!r}: no full-year {g['indicator']} {g['year']} "
                    f"for {missing} to reproduce it with",
                )
            )
            continue
        diff = a["value"] - b["value"]
        if g.get("gap") is not None:
            ok = abs(diff - g["gap"]) <= GAP_SLACK
        else:
            ok = diff > 0 if g["direction"] == "above" else diff < 0
        if not ok:
            out.append(
                Problem(
                    label,
                    g["_line"],
                    f"stated gap {g['quote']!r} is not reproduced: {g['district']} "
                    f"{a['value']:g} − {g['versus']} {b['value']:g} = {diff:+.2f}",
                )
            )
    return out
