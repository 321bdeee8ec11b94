"""Check curated files against the schema and their provenance; used by ``validate`` and loaders.

Every problem is reported (not only the first) as ``FILE:LINE: message``, the header being line 1.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter
from pathlib import Path

from ..errors import HzError, Problem
from .csvio import read_records
from .numbers import shows_value
from .printed import check_cited, split_quote
from .schema import AREAS_TABLE as TABLES_REGISTRY
from .schema import INDICATORS, QUALIFIER_RULES, TABLES, Field, Table

_BOOL = {"true": True, "false": False}


@cache
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def convert(field: Field, raw: str) -> str | int | float | bool | None:
    """A cell converted to the field's type; raises ``ValueError`` with a readable reason."""
    if raw == "":
        return None
    if field.dtype == "int":
        if not _regex(r"-?\d+").fullmatch(raw):
            raise ValueError(f"{field.name} must be a whole number (found {raw!r})")
        return int(raw)
    if field.dtype == "float":
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"{field.name} must be a number (found {raw!r})") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"{field.name} must be a finite number (found {raw!r})")
        return value
    if field.dtype == "bool":
        if raw.lower() not in _BOOL:
            raise ValueError(f"{field.name} must be true or false (found {raw!r})")
        return _BOOL[raw.lower()]
    return raw


def table_for(path: Path, header: list[str]) -> Table | None:
    """The declared table of a file: by its name, else by its header."""
    if path.name in TABLES:
        return TABLES[path.name]
    return next((t for t in TABLES.values() if set(t.columns) <= set(header)), None)


def read_table(
    path: Path, table: Table | None = None
) -> tuple[Table | None, list[dict], list[Problem]]:
    """Read one curated CSV, typed; returns (table, rows with ``_line``, problems)."""
    label = str(path)
    try:
        header, records, notes = read_records(path)
    except HzError as e:
        return table, [], [Problem(label, e.line or 1, e.message)]
    accepted = [Problem(label, 1, f"{n} (harmless; accepted)", is_error=False) for n in notes]
    table = table or table_for(path, header)
    if table is None:
        return (
            None,
            [],
            [Problem(label, 1, f"unknown table: the header matches none of {', '.join(TABLES)}")],
        )
    problems = accepted
    missing = [c for c in table.columns if c not in header and table.field(c).required]
    extra = [c for c in header if c not in table.columns]
    dupes = sorted({c for c in header if header.count(c) > 1})
    if missing:
        problems.append(Problem(label, 1, f"missing column(s): {', '.join(missing)}"))
    if extra:
        problems.append(
            Problem(
                label,
                1,
                f"unknown column(s): {', '.join(extra)} (expected {', '.join(table.columns)})",
            )
        )
    if dupes:
        problems.append(Problem(label, 1, f"duplicated column(s): {', '.join(dupes)}"))
    if missing or dupes:
        return table, [], problems
    rows = []
    codes: dict[str, tuple[str, ...]] = {}  # the registry's codes, read once per file if needed
    columns = [(f, header.index(f.name) if f.name in header else None) for f in table.fields]
    # A cell that passed its checks once passes again: codes, periods, years and flags repeat.
    repeats = {i for i, (f, _) in enumerate(columns) if f.allowed or f.registry or f.pattern} | {
        i for i, (f, _) in enumerate(columns) if f.dtype in ("int", "bool")
    }
    passed: dict[tuple[int, str], object] = {}
    for line, cells in records:
        if not "".join(cells).strip():
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(label, line, f"expected {len(header)} cells, found {len(cells)}")
            )
            continue
        row: dict = {"_line": line}
        for i, (f, col) in enumerate(columns):
            value = cells[col] if col is not None else ""
            if (i, value) in passed:
                row[f.name] = passed[(i, value)]
                continue
            try:
                row[f.name] = convert(f, value)
            except ValueError as e:
                problems.append(Problem(label, line, str(e)))
                row[f.name] = None
                continue
            if value == "":
                if f.required:
                    problems.append(Problem(label, line, f"{f.name} is empty"))
                    continue
            elif f.registry and value not in (codes := codes or _area_codes())[f.registry]:
                problems.append(
                    Problem(
                        label,
                        line,
                        f"unknown {f.name} {value!r}: not a code of the area registry "
                        f"data/units.csv (known: {', '.join(codes[f.registry])}); add a row "
                        "there to add an area",
                    )
                )
                continue
            elif f.allowed and value not in f.allowed:
                problems.append(
                    Problem(
                        label, line, f"unknown {f.name} {value!r} (allowed: {', '.join(f.allowed)})"
                    )
                )
                continue
            elif f.pattern and not _regex(f.pattern).fullmatch(value):
                problems.append(
                    Problem(
                        label, line, f"{f.name} {value!r} is not of the form {f.form or f.pattern}"
                    )
                )
                continue
            if i in repeats:
                passed[(i, value)] = row[f.name]
        rows.append(row)
    problems.extend(_check_keys(label, table, rows))
    return table, rows, problems


