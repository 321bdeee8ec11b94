"""``hzcompare dataset``: the dataset release, dist/hzcompare-data-<version>.zip.

The zip holds the curated tables, their data package, the clean texts the quotes refer to, the
data dictionary, CITATION.cff and a short README, under one folder. It is made only from
curated files that match a rebuild and pass ``validate``; every member has a fixed date and
mode and is stored uncompressed, so the same inputs give the same bytes on any machine.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections import Counter
from pathlib import Path

from . import __version__, paths
from .dataset.csvio import atomic_write
from .dataset.dictionary import render_dictionary
from .dataset.package import LICENSES, TITLE
from .dataset.typed import read_table
from .errors import HzError

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can record: no clock in the bytes
CITATION = "CITATION.cff"


def release_name(version: str = __version__) -> str:
    """The release's file name without extension: hzcompare-data-<version>."""
    return f"hzcompare-data-{version}"


def _checked(root: Path) -> Path:
    """data/curated/, refused unless it matches a rebuild and passes validate."""
    from .dataset.validate import validate_paths
    from .ingest import curate

    stale = curate.check(root)
    if stale:
        raise HzError(
            f"data/curated/ differs from a rebuild ({stale[0]}): run `make curate` first",
            paths.curated_dir(root),
        )
    errors = [p for p in validate_paths([paths.curated_dir(root)]) if p.is_error]
    if errors:
        raise HzError(f"data/curated/ has problems ({errors[0]}): run `make validate`")
    return paths.curated_dir(root)


def _readme(curated: Path, package: dict) -> str:
    """The release's README: what it is, its files with their row counts, how to use it."""
    sources = read_table(curated / "sources.csv")[1]
    figures = read_table(curated / "indicators.csv")[1]
    grades = Counter(s["access"] for s in sources)
    kinds = Counter(f["kind"] for f in figures)
    lines = [
        f"# {release_name(package['version'])}",
        "",
        f"{TITLE}. {package['description']}",
        "",
        f"{len(figures)} figures ({kinds['actual']} results, {kinds['target']} targets) from "
        f"{len(sources)} sources ("
        + ", ".join(f"{n} {grade}" for grade, n in sorted(grades.items()))
        + ").",
        "",
        "| file | rows | what it holds |",
        "|---|---|---|",
    ]
    for res in package["resources"]:
        rows = len(read_table(curated / res["path"])[1])
        lines.append(f"| `{res['path']}` | {rows} | {res['description']} |")
    lines += [
        "",
        "`datapackage.json` declares every column (type, unit, allowed codes), each table's key "
        "and the references between tables; `data_dictionary.md` says the same in prose, with "
        "every indicator and the rule that picks the preferred row of a figure stated by "
        "several sources.",
        "",
        "In Python: `pandas.read_csv('indicators.csv', keep_default_na=False, "
        "na_values=[''])`, or `frictionless.Package('datapackage.json')`. In R: "
        "`frictionless::read_resource(frictionless::read_package('datapackage.json'), "
        "'indicators')`.",
        "",
        f"Licence: {LICENSES[0]['title']} ({LICENSES[0]['name']}) for the tables and "
        "annotations; the documents and pages they cite remain their issuers'. How to cite: "
        "CITATION.cff.",
    ]
    return "\n".join(lines) + "\n"


def release_members(root: Path | None = None) -> dict[str, bytes]:
    """Every member of the release (name inside the zip → bytes), in the order written."""
    root = root or paths.project_root()
    curated = _checked(root)
    package = json.loads((curated / "datapackage.json").read_bytes())
    names = ["datapackage.json", *(r["path"] for r in package["resources"])]
    texts = sorted(s["text_file"] for s in read_table(curated / "sources.csv")[1] if s["text_file"])
    members = {name: (curated / name).read_bytes() for name in names + texts}
    members["data_dictionary.md"] = render_dictionary().encode("utf-8")
    members[CITATION] = paths.inside(root, CITATION, what="citation file").read_bytes()
    members["README.md"] = _readme(curated, package).encode("utf-8")
    return members


def zip_bytes(members: dict[str, bytes], folder: str) -> bytes:
    """A zip of ``members`` under ``folder/``: sorted names, fixed dates and modes, stored."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=FIXED_TIME)
            info.create_system = 3  # Unix, whichever system writes it
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            archive.writestr(info, members[name])
    return buffer.getvalue()


def write_release(root: Path | None = None) -> Path:
    """Write dist/hzcompare-data-<version>.zip (replaced in one rename) and return its path."""
    root = root or paths.project_root()
    members = release_members(root)
    name = release_name()
    target = paths.inside(root, f"dist/{name}.zip", what="release")
    atomic_write(target, zip_bytes(members, name))
    return target
