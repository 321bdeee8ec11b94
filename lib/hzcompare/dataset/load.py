"""Loaders for notebooks and researchers: validated, typed DataFrames of the curated tables."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import HzError, ValidationFailed
from .areas import area_codes
from .schema import INDICATORS, INDICATORS_TABLE, SOURCES, TASKS_TABLE, Table
from .validate import check_file, source_index

_PANDAS_TYPES = {"str": "string", "int": "Int64", "float": "Float64", "bool": "boolean"}


def _frame(table: Table, rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame([{c: r.get(c) for c in table.columns} for r in rows], columns=table.columns)
    return df.astype({f.name: _PANDAS_TYPES[f.dtype] for f in table.fields})


@lru_cache(maxsize=8)
def _load(curated: Path, filename: str, _mtime: float) -> pd.DataFrame:
    path = curated / filename
    if not path.exists():
        raise HzError(f"{filename} not found; run `hzcompare curate`", path)
    problems = []
    index = source_index(curated, problems)
    table, rows, more = check_file(path, index)
    problems = [p for p in problems + more if p.is_error]
    if problems:
        raise ValidationFailed(problems)
    return _frame(table, rows)


def _table(filename: str, curated: Path | None) -> pd.DataFrame:
    curated = (curated or paths.curated_dir()).resolve()
    path = curated / filename
    mtime = path.stat().st_mtime if path.exists() else 0.0
    return _load(curated, filename, mtime).copy()


def _as_set(value: str | int | Iterable | None) -> set | None:
    if value is None:
        return None
    if isinstance(value, (str, int)):
        return {value}
    return set(value)


def load_indicators(
    district: str | Iterable[str] | None = None,
    indicator: str | Iterable[str] | None = None,
    year: int | Iterable[int] | None = None,
    kind: str | None = None,
    curated: Path | None = None,
    period: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """indicators.csv, validated (schema and provenance) and typed, optionally filtered.

    ``period`` filters FY / H1 / M1-N; partial-year rows are progress, not the year's result.
    """
    df = _table(INDICATORS_TABLE.filename, curated)
    for col, want, known in (
        ("district", _as_set(district), area_codes()),
        ("indicator", _as_set(indicator), tuple(INDICATORS)),
        ("kind", _as_set(kind), ("actual", "target")),
    ):
        if want is None:
            continue
        unknown = sorted(str(w) for w in want if w not in known)
        if unknown:
            raise HzError(f"unknown {col} {', '.join(unknown)}; known: {', '.join(known)}")
        df = df[df[col].isin(want)]
    periods = _as_set(period)
    if periods is not None:
        df = df[df["period"].isin(periods)]
    years = _as_set(year)
    if years is not None:
        df = df[df["year"].isin(years)]
    return df.reset_index(drop=True)


def load_sources(curated: Path | None = None) -> pd.DataFrame:
    """sources.csv, validated and typed (raw checksums checked)."""
    return _table(SOURCES.filename, curated)


def load_tasks(curated: Path | None = None) -> pd.DataFrame:
    """The Qiantang 2023 key-task table, validated and typed."""
    return _table(TASKS_TABLE.filename, curated)
