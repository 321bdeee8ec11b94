"""Pack parameters: one YAML per pack, checked against a schema before any kernel starts."""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import paths
from ..dataset.schema import DISTRICTS
from ..errors import HzError
from ..ingest.specs import BOOKKEEPING, load_yaml, strip_lines

LANGUAGES = ("zh", "en", "both")
SCHEMA = {
    "year": (int, "the report year of the pack, e.g. 2022"),
    "districts": (list, f"a list of districts out of {', '.join(DISTRICTS)}"),
    "language": (str, "label language: zh, en or both"),
    "about_tolerance_pp": ((int, float), "tolerance for 左右 (about) targets, in points"),
    "title": (str, "a title for the pack (optional)"),
}
REQUIRED = ("year", "districts", "language", "about_tolerance_pp")


@dataclass(frozen=True)
class PackParams:
    """Validated parameters of one pack."""

    year: int
    districts: list[str]
    language: str
    about_tolerance_pp: float
    title: str = ""

    def notebook_parameters(self) -> dict:
        """The parameters papermill injects into each notebook."""
        return asdict(self)


def years_with_data(curated: Path | None = None) -> set[int]:
    """Years a pack can be made for: a source was published then, or figures are about it."""
    curated = curated or paths.curated_dir()
    years: set[int] = set()
    try:
        with open(curated / "sources.csv", encoding="utf-8") as fh:
            years |= {int(r["published"][:4]) for r in csv.DictReader(fh)}
        with open(curated / "indicators.csv", encoding="utf-8") as fh:
            years |= {int(r["year"]) for r in csv.DictReader(fh)}
    except (OSError, KeyError, ValueError) as e:
        raise HzError(
            f"cannot read the curated data to check the year ({e}); run "
            "`hzcompare curate` and `hzcompare validate`",
            curated,
        ) from None
    return years


def check_params(data: dict, where: Path) -> PackParams:
    """Check a params mapping (with ``__line__`` keys) and return it typed."""
    keylines = data.get("__keylines__", {})

    def at(key: str) -> int:
        """The line of ``key`` in the file (else of the mapping)."""
        return keylines.get(key, data.get("__line__", 1))

    line = data.get("__line__", 1)
    unknown = sorted(k for k in data if k not in SCHEMA and k not in BOOKKEEPING)
    if unknown:
        raise HzError(
            f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(SCHEMA)}",
            where,
            at(unknown[0]),
        )
    missing = [k for k in REQUIRED if k not in data]
    if missing:
        raise HzError(f"missing key(s) {', '.join(missing)}", where, line)
    for key, (types, meaning) in SCHEMA.items():
        if key in data and (not isinstance(data[key], types) or isinstance(data[key], bool)):
            raise HzError(f"{key} must be {meaning} (found {data[key]!r})", where, at(key))
    bad = [d for d in data["districts"] if d not in DISTRICTS]
    if bad or not data["districts"]:
        raise HzError(
            f"unknown district(s) {bad or '(none given)'}; known: {', '.join(DISTRICTS)}",
            where,
            at("districts"),
        )
    if data["language"] not in LANGUAGES:
        raise HzError(
            f"language must be one of {', '.join(LANGUAGES)} (found {data['language']!r})",
            where,
            at("language"),
        )
    if not 0 <= data["about_tolerance_pp"] <= 5:
        raise HzError(
            "about_tolerance_pp must be between 0 and 5 points (found "
            f"{data['about_tolerance_pp']})",
            where,
            at("about_tolerance_pp"),
        )
    available = years_with_data()
    if data["year"] not in available:
        raise HzError(
            f"no data for year {data['year']}: the curated data covers "
            f"{', '.join(map(str, sorted(available)))}",
            where,
            at("year"),
        )
    clean = strip_lines(data)
    return PackParams(
        year=clean["year"],
        districts=list(clean["districts"]),
        language=clean["language"],
        about_tolerance_pp=float(clean["about_tolerance_pp"]),
        title=clean.get("title", ""),
    )


def load_params(path: Path) -> PackParams:
    """Read and check a params YAML file."""
    if not path.is_file():
        shipped = sorted(p.stem for p in path.parent.glob("*.yaml")) if path.parent.is_dir() else []
        hint = f"; packs in {path.parent}: {', '.join(shipped)}" if shipped else ""
        raise HzError(f"params file not found{hint}", path)
    return check_params(load_yaml(path), path)
