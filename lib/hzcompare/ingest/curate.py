"""``hzcompare curate``: rebuild data/curated/ from data/raw/ and the source specs.

Stages, one job each: raw → clean text (textclean) → figures (extract) and tasks (tasks,
taskstatus); cited pages → figures as printed (cite); the choice rule marks the preferred row of
each figure (choice) → checks (validate, on the staged files) → curated files, moved into place.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from .. import __version__, paths
from ..dataset.choice import choose
from ..dataset.csvio import decode_utf8, to_csv_bytes
from ..dataset.package import datapackage
from ..dataset.schema import (
    AREAS_TABLE,
    DICTIONARY_TABLE,
    INDICATORS_TABLE,
    SOURCE_ID_PATTERN,
    SOURCES,
    STATED_GAPS_TABLE,
    TASKS_TABLE,
    dictionary_rows,
)
from ..errors import HzError, Problem, ValidationFailed
from .cite import cited_figures, stated_gaps
from .extract import extract_figures
from .specs import Spec, load_specs
from .tasks import TableRules, parse_tasks
from .taskstatus import quantify, quantify_override
from .textclean import clean

PACKAGE = "datapackage.json"  # the Frictionless descriptor of the curated tables


def read_raw(path: Path) -> tuple[bytes, str]:
    """The raw bytes and their UTF-8 text; a missing or non-UTF-8 file is an ``HzError``."""
    if path.exists() and not path.is_file():
        raise HzError("not a regular file (a folder, pipe or device): give a text file", path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise HzError(f"cannot read raw file: {e.strerror}", path) from None
    advice = "convert the raw file to UTF-8 (e.g. iconv -f GBK -t UTF-8) before adding it"
    return data, decode_utf8(data, path, advice)


def source_row(spec: Spec, data: bytes | None) -> dict:
    """The sources.csv row of one spec (a cited page has no raw file, text or checksum)."""
    row = dict(spec.source)
    row.setdefault("unit", row["district"])  # the issuing unit, unless the spec names another
    row.setdefault("injected", False)
    if data is None:
        return row
    row["raw_file"] = f"../raw/{spec.source['raw_file']}"
    row["text_file"] = f"text/{spec.source_id}.txt"
    row["sha256"] = hashlib.sha256(data).hexdigest()
    row["access"] = "document"
    return row


def task_rows(spec: Spec, name: str, cfg: dict, text: str) -> list[dict]:
    """Parse one task table of a spec and quantify each task."""
    cfg = dict(cfg)
    cfg["overrides"] = [dict(o) for o in cfg.get("overrides") or []]
    if cfg.pop("parser", None) != "key_tasks":
        raise HzError(f"table {name!r}: only `parser: key_tasks` is known", spec.path)
    try:
        rules = TableRules(**cfg)
    except TypeError as e:  # a missing or unknown rule key
        raise HzError(
            f"table {name!r}: {e}".replace("TableRules.__init__() ", ""), spec.path
        ) from None
    try:
        rows = parse_tasks(text, rules, f"data/curated/text/{spec.source_id}.txt")
    except HzError as e:
        if e.file is not None:
            raise
        raise HzError(f"table {name!r}: {e.message}", spec.path) from None  # a rule's pattern
    overrides = {o["task"]: o for o in rules.overrides}
    for row in rows:
        override = overrides.pop(row["task_no"], None)
        if override is None:
            row.update(quantify(row["target"], row["progress"], rules.report_month))
        else:
            if not override.get("reason"):
                raise HzError(f"override of task {row['task_no']} needs a reason", spec.path)
            try:
                row.update(
                    quantify_override(row["target"], row["progress"], rules.report_month, override)
                )
            except HzError as e:
                raise HzError(e.message, spec.path, override.get("__line__")) from None
            row["review_note"] = override["reason"]
        row["indicator"] = rules.headline_links.get(row["task_no"], "")
    if overrides:
        raise HzError(
            f"overrides name tasks the table does not have: {sorted(overrides)}", spec.path
        )
    return rows


def _from(spec: Spec, rows: list[dict], lines: list[int]) -> list[dict]:
    """``rows``, each marked with the spec file and line it comes from (for messages)."""
    for row, line in zip(rows, lines, strict=True):
        row["_origin"] = (spec.path, line)
    return rows


def build(root: Path, origins: dict | None = None) -> dict[str, bytes]:
    """Every curated file, as bytes, keyed by its path relative to data/curated/.

    ``origins``, if given, is filled with (file, line) of each written row → (spec file, line)
    that produced it, so a problem found in a built file points at the file a person edits.
    """
    files: dict[str, bytes] = {}
    sources, figures, tasks, gaps = [], [], [], []
    for spec in load_specs(paths.specs_dir(root)):
        source = _from(spec, [source_row(spec, None if spec.is_cited else b"")], [1])[0]
        source["_origin"] = (spec.path, spec.line_of("source_id"))
        if spec.is_cited:
            sources.append(source)
            figures.extend(_from(spec, cited_figures(spec), [f["__line__"] for f in spec.cited]))
            gaps.extend(_from(spec, stated_gaps(spec), [g["__line__"] for g in spec.gaps]))
            continue
        # inside data/ itself: a data/raw/ that is a link out of the project is refused too
        raw = paths.inside(
            paths.data_dir(root),
            f"raw/{spec.source['raw_file']}",
            spec.path,
            spec.line_of("raw_file"),
            "raw_file",
        )
        data, raw_text = read_raw(raw)
        try:
            text = clean(raw_text, spec.clean)
        except HzError as e:  # a step's pattern: the spec's file and the step's line
            raise HzError(e.message, spec.path, e.line) from None
        files[f"text/{spec.source_id}.txt"] = text.encode("utf-8")
        sources.append({**source_row(spec, data), "_origin": source["_origin"]})
        figures.extend(
            _from(spec, extract_figures(spec, text), [f["__line__"] for f in spec.figures])
        )
        for name, cfg in spec.tables.items():
            tasks.extend(task_rows(spec, name, cfg, text))
    chosen = {id(r) for r in choose(figures, {s["source_id"]: s for s in sources})}
    for row in figures:
        row["preferred"] = id(row) in chosen
    figures.sort(key=lambda r: tuple(str(r[k]) for k in INDICATORS_TABLE.primary_key))
    files[SOURCES.filename] = to_csv_bytes(SOURCES.columns, sources)
    files[INDICATORS_TABLE.filename] = to_csv_bytes(INDICATORS_TABLE.columns, figures)
    if tasks:
        files[TASKS_TABLE.filename] = to_csv_bytes(TASKS_TABLE.columns, tasks)
    if gaps:
        gaps.sort(key=lambda r: tuple(str(r[k]) for k in STATED_GAPS_TABLE.primary_key))
        files[STATED_GAPS_TABLE.filename] = to_csv_bytes(STATED_GAPS_TABLE.columns, gaps)
    # the registry and the indicator codes travel with the tables that refer to them
    registry = paths.inside(paths.data_dir(root), AREAS_TABLE.filename, what="area registry")
    files[AREAS_TABLE.filename] = read_raw(registry)[0]
    files[DICTIONARY_TABLE.filename] = to_csv_bytes(DICTIONARY_TABLE.columns, dictionary_rows())
    files[PACKAGE] = datapackage(files, sources, __version__)
    if origins is not None:
        for table, rows in (
            (SOURCES, sources),
            (INDICATORS_TABLE, figures),
            (STATED_GAPS_TABLE, gaps),
        ):
            origins.update({(table.filename, i + 2): r["_origin"] for i, r in enumerate(rows)})
    return files


def _stage(root: Path, files: dict[str, bytes], origins: dict) -> Path:
    """Write ``files`` into a staging folder beside data/curated/ and validate them there; a
    problem is reported at the spec file and line that made the row (``origins``)."""
    from ..dataset.validate import (
        validate_paths,  # validate imports schema only; kept lazy for start-up
    )

    curated = paths.curated_dir(root)
    curated.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".curated-staging-", dir=curated.parent))
    for rel, data in files.items():
        (stage / rel).parent.mkdir(parents=True, exist_ok=True)
        (stage / rel).write_bytes(data)
    problems = [_at_origin(p, stage, origins) for p in validate_paths([stage]) if p.is_error]
    if problems:
        shutil.rmtree(stage, ignore_errors=True)
        raise ValidationFailed(problems)
    return stage


def _at_origin(problem: Problem, stage: Path, origins: dict) -> Problem:
    """A problem of a staged file, moved to the spec line that made its row."""
    name = Path(problem.file).name
    origin = origins.get((name, problem.line)) if Path(problem.file).parent == stage else None
    if origin is None:
        return problem
    return Problem(str(origin[0]), origin[1], f"{problem.message} (in {name})")


def _differences(files: dict[str, bytes], curated: Path) -> tuple[list[str], list[Path]]:
    """Files a rebuild would change, and clean texts no spec produces any more (only files
    named as clean texts are: a file of another name there is left alone)."""
    for rel in files:  # written only inside data/curated/, never through a link leading out
        paths.inside(curated.parent, f"{curated.name}/{rel}")
    changed = [
        rel
        for rel, data in sorted(files.items())
        if not (curated / rel).exists() or (curated / rel).read_bytes() != data
    ]
    orphans = [
        p
        for p in sorted(paths.text_dir(curated).glob("*.txt"))
        if f"text/{p.name}" not in files and re.fullmatch(SOURCE_ID_PATTERN, p.stem)
    ]
    return changed, orphans


def curate(root: Path | None = None) -> list[str]:
    """Rebuild data/curated/ (validated before anything is replaced); returns changed files."""
    root = root or paths.project_root()
    origins: dict = {}
    files = build(root, origins)
    curated = paths.curated_dir(root)
    stage = _stage(root, files, origins)
    try:
        changed, orphans = _differences(files, curated)
        for rel in changed:  # each file replaced in one rename (stage is on the same disk)
            (curated / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(stage / rel, curated / rel)
        for orphan in orphans:
            orphan.unlink()
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return changed + [f"text/{p.name} (removed)" for p in orphans]


def check(root: Path | None = None) -> list[str]:
    """Files of data/curated/ that differ from a fresh rebuild (nothing is written)."""
    root = root or paths.project_root()
    files = build(root)
    curated = paths.curated_dir(root)
    changed, orphans = _differences(files, curated)
    return [
        f"{rel}: " + ("differs from a rebuild" if (curated / rel).exists() else "missing")
        for rel in changed
    ] + [f"text/{p.name}: no source spec produces it" for p in orphans]
