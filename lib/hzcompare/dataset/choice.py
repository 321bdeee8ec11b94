"""Several sources for one figure: the rule that picks the one charts and the scorecard use.

Every row is kept. For one figure — the same area, indicator, year, period, kind and scope
(and, for a target, the same qualifier and revision) — the preferred row is the first by each
criterion of ``CHOICE_RULE`` in turn, then by source id, so the choice never depends on file
order.

Two rows of one figure that disagree beyond rounding are a conflict, reported by ``validate``
unless a row's note explains it (``revision:``, ``boundary:`` or ``basis:``).
"""

from __future__ import annotations

from collections import defaultdict

from .schema import ACCESS_RANK, RATIO_TIES, STATUS_RANK

EXPLAINED = ("revision:", "boundary:", "basis:")
# The choice rule in words, in the order it is applied (``rank`` implements it; the data
# dictionary prints it).
CHOICE_RULE = (
    "an exact value over a bound (an actual printed as 突破1200亿元 is a bound)",
    "a share tied to its components over one that is not (R&D intensity that equals R&D "
    "spend ÷ GDP of the same area and year, within rounding): evidence beats earliness",
    "a clean copy over one with foreign text injected into it",
    "a final result over a preliminary (初步核算, first release) over an estimated (预计) one; "
    "targets have no status, so copies of a target fall to grade and date",
    "the issuer's own text (a document kept whole, or its official site) over a reprint over "
    "news over a summary",
    "the later publication over the earlier",
)


def figure_key(row: dict) -> tuple:
    """What makes two rows the same figure: area, indicator, year, period, kind and scope
    (targets: also qualifier and revision).

    Example:
        >>> import hzcompare as hz
        >>> row = hz.load_indicators(district="qiantang", indicator="gdp", year=2021).iloc[0]
        >>> hz.figure_key(row.to_dict())
        ('qiantang', 'gdp', 2021, 'FY', 'actual', '')
    """
    key = (
        row["district"],
        row["indicator"],
        row["year"],
        row["period"],
        row["kind"],
        row.get("scope") or "",
    )
    if row["kind"] == "target":
        key += (row["qualifier"], bool(row.get("revised")))
    return key


def _published(value: str | None) -> str:
    """A date as YYYY-MM-DD, a missing month or day read as 00 (the start of the year)."""
    if not value or value == "unknown":
        return "0000-00-00"
    parts = value.split("-")
    return "-".join(parts + ["00"] * (3 - len(parts)))


def source_rank(source: dict) -> tuple:
    """The source's part of a row's rank: injected or clean, its grade, the later first."""
    later_first = tuple(-ord(ch) for ch in _published(source.get("published")))
    injected = source.get("injected") in (True, "true")
    return injected, ACCESS_RANK.get(source.get("access") or "document", 9), later_first


def _decimal_half(value: float) -> float:
    """Half a unit of the last digit printed (4.54 → 0.005)."""
    return 0.5 * 10 ** -_decimals(value)


def ratio_components(rows: list[dict]) -> dict[tuple, list[float]]:
    """(area, indicator, year) → every exact full-year result of the parts and wholes that
    ``RATIO_TIES`` names (all sources' rows: a tie needs no choice among them)."""
    wanted = {c for part, whole, _ in RATIO_TIES.values() for c in (part, whole)}
    found: dict[tuple, list[float]] = defaultdict(list)
    for r in rows:
        if (
            r["indicator"] in wanted
            and r["kind"] == "actual"
            and r["period"] == "FY"
            and r["qualifier"] in ("none", "about")
            and not (r.get("scope") or "")
        ):
            found[(r["district"], r["indicator"], r["year"])].append(r["value"])
    return found


def ratio_tie(row: dict, components: dict[tuple, list[float]]) -> tuple[bool, float] | None:
    """Whether a share equals its part ÷ whole × factor within the rounding of the printed
    numbers, and the nearest implied share; None where it is no share or has no components."""
    tie = RATIO_TIES.get(row["indicator"])
    if tie is None or row["kind"] != "actual" or row["period"] != "FY":
        return None
    part, whole, factor = tie
    area, year = row["district"], row["year"]
    pairs = [
        (p, w)
        for p in components.get((area, part, year), [])
        for w in components.get((area, whole, year), [])
        if w
    ]
    best = None
    for p, w in pairs:
        implied = p / w * factor
        slack = _decimal_half(row["value"]) + implied * (
            _decimal_half(p) / p + _decimal_half(w) / w
        )
        holds = abs(implied - row["value"]) <= slack + 1e-9
        if best is None or holds or abs(implied - row["value"]) < abs(best[1] - row["value"]):
            best = (holds, implied)
        if holds:
            break
    return best


def rank(row: dict, source: dict | tuple, components: dict | None = None) -> tuple:
    """Sort key of a row within its figure: the preferred row sorts first (``source``: its
    sources.csv row, or its ``source_rank`` computed once; ``components``: for shares)."""
    injected, grade, later_first = source if isinstance(source, tuple) else source_rank(source)
    tie = ratio_tie(row, components) if components else None
    return (
        0 if row["kind"] == "target" or row["qualifier"] in ("none", "about") else 1,
        1 if tie is None else (0 if tie[0] else 2),  # tied, no components, untied
        injected,
        STATUS_RANK.get(row.get("status") or "final", 9),
        grade,
        later_first,
        row["source_id"],
    )


def group_figures(rows: list[dict]) -> dict[tuple, list[dict]]:
    """Rows grouped by figure."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        groups[figure_key(row)].append(row)
    return groups


def choose(
    rows: list[dict],
    sources: dict[str, dict],
    groups: dict[tuple, list[dict]] | None = None,
    components: dict[tuple, list[float]] | None = None,
) -> list[dict]:
    """The preferred row of each figure (``sources``: source_id → its sources.csv row;
    ``components``: the results shares are tied to, by default gathered from ``rows``)."""
    ranks = {sid: source_rank(s) for sid, s in sources.items()}
    unknown = source_rank({})
    components = ratio_components(rows) if components is None else components
    return [
        group[0]
        if len(group) == 1
        else min(group, key=lambda r: rank(r, ranks.get(r["source_id"], unknown), components))
        for group in (groups or group_figures(rows)).values()
    ]


def _decimals(value: float) -> int:
    text = repr(float(value))
    return 0 if text.endswith(".0") else len(text.split(".")[1]) if "." in text else 0


def disagree(a: dict, b: dict) -> bool:
    """True if two rows of one figure differ beyond the rounding of the coarser one.

    A bound (at least X) disagrees with an exact value only if the value is below X.
    """
    slack = 0.5 * 10 ** -min(_decimals(a["value"]), _decimals(b["value"])) + 1e-9
    bound = {"at_least"}
    if a["kind"] == "actual" and (a["qualifier"] in bound) != (b["qualifier"] in bound):
        low, exact = (a, b) if a["qualifier"] in bound else (b, a)
        return exact["value"] < low["value"] - slack
    return abs(a["value"] - b["value"]) > slack


def conflicts(
    rows: list[dict], groups: dict[tuple, list[dict]] | None = None
) -> list[tuple[dict, dict]]:
    """Pairs of rows of one figure that disagree and whose notes do not explain why."""
    out = []
    for group in (groups or group_figures(rows)).values():
        if len(group) == 1:
            continue
        if any((r.get("note") or "").startswith(EXPLAINED) for r in group):
            continue
        for i, a in enumerate(group):
            out.extend((a, b) for b in group[i + 1 :] if disagree(a, b))
    return out
