"""The data package: frictionless accepts the curated data and catches a file that breaks a
declared type, key or reference; the dataset release is the same bytes each time."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile

import pytest
from conftest import ROOT
from frictionless import Package, validate
from hzcompare import __version__
from hzcompare.dataset.schema import TABLES
from hzcompare.errors import HzError
from hzcompare.release import release_name, write_release

CURATED = ROOT / "data" / "curated"


def _errors(descriptor):
    """(resource, error type) of every error frictionless reports for a package."""
    report = validate(str(descriptor))
    return {(task.name, e.type) for task in report.tasks for e in task.errors} | {
        ("package", e.type) for e in report.errors
    }


@pytest.fixture
def curated(tmp_path):
    """A copy of data/curated/ to break."""
    copy = tmp_path / "curated"
    shutil.copytree(CURATED, copy)
    return copy


def _edit(curated, name, old, new, rehash=True):
    """Replace ``old`` by ``new`` once in a curated CSV; with ``rehash``, update the package's
    size and hash as if it were regenerated, so only the content check can fail."""
    path = curated / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if rehash:
        descriptor = json.loads((curated / "datapackage.json").read_text(encoding="utf-8"))
        data = path.read_bytes()
        for res in descriptor["resources"]:
            if res["path"] == name:
                res["bytes"], res["hash"] = len(data), f"sha256:{hashlib.sha256(data).hexdigest()}"
        (curated / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


def test_frictionless_accepts_the_curated_data():
    assert _errors(CURATED / "datapackage.json") == set()


def test_every_curated_table_is_described_from_the_schema():
    package = Package(str(CURATED / "datapackage.json"))
    on_disk = {p.name for p in CURATED.glob("*.csv")}
    assert {r.path for r in package.resources} == on_disk
    for res in package.resources:
        table = TABLES[res.path]
        assert [f.name for f in res.schema.fields] == table.columns
        assert res.schema.primary_key == list(table.primary_key)
    figures = package.get_resource("indicators")
    assert figures.schema.get_field("qualifier").constraints["enum"] == [
        "none",
        "about",
        "at_least",
        "stretch",
        "floor",
    ]
    references = {(k["fields"][0], k["reference"]["resource"]) for k in figures.schema.foreign_keys}
    assert references == {
        ("district", "units"),
        ("indicator", "indicator_dictionary"),
        ("source_id", "sources"),
    }
    assert package.licenses[0]["name"] == "CC-BY-4.0"
    addresses = [s.get("path", "") for s in package.sources]
    assert len(addresses) == len(Package(str(CURATED / "datapackage.json")).sources) == 65
    assert sum(a.startswith("http") for a in addresses) == 60  # cited pages; 5 kept whole


BROKEN = [  # (what a careless edit does, the file, old, new, the resource, frictionless's error)
    ("not a number", "indicators.csv", ",1825.06,yi_yuan,", ",1825.06亿,yi_yuan,", "type-error"),
    (
        "code outside its enum",
        "indicators.csv",
        ",FY,actual,none,",
        ",FY,actual,roughly,",
        "constraint-error",
    ),
    (
        "unknown source",
        "indicators.csv",
        ",hangzhou_2019_work_report,",
        ",no_such_source,",
        "foreign-key",
    ),
    (
        "unknown area",
        "indicators.csv",
        "hangzhou,budget_revenue,2018",
        "hangzou,budget_revenue,2018",
        "foreign-key",
    ),
]


@pytest.mark.parametrize("what,name,old,new,error", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_file_that_breaks_a_declared_type_code_or_reference_fails(
    curated, what, name, old, new, error
):
    _edit(curated, name, old, new)
    assert (name.removesuffix(".csv"), error) in _errors(curated / "datapackage.json")


def test_a_repeated_key_fails(curated):
    path = curated / "stated_gaps.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    _edit(curated, "stated_gaps.csv", lines[1], lines[1] + lines[1])
    assert ("stated_gaps", "primary-key") in _errors(curated / "datapackage.json")


def test_a_file_changed_after_the_package_was_written_fails(curated):
    _edit(curated, "indicators.csv", ",1825.06,", ",1825.07,", rehash=False)
    assert ("indicators", "hash-count") in _errors(curated / "datapackage.json")


def _release_root(root_copy):
    shutil.copy(ROOT / "CITATION.cff", root_copy / "CITATION.cff")
    return root_copy


def test_the_release_is_the_same_bytes_each_time(root_copy):
    root = _release_root(root_copy)
    first = write_release(root).read_bytes()
    second = write_release(root)
    assert second == root / "dist" / f"hzcompare-data-{__version__}.zip"
    assert second.read_bytes() == first
    with zipfile.ZipFile(second) as archive:
        names = archive.namelist()
        folder = release_name()
        assert names == sorted(names)
        assert {f"{folder}/{n}" for n in ("datapackage.json", "README.md", "CITATION.cff")} <= set(
            names
        )
        assert f"{folder}/data_dictionary.md" in names
        assert f"{folder}/text/qiantang_2022_report.txt" in names
        readme = archive.read(f"{folder}/README.md").decode("utf-8")
    assert "| `indicators.csv` | 302 |" in readme


def test_the_release_unpacks_to_a_valid_package(root_copy, tmp_path):
    target = write_release(_release_root(root_copy))
    with zipfile.ZipFile(target) as archive:
        archive.extractall(tmp_path / "unpacked")
    assert _errors(tmp_path / "unpacked" / release_name() / "datapackage.json") == set()


def test_the_release_refuses_stale_curated_data(root_copy):
    root = _release_root(root_copy)
    path = root / "data" / "curated" / "indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",1825.06,", ",1825.07,", 1))
    with pytest.raises(HzError, match="run `make curate` first"):
        write_release(root)
    assert not (root / "dist").exists()
