"""Read one curated CSV into typed rows, every cell checked against its declared field.

Cells are checked column by column, each distinct value once: codes, periods, years, flags and
most values repeat down a table, so a 100,000-row file has a few thousand distinct cells to check,
and the typed rows are assembled from whole columns.
"""

from __future__ import annotations

import gc
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import HzError, Problem
from .csvio import read_text, split_columns, split_records
from .schema import TABLES, Field, Table
from .values import CONTROL, NUMBER, SUSPECT_START, TEXT_LIMIT, parse_typed

Cell = str | int | float | bool | None


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: rows are plain acyclic dicts, and at 100,000 rows its
    passes over the growing heap cost as much as the reading itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@cache
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def convert(field: Field, raw: str) -> Cell:
    """A cell converted to the field's type (``values``); raises ``ValueError`` with a reason."""
    if raw == "":
        return None
    return parse_typed(field.dtype, raw, field.name)


def check_cell(field: Field, raw: str, codes: Callable[[], dict]) -> tuple[Cell, str | None]:
    """A cell's typed value and what is wrong with it (None: nothing)."""
    try:
        value = convert(field, raw)
    except ValueError as e:
        return None, str(e)
    if raw == "":
        return None, f"{field.name} is empty" if field.required else None
    if field.registry and raw not in codes()[field.registry]:
        known = ", ".join(codes()[field.registry])
        return value, (
            f"unknown {field.name} {raw!r}: not a code of the area registry data/units.csv "
            f"(known: {known}); add a row there to add an area"
        )
    if field.allowed and raw not in field.allowed:
        return value, f"unknown {field.name} {raw!r} (allowed: {', '.join(field.allowed)})"
    if field.pattern and not _regex(field.pattern).fullmatch(raw):
        return value, f"{field.name} {raw!r} is not of the form {field.form or field.pattern}"
    return value, None


def _plain_text(distinct: set[str]) -> bool:
    """True if no distinct cell is too long, holds a control character or starts as a
    formula (the usual column: checked at once, not cell by cell)."""
    return (
        max(map(len, distinct), default=0) <= TEXT_LIMIT
        and not CONTROL.search("".join(distinct))
        and not any(cell[:1] in SUSPECT_START for cell in distinct)
    )


def typed_column(
    field: Field, raw: list[str], codes: Callable[[], dict]
) -> tuple[list[Cell], dict[str, str]]:
    """A column's cells typed, and the message of each faulty distinct cell.

    Each distinct cell is checked once; clean text and plain numbers are converted in one pass
    over the column.
    """
    distinct = set(raw)
    checked = field.registry or field.allowed or field.pattern
    if field.dtype == "str" and not checked and _plain_text(distinct):
        if "" not in distinct:
            return raw, {}
        return [cell or None for cell in raw], (
            {"": f"{field.name} is empty"} if field.required else {}
        )
    if field.dtype == "float" and "" not in distinct and all(map(NUMBER.fullmatch, distinct)):
        values = list(map(float, raw))
        if all(map(math.isfinite, values)):
            return values, {}
    faults = {}
    values_of: dict[str, Cell] = {}
    for cell in distinct:
        values_of[cell], fault = check_cell(field, cell, codes)
        if fault:
            faults[cell] = fault
    if field.dtype == "str" and "" not in distinct:
        return raw, faults  # text is its own value
    return list(map(values_of.__getitem__, raw)), faults


@dataclass
class Columns:
    """A typed table held column by column, with the file line of each row."""

    lines: list[int]
    data: dict[str, list]

    @classmethod
    def empty(cls, table: Table | None) -> Columns:
        """No rows, with the table's columns (if known)."""
        return cls([], {c: [] for c in table.columns} if table else {})

    def __len__(self) -> int:
        return len(self.lines)

    def row(self, i: int) -> dict:
        """Row ``i`` as a dict with its ``_line``."""
        return {"_line": self.lines[i], **{name: col[i] for name, col in self.data.items()}}

    def rows(self) -> list[dict]:
        """Every row as a dict with its ``_line``."""
        names = ["_line", *self.data]
        return [
            dict(zip(names, r, strict=True))
            for r in zip(self.lines, *self.data.values(), strict=True)
        ]


def table_for(path: Path, header: list[str]) -> Table | None:
    """The declared table of a file: by its name, else by its header."""
    if path.name in TABLES:
        return TABLES[path.name]
    return next((t for t in TABLES.values() if set(t.columns) <= set(header)), None)