def _area_codes() -> dict[str, tuple[str, ...]]:
    """Registry codes by use: "area" (figures may name it) and "unit" (any issuing unit)."""
    from .areas import load_areas  # the registry is read with read_table: imported on use

    areas = load_areas()
    return {
        "unit": tuple(areas),
        "area": tuple(c for c, a in areas.items() if a.level != "functional_zone"),
    }


def _check_keys(label: str, table: Table, rows: list[dict]) -> list[Problem]:
    seen: dict[tuple, int] = {}
    out = []
    get_key = itemgetter(*table.primary_key)
    for row in rows:
        key = get_key(row)
        key = key if isinstance(key, tuple) else (key,)
        if key in seen:
            shown = ", ".join(f"{k}={v}" for k, v in zip(table.primary_key, key, strict=True))
            out.append(
                Problem(label, row["_line"], f"duplicate key ({shown}); first at line {seen[key]}")
            )
        else:
            seen[key] = row["_line"]
    return out


@dataclass
class SourceIndex:
    """What the checks need of sources.csv: each source's row and its clean text (documents)."""

    rows: dict[str, dict] = field(default_factory=dict)
    texts: dict[str, str | None] = field(default_factory=dict)

    def is_cited(self, source_id: str) -> bool:
        """True for a cited web page (its quotes are label + printed value, re-parsed)."""
        return bool(self.rows.get(source_id, {}).get("address"))


def _check_cited_quote(label: str, row: dict) -> list[Problem]:
    """A cited row's quote is its label and printed value: parsed again, it must give the value."""
    line, quote = row["_line"], row.get("quote") or ""
    try:
        page_label, printed = split_quote(quote)
        value = check_cited(page_label, printed, row["indicator"], row["qualifier"])
    except ValueError as e:
        return [Problem(label, line, f"cited quote {quote[:40]!r}: {e}")]
    if row.get("value") is not None and abs(value - row["value"]) > 1e-9 * max(1, abs(value)):
        return [
            Problem(label, line, f"value {row['value']:g} is not the printed {printed} ({value:g})")
        ]
    return []


def check_indicator_row(label: str, row: dict, index: SourceIndex) -> list[Problem]:
    """Unit, range and provenance checks of one indicators.csv row."""
    out, line = [], row["_line"]
    texts = index.texts
    ind = INDICATORS.get(row.get("indicator") or "")
    value = row.get("value")
    if ind and row.get("unit") and row["unit"] != ind.unit:
        out.append(Problem(label, line, f"{ind.code} is stated in {ind.unit}, not {row['unit']}"))
    if ind and value is not None and not ind.low <= value <= ind.high:
        out.append(
            Problem(
                label,
                line,
                f"implausible {ind.code} {value:g} {ind.unit} (expected "
                f"{ind.low:g} to {ind.high:g}); check the decimal point",
            )
        )
    sid, quote = row.get("source_id"), row.get("quote") or ""
    if sid is not None and sid not in texts:
        out.append(Problem(label, line, f"source_id {sid!r} has no row in sources.csv"))
        return out
    if sid is not None and index.is_cited(sid):
        return out + (_check_cited_quote(label, row) if row.get("indicator") in INDICATORS else [])
    if sid is not None and texts[sid] is not None and quote and quote not in texts[sid]:
        out.append(Problem(label, line, f"quote not found in text/{sid}.txt: {quote[:40]!r}"))
    if quote and value is not None and not shows_value(quote, value):
        out.append(Problem(label, line, f"quote does not show the value {value:g}"))
    rule = QUALIFIER_RULES.get(row.get("qualifier") or "none")
    markers = rule.words if rule else ()
    if quote and markers and not any(m in quote for m in markers):
        out.append(
            Problem(
                label,
                line,
                f"qualifier {row['qualifier']} but the quote has none of {', '.join(markers)}",
            )
        )
    return out


