"""The choice rule (which source a chart uses), conflicts, and the plausibility ties."""

from pathlib import Path

import pytest
from conftest import ROOT
from hzcompare.dataset.choice import choose, conflicts
from hzcompare.dataset.crosscheck import check_stated_gaps, level_growth_ties
from hzcompare.dataset.validate import read_columns, read_table


def row(value, sid, kind="actual", qualifier="none", status="final", note="", year=2021):
    return {
        "district": "yuhang",
        "indicator": "gdp",
        "year": year,
        "period": "FY",
        "kind": kind,
        "qualifier": qualifier,
        "value": value,
        "source_id": sid,
        "status": status,
        "note": note,
        "revised": False,
        "_line": 2,
    }


SOURCES = {
    "doc": {"access": "document", "published": "2022-02-13"},
    "off": {"access": "official", "published": "2023-02-02"},
    "rep": {"access": "reprint", "published": "2023-03-02"},
    "news_late": {"access": "news", "published": "2025-01-22"},
    "news_early": {"access": "news", "published": "2025"},
}


@pytest.mark.parametrize(
    ("rows", "chosen"),
    [
        ([row(2502.2, "news_late"), row(2502.2, "rep")], "rep"),  # reprint over news
        ([row(2502.2, "rep"), row(2502.2, "off")], "off"),  # official over reprint
        ([row(2502.2, "doc", status="estimated"), row(2502.2, "news_late")], "news_late"),
        ([row(2502.0, "off", status="preliminary"), row(2502.2, "news_late")], "news_late"),
        ([row(2500, "off", qualifier="at_least"), row(2502.2, "news_late")], "news_late"),
        ([row(2502.2, "news_early"), row(2502.2, "news_late")], "news_late"),  # later first
    ],
)
def test_the_choice_rule(rows, chosen):
    assert [r["source_id"] for r in choose(rows, SOURCES)] == [chosen]


def test_disagreement_beyond_rounding_is_a_conflict_unless_explained():
    assert conflicts([row(3568.03, "off"), row(3568, "rep")]) == []  # rounding only
    assert conflicts([row(269.48, "off"), row(269.5, "rep")]) == []
    assert len(conflicts([row(18109, "off"), row(18247, "rep")])) == 1
    explained = row(18247, "rep", note="revision: revised a year later")
    assert conflicts([row(18109, "off"), explained]) == []
    # a bound agrees with any value above it, and disagrees with one below
    assert conflicts([row(1200, "off", qualifier="at_least"), row(1250, "rep")]) == []
    assert len(conflicts([row(1300, "off", qualifier="at_least"), row(1250, "rep")])) == 1


def test_committed_data_ties_levels_to_growth():
    _, figures, _ = read_columns(ROOT / "data/curated/indicators.csv")
    ties = level_growth_ties(figures)
    assert ties and all(t["holds"] for t in ties)
    y = next(
        t
        for t in ties
        if (t["district"], t["indicator"], t["year"]) == ("yuhang", "budget_revenue_growth", 2023)
    )
    assert (y["implied"], y["stated"]) == (18.06, 18.1)  # 416.68 / 352.93 − 1, nominal
    # no tie is drawn across the 2021 boundary change (Xiaoshan 2020 → 2021)
    assert not any(t["district"] == "xiaoshan" and t["year"] == 2021 for t in ties)


def test_stated_gaps_are_reproduced_by_the_curated_figures():
    _, rows, _ = read_columns(ROOT / "data/curated/indicators.csv")
    _, gaps, _ = read_table(ROOT / "data/curated/stated_gaps.csv")
    assert {(g["district"], g["year"]) for g in gaps} >= {("qiantang", 2024), ("yuhang", 2023)}
    assert check_stated_gaps("stated_gaps.csv", gaps, rows) == []
    wrong = [dict(gaps[0], gap=gaps[0]["gap"] + 0.3 if gaps[0]["gap"] else None)]
    if wrong[0]["gap"] is not None:
        assert "is not reproduced" in check_stated_gaps("g", wrong, rows)[0].message


def test_a_level_that_breaks_its_tie_is_reported(tmp_path: Path):
    import shutil

    from conftest import run_cli

    shutil.copytree(ROOT / "data", tmp_path / "data")
    spec = tmp_path / "data/sources/yuhang_2024_budget_execution.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace("416.68亿元", "436.68亿元"), encoding="utf-8"
    )
    env = {"HZCOMPARE_ROOT": str(tmp_path)}
    import os

    result = run_cli("curate", env={**os.environ, **env})
    assert result.returncode == 1
    assert "yuhang budget_revenue_growth 2023: the levels imply +23.73%" in result.stderr
