"""What each entry of a source spec may hold, declared once from the curated schema, and the
typing of its text values (the one parser of ``dataset.values``, the same checks as validate).

Every scalar of a spec arrives as text (``safe_yaml``); here it becomes the declared type or a
``FILE:LINE:`` error at its key: ``year: 2022.7``, ``revised: "no"``, an unknown district or a
control character never reach the curated tables.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path

from ..dataset import patterns
from ..dataset.safe_yaml import BOOKKEEPING
from ..dataset.schema import INDICATORS_TABLE, SOURCES, STATED_GAPS_TABLE, STATUSES, Field
from ..dataset.typed import check_cell, registry_codes
from ..dataset.values import parse_bool, parse_int
from ..errors import HzError
from .textclean import STEPS


def _from(table: object, *names: str) -> dict[str, Field]:
    return {n: table.field(n) for n in names}


_TEXT = "str"
_STATUS = Field("status", "str", "How final the figures are.", allowed=STATUSES)
# A file name in data/raw/ (the path guard checks it stays there).
RAW_FILE = Field(
    "raw_file",
    "str",
    "The raw file's name in data/raw/.",
    pattern=r"[A-Za-z0-9][A-Za-z0-9_.-]{0,119}",
    form="a file name in data/raw/ (letters, digits, _ . -)",
)
_SOURCE_COMMON = {
    **_from(
        SOURCES,
        "source_id",
        "district",
        "title",
        "published",
        "doc_type",
        "issuer",
        "covers",
        "admin_unit",
        "boundary",
        "comparable_from",
        "original_script",
        "notes",
        "unit",
        "injected",
    ),
    "status": _STATUS,
}
DOCUMENT_SOURCE = {**_SOURCE_COMMON, "raw_file": RAW_FILE}
CITED_SOURCE = {
    **_SOURCE_COMMON,
    **_from(SOURCES, "address", "access", "original", "publisher", "read_on", "where"),
}
OPTIONAL_SOURCE = {"notes", "status", "unit", "injected"}
FIGURE = {
    **_from(INDICATORS_TABLE, "indicator", "year", "kind", "period", "qualifier", "unit", "note"),
    **_from(INDICATORS_TABLE, "scope"),
    "status": _STATUS,
    "pattern": Field("pattern", "regex", "A regular expression with a (?P<value>...) group."),
}
CITED = {
    **_from(INDICATORS_TABLE, "indicator", "year", "kind", "period", "qualifier", "note"),
    **_from(INDICATORS_TABLE, "revised", "district", "scope"),
    "status": _STATUS,
    "label": Field("label", _TEXT, "The page's label, as printed."),
    "printed": Field("printed", _TEXT, "The value as printed (number and unit)."),
}
GAP = {
    **_from(STATED_GAPS_TABLE, "indicator", "year", "versus"),
    "printed": Field("printed", _TEXT, "The gap as printed."),
    "note": INDICATORS_TABLE.field("note"),
}


def typed_entry(entry: dict, fields: dict[str, Field], path: Path, where: str) -> dict:
    """``entry`` with each value typed by its field; an unknown key, a list where one value is
    due, or a value its field refuses is an ``HzError`` at that key's line."""
    lines = entry.get("__keylines__", {})
    line = entry.get("__line__", 1)
    extra = sorted(k for k in entry if k not in fields and k not in BOOKKEEPING)
    if extra:
        raise HzError(
            f"unknown key(s) {', '.join(extra)} in {where}; allowed: {', '.join(sorted(fields))}",
            path,
            lines.get(extra[0], line),
        )
    out: dict = {"__line__": line, "__keylines__": lines}
    for key, raw in entry.items():
        if key in BOOKKEEPING:
            continue
        at = lines.get(key, line)
        if not isinstance(raw, str):
            raise HzError(f"{key} in {where} must be one value, not a list or mapping", path, at)
        value, fault = check_cell(fields[key], raw, registry_codes)
        if fault:
            raise HzError(f"{where}: {fault}", path, at)
        if value is not None:
            out[key] = value
    return out


def result_status(entry: dict, spec_status: str, path: Path) -> str | None:
    """A figure's status: a result's own or its source's (default final); a target has none."""
    if entry["kind"] == "target":
        if "status" in entry:
            raise HzError(
                "a target has no status (it is set, not measured): remove status here",
                path,
                entry["__keylines__"].get("status", entry["__line__"]),
            )
        return None
    return entry.get("status", spec_status)


def text_list(raw: object, what: str, path: Path, line: int) -> list[str]:
    """A list of text values (patterns, names); anything else is an error at ``line``."""
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise HzError(f"{what} must be a list of text values", path, line)
    return raw


def check_pattern(pattern: str, what: str, path: Path, line: int) -> str:
    """``pattern`` if it compiles (``patterns``, the engine that runs it), or an error."""
    try:
        return patterns.check(pattern, what)
    except ValueError as e:
        raise HzError(str(e), path, line) from None