def _check_source_row(label: str, row: dict, folder: Path, index: SourceIndex) -> list[Problem]:
    """A document has its raw file (checksum) and clean text; a cited page its address only."""
    out, line, sid = [], row["_line"], row["source_id"]
    if row.get("address"):
        if row.get("access") == "document" or row.get("raw_file"):
            out.append(
                Problem(
                    label, line, "a cited page is official, reprint or news and has no raw file"
                )
            )
        return out
    if row.get("access") not in (None, "document"):
        out.append(Problem(label, line, f"access {row['access']} needs an address (a cited page)"))
    raw = folder / (row.get("raw_file") or "")
    if not row.get("raw_file") or not raw.is_file():
        out.append(Problem(label, line, f"raw file {row.get('raw_file')!r} not found"))
    elif row.get("sha256") and hashlib.sha256(raw.read_bytes()).hexdigest() != row["sha256"]:
        out.append(
            Problem(
                label,
                line,
                f"{row['raw_file']} does not match its sha256: raw files must not be edited",
            )
        )
    text_path = folder / (row.get("text_file") or "")
    if not row.get("text_file") or not text_path.is_file():
        out.append(
            Problem(
                label, line, f"text file {row.get('text_file')!r} not found; run `hzcompare curate`"
            )
        )
    else:
        try:
            index.texts[sid] = text_path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            out.append(Problem(str(text_path), 1, "clean text is not UTF-8"))
    return out


def source_index(folder: Path, problems: list[Problem]) -> SourceIndex | None:
    """Each source's row and clean text, checking raw checksums on the way (None: no file)."""
    path = folder / "sources.csv"
    if not path.exists():
        return None
    _, rows, probs = read_table(path, TABLES["sources.csv"])
    problems.extend(probs)
    index = SourceIndex()
    for row in rows:
        if not row.get("source_id"):
            continue
        index.rows[row["source_id"]] = row
        index.texts[row["source_id"]] = None
        problems.extend(_check_source_row(str(path), row, folder, index))
    return index


def check_file(
    path: Path, index: SourceIndex | None
) -> tuple[Table | None, list[dict], list[Problem]]:
    """One curated CSV read, typed and checked; returns (table, rows, problems).

    ``validate`` and the loaders both call this: one implementation of every check.
    """
    from .crosscheck import check_choices, check_stated_gaps, check_ties

    table, rows, problems = read_table(path)
    label = str(path)
    if table is TABLES["indicators.csv"] and index is not None:
        for row in rows:
            problems.extend(check_indicator_row(label, row, index))
        if not any(p.is_error for p in problems):
            problems.extend(check_choices(label, rows, index.rows))
            problems.extend(check_ties(label, rows))
    elif table is TABLES["indicators.csv"]:
        problems.append(Problem(label, 1, "no sources.csv beside it: provenance not checked"))
    if table is TABLES["stated_gaps.csv"]:
        figures = path.parent / "indicators.csv"
        if figures.exists():
            _, figure_rows, _ = read_table(figures)
            problems.extend(check_stated_gaps(label, rows, figure_rows))
    if table is TABLES["qiantang_2023_tasks.csv"]:
        problems.extend(_check_tasks(label, rows))
    return table, rows, problems


def _check_tasks(label: str, rows: list[dict]) -> list[Problem]:
    out = []
    numbers = sorted(r["task_no"] for r in rows if r.get("task_no") is not None)
    gaps = sorted(set(range(1, (numbers or [0])[-1] + 1)) - set(numbers))
    if gaps:
        out.append(Problem(label, 1, f"task numbers missing: {gaps[:10]}"))
    for r in rows:
        target, done, share = (
            r.get("target_value"),
            r.get("progress_value"),
            r.get("share_of_target"),
        )
        if share is not None and target and done is not None and abs(done / target - share) > 1e-3:
            out.append(
                Problem(
                    label,
                    r["_line"],
                    f"share_of_target {share:g} is not "
                    f"progress_value / target_value ({done / target:.4g})",
                )
            )
    return out


def validate_file(path: Path, index: SourceIndex | None) -> list[Problem]:
    """All problems of one curated CSV (provenance checked when ``index`` is known)."""
    return check_file(path, index)[2]


def _registry_problems() -> list[Problem]:
    from .areas import registry_path

    path = registry_path()
    if not path.exists():
        return [Problem(str(path), 1, "area registry not found")]
    return [p for p in read_table(path, TABLES_REGISTRY)[2] if p.is_error]


def validate_paths(targets: list[Path]) -> list[Problem]:
    """Validate files and folders (a folder: every CSV in it, sources.csv first)."""
    problems: list[Problem] = _registry_problems()
    for target in targets:
        if target.is_dir():
            index = source_index(target, problems)
            for csv_path in sorted(target.glob("*.csv")):
                if csv_path.name != "sources.csv":
                    problems.extend(validate_file(csv_path, index))
            if not any(target.glob("*.csv")):
                problems.append(Problem(str(target), 1, "no CSV files in this folder"))
        elif target.is_file():
            local: list[Problem] = []
            index = source_index(target.parent, local)
            if target.name == "sources.csv":
                problems.extend(local)
            else:
                problems.extend(validate_file(target, index))
        else:
            problems.append(Problem(str(target), 1, "no such file or folder"))
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.message))
