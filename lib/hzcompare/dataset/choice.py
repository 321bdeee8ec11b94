"""Several sources for one figure: the rule that picks the one charts and the scorecard use.

Every row is kept. For one figure — the same area, indicator, year, period and kind (and, for a
target, the same qualifier and revision) — the preferred row is, in this order:

1. an exact value over a bound (an actual printed as 突破1200亿元 is a bound);
2. a final figure over a preliminary (初步核算, first release) over an estimated (预计) one;
3. the issuer's own text (a document kept whole, or its official site) over a reprint over news;
4. the later publication over the earlier;
5. then the source id, so the choice never depends on file order.

Two rows of one figure that disagree beyond rounding are a conflict, reported by ``validate``
unless a row's note explains it (``revision:``, ``boundary:`` or ``basis:``).
"""

from __future__ import annotations

from collections import defaultdict

from .schema import ACCESS_RANK, STATUS_RANK

EXPLAINED = ("revision:", "boundary:", "basis:")


def figure_key(row: dict) -> tuple:
    """What makes two rows the same figure (targets: also qualifier and revision).

    Example:
        >>> import hzcompare as hz
        >>> row = hz.load_indicators(district="qiantang", indicator="gdp", year=2021).iloc[0]
        >>> hz.figure_key(row.to_dict())
        ('qiantang', 'gdp', 2021, 'FY', 'actual')
    """
    key = (row["district"], row["indicator"], row["year"], row["period"], row["kind"])
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
    """The source's part of a row's rank: its grade, then the later publication first."""
    later_first = tuple(-ord(ch) for ch in _published(source.get("published")))
    return ACCESS_RANK.get(source.get("access") or "document", 9), later_first


def rank(row: dict, source: dict | tuple) -> tuple:
    """Sort key of a row within its figure: the preferred row sorts first (``source``: its
    sources.csv row, or its ``source_rank`` computed once)."""
    part = source if isinstance(source, tuple) else source_rank(source)
    return (
        0 if row["kind"] == "target" or row["qualifier"] in ("none", "about") else 1,
        STATUS_RANK.get(row.get("status") or "final", 9),
        *part,
        row["source_id"],
    )


def group_figures(rows: list[dict]) -> dict[tuple, list[dict]]:
    """Rows grouped by figure."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        groups[figure_key(row)].append(row)
    return groups


def choose(
    rows: list[dict], sources: dict[str, dict], groups: dict[tuple, list[dict]] | None = None
) -> list[dict]:
    """The preferred row of each figure (``sources``: source_id → its sources.csv row)."""
    ranks = {sid: source_rank(s) for sid, s in sources.items()}
    unknown = source_rank({})
    return [
        group[0]
        if len(group) == 1
        else min(group, key=lambda r: rank(r, ranks.get(r["source_id"], unknown)))
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
