"""The Qiantang 2023 key-task progress table: clean TSV text → one row per numbered task.

The table was flattened from a PDF, so merged cells are empty and cells shift left when a cell
of the row was empty. Cells are therefore read by what they hold, not where they stand:

1. A row whose first cell is a number is a task; an unnumbered row holding one short text is a
   sub-heading (kept as the sub-area of the tasks of its area above it that have none).
2. The first cell holding person names (``leader_pattern``) or a unit (``unit_pattern``) ends the
   task text; after it come the leader, the unit and the progress note.
3. Rows with neither: the last non-empty cell is the progress note.
4. Of the task-text cells, one matching ``area_pattern`` is the area; of the others, two cells
   are sub-area and target, one is the target. A target starting with a short heading and a
   space (``开创新区体制新优势 围绕…``) is split into sub-area and target.
5. Carried down over merged cells, within an area: the area itself, the sub-area (until a new
   one), and the lead unit (flagged ``lead_unit_carried``).
6. ``lead_units`` lists the single units of the lead-unit cell, names unified by ``unit_aliases``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..dataset import patterns
from ..errors import HzError

_SUBAREA_SPLIT = re.compile(r"^([^\s，。、“”《》（）()：:；;,0-9]{2,14}) (\S.+)$")
_SPACES = re.compile(r"\s+")


_UNIT_SPLIT = re.compile(r"[\s、]+|(?<=局)(?=区|市|综合保税区)")


@dataclass
class TableRules:
    """The explicit rules for one task table (read from the source spec's ``tables:``)."""

    area_pattern: str
    unit_pattern: str
    leader_pattern: str
    report_month: int
    headline_links: dict[int, str] = field(default_factory=dict)
    unit_aliases: dict[str, str] = field(default_factory=dict)
    # A reviewer's decisions where the words cannot decide: {task, target, progress, reason}
    # (patterns) or {task, not_measurable: true, reason}; see taskstatus.
    overrides: list[dict] = field(default_factory=list)

    def split_units(self, cell: str) -> list[str]:
        """The single units of a lead-unit cell, names unified (``unit_aliases``).

        ``市规划资源局 钱塘分局`` is one unit; ``区农业农村局区交通运输局`` (glued) is two.
        """
        text = re.sub(r"\s+(钱塘分局|办公室)", r"\1", cell)
        units = [u for u in _UNIT_SPLIT.split(text) if u]
        return list(dict.fromkeys(self.unit_aliases.get(u, u) for u in units))

    def is_area(self, cell: str) -> bool:
        """True if the cell is an area heading."""
        return bool(patterns.search(self.area_pattern, _SPACES.sub("", cell)))

    def is_leader(self, cell: str) -> bool:
        """True if the cell lists lead officials' names."""
        return bool(patterns.fullmatch(self.leader_pattern, cell)) and not self.is_unit(cell)

    def is_unit(self, cell: str) -> bool:
        """True if the cell names lead units (short, no sentence punctuation, a unit word)."""
        return (
            len(cell) <= 100
            and not re.search(r"[。，：:；;]", cell)
            and bool(patterns.search(self.unit_pattern, cell))
        )


def parse_tasks(text: str, rules: TableRules, where: str) -> list[dict]:
    """Parse the clean TSV ``text`` into task rows (see the module docstring for the rules)."""
    tasks: list[dict] = []
    pending_subheadings: list[str] = []
    area = sub_area = unit = ""
    for line_no, line in enumerate(text.split("\n"), start=1):
        cells = [c.strip() for c in line.split("\t")]
        if not line.strip() or cells[0] == "序号" or len(cells) == 1:
            continue  # blank, the column header, or the title
        if not cells[0].isdigit():
            texts = [c for c in cells if c]
            if len(texts) != 1:
                raise HzError(
                    f"unnumbered row with {len(texts)} cells: not a task, not a "
                    "sub-heading; add a rule for it",
                    where,
                    line_no,
                )
            pending_subheadings.append(texts[0])
            continue
        if pending_subheadings:
            _attach_subheadings(tasks, pending_subheadings, area)
            pending_subheadings = []
        task = _read_row(int(cells[0]), cells[1:], rules, where, line_no)
        if task["area"] and task["area"] != area:
            area, sub_area, unit = task["area"], "", ""
        task["area"] = area
        sub_area = task["sub_area"] or sub_area
        task["sub_area"] = sub_area
        task["lead_unit_carried"] = not task["lead_unit"] and bool(unit)
        unit = task["lead_unit"] = task["lead_unit"] or unit
        task["lead_units"] = "；".join(rules.split_units(unit))
        task["source_line"] = line_no
        tasks.append(task)
    if pending_subheadings:
        _attach_subheadings(tasks, pending_subheadings, area)
    _check_numbering(tasks, where)
    return tasks


def _read_row(no: int, rest: list[str], rules: TableRules, where: str, line_no: int) -> dict:
    marks = [i for i, c in enumerate(rest) if c and (rules.is_leader(c) or rules.is_unit(c))]
    if marks:
        pre, post = rest[: marks[0]], rest[marks[0] :]
        leader = next((c for c in post if c and rules.is_leader(c)), "")
        unit = next((c for c in post if c and rules.is_unit(c)), "")
        progress = " ".join(c for c in post if c and c not in (leader, unit))
    else:
        filled = [i for i, c in enumerate(rest) if c]
        if len(filled) < 2:
            raise HzError(
                f"task {no} has no progress cell; add a rule for this row", where, line_no
            )
        pre, progress, leader, unit = rest[: filled[-1]], rest[filled[-1]], "", ""
    texts = [c for c in pre if c]
    area = next((c for c in texts if rules.is_area(c)), "")
    others = [c for c in texts if c != area]
    if len(others) == 1:
        sub_area, target = "", others[0]
    elif len(others) == 2:
        sub_area, target = others
    else:
        raise HzError(
            f"task {no}: expected a target cell, found {len(others)} text cells before "
            "the lead official/unit; add a rule for this row",
            where,
            line_no,
        )
    split = _SUBAREA_SPLIT.match(target)
    if split and not sub_area:
        sub_area, target = split.groups()
    return {
        "task_no": no,
        "area": _SPACES.sub("", area).rstrip("。"),
        "sub_area": sub_area,
        "target": target,
        "lead_unit": _SPACES.sub(" ", unit),
        "progress": progress,
    }


def _attach_subheadings(tasks: list[dict], headings: list[str], area: str) -> None:
    """Sub-heading rows printed below their tasks: give them to the area's tasks lacking one."""
    label = "；".join(headings)
    for task in reversed(tasks):
        if task["area"] != area or task["sub_area"]:
            break
        task["sub_area"] = label


def _check_numbering(tasks: list[dict], where: str) -> None:
    numbers = [t["task_no"] for t in tasks]
    dupes = sorted({n for n in numbers if numbers.count(n) > 1})
    missing = sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers))
    if dupes or missing:
        raise HzError(
            f"tasks must be numbered 1..N exactly once; duplicated {dupes}, missing {missing}",
            where,
        )
