"""Checks across rows of indicators.csv: one preferred row per figure, conflicts between sources,
levels against their growth, and gaps that sources state between areas.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ..errors import Problem
from .areas import load_areas
from .choice import choose, conflicts, ratio_components, ratio_tie
from .schema import INDICATORS, RATIO_TIES
from .typed import Columns

# Plausibility of a level against the previous year's level and the stated growth, in points:
# nominal growth must match the levels within rounding and small revisions; real growth may
# differ from the levels' (nominal) change by the price change, within this band.
TIE_BANDS = {"nominal": (-1.0, 1.0), "real": (-5.0, 10.0)}
GAP_SLACK = 0.051  # stated gaps are printed to one decimal


def figure_keys(figures: Columns) -> list[tuple]:
    """The figure each row states (``figure_key`` of each row, built column-wise)."""
    d = figures.data
    scope = [s or "" for s in d.get("scope") or [""] * len(figures)]
    base = (*(d[n] for n in ("district", "indicator", "year", "period", "kind")), scope)
    if "target" not in d["kind"]:
        return list(zip(*base, strict=True))
    target = [k == "target" for k in d["kind"]]
    qualifier = [q if t else None for q, t in zip(d["qualifier"], target, strict=True)]
    revised = [bool(r) if t else None for r, t in zip(d["revised"], target, strict=True)]
    return [
        key if key[6] is not None else key[:6]
        for key in zip(*base, qualifier, revised, strict=True)
    ]


def check_choices(label: str, figures: Columns, sources: dict[str, dict]) -> list[Problem]:
    """Conflicts beyond rounding, and ``preferred`` flags that do not follow the choice rule.

    Only figures stated by several rows need the rule; a figure of one row is its own choice.
    """
    out = []
    keys = figure_keys(figures)
    shared = {k for k, n in Counter(keys).items() if n > 1}
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for i in (i for i, k in enumerate(keys) if k in shared) if shared else ():
        groups[keys[i]].append(figures.row(i))
    for a, b in conflicts([], groups) if groups else ():
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
    if not shared and all(figures.data["preferred"]):
        return out  # every figure has one row, each preferred
    components = _components(figures)
    chosen = {r["_line"] for r in choose([], sources, groups, components)} if groups else set()
    for line, key, preferred in zip(figures.lines, keys, figures.data["preferred"], strict=True):
        if bool(preferred) != (key not in shared or line in chosen):
            want = "false" if preferred else "true"
            out.append(Problem(label, line, f"preferred must be {want} by the choice rule"))
    return out


def _components(figures: Columns) -> dict[tuple, list[float]]:
    """The parts and wholes shares are tied to (``choice.ratio_components``), from the columns."""
    wanted = {c for part, whole, _ in RATIO_TIES.values() for c in (part, whole)}
    d = figures.data
    if not wanted & set(d["indicator"]):
        return {}
    return ratio_components(
        [figures.row(i) for i, ind in enumerate(d["indicator"]) if ind in wanted]
    )


def check_ratio_ties(label: str, figures: Columns) -> list[Problem]:
    """A preferred share must equal its part ÷ whole of the same area and year, within
    rounding, where both are reported (R&D intensity = R&D spend ÷ GDP), unless a basis: note
    says why (e.g. a share of another year's GDP)."""
    components = _components(figures)
    if not components:
        return []
    out = []
    d = figures.data
    for i, (indicator, preferred) in enumerate(zip(d["indicator"], d["preferred"], strict=True)):
        if indicator not in RATIO_TIES or not preferred:
            continue
        row = figures.row(i)
        tie = ratio_tie(row, components)
        if tie is None or tie[0] or (row.get("note") or "").startswith("basis:"):
            continue  # a basis: note says why the share is taken over another whole
        part, whole, _ = RATIO_TIES[indicator]
        out.append(
            Problem(
                label,
                row["_line"],
                f"{row['district']} {indicator} {row['year']}: {row['value']:g} but {part} ÷ "
                f"{whole} gives {tie[1]:.3f}; check the three figures, or explain in a note "
                "starting basis:",
            )
        )
    return out


def _preferred_actuals(figures: Columns, indicators: set[str] | None = None) -> dict[tuple, int]:
    """(area, indicator, year) → the row of its preferred full-year actual (of ``indicators``,
    if given)."""
    d = figures.data
    if indicators is not None and not indicators & set(d["indicator"]):
        return {}
    return {
        (area, indicator, year): i
        for i, (area, indicator, year, preferred, kind, period) in enumerate(
            zip(
                d["district"],
                d["indicator"],
                d["year"],
                d["preferred"],
                d["kind"],
                d["period"],
                strict=True,
            )
        )
        if preferred
        and kind == "actual"
        and period == "FY"
        and (indicators is None or indicator in indicators)
    }


# Each growth indicator and the level it is the growth of.
_LEVEL_OF = {
    code: code.removesuffix("_growth")
    for code in INDICATORS
    if code.endswith("_growth") and code.removesuffix("_growth") in INDICATORS
}


def level_growth_ties(figures: Columns) -> list[dict]:
    """Each level with the previous year's level and the stated growth: the tie and its band."""
    areas = load_areas()
    # Only a stated growth makes a tie: the levels of growths the table does not state are
    # not looked at.
    growth_codes = set(_LEVEL_OF) & set(figures.data["indicator"])
    if not growth_codes:
        return []
    actual = _preferred_actuals(figures, {*growth_codes, *(_LEVEL_OF[g] for g in growth_codes)})
    value = figures.data["value"]
    ties = []
    growths = sorted((k, i) for k, i in actual.items() if k[1] in _LEVEL_OF)
    for (district, indicator, year), growth in growths:
        level_code = _LEVEL_OF[indicator]
        now, before = (
            actual.get((district, level_code, year)),
            actual.get((district, level_code, year - 1)),
        )
        if now is None or before is None or value[before] == 0:
            continue
        area = areas.get(district)
        if area and area.comparable(year) != area.comparable(year - 1):
            continue  # the territory changed between the two years: no tie across it
        basis = INDICATORS[indicator].basis
        implied = (value[now] / value[before] - 1) * 100
        low, high = TIE_BANDS["real" if basis == "real" else "nominal"]
        ties.append(
            {
                "district": district,
                "indicator": indicator,
                "year": year,
                "basis": basis,
                "implied": round(implied, 2),
                "stated": value[growth],
                "difference": round(implied - value[growth], 2),
                "holds": low <= implied - value[growth] <= high,
                "band": (low, high),
                "row": figures.row(growth),
            }
        )
    return ties


def check_ties(label: str, figures: Columns) -> list[Problem]:
    """Levels against their growth: a tie outside its band is a problem unless a note explains."""
    out = []
    for t in level_growth_ties(figures):
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


def check_stated_gaps(label: str, gaps: list[dict], figures: Columns) -> list[Problem]:
    """Each gap a source states must be reproduced by the preferred figures of both areas."""
    actual = _preferred_actuals(figures)
    out = []
    for g in gaps:
        i = actual.get((g["district"], g["indicator"], g["year"]))
        j = actual.get((g["versus"], g["indicator"], g["year"]))
        if i is None or j is None:
            missing = g["district"] if i is None else g["versus"]
            out.append(
                Problem(
                    label,
                    g["_line"],
                    f"stated gap {g['quote']!r}: no full-year {g['indicator']} {g['year']} "
                    f"for {missing} to reproduce it with",
                )
            )
            continue
        a, b = figures.row(i), figures.row(j)
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
