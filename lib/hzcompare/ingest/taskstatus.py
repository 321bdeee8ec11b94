"""Quantify key tasks and derive their status, by rules written down here (never by hand).

Quantities. A target quantity is compared with a progress quantity only when both have the
same unit and describe the same thing: the text before each number in its clause must share at
least ``MIN_SHARED`` two-character pieces (bigrams), e.g. 出让工业用地2000亩 / 已出让工业用地1856亩.
Where the target has one quantity of a unit (not %) and the progress note one of the same unit,
they are compared without that test. A ``力争X（确保Y）`` or ``X（确保Y）`` pair gives the target X
and its floor Y. Not quantities: an amount that only sizes what is counted (``10亿元以上项目``),
and a number the note repeats as a label before its result (``提升改造公路4条：已完成2条``).
Where several quantities of a task match, the one furthest from its target decides (weakest link).

Status, first rule that applies:
- ``share_done``: a count or amount reached its target (share ≥ 1) → done
- ``share_on_pace`` / ``share_behind_pace``: share ≥ / < the part of the year elapsed
  (as_of_month / 12; the month stated in the progress note, else the report's month)
- ``rate_at_target``: a rate (%) at or above its target → on_track (a year is not done in Q3)
- ``rate_at_floor``: a rate between its floor (确保) and its target → on_track
- ``rate_below_floor`` / ``rate_below_target``: → behind
- ``text_done``: no comparable quantity, and the note opens by saying it is done (已完成…) → done
- ``no_quantity``: none of the above → not_measurable
"""

from __future__ import annotations

import re

from ..dataset.numbers import ARABIC, parse_number, parse_quantities

MIN_SHARED = 3
MIN_SHARED_RATE = 4
_CLAUSE = re.compile(r"[，。；;！？\n]|\d+\.\s")
_PAIR = re.compile(
    rf"(?P<stretch>力争)?(?P<hi>{ARABIC})(?:%|亿美元|亿元|个|家)?[^（(，。]{{0,4}}"
    rf"[（(]确保(?P<lo>{ARABIC})"
)
_SIZE_CLASS = re.compile(r"^(?:以上)?[^，。；]{0,6}?(?:项目|企业|楼宇|公司)")
_LABEL = re.compile(r"^\s*[：:]")
_MONTH = [
    (re.compile(r"截至(\d{1,2})月|1-(\d{1,2})月|(\d{1,2})月底"), None),
    (re.compile(r"半年度|上半年"), 6),
    (re.compile(r"三季度"), 9),
]
_DONE_TEXT = re.compile(r"^(?:\d\.\s*)?(?:已完成|已全部完成|已完工|已建成)")


def _bigrams(text: str) -> set[str]:
    han = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {han[i : i + 2] for i in range(len(han) - 1)}


def _contexts(text: str) -> list[tuple[object, set[str], str]]:
    """(quantity, bigrams of the clause before it, clause) for each real quantity."""
    out = []
    for clause in _CLAUSE.split(text):
        pos = 0
        for q in parse_quantities(clause):
            at = clause.find(q.text, pos)
            pos = at + len(q.text)
            after = clause[pos:]
            rhetorical = not q.text[0].isdigit()  # 三个“一号工程”: a figure of speech
            size_class = q.unit in ("亿元", "亿美元") and _SIZE_CLASS.match(after)
            if rhetorical or size_class or _LABEL.match(after):
                continue
            out.append((q, _bigrams(clause[:at]), clause))
    return out


def as_of_month(progress: str, default: int) -> int:
    """The month the progress refers to (截至8月底 → 8, 半年度 → 6), else ``default``."""
    for rx, fixed in _MONTH:
        m = rx.search(progress)
        if m:
            return fixed or int(next(g for g in m.groups() if g))
    return default


def quantify(target: str, progress: str, report_month: int) -> dict:
    """Parsed target/progress values, unit, share and status for one task."""
    floor_of, stretch = {}, set()
    for m in _PAIR.finditer(target):
        hi = parse_number(m.group("hi"))
        floor_of[hi] = parse_number(m.group("lo"))
        if m.group("stretch"):
            stretch.add(hi)
    floors = set(floor_of.values())
    best = None
    progress_ctx = _contexts(progress)
    target_ctx = _contexts(target)
    for tq, tgrams, _ in target_ctx:
        if tq.value in floors and tq.value not in floor_of:
            continue  # the 确保 half of a pair, handled with its target value
        need = MIN_SHARED_RATE if tq.unit == "%" else MIN_SHARED
        same_unit = [(len(tgrams & pg), pq, c) for pq, pg, c in progress_ctx if pq.unit == tq.unit]
        alone = (
            tq.unit != "%"
            and len(same_unit) == 1
            and sum(1 for q, _, _ in target_ctx if q.unit == tq.unit) == 1
        )
        matches = [m for m in same_unit if alone or m[0] >= need]
        if not matches:
            continue
        _, pq, clause = max(matches, key=lambda m: m[0])
        month = as_of_month(clause, as_of_month(progress, report_month))
        cand = _judge(tq.value, floor_of.get(tq.value), pq.value, tq.unit, month)
        cand.update(
            target_value=tq.value,
            floor_value=floor_of.get(tq.value),
            target_qualifier="stretch" if tq.value in stretch else "none",
            progress_value=pq.value,
            unit=tq.unit,
            as_of_month=month,
        )
        if best is None or cand["_rank"] < best["_rank"]:
            best = cand
    if best is None:
        stated = {q.unit for q, _, _ in target_ctx} & {q.unit for q, _, _ in progress_ctx}
        done = not stated and bool(_DONE_TEXT.match(progress.strip()))
        return {
            "status": "done" if done else "not_measurable",
            "status_rule": "text_done" if done else "no_quantity",
        }
    best.pop("_rank")
    return best


def _judge(target: float, floor: float | None, progress: float, unit: str, month: int) -> dict:
    if unit == "%":
        if progress >= target:
            return {"status": "on_track", "status_rule": "rate_at_target", "_rank": 2.0}
        if floor is not None and progress >= floor:
            return {"status": "on_track", "status_rule": "rate_at_floor", "_rank": 1.5}
        rule = "rate_below_floor" if floor is not None else "rate_below_target"
        return {"status": "behind", "status_rule": rule, "_rank": 0.0}
    share = progress / target if target else 0.0
    if share >= 1:
        status, rule = "done", "share_done"
    elif share >= month / 12:
        status, rule = "on_track", "share_on_pace"
    else:
        status, rule = "behind", "share_behind_pace"
    return {
        "status": status,
        "status_rule": rule,
        "share_of_target": round(share, 4),
        "_rank": share,
    }
