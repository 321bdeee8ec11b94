"""The judgement around the figures: one grading rule for every source, status belongs to
results, evidence (a share tied to its components) beats earliness, scope is data, and every
message points at the file a person edits."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import hzcompare as hz
import pandas as pd
import pytest
from conftest import ROOT, run_cli
from hzcompare.dataset.choice import choose, ratio_tie
from hzcompare.dataset.safe_yaml import load_yaml
from hzcompare.dataset.schema import DOC_TYPES_OF_ORIGINAL, ORIGINALS
from hzcompare.errors import HzError, ValidationFailed
from hzcompare.ingest import curate

SPECS = sorted((ROOT / "data/sources").glob("*.yaml"))
CITED_SPECS = [p for p in SPECS if "address" in load_yaml(p)["source"]]


@pytest.mark.parametrize("path", CITED_SPECS, ids=[p.stem for p in CITED_SPECS])
def test_every_cited_page_is_graded_by_the_kind_of_its_original(path):
    source = load_yaml(path)["source"]
    original, access = source["original"], source["access"]
    assert access in ORIGINALS[original], f"{path.name}: a {original} is not graded {access}"
    doc_types = DOC_TYPES_OF_ORIGINAL.get(original)
    if doc_types:
        assert source["doc_type"] in doc_types
    else:
        assert source["doc_type"] not in ("news", "summary")
    host = urlparse(source["address"]).hostname or ""
    if access == "official":  # the issuer's own site: a government's
        assert host.endswith(".gov.cn"), f"{path.name}: official, but on {host}"


def test_an_injected_copy_is_used_only_where_no_clean_source_states_the_figure():
    df, sources = hz.load_indicators(), hz.load_sources().set_index("source_id")
    injected = set(sources.index[sources["injected"].fillna(False).astype(bool)])
    assert injected  # the three known copies with foreign text are flagged
    preferred = df[df["preferred"]]
    for r in preferred[preferred["source_id"].isin(injected)].itertuples():
        same = df[
            (df["district"] == r.district)
            & (df["indicator"] == r.indicator)
            & (df["year"] == r.year)
            & (df["period"] == r.period)
            & (df["kind"] == r.kind)
        ]
        assert same["source_id"].isin(injected).all(), (r.indicator, r.year, r.source_id)


def row(value, sid, kind="actual", indicator="rd_intensity", status="final", year=2021, q="none"):
    return {
        "district": "qiantang",
        "indicator": indicator,
        "year": year,
        "period": "FY",
        "kind": kind,
        "qualifier": q,
        "scope": "",
        "value": value,
        "source_id": sid,
        "status": status,
        "note": "",
        "revised": False,
    }


SOURCES = {
    "report": {"access": "document", "published": "2022-02-13"},
    "news": {"access": "news", "published": "2022-11-22"},
    "copy": {"access": "reprint", "published": "2023-01-01", "injected": True},
    "clean": {"access": "news", "published": "2022-01-01"},
}


def test_evidence_beats_earliness_a_share_tied_to_its_components_is_preferred():
    rows = [
        row(4.43, "report"),
        row(4.54, "news"),
        row(55.35, "news", indicator="rd_spend"),
        row(1218.23, "report", indicator="gdp"),
    ]
    chosen = {r["indicator"]: r for r in choose(rows, SOURCES)}
    assert (chosen["rd_intensity"]["value"], chosen["rd_intensity"]["source_id"]) == (4.54, "news")
    components = {("qiantang", "rd_spend", 2021): [55.35], ("qiantang", "gdp", 2021): [1218.23]}
    assert ratio_tie(row(4.54, "news"), components)[0] is True
    assert ratio_tie(row(4.43, "report"), components)[0] is False
    # without the components, the document's first figure is preferred, as before
    assert choose(rows[:2], SOURCES)[0]["value"] == 4.43


def test_qiantangs_2021_rd_intensity_is_decided_by_the_tie():
    df = hz.load_indicators(district="qiantang", year=2021)
    spend = hz.figure(df, "qiantang", "rd_spend", 2021)["value"]
    gdp = hz.figure(df, "qiantang", "gdp", 2021)["value"]
    intensity = hz.figure(df, "qiantang", "rd_intensity", 2021)
    assert round(spend / gdp * 100, 2) == intensity["value"] == 4.54
    goals = hz.distance_to_goals(df.pipe(lambda d: hz.load_indicators(district="qiantang")))
    goal = goals[(goals["indicator"] == "rd_intensity") & (goals["goal_year"] == 2025)].iloc[0]
    assert goal["gap"] == pytest.approx(0.04)  # the ≥4.5% goal for 2025 already met in 2021


def test_validate_refuses_a_preferred_share_its_components_contradict(root_copy):
    path = root_copy / "data/curated/indicators.csv"
    text = path.read_text(encoding="utf-8")
    row = ",55.35,yi_yuan,qiantang_2022_news_rd,R&D经费投入 55.35亿元,"
    assert row in text
    path.write_text(text.replace(row, row.replace("55.35", "45.35")), encoding="utf-8")
    result = run_cli("validate", str(root_copy / "data/curated"))
    assert result.returncode == 1
    assert "rd_intensity 2021: 4.54 but rd_spend ÷ gdp gives 3.723" in result.stdout


def test_status_belongs_to_results_not_targets():
    df = hz.load_indicators()
    assert df.loc[df["kind"] == "target", "status"].isna().all()
    assert df.loc[df["kind"] == "actual", "status"].notna().all()
    # two copies of one target: grade and date decide, never a status copied from a source
    rows = [
        row(7, "clean", kind="target", status=None),
        row(7, "report", kind="target", status=None),
    ]
    assert choose(rows, SOURCES)[0]["source_id"] == "report"
    rows = [row(7, "news", kind="target", status=None), row(7, "copy", kind="target", status=None)]
    assert choose(rows, SOURCES)[0]["source_id"] == "news"  # injected: after any clean copy


def test_a_target_with_a_status_is_refused_at_its_spec_line(root_copy):
    spec = root_copy / "data/sources/qiantang_2025_plan_execution.yaml"
    text = spec.read_text(encoding="utf-8").replace(
        "indicator: gdp_growth, year: 2024, kind: actual}",
        "indicator: gdp_growth, year: 2024, kind: target, status: final}",
    )
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(
        HzError, match=r"qiantang_2025_plan_execution.yaml:\d+: a target has no status"
    ):
        curate.curate(root_copy)


SCOPED = """source:
  source_id: demo_2024_plan_report
  district: qiantang
  title: 示例计划报告
  published: "2024-03-07"
  doc_type: plan_execution_report
  issuer: 示例发改局
  covers: 2023 results; 2024 targets
  admin_unit: 钱塘区 (Qiantang)
  boundary: synthetic
  comparable_from: 2021
  original_script: zh-Hans
  access: official
  original: official_text
  address: https://example.gov.cn/art/2024/3/7/art_1.html
  publisher: example.gov.cn
  read_on: "2026-12-02"
  where: 表1 主要预期目标
