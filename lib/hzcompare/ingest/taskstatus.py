"""Quantify key tasks and derive their status, by rules written down here (never by hand).

Quantities. A target quantity is compared with a progress quantity only when both have the
same unit and describe the same thing: the text before each number in its clause must share at
least ``MIN_SHARED`` two-character pieces (bigrams), e.g. 出让工业用地2000亩 / 已出让工业用地1856亩.
Where the target has one quantity of a unit (not %) and the progress note one of the same unit,
they are compared without that test. A ``力争X（确保Y）`` or ``X（确保Y）`` pair gives the target X
and its floor Y. Not quantities: an amount that only sizes what is counted (``10亿元以上项目``),
and a number the note repeats as a label before its result (``提升改造公路4条：已完成2条``).
Where several quantities of a task match, the one furthest from its target decides (weakest link).

The words must agree too, or the pair is refused (and with no pair left the task is *not
measurable*, its ``status_rule`` naming why):
- ``state_mismatch``: the progress clause says the thing is only recommended, applied for,
  under way, started, expected or raised (推荐, 申报, 上报, 实施中, 在建, 开工, 启动, 预计, 筹集,
  谋划, 前期) and the target clause does not: 287 firms recommended do not measure 180 firms to
  be recognised;
- ``noun_mismatch``: a count of additions (新增) never measures a total (总数, 累计, 总量); and
  among the progress clauses that match, the one whose last words before the number name what
  the target counts wins (认缴出资108.91亿元, not 总规模287亿元, for 认缴出资突破100亿元);
- ``threshold``: an amount followed by 以上的 sizes what is counted (经营性收入100万元以上的村);
  it is not a quantity of the task;
- a progress clause that repeats the target's own clause (新建、续建综合交通项目16个) restates it.
A reviewer's decision that the words cannot reach is an override in the table's spec: a pattern
for the target and one for the progress quantity (each must match exactly once), or
``not_measurable``, always with a ``reason``; its rule is ``override``.

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
from dataclasses import dataclass

from ..dataset import patterns
from ..dataset.numbers import ARABIC, parse_number, parse_quantities
from ..errors import HzError

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
_NOT_DONE = re.compile("推荐|申报|上报|实施中|在建|开工|启动|预计|筹集|谋划|前期")
_THRESHOLD = re.compile(r"^\s*以上的")
_TOTAL = re.compile("总数|累计|总量")
_SENTENCE = re.compile(r"[。；;！？\n]|\d+\.\s")
TAIL = 5  # how many characters before a number name what it counts
# Words too general to say what is counted (企业 in 高新技术企业 and 中小企业).
GENERIC = {"企业", "项目", "工程", "个数", "数量", "总数", "新增", "完成", "建设"}
# Wordings that hold two states at once (开竣工: to start and to complete).
_BOTH = {"开竣工": "开工竣工"}


def _bigrams(text: str) -> set[str]:
    han = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {han[i : i + 2] for i in range(len(han) - 1)}


@dataclass(frozen=True)
class Found:
    """A quantity found in a cell, with the words around it."""

    quantity: object
    grams: set[str]  # bigrams of the clause before it
    tail: set[str]  # bigrams of the last few characters before it (what it counts)
    clause: str
    phrase: str  # the clause up to and including the quantity (what the audit shows)
    threshold: bool
    sentence: str  # the sentence holding it (its month: 1-8月，…产值690.18亿元)


def _contexts(text: str) -> list[Found]:
    """Each real quantity of a cell, with its clause and the words before it."""
    out = []
    for sentence in _SENTENCE.split(text):
        for clause in _CLAUSE.split(sentence):
            pos = 0
            for q in parse_quantities(clause):
                at = clause.find(q.text, pos)
                pos = at + len(q.text)
                after = clause[pos:]
                rhetorical = not q.text[0].isdigit()  # 三个“一号工程”: a figure of speech
                size_class = q.unit in ("亿元", "亿美元") and _SIZE_CLASS.match(after)
                if rhetorical or size_class or _LABEL.match(after):
                    continue
                before = re.sub(r"[^\u4e00-\u9fff]", "", clause[:at])
                out.append(
                    Found(
                        q,
                        _bigrams(clause[:at]),
                        _bigrams(before[-TAIL:]) - GENERIC,
                        clause,
                        clause[:pos].strip(" 。；;\n"),
                        bool(_THRESHOLD.match(after)),
                        sentence,
                    )
                )
    return out


def _states(text: str) -> set[str]:
    for wording, meaning in _BOTH.items():
        text = text.replace(wording, meaning)
    return set(_NOT_DONE.findall(text))


def _refusal(target: Found, progress: Found) -> str:
    """Why the words of a same-unit pair disagree ('' if they agree)."""
    if target.threshold or progress.threshold:
        return "threshold"
    if _states(progress.clause) - _states(target.clause):
        return "state_mismatch"
    if _TOTAL.search(target.clause) and "新增" in progress.clause:
        return "noun_mismatch"
    if re.sub(r"\s", "", progress.phrase) == re.sub(r"\s", "", target.phrase):
        return "restated"
    return ""


def as_of_month(progress: str, default: int) -> int:
    """The month the progress refers to (截至8月底 → 8, 半年度 → 6), else ``default``."""
    for rx, fixed in _MONTH:
        m = rx.search(progress)
        if m:
            return fixed or int(next(g for g in m.groups() if g))
    return default


def quantify(target: str, progress: str, report_month: int) -> dict:
    """Parsed target/progress values and phrases, unit, share and status for one task."""
    floor_of, stretch = {}, set()
    for m in _PAIR.finditer(target):
        hi = parse_number(m.group("hi"))
        floor_of[hi] = parse_number(m.group("lo"))
        if m.group("stretch"):
            stretch.add(hi)
    floors = set(floor_of.values())
    best, refused = None, []
    progress_ctx = _contexts(progress)
    target_ctx = _contexts(target)
    for tf in target_ctx:
        tq = tf.quantity
        if tq.value in floors and tq.value not in floor_of:
            continue  # the 确保 half of a pair, handled with its target value
        need = MIN_SHARED_RATE if tq.unit == "%" else MIN_SHARED
        same_unit = [pf for pf in progress_ctx if pf.quantity.unit == tq.unit]
        agreeing = []
        for pf in same_unit:
            why = _refusal(tf, pf)
            (refused.append(why) if why else agreeing.append(pf))
        alone = (
            tq.unit != "%"
            and len(agreeing) == 1
            and sum(1 for f in target_ctx if f.quantity.unit == tq.unit) == 1
        )
        matches = [pf for pf in agreeing if alone or len(tf.grams & pf.grams) >= need]
        if not matches:
            continue
        # What the number counts decides first (the words right before it), then the clause.
        pf = max(matches, key=lambda f: (len(tf.tail & f.tail), len(tf.grams & f.grams)))
        month = as_of_month(pf.sentence, as_of_month(progress, report_month))
        cand = _judge(tq.value, floor_of.get(tq.value), pf.quantity.value, tq.unit, month)
        cand.update(
            target_value=tq.value,
            floor_value=floor_of.get(tq.value),
            target_qualifier="stretch" if tq.value in stretch else "none",
            progress_value=pf.quantity.value,
            unit=tq.unit,
            as_of_month=month,
            target_phrase=tf.phrase,
            progress_phrase=pf.phrase,
        )
        if best is None or cand["_rank"] < best["_rank"]:
            best = cand
    if best is None:
        stated = {f.quantity.unit for f in target_ctx} & {f.quantity.unit for f in progress_ctx}
        done = not stated and bool(_DONE_TEXT.match(progress.strip()))
        rule = "text_done" if done else next(iter(refused), "no_quantity")
        return {"status": "done" if done else "not_measurable", "status_rule": rule}
    best.pop("_rank")
    return best


def quantify_override(target: str, progress: str, report_month: int, override: dict) -> dict:
    """The pair a reviewer chose for one task (patterns matching exactly once), or none."""
    if "not_measurable" in override:
        return {"status": "not_measurable", "status_rule": "override"}
    found = {}
    for side, text in (("target", target), ("progress", progress)):
        matches = patterns.find_all(override[side], text)
        if len(matches) != 1 or "value" not in matches[0].groupdict():
            raise HzError(
                f"task {override['task']}: the {side} pattern {override[side]!r} must match "
                f"its cell exactly once with a (?P<value>...) group (found {len(matches)})"
            )
        found[side] = matches[0]
    unit = override.get("unit") or parse_quantities(found["target"].group(0))[-1].unit
    target_value = parse_number(found["target"].group("value"))
    progress_value = parse_number(found["progress"].group("value"))
    month = as_of_month(found["progress"].group(0), as_of_month(progress, report_month))
    result = _judge(target_value, None, progress_value, unit, month)
    result.pop("_rank")
    result.update(
        status_rule="override",
        target_value=target_value,
        target_qualifier="none",
        progress_value=progress_value,
        unit=unit,
        as_of_month=month,
        target_phrase=found["target"].group(0),
        progress_phrase=found["progress"].group(0),
    )
    return result


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
