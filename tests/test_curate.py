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
    import csv

    counts = {}
    with open(ROOT / "data/curated/indicators.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            counts[row["source_id"]] = counts.get(row["source_id"], 0) + 1
    specs = {p.stem for p in (ROOT / "data/sources").glob("*.yaml")}
    assert set(counts) == specs  # every spec yields at least one figure
    assert sum(counts.values()) >= 290


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
  district: linping
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


CITED = """source:
  source_id: demo_2021_final_accounts
  district: xiaoshan
  title: 示例决算
  published: "2021-08-17"
  doc_type: budget_report
  issuer: 示例财政局
  covers: 2020 results
  admin_unit: 萧山区 (Xiaoshan)
  boundary: synthetic
  comparable_from: 2021
  original_script: zh-Hans
  access: official
  original: official_text
  address: https://example.gov.cn/art/2021/8/17/art_1.html
  publisher: example.gov.cn
  read_on: "2026-11-23"
  where: 一、(一) 1.收入决算
cited:
  - {label: 财政总收入, printed: 4610327万元, indicator: fiscal_revenue, year: 2020, kind: actual}
  - {label: 一般公共预算收入预算调整为, printed: 2891000万元, indicator: budget_revenue, year: 2020, kind: target, revised: true}
"""


def test_a_cited_page_is_recorded_as_printed_and_converted_by_code(root_copy):
    (root_copy / "data/sources/demo.yaml").write_text(CITED, encoding="utf-8")
    curate.curate(root_copy)
    df = load_indicators(curated=root_copy / "data/curated")
    mine = df[df["source_id"] == "demo_2021_final_accounts"].set_index("indicator")
    assert mine.loc["fiscal_revenue", "value"] == 461.0327  # 万元 → 亿元, by code
    assert mine.loc["fiscal_revenue", "quote"] == "财政总收入 4610327万元"
    assert bool(mine.loc["budget_revenue", "revised"])
    assert not (root_copy / "data/curated/text/demo_2021_final_accounts.txt").exists()


def test_a_cited_page_may_state_another_areas_figure(root_copy):
    other = CITED + (
        "  - {district: hangzhou, label: 全市一般公共预算收入, printed: 3000亿元, "
        "indicator: budget_revenue, year: 2030, kind: actual}\n"
    )
    (root_copy / "data/sources/demo.yaml").write_text(other, encoding="utf-8")
    curate.curate(root_copy)
    df = load_indicators(curated=root_copy / "data/curated")
    city = df[(df["source_id"] == "demo_2021_final_accounts") & (df["district"] == "hangzhou")]
    assert city["value"].tolist() == [3000.0]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("label: 财政总收入,", "label: 税收收入,", "does not name fiscal_revenue"),
        ("4610327万元", "4610327", "is in no unit, but fiscal_revenue is stated in yi_yuan"),
        ("4610327万元", "not stated", "cannot read a printed value"),
        ("kind: actual}", "kind: actual, qualifier: stretch}", "qualifier stretch but the printed"),
    ],
)
def test_a_bad_cited_figure_names_its_spec_line(root_copy, old, new, message):
    (root_copy / "data/sources/demo.yaml").write_text(CITED.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(HzError) as err:
        curate.build(root_copy)
    assert message in str(err.value) and "demo.yaml:20:" in str(err.value)


def test_sources_that_disagree_are_reported_unless_a_note_explains(root_copy):
    conflicting = CITED.replace("4610327万元", "4710327万元")
    (root_copy / "data/sources/demo.yaml").write_text(conflicting, encoding="utf-8")
    result = run_cli("curate", env={**os.environ, "HZCOMPARE_ROOT": str(root_copy)})
    assert result.returncode == 1
    assert "xiaoshan fiscal_revenue 2020 FY actual" in result.stderr
    assert "explain it in a note" in result.stderr and "Traceback" not in result.stderr
    explained = conflicting.replace(
        "kind: actual}", "kind: actual, note: 'revision: the final accounts revise it'}", 1
    )
    (root_copy / "data/sources/demo.yaml").write_text(explained, encoding="utf-8")
    assert run_cli("curate", env={**os.environ, "HZCOMPARE_ROOT": str(root_copy)}).returncode == 0


def test_a_new_district_needs_only_a_registry_row_and_its_files(root_copy):
    registry = root_copy / "data/units.csv"
    # A registry of 14 drawn areas has no colour left that stays apart from all of them
    # (tests/test_palette.py): the new district takes the colour of one that has no figures.
    rows = registry.read_text(encoding="utf-8").splitlines()
    rows = [r for r in rows if not r.startswith("jiande,")]
    registry.write_text(
        "\n".join([*rows, "demoqu,district,示例区,Demo,hangzhou,#6C78E0,,No boundary change."])
        + "\n",
        encoding="utf-8",
    )
    raw = root_copy / "data/raw/synthetic_2022_report.txt"
    raw.write_text("全年實現地區(qū)生產總值1234.5億元。\n今年預期增長6%左右。\n", encoding="utf-8")
    spec = SIXTH.replace("district: linping", "district: demoqu")
    (root_copy / "data/sources/synthetic_2022.yaml").write_text(spec, encoding="utf-8")
    curate.curate(root_copy)
    env = {**os.environ, "HZCOMPARE_ROOT": str(root_copy)}
    assert run_cli("validate", str(root_copy / "data/curated"), env=env).returncode == 0
    df = load_indicators(district="demoqu", curated=root_copy / "data/curated")
    assert sorted(df["value"].tolist()) == [6.0, 1234.5]
    # ... and a pack that includes it renders, with the new district in its charts
    params = root_copy / "params/demo.yaml"
    params.write_text("year: 2022\ndistricts: [qiantang, demoqu]\n", encoding="utf-8")
    out = root_copy / "packs/demo"
    result = run_cli("pack", "--params", str(params), "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    level = (out / "charts/2022_gdp_level.csv").read_text(encoding="utf-8")
    assert "demoqu" in level and "1234.5" in level


def test_an_unknown_area_in_a_spec_is_named(root_copy):
    spec = SIXTH.replace("district: linping", "district: atlantis")
    (root_copy / "data/sources/synthetic_2022.yaml").write_text(spec, encoding="utf-8")
    (root_copy / "data/raw/synthetic_2022_report.txt").write_text("x", encoding="utf-8")
    with pytest.raises(
        HzError, match="unknown district 'atlantis': not a code of the area registry"
    ):
        curate.build(root_copy)


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