cited:
  - {label: 固定资产投资（区内）, printed: 力争300亿元, indicator: fai, year: 2024, kind: target, qualifier: stretch, scope: district_proper}
  - {label: 投资（含特别合作区）, printed: 350亿元以上, indicator: fai, year: 2024, kind: target, qualifier: at_least, scope: with_cooperation_zone}
  - {label: 固定资产投资（区内）, printed: 310亿元, indicator: fai, year: 2024, kind: actual, scope: district_proper}
  - {label: 投资（含特别合作区）, printed: 340亿元, indicator: fai, year: 2024, kind: actual, scope: with_cooperation_zone}
"""


def test_a_target_is_scored_only_against_a_result_of_its_own_scope(root_copy):
    (root_copy / "data/sources/demo_scoped.yaml").write_text(SCOPED, encoding="utf-8")
    curate.curate(root_copy)
    curated = root_copy / "data/curated"
    df = hz.load_indicators(curated=curated)
    sc = hz.scorecard(df, hz.load_sources(curated=curated))
    mine = sc[(sc["district"] == "qiantang") & (sc["indicator"] == "fai") & (sc["year"] == 2024)]
    got = mine.set_index("scope")[["target", "actual", "verdict"]].to_dict("index")
    assert got == {
        "district_proper": {"target": 300.0, "actual": 310.0, "verdict": "stretch met"},
        "with_cooperation_zone": {"target": 350.0, "actual": 340.0, "verdict": "missed"},
    }
    # neither is the whole area: no whole-area chart or gap draws them
    assert hz.figure(df, "qiantang", "fai", 2024, scope="district_proper")["value"] == 310.0
    with pytest.raises(HzError, match="no actual of fai for qiantang in 2024"):
        hz.figure(df, "qiantang", "fai", 2024)


def test_a_label_outside_the_vocabulary_names_the_accepted_words_and_where_to_add_one(root_copy):
    bad = SCOPED.replace(
        "固定资产投资（区内）, printed: 力争300亿元", "投入（区内）, printed: 力争300亿元"
    )
    (root_copy / "data/sources/demo_scoped.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(HzError) as err:
        curate.curate(root_copy)
    message = str(err.value)
    assert re.search(r"demo_scoped.yaml:20: .*label '投入（区内）' does not name fai", message)
    assert "固定资产投资" in message and "LABEL_WORDS" in message


def test_a_conflict_found_after_building_points_at_the_spec_line(root_copy):
    spec = (ROOT / "data/sources/qiantang_2025_plan_execution.yaml").read_text(encoding="utf-8")
    copy = spec.replace("source_id: qiantang_2025_plan_execution", "source_id: demo_copy")
    copy = copy.replace("printed: 1416亿元", "printed: 1420亿元")
    (root_copy / "data/sources/demo_copy.yaml").write_text(copy, encoding="utf-8")
    with pytest.raises(ValidationFailed) as err:
        curate.curate(root_copy)
    (problem,) = err.value.problems
    assert problem.file.endswith(("demo_copy.yaml", "qiantang_2025_plan_execution.yaml"))
    assert "staging" not in str(err.value) and "disagrees" in problem.message


def test_make_pack_takes_a_params_file_and_names_the_folder_after_it():
    import subprocess

    out = subprocess.run(
        ["make", "-n", "pack", "PARAMS=somewhere/mine.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    assert "pack --params somewhere/mine.yaml --out packs/mine" in out


def test_frames_without_a_scope_column_read_as_the_whole_area():
    df = hz.load_indicators(district="yuhang").drop(columns="scope")
    assert len(hz.scorecard(df, hz.load_sources())) == len(
        hz.scorecard(hz.load_indicators(district="yuhang"), hz.load_sources())
    )
    assert isinstance(df, pd.DataFrame)


def test_an_official_grade_needs_a_government_site(root_copy):
    path = root_copy / "data/sources/qiantang_2025_plan_execution.yaml"
    spec = path.read_text(encoding="utf-8")
    host = re.search(r"address: https?://([^/]+)/", spec).group(1)
    path.write_text(spec.replace(host, "www.example.com"), encoding="utf-8")
    with pytest.raises(ValidationFailed) as err:
        curate.curate(root_copy)
    (problem,) = err.value.problems
    assert problem.file.endswith("qiantang_2025_plan_execution.yaml")
    assert "www.example.com is not a government site" in problem.message
    assert "a copy elsewhere is a reprint" in problem.message