def check_steps(steps: object, path: Path) -> list:
    """The ``clean:`` steps: known names, each with exactly its arguments (lists of patterns)."""
    if not isinstance(steps, list):
        raise HzError("`clean` must be a list of step names", path, 1)
    out: list = []
    for step in steps:
        if isinstance(step, str):
            name, args, line = step, {}, 1
        elif isinstance(step, dict) and len([k for k in step if k not in BOOKKEEPING]) == 1:
            line = step["__line__"]
            name = next(k for k in step if k not in BOOKKEEPING)
            args = step[name] if isinstance(step[name], dict) else None
            if args is None:
                raise HzError(f"the arguments of step {name!r} must be a mapping", path, line)
        else:
            raise HzError("each cleaning step is a name or {name: {argument: ...}}", path, 1)
        if name not in STEPS:
            raise HzError(f"unknown cleaning step {name!r}; known: {', '.join(STEPS)}", path, line)
        wanted = list(inspect.signature(STEPS[name]).parameters)[1:]
        given = sorted(k for k in args if k not in BOOKKEEPING)
        if given != sorted(wanted):
            raise HzError(
                f"step {name!r} takes {', '.join(wanted) or 'no arguments'} "
                f"(found {', '.join(given) or 'none'})",
                path,
                line,
            )
        kwargs = {}
        for key in given:
            kwargs[key] = text_list(args[key], f"{name}: {key}", path, line)
            for pattern in kwargs[key]:
                check_pattern(pattern, f"{name}: pattern", path, line)
        out.append({name: kwargs, "__line__": line} if kwargs else name)
    return out


def typed_table_rules(cfg: object, name: str, path: Path) -> dict:
    """A task table's rules (``tables:`` of a spec) with their declared types."""
    if not isinstance(cfg, dict):
        raise HzError(f"table {name!r} must be a mapping of rules", path, 1)
    line = cfg["__line__"]
    lines = cfg.get("__keylines__", {})
    known: dict[str, Callable] = {
        "parser": str,
        "area_pattern": str,
        "unit_pattern": str,
        "leader_pattern": str,
        "report_month": str,
        "headline_links": dict,
        "unit_aliases": dict,
        "overrides": list,
    }
    out: dict = {}
    for key, raw in cfg.items():
        if key in BOOKKEEPING:
            continue
        at = lines.get(key, line)
        if key not in known:
            raise HzError(
                f"table {name!r}: unknown rule {key!r}; known: {', '.join(known)}", path, at
            )
        if not isinstance(raw, known[key]):
            raise HzError(f"table {name!r}: {key} has the wrong shape", path, at)
        try:
            if key.endswith("_pattern"):
                out[key] = check_pattern(raw, key, path, at)
            elif key == "report_month":
                out[key] = parse_int(raw, key, 1, 12)
            elif key == "headline_links":
                allowed = INDICATORS_TABLE.field("indicator").allowed or ()
                out[key] = {parse_int(k, "task number", 1, 10_000): v for k, v in _pairs(raw)}
                bad = [v for v in out[key].values() if v not in allowed]
                if bad:
                    raise ValueError(f"unknown indicator(s) {', '.join(map(repr, bad))}")
            elif key == "unit_aliases":
                out[key] = dict(_pairs(raw))
            elif key == "overrides":
                out[key] = [_override(o, path) for o in raw]
            else:
                out[key] = raw
        except ValueError as e:
            raise HzError(f"table {name!r}: {e}", path, at) from None
    return out


def _pairs(mapping: dict) -> list[tuple[str, str]]:
    pairs = [(k, v) for k, v in mapping.items() if k not in BOOKKEEPING]
    if not all(isinstance(v, str) for _, v in pairs):
        raise ValueError("each value must be text")
    return pairs


def _override(raw: object, path: Path) -> dict:
    """One reviewer override: {task, target, progress, reason} or {task, not_measurable, reason}."""
    if not isinstance(raw, dict):
        raise ValueError("each override is a mapping (task, target, progress, reason)")
    line = raw["__line__"]
    allowed = {"task", "target", "progress", "reason", "not_measurable", "unit"}
    extra = sorted(k for k in raw if k not in allowed and k not in BOOKKEEPING)
    if extra or not all(isinstance(raw[k], str) for k in raw if k not in BOOKKEEPING):
        raise HzError(
            f"an override holds {', '.join(allowed)} as single values (found {extra or 'a list'})",
            path,
            line,
        )
    out = {k: v for k, v in raw.items() if k not in BOOKKEEPING}
    out["__line__"] = line
    out["task"] = parse_int(raw.get("task"), "override task", 1, 10_000)
    if "not_measurable" in out:
        if not parse_bool(out["not_measurable"], "not_measurable"):
            raise HzError("not_measurable: write true, or leave the key out", path, line)
        out["not_measurable"] = True
    for side in ("target", "progress"):
        if side in out:
            check_pattern(out[side], f"override {side}", path, line)
    return out
