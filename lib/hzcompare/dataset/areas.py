"""The area registry (data/units.csv): the one place that lists districts and the city.

Validation, loaders, params, the data dictionary and the charts all ask here which areas exist,
their names and colours, and from which year their figures cover today's territory.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .. import paths
from ..errors import HzError, ValidationFailed
from .schema import AREAS_TABLE


@dataclass(frozen=True)
class Area:
    """One row of the registry."""

    code: str
    level: str
    zh: str
    en: str
    parent: str
    colour: str
    current_from: int | None
    history: str

    def comparable(self, year: int) -> bool:
        """True if a figure for ``year`` covers today's territory (no boundary change since)."""
        return self.current_from is None or year >= self.current_from


def registry_path(root: Path | None = None) -> Path:
    """Where the registry lives: data/units.csv."""
    return paths.data_dir(root) / AREAS_TABLE.filename


@cache
def _read(path: Path, _mtime: float) -> dict[str, Area]:
    from .validate import read_table  # validate reads the registry too: imported on use

    _, rows, problems = read_table(path, AREAS_TABLE)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ValidationFailed(errors)
    areas = {
        r["code"]: Area(
            r["code"],
            r["level"],
            r["name_zh"],
            r["name_en"],
            r.get("parent") or "",
            r["colour"],
            r.get("current_from"),
            r["boundary_history"],
        )
        for r in rows
    }
    unknown = sorted({a.parent for a in areas.values() if a.parent and a.parent not in areas})
    if unknown:
        raise HzError(f"parent(s) {', '.join(unknown)} are not codes of the registry", path, 1)
    return areas


def load_areas(path: str | Path | None = None) -> dict[str, Area]:
    """The registry, validated, in file order (re-read when the file changes).

    Example:
        >>> import hzcompare as hz
        >>> area = hz.load_areas()["qiantang"]
        >>> area.en, area.current_from
        ('Qiantang', 2021)
    """
    path = Path(path or registry_path()).resolve()
    if not path.exists():
        raise HzError("area registry not found; it lists every area code the data may use", path)
    return _read(path, path.stat().st_mtime)


def area_codes() -> tuple[str, ...]:
    """Every code figures may use, in registry order (the city first; issuing-only units, such
    as the Qiantang New Area functional zone, are left out: their figures carry the successor's)."""
    return tuple(c for c, a in load_areas().items() if a.level != "functional_zone")


def area(code: str) -> Area:
    """One area; an unknown code is an ``HzError`` that lists the known ones."""
    areas = load_areas()
    if code not in areas:
        raise HzError(f"unknown area {code!r}; known: {', '.join(areas)}")
    return areas[code]
