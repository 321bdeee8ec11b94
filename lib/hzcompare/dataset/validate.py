"""Check curated files against the schema and their provenance; used by ``validate`` and loaders.

Every problem is reported (not only the first) as ``FILE:LINE: message``, the header being line 1.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .. import paths
from ..errors import HzError, Problem
from .numbers import unshown
from .printed import check_cited, split_quote
from .schema import AREAS_TABLE as TABLES_REGISTRY
from .schema import (
    DOC_TYPES_OF_ORIGINAL,
    INDICATORS,
    OFFICIAL_HOSTS,
    ORIGINALS,
    QUALIFIER_RULES,
    TABLES,
    Table,
)
from .typed import Columns, paused_gc, read_columns, read_table

__all__ = [
    "check_file",
    "read_columns",
    "read_table",
    "source_index",
    "validate_file",
    "validate_paths",
]


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


def _quotes_not_found(index: SourceIndex, sids: list, quotes: list) -> list[int]:
    """Positions of the quotes not in their document's clean text.

    Each search starts where the previous quote of that text was found, then, if need be, from
    the start: quotes are mostly listed in text order, so a text is read about once, not once
    per quote.
    """
    texts, last, out = index.texts, {}, []
    for i, (sid, quote) in enumerate(zip(sids, quotes, strict=True)):
        text = texts.get(sid) if quote else None
        if text is None:
            continue
        start = last.get(sid, 0)
        at = text.find(quote, start)
        if at < 0 and start:
            at = text.find(quote)
        if at < 0:
            out.append(i)
        else:
            last[sid] = at
    return out


def _by_distinct(
    label: str, lines: list[int], keys: list, message: Callable[[object], str | None]
) -> list[Problem]:
    """Problems of a check that depends on a few columns only: run once per distinct key."""
    faults = {k: m for k in set(keys) if (m := message(k))}
    if not faults:
        return []
    return [Problem(label, ln, faults[k]) for ln, k in zip(lines, keys, strict=True) if k in faults]


def _unit_fault(key: tuple) -> str | None:
    code, unit = key
    ind = INDICATORS.get(code or "")
    if ind and unit and unit != ind.unit:
        return f"{ind.code} is stated in {ind.unit}, not {unit}"
    return None


def _range_fault(key: tuple) -> str | None:
    code, value = key
    ind = INDICATORS.get(code or "")
    if ind and value is not None and not ind.low <= value <= ind.high:
        return (
            f"implausible {ind.code} {value:g} {ind.unit} (expected {ind.low:g} to "
            f"{ind.high:g}); check the decimal point"
        )
    return None


def _marker_fault(key: tuple) -> str | None:
    qualifier, quote = key
    rule = QUALIFIER_RULES.get(qualifier or "none")
    if quote and rule and rule.words and not any(w in quote for w in rule.words):
        return f"qualifier {qualifier} but the quote has none of {', '.join(rule.words)}"
    return None


def check_indicator_rows(label: str, figures: Columns, index: SourceIndex) -> list[Problem]:
    """Unit, range and provenance checks of every indicators.csv row, column by column."""
    d, lines = figures.data, figures.lines
    codes, sids, quotes, values = d["indicator"], d["source_id"], d["quote"], d["value"]
    out = _by_distinct(label, lines, list(zip(codes, d["unit"], strict=True)), _unit_fault)
    out += _by_distinct(label, lines, list(zip(codes, values, strict=True)), _range_fault)
    unknown = {s for s in set(sids) if s is not None and s not in index.texts}
    cited = {s for s in set(sids) if s is not None and index.is_cited(s)}
    if unknown or cited:  # such rows get their own checks, not the document ones below
        other = [i for i, s in enumerate(sids) if s in unknown or s in cited]
        for i in other:
            if sids[i] in unknown:
                msg = f"source_id {sids[i]!r} has no row in sources.csv"
                out.append(Problem(label, lines[i], msg))
            elif codes[i] in INDICATORS:
                out += _check_cited_quote(label, figures.row(i))
        keep = sorted(set(range(len(lines))) - set(other))
        lines, codes, sids, quotes, values = (
            [col[i] for i in keep] for col in (lines, codes, sids, quotes, values)
        )
        qualifiers = [d["qualifier"][i] for i in keep]
    else:
        qualifiers = d["qualifier"]
    for i in _quotes_not_found(index, sids, quotes):
        msg = f"quote not found in text/{sids[i]}.txt: {quotes[i][:40]!r}"
        out.append(Problem(label, lines[i], msg))
    for i in unshown(quotes, values):
        out.append(Problem(label, lines[i], f"quote does not show the value {values[i]:g}"))
    if set(qualifiers) - {"none", None}:
        marked = [i for i, q in enumerate(qualifiers) if q not in ("none", None)]
        keys = [(qualifiers[i], quotes[i]) for i in marked]
        out += _by_distinct(label, [lines[i] for i in marked], keys, _marker_fault)
    return out


def check_result_status(label: str, figures: Columns) -> list[Problem]:
    """A result states how final it is; a target is set, not measured, and states none."""
    out = []
    d = figures.data
    for line, kind, status in zip(figures.lines, d["kind"], d["status"], strict=True):
        if kind == "actual" and not status:
            out.append(
                Problem(label, line, "a result needs its status: final, preliminary or estimated")
            )
        elif kind == "target" and status:
            out.append(
                Problem(label, line, f"a target has no status (found {status}): leave it empty")
            )
    return out


def _check_source_row(label: str, row: dict, folder: Path, index: SourceIndex) -> list[Problem]:
    """A document has its raw file (checksum) and clean text; a cited page its address only."""
    out, line, sid = [], row["_line"], row["source_id"]
    original = row.get("original")
    if row.get("address") and original not in ORIGINALS:
        out.append(Problem(label, line, "a cited page names its original: " + ", ".join(ORIGINALS)))
    elif row.get("address") and row.get("access") not in ORIGINALS[original]:
        out.append(
            Problem(
                label,
                line,
                f"a cited {original.replace('_', ' ')} is graded "
                f"{' or '.join(ORIGINALS[original])}, not {row.get('access')} (the grading rule: "
                "the grade follows the original's kind, wherever it is copied)",
            )
        )
    host = urlsplit(row.get("address") or "").hostname or ""
    if row.get("access") == "official" and not host.endswith(OFFICIAL_HOSTS):
        out.append(
            Problem(
                label,
                line,
                f"graded official, but {host or 'its address'} is not a government site "
                f"({', '.join(OFFICIAL_HOSTS)}): a copy elsewhere is a reprint",
            )
        )
    doc_types = DOC_TYPES_OF_ORIGINAL.get(original or "")
    if (
        row.get("address")
        and original in ORIGINALS
        and (
            row.get("doc_type") not in doc_types
            if doc_types
            else row.get("doc_type") in ("news", "summary")
        )
    ):
        out.append(
            Problem(
                label,
                line,
                f"doc_type {row.get('doc_type')} does not fit an original that is "
                f"{original.replace('_', ' ')}"
                + (f" (use {' or '.join(doc_types)})" if doc_types else ""),
            )
        )
    if row.get("address"):
        if row.get("access") == "document" or row.get("raw_file"):
            out.append(
                Problem(
                    label, line, "a cited page (official, reprint, news or summary) has no raw file"
                )
            )
        return out
    if row.get("access") not in (None, "document"):
        out.append(Problem(label, line, f"access {row['access']} needs an address (a cited page)"))
    raw_name, text_name = row.get("raw_file") or "", row.get("text_file") or ""
    raw = _guarded(folder.parent / "raw", raw_name.removeprefix("../raw/"))
    text_path = _guarded(folder / "text", text_name.removeprefix("text/"))
    if raw is None or not raw.is_file():
        out.append(Problem(label, line, f"raw file {raw_name!r} not found inside data/raw/"))
    elif row.get("sha256") and hashlib.sha256(raw.read_bytes()).hexdigest() != row["sha256"]:
        out.append(
            Problem(
                label, line, f"{raw_name} does not match its sha256: raw files must not be edited"
            )
        )
    if text_path is None or not text_path.is_file():
        out.append(
            Problem(
                label,
                line,
                f"text file {text_name!r} not found inside data/curated/text/; "
                "run `hzcompare curate`",
            )
        )
    else:
        try:
            index.texts[sid] = text_path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            out.append(Problem(str(text_path), 1, "clean text is not UTF-8"))
    return out


def _guarded(base: Path, name: str) -> Path | None:
    """``base / name`` if it is given and stays inside ``base`` (the one path guard)."""
    if not name:
        return None
    try:
        return paths.inside(base, name)
    except HzError:
        return None


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
) -> tuple[Table | None, Columns, list[Problem]]:
    """One curated CSV read, typed and checked; returns (table, columns, problems).

    ``validate`` and the loaders both call this: one implementation of every check.
    """
    with paused_gc():  # rows are plain acyclic values: see ``paused_gc``
        return _check_file(path, index)


def _check_file(
    path: Path, index: SourceIndex | None
) -> tuple[Table | None, Columns, list[Problem]]:
    from .crosscheck import check_choices, check_ratio_ties, check_stated_gaps, check_ties

    table, columns, problems = read_columns(path)
    label = str(path)
    if table is TABLES["indicators.csv"] and index is not None:
        problems += check_indicator_rows(label, columns, index)
        if not any(p.is_error for p in problems):
            problems += check_choices(label, columns, index.rows)
            problems += check_ties(label, columns)
            problems += check_ratio_ties(label, columns)
            problems += check_result_status(label, columns)
    elif table is TABLES["indicators.csv"]:
        problems.append(Problem(label, 1, "no sources.csv beside it: provenance not checked"))
    if table is TABLES["stated_gaps.csv"]:
        figures = path.parent / "indicators.csv"
        if figures.exists():
            problems += check_stated_gaps(label, columns.rows(), read_columns(figures)[1])
    if table is TABLES["qiantang_2023_tasks.csv"]:
        problems += _check_tasks(label, columns.rows())
    return table, columns, problems


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
    _, rows, problems = read_table(path, TABLES_REGISTRY)
    problems = [p for p in problems if p.is_error]
    return problems or _palette_problems(str(path), rows)


def _palette_problems(label: str, rows: list[dict]) -> list[Problem]:
    """Areas that can appear in one chart must look apart (a functional zone is drawn as its
    successor, in its colour)."""
    from .palette import too_close

    drawn = {r["code"]: r for r in rows if r["level"] != "functional_zone"}
    colours = {code: r["colour"].upper() for code, r in drawn.items()}
    if not colours:
        return []
    return [
        Problem(label, drawn[second]["_line"], f"colour: {message}; pick another for {second}")
        for _, second, message in too_close(colours)
    ]


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
