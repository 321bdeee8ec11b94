"""Source specs: one YAML per source, loaded with line numbers kept for every complaint.

A *document* (kept whole in data/raw/) has a raw file, cleaning steps and extraction patterns
(``figures:``). A *cited page* (never copied) has its address, grade and where its figures stand,
and its figures as printed (``cited:``), plus any gap it states to another area (``gaps:``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..dataset.csvio import decode_utf8
from ..errors import HzError
from .textclean import STEPS

SOURCE_KEYS = {
    "source_id",
    "district",
    "title",
    "published",
    "raw_file",
    "doc_type",
    "issuer",
    "covers",
    "admin_unit",
    "boundary",
    "comparable_from",
    "original_script",
    "notes",
    "status",
    "unit",
}
CITED_SOURCE_KEYS = (SOURCE_KEYS - {"raw_file"}) | {
    "address",
    "access",
    "publisher",
    "read_on",
    "where",
}
OPTIONAL_SOURCE_KEYS = {"notes", "status", "unit"}
FIGURE_KEYS = {
    "indicator",
    "year",
    "kind",
    "period",
    "qualifier",
    "unit",
    "pattern",
    "note",
    "status",
}
CITED_KEYS = {
    "label",
    "printed",
    "indicator",
    "year",
    "kind",
    "period",
    "qualifier",
    "note",
    "status",
    "revised",
    "district",
}
GAP_KEYS = {"indicator", "year", "versus", "printed", "note"}
SPEC_KEYS = {"source", "clean", "figures", "tables", "cited", "gaps"}


BOOKKEEPING = ("__line__", "__keylines__")


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records the line of every mapping under the key ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__keylines__"] = {
        key.value: key.start_mark.line + 1 for key, _ in node.value if hasattr(key, "value")
    }
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path) -> dict:
    """Read a YAML mapping, with ``__line__`` in each mapping; malformed YAML is an ``HzError``."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise HzError(f"cannot read: {e.strerror}", path) from None
    text = decode_utf8(data, path, "save it as UTF-8")
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise HzError(f"malformed YAML: {what}", path, line) from None
    if not isinstance(data, dict):
        raise HzError("expected a YAML mapping at the top level", path, 1)
    return data


def strip_lines(obj: object) -> object:
    """A copy of ``obj`` without the ``__line__`` bookkeeping keys."""
    if isinstance(obj, dict):
        return {k: strip_lines(v) for k, v in obj.items() if k not in BOOKKEEPING}
    if isinstance(obj, list):
        return [strip_lines(v) for v in obj]
    return obj


@dataclass(frozen=True)
class Spec:
    """A parsed source spec."""

    path: Path
    source: dict
    clean: list
    figures: list[dict]
    tables: dict
    cited: list[dict] = field(default_factory=list)
    gaps: list[dict] = field(default_factory=list)

    @property
    def source_id(self) -> str:
        """The source's id."""
        return self.source["source_id"]

    @property
    def is_cited(self) -> bool:
        """True for a cited web page (no raw file: its figures are recorded as printed)."""
        return "address" in self.source


def _unknown(keys: set, allowed: set, where: str, path: Path, line: int) -> None:
    extra = sorted(k for k in keys - allowed if k not in BOOKKEEPING)
    if extra:
        raise HzError(
            f"unknown key(s) {', '.join(extra)} in {where}; allowed: {', '.join(sorted(allowed))}",
            path,
            line,
        )


def load_spec(path: Path) -> Spec:
    """Load and check the shape of one source spec."""
    data = load_yaml(path)
    _unknown(set(data), SPEC_KEYS, "the spec", path, 1)
    source = data.get("source")
    if not isinstance(source, dict):
        raise HzError("missing `source:` mapping (source_id, district, title, ...)", path, 1)
    keys = CITED_SOURCE_KEYS if "address" in source else SOURCE_KEYS
    _unknown(set(source), keys, "`source`", path, source["__line__"])
    missing = sorted(keys - OPTIONAL_SOURCE_KEYS - set(source))
    if missing:
        raise HzError(f"`source` lacks {', '.join(missing)}", path, source["__line__"])
    if "address" in source and (data.get("figures") or data.get("clean")):
        raise HzError(
            "a cited page has no raw text: record its figures under `cited:` (label, printed, "
            "indicator, year, kind), not as `figures:` patterns",
            path,
            source["__line__"],
        )
    steps = data.get("clean") or []
    if not isinstance(steps, list):
        raise HzError("`clean` must be a list of step names", path, 1)
    for step in steps:
        name = step if isinstance(step, str) else next(k for k in step if k not in BOOKKEEPING)
        if name not in STEPS:
            line = step.get("__line__", 1) if isinstance(step, dict) else 1
            raise HzError(f"unknown cleaning step {name!r}; known: {', '.join(STEPS)}", path, line)
    figures = data.get("figures") or []
    if not isinstance(figures, list):
        raise HzError("`figures` must be a list", path, 1)
    for fig in figures:
        if not isinstance(fig, dict):
            raise HzError(
                "each figure must be a mapping (indicator, year, kind, pattern, ...)", path, 1
            )
        _unknown(set(fig), FIGURE_KEYS, "a figure", path, fig["__line__"])
        lack = sorted({"indicator", "year", "kind", "pattern"} - set(fig))
        if lack:
            raise HzError(f"figure lacks {', '.join(lack)}", path, fig["__line__"])
    cited = _entries(
        data, "cited", CITED_KEYS, {"label", "printed", "indicator", "year", "kind"}, path
    )
    gaps = _entries(data, "gaps", GAP_KEYS, {"indicator", "year", "versus", "printed"}, path)
    return Spec(
        path,
        strip_lines(source),
        strip_lines(steps),
        figures,
        strip_lines(data.get("tables") or {}),
        cited,
        gaps,
    )


def _entries(data: dict, key: str, allowed: set, needed: set, path: Path) -> list[dict]:
    """The mappings listed under ``key``, each checked for unknown and missing keys."""
    entries = data.get(key) or []
    if not isinstance(entries, list):
        raise HzError(f"`{key}` must be a list", path, 1)
    for entry in entries:
        if not isinstance(entry, dict):
            raise HzError(f"each entry of `{key}` must be a mapping", path, 1)
        _unknown(set(entry), allowed, f"an entry of `{key}`", path, entry["__line__"])
        lack = sorted(needed - set(entry))
        if lack:
            raise HzError(f"entry of `{key}` lacks {', '.join(lack)}", path, entry["__line__"])
    return entries


def load_specs(folder: Path) -> list[Spec]:
    """All specs in ``folder``, sorted by file name; duplicate source ids are an error."""
    specs = [load_spec(p) for p in sorted(folder.glob("*.yaml"))]
    seen: dict[str, Path] = {}
    for s in specs:
        if s.source_id in seen:
            raise HzError(
                f"source_id {s.source_id!r} is also used by {seen[s.source_id].name}",
                s.path,
                1,
            )
        seen[s.source_id] = s.path
    if not specs:
        raise HzError("no source specs (*.yaml) found", folder)
    return specs