def _header_problems(label: str, table: Table, header: list[str]) -> tuple[list[Problem], bool]:
    """Problems of the header row, and whether the rows can be read at all."""
    missing = [c for c in table.columns if c not in header and table.field(c).required]
    extra = [c for c in header if c not in table.columns]
    dupes = sorted({c for c in header if header.count(c) > 1})
    out = []
    if missing:
        out.append(Problem(label, 1, f"missing column(s): {', '.join(missing)}"))
    if extra:
        out.append(
            Problem(
                label,
                1,
                f"unknown column(s): {', '.join(extra)} (expected {', '.join(table.columns)})",
            )
        )
    if dupes:
        out.append(Problem(label, 1, f"duplicated column(s): {', '.join(dupes)}"))
    return out, not (missing or dupes)


def _complete_records(
    label: str, width: int, lines: list[int], records: list[list[str]]
) -> tuple[list[int], list[list[str]], list[Problem]]:
    """Records with a cell per column (blank lines skipped; short or long ones reported)."""
    if all(len(cells) == width and cells[0].strip() for cells in records):
        return lines, records, []  # the usual file: nothing to skip
    kept_lines, kept, problems = [], [], []
    for line, cells in zip(lines, records, strict=True):
        if not "".join(cells).strip():
            continue
        if len(cells) != width:
            problems.append(Problem(label, line, f"expected {width} cells, found {len(cells)}"))
            continue
        kept_lines.append(line)
        kept.append(cells)
    return kept_lines, kept, problems


def read_columns(
    path: Path, table: Table | None = None
) -> tuple[Table | None, Columns, list[Problem]]:
    """Read one curated CSV, typed, column by column; returns (table, columns, problems)."""
    with paused_gc():
        return _read_columns(path, table)


def _read_columns(path: Path, table: Table | None) -> tuple[Table | None, Columns, list[Problem]]:
    label = str(path)
    try:
        text, notes = read_text(path)
        fast = split_columns(text)
        if fast:
            header, cells_by_column = fast
            lines = list(range(2, len(cells_by_column[0]) + 2))
        else:
            header, lines, records = split_records(text, path)
    except HzError as e:
        known = table or TABLES.get(path.name)
        return table, Columns.empty(known), [Problem(label, e.line or 1, e.message)]
    problems = [Problem(label, 1, f"{n} (harmless; accepted)", is_error=False) for n in notes]
    table = table or table_for(path, header)
    if table is None:
        known = ", ".join(TABLES)
        return (
            None,
            Columns.empty(None),
            [Problem(label, 1, f"unknown table: the header matches none of {known}")],
        )
    found, readable = _header_problems(label, table, header)
    problems += found
    if not readable:
        return table, Columns.empty(table), problems
    codes = cache(registry_codes)  # the registry, read once per file if a column needs it
    if not fast:
        lines, records, short = _complete_records(label, len(header), lines, records)
        problems += short
        cells_by_column = [list(c) for c in zip(*records, strict=True)] if records else []
    data = {}
    for f in table.fields:
        raw = cells_by_column[header.index(f.name)] if lines and f.name in header else None
        raw = raw if raw is not None else [""] * len(lines)
        data[f.name], faults = typed_column(f, raw, codes)
        if faults:
            problems += [
                Problem(label, line, faults[cell])
                for line, cell in zip(lines, raw, strict=True)
                if cell in faults
            ]
    keys = list(zip(*(data[k] for k in table.primary_key), strict=True))
    problems += _duplicate_keys(label, table, lines, keys)
    return table, Columns(lines, data), problems


def read_table(
    path: Path, table: Table | None = None
) -> tuple[Table | None, list[dict], list[Problem]]:
    """Read one curated CSV, typed; returns (table, rows with ``_line``, problems)."""
    table, columns, problems = read_columns(path, table)
    with paused_gc():
        return table, columns.rows(), problems


def registry_codes() -> dict[str, tuple[str, ...]]:
    """Registry codes by use: "area" (figures may name it) and "unit" (any issuing unit)."""
    from .areas import load_areas  # the registry is read with read_table: imported on use

    areas = load_areas()
    return {
        "unit": tuple(areas),
        "area": tuple(c for c, a in areas.items() if a.level != "functional_zone"),
    }


def _duplicate_keys(label: str, table: Table, lines: list[int], keys: list[tuple]) -> list[Problem]:
    if len(set(keys)) == len(keys):
        return []
    seen: dict[tuple, int] = {}
    out = []
    for line, key in zip(lines, keys, strict=True):
        if key in seen:
            shown = ", ".join(f"{k}={v}" for k, v in zip(table.primary_key, key, strict=True))
            out.append(Problem(label, line, f"duplicate key ({shown}); first at line {seen[key]}"))
        else:
            seen[key] = line
    return out
