import os
import shutil

import pytest
from conftest import ROOT, run_cli
from hzcompare.dataset.load import load_indicators
from hzcompare.errors import HzError
from hzcompare.ingest import curate


def test_build_is_deterministic_and_matches_committed_files():
    first, second = curate.build(ROOT), curate.build(ROOT)
    assert first == second
    for rel, data in first.items():
        assert (ROOT / "data" / "curated" / rel).read_bytes() == data, rel


def test_every_source_yields_figures():
    counts = {}
    for line in (ROOT / "data/curated/indicators.csv").read_text(encoding="utf-8").splitlines()[1:]:
        sid = line.split(",")[8]
        counts[sid] = counts.get(sid, 0) + 1
    assert set(counts) == {
        "qiantang_2021_summary",
        "qiantang_2022_report",
        "qiantang_2023_tasks_q3",
        "yuhang_2022_report",
        "xiaoshan_2022_summary",
    }
    assert sum(counts.values()) >= 80


def test_check_detects_a_stale_curated_file(root_copy):
    assert curate.check(root_copy) == []
    csv = root_copy / "data/curated/indicators.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("1218.23", "1218.24"), encoding="utf-8")
    assert curate.check(root_copy) == ["indicators.csv: differs from a rebuild"]
    result = run_cli("curate", "--check", env={**os.environ, "HZCOMPARE_ROOT": str(root_copy)})
    assert result.returncode == 1 and "indicators.csv" in result.stderr
    assert "Traceback" not in result.stderr


def test_curate_restores_and_removes_stale_text(root_copy):
    (root_copy / "data/curated/text/orphan.txt").write_text("x", encoding="utf-8")
    changed = curate.curate(root_copy)
    assert "text/orphan.txt (removed)" in changed
    assert curate.check(root_copy) == []


SIXTH = """source:
  source_id: linping_2022_report
  district: yuhang
  title: 示例报告
  published: "2022-02-01"
  raw_file: synthetic_2022_report.txt
  doc_type: work_report
  issuer: 示例
  covers: 2021 results; 2022 targets
  admin_unit: 示例区
  boundary: synthetic
  comparable_from: 2021
  original_script: zh-Hant
clean: [strip_pinyin, to_simplified, tidy_whitespace]
figures:
  - {indicator: gdp, year: 2021, kind: actual, pattern: '地区生产总值(?P<value>[\\d.]+)亿元'}
  - {indicator: gdp_growth, year: 2022, kind: target, qualifier: about, pattern: '增长(?P<value>[\\d.]+)%左右'}
"""


def test_a_sixth_report_needs_only_new_files(root_copy):
    raw = root_copy / "data/raw/synthetic_2022_report.txt"
    raw.write_text("全年實現地區(qū)生產總值1234.5億元。\n今年預期增長6%左右。\n", encoding="utf-8")
    (root_copy / "data/sources/synthetic_2022.yaml").write_text(SIXTH, encoding="utf-8")
    curate.curate(root_copy)
    df = load_indicators(curated=root_copy / "data/curated")
    mine = df[df["source_id"] == "linping_2022_report"]
    assert sorted(mine["value"].tolist()) == [6.0, 1234.5]
    assert set(mine["quote"]) == {"地区生产总值1234.5亿元", "增长6%左右"}
    assert (root_copy / "data/curated/text/linping_2022_report.txt").exists()
    assert run_cli("validate", str(root_copy / "data/curated")).returncode == 0


def test_non_utf8_raw_file_is_named(root_copy):
    raw = root_copy / "data/raw/xiaoshan_2022_work_report_summary.txt"
    raw.write_bytes("地区生产总值增长 **8.7%**".encode("gbk"))
    with pytest.raises(HzError, match=r"not UTF-8.*iconv"):
        curate.build(root_copy)


def test_failed_curate_leaves_previous_files(root_copy):
    before = (root_copy / "data/curated/indicators.csv").read_bytes()
    spec = root_copy / "data/sources/yuhang_2022_report.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace("全年实现地区生产总值", "全年实现GDP"),
        encoding="utf-8",
    )
    result = run_cli("curate", env={**os.environ, "HZCOMPARE_ROOT": str(root_copy)})
    assert result.returncode == 2
    assert "yuhang_2022_report.yaml:" in result.stderr and "found no match" in result.stderr
    assert (root_copy / "data/curated/indicators.csv").read_bytes() == before
    shutil.rmtree(root_copy / "data/curated/text")


def test_task_table_spec_with_a_missing_rule_is_named(root_copy):
    spec = root_copy / "data/sources/qiantang_2023_tasks_q3.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(
        "\n".join(ln for ln in text.splitlines() if "report_month:" not in ln) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(
        HzError, match=r"qiantang_2023_tasks_q3.yaml:1: table 'qiantang_2023_tasks'.*report_month"
    ):
        curate.build(root_copy)
