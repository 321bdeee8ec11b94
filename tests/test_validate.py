"""Table-driven bad inputs for `hzcompare validate`: exit status, FILE:LINE, no traceback."""

import os
import random
import shutil

import pytest
from conftest import ROOT, run_cli

HEADER = "district,indicator,year,period,kind,qualifier,value,unit,source_id,quote,note,status"
HEADER += ",revised,preferred"
GOOD = "qiantang,gdp,2021,FY,actual,none,1218.23,yi_yuan,qiantang_2022_report,实现地区生产总值1218.23亿元"
GOOD += ",,final,false,true"


@pytest.fixture
def curated(tmp_path):
    """A copy of data/ (curated + raw) whose indicators.csv a case replaces."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data" / "curated"


def write_rows(curated, *rows, header=HEADER, encoding="utf-8", newline="\n"):
    path = curated / "indicators.csv"
    path.write_bytes((newline.join([header, *rows]) + newline).encode(encoding))
    return path


def bad(field, value):
    cells = GOOD.split(",")
    cells[HEADER.split(",").index(field)] = value
    return ",".join(cells)


CASES = [
    # (name, rows, expected line, expected message part)
    ("unknown district", [GOOD, bad("district", "atlantis")], 3, "unknown district 'atlantis'"),
    ("unknown indicator", [bad("indicator", "gdpp")], 2, "unknown indicator 'gdpp'"),
    ("unknown kind", [bad("kind", "plan")], 2, "unknown kind 'plan'"),
    ("unknown qualifier", [bad("qualifier", "maybe")], 2, "unknown qualifier 'maybe'"),
    ("unknown period", [bad("period", "Q5")], 2, "period 'Q5' is not of the form"),
    ("unknown unit", [bad("unit", "wan_yuan")], 2, "unknown unit 'wan_yuan'"),
    ("wrong unit for indicator", [bad("unit", "pct")], 2, "gdp is stated in yi_yuan, not pct"),
    ("non-numeric value", [bad("value", "1218,23")], 2, "cells"),
    ("text value", [bad("value", "about 1200")], 2, "value must be a number (found 'about 1200')"),
    (
        "implausible value",
        [
            "qiantang,rd_intensity,2021,FY,actual,none,44.3,pct,qiantang_2022_report,"
            "全社会研究与试验发展经费投入占GDP比重达4.43%,,final,false,true"
        ],
        2,
        "implausible rd_intensity 44.3",
    ),
    ("duplicate key", [GOOD, GOOD], 3, "duplicate key (district=qiantang"),
    (
        "quote not in source",
        [bad("quote", "实现地区生产总值1218.23亿元整")],
        2,
        "quote not found in text/qiantang_2022_report.txt",
    ),
    ("quote without value", [bad("value", "1218.3")], 2, "quote does not show the value 1218.3"),
    (
        "unknown source",
        [bad("source_id", "nowhere_2022")],
        2,
        "source_id 'nowhere_2022' has no row in sources.csv",
    ),
    ("wrong cell count", [GOOD + ",extra"], 2, "expected 14 cells, found 15"),
    ("empty year", [bad("year", "")], 2, "year is empty"),
]


@pytest.mark.parametrize(("name", "rows", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_rows(curated, name, rows, line, message):
    path = write_rows(curated, *rows)
    result = run_cli("validate", str(curated))
    assert result.returncode == 1, name
    assert f"{path}:{line}: " in result.stdout
    assert message in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "header", "message"),
    [
        ("missing column", HEADER.replace(",quote", ""), "missing column(s): quote"),
        ("extra column", HEADER + ",comment", "unknown column(s): comment"),
    ],
)
def test_bad_header(curated, name, header, message):
    cells = GOOD + ("," if "comment" in header else "")
    path = write_rows(
        curated, cells if "comment" in header else GOOD.rsplit(",", 2)[0] + ",", header=header
    )
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    assert f"{path}:1: {message}" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_all_problems_of_a_file_in_one_run(curated):
    path = write_rows(curated, bad("district", "x"), GOOD, bad("kind", "y"), bad("value", "z"))
    out = run_cli("validate", str(curated)).stdout
    assert f"{path}:2:" in out and f"{path}:4:" in out and f"{path}:5:" in out


def test_empty_file(curated):
    path = curated / "indicators.csv"
    path.write_bytes(b"")
    result = run_cli("validate", str(path))
    assert result.returncode == 1 and f"{path}:1: empty file" in result.stdout


def test_gbk_is_rejected_with_advice(curated):
    path = write_rows(curated, GOOD, encoding="gbk")
    result = run_cli("validate", str(curated))
    assert result.returncode == 1
    assert f"{path}:2: not UTF-8" in result.stdout and "GBK" in result.stdout


@pytest.mark.parametrize("variant", ["bom", "crlf"])
def test_bom_and_crlf_are_accepted(curated, variant):
    original = (curated / "indicators.csv").read_bytes()
    data = b"\xef\xbb\xbf" + original if variant == "bom" else original.replace(b"\n", b"\r\n")
    (curated / "indicators.csv").write_bytes(data)
    result = run_cli("validate", str(curated))
    assert result.returncode == 0, result.stdout
    note = "UTF-8 byte-order mark ignored" if variant == "bom" else "CRLF line ends accepted"
    assert f"indicators.csv:1: note: {note} (harmless; accepted)" in result.stdout


def test_edited_raw_file_fails_its_checksum(curated):
    raw = curated.parent / "raw" / "yuhang_2022_work_report.txt"
    raw.chmod(0o644)
    raw.write_bytes(raw.read_bytes() + b"\n")
    result = run_cli("validate", str(curated))
    assert result.returncode == 1
    assert "sources.csv:" in result.stdout and "does not match its sha256" in result.stdout


def test_random_bytes_get_a_clean_error(curated):
    rng = random.Random(7)
    for _ in range(5):
        (curated / "indicators.csv").write_bytes(bytes(rng.randrange(256) for _ in range(400)))
        result = run_cli("validate", str(curated))
        assert result.returncode == 1
        assert "indicators.csv:" in result.stdout
        assert "Traceback" not in result.stdout + result.stderr


def test_missing_path(tmp_path):
    result = run_cli("validate", str(tmp_path / "nope.csv"))
    assert result.returncode == 1 and "no such file or folder" in result.stdout


def test_committed_data_is_valid():
    result = run_cli("validate")
    assert result.returncode == 0, result.stdout
    assert os.path.basename(str(ROOT / "data/curated")) in result.stdout


def test_tasks_file_is_checked_too(curated):
    path = curated / "qiantang_2023_tasks.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    row = next(i for i, ln in enumerate(lines) if ln.startswith("26,"))
    lines[row] = lines[row].replace(",0.928,", ",0.5,")
    lines[row + 1] = "x" + lines[row + 1]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = run_cli("validate", str(path)).stdout
    assert f"{path}:{row + 1}: share_of_target 0.5 is not progress_value / target_value" in out
    assert f"{path}:{row + 2}: task_no must be a whole number" in out


def test_the_benchmarks_synthetic_data_is_valid(tmp_path):
    """The benchmark times validate doing its full work: its rows must all pass."""
    import sys

    from hzcompare.dataset.validate import validate_paths

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synthetic import make_curated
    finally:
        sys.path.pop(0)
    curated = make_curated(tmp_path, 3000)
    assert [p for p in validate_paths([curated]) if p.is_error] == []
