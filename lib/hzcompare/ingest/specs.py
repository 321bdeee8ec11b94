"""Source specs: one YAML per source, loaded with line numbers kept for every complaint.

A *document* (kept whole in data/raw/) has a raw file, cleaning steps and extraction patterns
(``figures:``). A *cited page* (never copied) has its address, grade and where its figures stand,
and its figures as printed (``cited:``), plus any gap it states to another area (``gaps:``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..dataset.safe_yaml import BOOKKEEPING, load_yaml, strip_lines
from ..errors import HzError
from .spec_fields import (
    CITED,
    CITED_SOURCE,
    DOCUMENT_SOURCE,
    FIGURE,
    GAP,
    OPTIONAL_SOURCE,
    check_steps,
    typed_entry,
    typed_table_rules,
)

SPEC_KEYS = {"source", "clean", "figures", "tables", "cited", "gaps"}


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
    source_lines: dict[str, int] = field(default_factory=dict)  # line of each source key

    def line_of(self, key: str) -> int:
        """The line of a ``source:`` key in the spec file (else 1)."""
        return self.source_lines.get(key, 1)

    @property
    def source_id(self) -> str:
        """The source's id."""
        return self.source["source_id"]

    @property
    def is_cited(self) -> bool:
        """True for a cited web page (no raw file: its figures are recorded as printed)."""
        return "address" in self.source


def load_spec(path: Path) -> Spec:
    """Load one source spec, every value typed by its declared field (``spec_fields``)."""
    data = load_yaml(path)
    extra = sorted(k for k in data if k not in SPEC_KEYS and k not in BOOKKEEPING)
    if extra:
        raise HzError(
            f"unknown key(s) {', '.join(extra)} in the spec; "
            f"allowed: {', '.join(sorted(SPEC_KEYS))}",
            path,
            data["__keylines__"][extra[0]],
        )
    raw_source = data.get("source")
    if not isinstance(raw_source, dict):
        raise HzError("missing `source:` mapping (source_id, district, title, ...)", path, 1)
    cited_page = "address" in raw_source
    fields = CITED_SOURCE if cited_page else DOCUMENT_SOURCE
    source = typed_entry(raw_source, fields, path, "`source`")
    missing = sorted(set(fields) - OPTIONAL_SOURCE - set(source))
    if missing:
        raise HzError(f"`source` lacks {', '.join(missing)}", path, source["__line__"])
    if cited_page and (data.get("figures") or data.get("clean") or data.get("tables")):
        raise HzError(
            "a cited page has no raw text: record its figures under `cited:` (label, printed, "
            "indicator, year, kind), not as `figures:` patterns",
            path,
            source["__line__"],
        )
    tables = data.get("tables") or {}
    if not isinstance(tables, dict):
        raise HzError("`tables` must be a mapping of table names to their rules", path, 1)
    return Spec(
        path,
        strip_lines(source),
        check_steps(data.get("clean") or [], path),
        _entries(data, "figures", FIGURE, {"indicator", "year", "kind", "pattern"}, path),
        {
            name: typed_table_rules(cfg, name, path)
            for name, cfg in tables.items()
            if name not in BOOKKEEPING
        },
        _entries(data, "cited", CITED, {"label", "printed", "indicator", "year", "kind"}, path),
        _entries(data, "gaps", GAP, {"indicator", "year", "versus", "printed"}, path),
        source["__keylines__"],
    )


def _entries(data: dict, key: str, fields: dict, needed: set, path: Path) -> list[dict]:
    """The mappings listed under ``key``, each typed and checked for missing keys."""
    entries = data.get(key) or []
    if not isinstance(entries, list):
        raise HzError(f"`{key}` must be a list", path, data["__keylines__"].get(key, 1))
    out = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise HzError(
                f"each entry of `{key}` must be a mapping ({', '.join(sorted(needed))}, ...)",
                path,
                data["__keylines__"].get(key, 1),
            )
        typed = typed_entry(entry, fields, path, f"an entry of `{key}`")
        lack = sorted(needed - set(typed))
        if lack:
            raise HzError(f"entry of `{key}` lacks {', '.join(lack)}", path, entry["__line__"])
        out.append(typed)
    return out


def load_specs(folder: Path) -> list[Spec]:
    """All specs in ``folder``, sorted by file name; duplicate source ids are an error."""
    specs = [load_spec(paths.inside(folder, p.name, p)) for p in sorted(folder.glob("*.yaml"))]
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
