"""Loaders for notebooks and researchers: validated, typed DataFrames of the curated tables.

The loaders run the same checks as ``hzcompare validate`` (one implementation: ``check_file``)
and cache the result until any file those checks read changes (the curated tables, the clean
texts, the raw documents and the area registry). Filters take what a notebook naturally passes
(numpy and pandas scalars, strings of digits, lists, ranges); a value that can match no row is
an error that says what is allowed, never a silent empty frame.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import HzError, ValidationFailed
from .areas import area_codes, registry_path
from .schema import (
    INDICATORS,
    INDICATORS_TABLE,
    KINDS,
    PERIOD_PATTERN,
    SOURCES,
    STATED_GAPS_TABLE,
    TASKS_TABLE,
    Table,
)
from .typed import Columns
from .validate import check_file, source_index
from .values import parse_year

_PANDAS_TYPES = {
    "str": "string",
    "int": "Int64",
    "year": "Int64",
    "float": "Float64",
    "bool": "boolean",
}


def _frame(table: Table, columns: Columns) -> pd.DataFrame:
    df = pd.DataFrame({c: columns.data[c] for c in table.columns}, columns=table.columns)
    return df.astype({f.name: _PANDAS_TYPES[f.dtype] for f in table.fields})


@lru_cache(maxsize=8)
def _load(curated: Path, filename: str, _fingerprint: tuple) -> pd.DataFrame:
    path = curated / filename
    if not path.exists():
        raise HzError(f"{filename} not found; run `hzcompare curate`", path)
    problems = []
    index = source_index(curated, problems)
    table, columns, more = check_file(path, index)
    problems = [p for p in problems + more if p.is_error]
    if problems:
        raise ValidationFailed(problems)
    return _frame(table, columns)


def _fingerprint(curated: Path) -> tuple:
    """Size and modification time of every file the checks read."""
    files = [
        *curated.glob("*.csv"),
        *curated.glob("text/*.txt"),
        *(curated.parent / "raw").glob("*"),
        registry_path(),
    ]
    return tuple(
        (str(p), s.st_size, s.st_mtime_ns) for p in sorted(files) if (s := _stat(p)) is not None
    )


def _stat(path: Path) -> object:
    try:
        return path.stat()
    except OSError:
        return None


def _table(filename: str, curated: str | Path | None) -> pd.DataFrame:
    if curated is not None and not isinstance(curated, str | Path):
        raise HzError(f"curated must be a folder's path, str or Path (found {curated!r})")
    curated = Path(curated or paths.curated_dir()).resolve()
    return _load(curated, filename, _fingerprint(curated)).copy()


def _values(name: str, value: object) -> list:
    """A filter value as a list: one scalar (str, int, numpy or pandas) or any iterable."""
    scalar = (
        isinstance(value, str)
        or not isinstance(value, Iterable)
        or getattr(value, "ndim", None) == 0  # a 0-d numpy array holds one value
    )
    values = [value] if scalar else list(value)
    if not values:
        raise HzError(f"{name}=[] matches no row; pass None to keep every {name}")
    return [v.item() if hasattr(v, "item") else v for v in values]  # numpy/pandas scalars


def _years(value: object, known: set[int]) -> set[int]:
    years = set()
    for v in _values("year", value):
        try:
            years.add(parse_year(v))
        except ValueError as e:
            raise HzError(f"{e}; give a year such as 2022") from None
    if not years & known:
        raise HzError(
            f"no figure for year {', '.join(map(str, sorted(years)))}; "
            f"years with figures: {', '.join(map(str, sorted(known)))}"
        )
    return years


def _choose(name: str, value: object, known: Iterable[str], present: set[str]) -> set[str]:
    """The codes a filter names; an unknown code, or a known one with no row, is an error."""
    known = tuple(known)
    wanted = {str(v) for v in _values(name, value)}
    unknown = sorted(w for w in wanted if w not in known)
    if unknown:
        raise HzError(f"unknown {name} {', '.join(unknown)}; known: {', '.join(known)}")
    empty = sorted(wanted - present)
    if empty:
        raise HzError(
            f"no figure for {name} {', '.join(empty)}; {name}s with figures: "
            f"{', '.join(k for k in known if k in present)}"
        )
    return wanted


def load_indicators(
    district: str | Iterable[str] | None = None,
    indicator: str | Iterable[str] | None = None,
    year: int | str | Iterable[int] | None = None,
    kind: str | Iterable[str] | None = None,
    curated: str | Path | None = None,
    period: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """indicators.csv, validated (schema and provenance) and typed, optionally filtered.

    ``period`` filters FY / H1 / M1-N; partial-year rows are progress, not the year's result.
    Every source's row is kept; ``preferred`` marks the one charts and the scorecard use.

    Example:
        >>> import hzcompare as hz
        >>> df = hz.load_indicators(district="qiantang", indicator="gdp_growth", kind="target")
        >>> df[["year", "qualifier", "value"]].values.tolist()[:2]
        [[2021, 'none', 6.5], [2021, 'stretch', 7.0]]
    """
    df = _table(INDICATORS_TABLE.filename, curated)
    for col, value, known in (
        ("district", district, area_codes()),
        ("indicator", indicator, tuple(INDICATORS)),
        ("kind", kind, KINDS),
    ):
        if value is not None:
            df = df[df[col].isin(_choose(col, value, known, set(df[col].dropna())))]
    if period is not None:
        periods = {str(p) for p in _values("period", period)}
        bad = sorted(p for p in periods if not re.fullmatch(PERIOD_PATTERN, p))
        if bad:
            raise HzError(
                f"unknown period {', '.join(bad)}: FY (full year), H1 (first half) or M1-N "
                "(January to month N, N from 2 to 11)"
            )
        present = set(df["period"].dropna())
        if periods - present:
            raise HzError(
                f"no figure for period {', '.join(sorted(periods - present))} among the rows "
                f"chosen; periods with figures: {', '.join(sorted(present))}"
            )
        df = df[df["period"].isin(periods)]
    if year is not None:
        df = df[df["year"].isin(_years(year, set(df["year"].dropna().astype(int)) or {0}))]
    return df.reset_index(drop=True)


def load_sources(curated: str | Path | None = None) -> pd.DataFrame:
    """sources.csv, validated and typed (raw checksums checked).

    Example:
        >>> import hzcompare as hz
        >>> src = hz.load_sources()
        >>> src.set_index("source_id").loc["qiantang_2025_plan_execution", "access"]
        'official'
    """
    return _table(SOURCES.filename, curated)


def load_stated_gaps(curated: str | Path | None = None) -> pd.DataFrame:
    """stated_gaps.csv, validated and typed: gaps a source states between two areas
    (e.g. 高于全市0.4个百分点), which ``hzcompare validate`` checks the preferred figures reproduce.

    Example:
        >>> import hzcompare as hz
        >>> gaps = hz.load_stated_gaps()
        >>> gaps[gaps["district"] == "qiantang"][["year", "versus", "gap"]].values.tolist()
        [[2024, 'hangzhou', 0.4]]
    """
    return _table(STATED_GAPS_TABLE.filename, curated)


def load_tasks(curated: str | Path | None = None) -> pd.DataFrame:
    """The Qiantang 2023 key-task table, validated and typed.

    Example:
        >>> import hzcompare as hz
        >>> tasks = hz.load_tasks()
        >>> len(tasks), tasks["task_no"].is_unique
        (136, True)
    """
    return _table(TASKS_TABLE.filename, curated)
