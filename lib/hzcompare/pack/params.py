"""Pack parameters: one YAML per pack, checked against a schema before any kernel starts."""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import paths
from ..dataset.areas import area_codes
from ..dataset.safe_yaml import BOOKKEEPING, load_yaml
from ..dataset.values import check_text, parse_number, parse_year
from ..errors import HzError, InvalidInput, Problem
from ..report import parameters

LANGUAGES = ("zh", "en", "both")
TITLE_LIMIT = 200
# key: what it holds (for messages); only `year` is required, the others default to the
# notebooks' defaults (report/parameters.py). Each value is typed by ``_typed`` below.
SCHEMA = {
    "year": "the report year of the pack, a whole number, e.g. 2022",
    "districts": "a list of area codes of data/units.csv",
    "language": "label language: zh, en or both",
    "about_tolerance_pp": "tolerance for 左右 (about) targets, in points, from 0 to 5",
    "benchmark": "the area drawn as reference (hangzhou), or none",
    "title": f"a title for the pack, at most {TITLE_LIMIT} characters (optional)",
}


@dataclass(frozen=True)
class PackParams:
    """Validated parameters of one pack."""

    year: int
    districts: list[str]
    language: str = parameters.LANGUAGE
    about_tolerance_pp: float = parameters.ABOUT_TOLERANCE_PP
    title: str = parameters.TITLE
    benchmark: str = parameters.BENCHMARK

    def notebook_parameters(self) -> dict:
        """The parameters papermill injects into each notebook."""
        return asdict(self)


def years_with_data(curated: Path | None = None) -> set[int]:
    """Years a pack can be made for: a source was published then, or figures are about it."""
    return _coverage(curated)[0]


def areas_with_data(curated: Path | None = None) -> set[str]:
    """Areas with at least one figure in indicators.csv."""
    return _coverage(curated)[1]


def _coverage(curated: Path | None) -> tuple[set[int], set[str]]:
    curated = curated or paths.curated_dir()
    years: set[int] = set()
    try:
        with open(curated / "sources.csv", encoding="utf-8") as fh:
            years |= {
                int(r["published"][:4]) for r in csv.DictReader(fh) if r["published"][:1].isdigit()
            }
        with open(curated / "indicators.csv", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        years |= {int(r["year"]) for r in rows}
        areas = {r["district"] for r in rows}
    except (OSError, KeyError, ValueError) as e:
        raise HzError(
            f"cannot read the curated data to check the year ({e}); run "
            "`hzcompare curate` and `hzcompare validate`",
            curated,
        ) from None
    return years, areas


def _typed(key: str, raw: object) -> object:
    """One params value typed by the one parser (``values``); ``ValueError`` if refused."""
    if key == "districts":
        if not isinstance(raw, list) or not all(isinstance(d, str) for d in raw):
            raise ValueError(f"districts must be {SCHEMA['districts']} (found {raw!r})")
        return [check_text(d, "district", 40) for d in raw]
    if not isinstance(raw, str):
        raise ValueError(f"{key} must be one value, {SCHEMA[key]} (found a list or mapping)")
    if key == "year":
        return parse_year(raw)
    if key == "about_tolerance_pp":
        return parse_number(raw, key)
    return check_text(raw, key, TITLE_LIMIT)


def check_params(data: dict, where: Path) -> PackParams:
    """Check a params mapping (as ``safe_yaml`` reads it): every problem reported at once."""
    keylines = data.get("__keylines__", {})
    problems: list[Problem] = []

    def at(key: str) -> int:
        """The line of ``key`` in the file (else of the mapping)."""
        return keylines.get(key, data.get("__line__", 1))

    def problem(key: str, message: str) -> None:
        """Record a problem at the line of ``key``."""
        problems.append(Problem(str(where), at(key), message))

    unknown = sorted(k for k in data if k not in SCHEMA and k not in BOOKKEEPING)
    if unknown:
        problem(unknown[0], f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(SCHEMA)}")
    if "year" not in data:
        problem("year", "missing key year: the report year of the pack (the only required key)")
    values = {k: v for k, v in parameters.defaults().items()}
    values["year"] = None
    for key in SCHEMA:
        if key in data:
            try:
                values[key] = _typed(key, data[key])
            except ValueError as e:
                problem(key, str(e))
                values[key] = None
    areas = area_codes()
    if isinstance(values["districts"], list):
        bad = [d for d in values["districts"] if d not in areas or d == "hangzhou"]
        dupes = sorted({d for d in values["districts"] if values["districts"].count(d) > 1})
        if bad or not values["districts"]:
            problem(
                "districts",
                f"unknown district(s) {', '.join(map(repr, bad)) or '(none given)'}; known: "
                f"{', '.join(a for a in areas if a != 'hangzhou')} (data/units.csv)",
            )
        elif dupes:
            problem("districts", f"district(s) listed twice: {', '.join(dupes)}")
        elif empty := [d for d in values["districts"] if d not in areas_with_data()]:
            problem(
                "districts",
                f"no figures for {', '.join(empty)} in data/curated/indicators.csv: add its "
                "sources first (docs/contributing.md: a district) or leave it out",
            )
    if isinstance(values["benchmark"], str) and values["benchmark"] not in (*areas, "none"):
        problem(
            "benchmark",
            f"unknown benchmark {values['benchmark']!r}; known: none, {', '.join(areas)}",
        )
    if isinstance(values["language"], str) and values["language"] not in LANGUAGES:
        problem(
            "language",
            f"language must be one of {', '.join(LANGUAGES)} (found {values['language']!r})",
        )
    tol = values["about_tolerance_pp"]
    if isinstance(tol, float) and not 0 <= tol <= 5:
        problem(
            "about_tolerance_pp", f"about_tolerance_pp must be between 0 and 5 points (found {tol})"
        )
    if isinstance(values["year"], int):
        available = years_with_data()
        if values["year"] not in available:
            problem(
                "year",
                f"no data for year {values['year']}: the curated data covers "
                f"{', '.join(map(str, sorted(available)))}",
            )
    if problems:
        raise InvalidInput(sorted(problems, key=lambda p: p.line))
    return PackParams(
        year=values["year"],
        districts=list(values["districts"]),
        language=values["language"],
        about_tolerance_pp=float(values["about_tolerance_pp"]),
        title=values["title"],
        benchmark=values["benchmark"],
    )


def load_params(path: Path) -> PackParams:
    """Read and check a params YAML file."""
    if not path.is_file():
        shipped = sorted(p.stem for p in path.parent.glob("*.yaml")) if path.parent.is_dir() else []
        hint = f"; packs in {path.parent}: {', '.join(shipped)}" if shipped else ""
        raise HzError(f"params file not found{hint}", path)
    return check_params(load_yaml(path), path)
