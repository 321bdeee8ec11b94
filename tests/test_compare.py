import pandas as pd
import pytest
from hzcompare.compare import coverage, not_reported, progress, scorecard
from hzcompare.dataset.load import load_indicators, load_sources

SOURCES = pd.DataFrame({"source_id": ["t", "a"], "admin_unit": ["X区", "X区"]})


def frame(rows):
    cols = [
        "district",
        "indicator",
        "year",
        "period",
        "kind",
        "qualifier",
        "value",
        "unit",
        "source_id",
        "quote",
    ]
    return pd.DataFrame(rows, columns=cols)


def target(q, v, ind="gdp_growth", unit="pct"):
    return ["yuhang", ind, 2022, "FY", "target", q, v, unit, "t", "q"]


def actual(v, ind="gdp_growth", period="FY", unit="pct"):
    return ["yuhang", ind, 2022, period, "actual", "none", v, unit, "a", "q"]


@pytest.mark.parametrize(
    ("qualifier", "target_value", "actual_value", "tolerance", "verdict"),
    [
        ("none", 7, 7.0, 0.5, "met"),
        ("none", 7, 6.9, 0.5, "missed"),
        ("at_least", 7, 7.1, 0.5, "met"),
        ("stretch", 7, 6.6, 0.5, "stretch missed"),
        ("stretch", 7, 7.0, 0.5, "stretch met"),
        ("floor", 5.5, 5.4, 0.5, "floor broken"),
        ("floor", 5.5, 5.5, 0.5, "floor held"),
        ("about", 7, 6.6, 0.5, "met"),
        ("about", 7, 6.4, 0.5, "missed"),
        ("about", 7, 6.6, 0.2, "missed"),
    ],
)
def test_verdict_respects_qualifier_and_tolerance(
    qualifier, target_value, actual_value, tolerance, verdict
):
    sc = scorecard(
        frame([target(qualifier, target_value), actual(actual_value)]), SOURCES, tolerance
    )
    assert sc["verdict"].tolist() == [verdict]
    assert sc["gap"].iloc[0] == pytest.approx(actual_value - target_value)
    assert sc["gap_unit"].iloc[0] == "pp"


def test_about_tolerance_for_amounts_is_percent_of_target():
    rows = [target("about", 1000, "fai", "yi_yuan"), actual(996, "fai", unit="yi_yuan")]
    assert scorecard(frame(rows), SOURCES, 0.5)["verdict"].tolist() == ["met"]


def test_partial_year_actuals_are_progress_not_verdicts():
    rows = [target("stretch", 6), target("floor", 5.5), actual(4.6, period="H1")]
    assert scorecard(frame(rows), SOURCES).empty
    p = progress(frame(rows))
    assert p[["period", "progress", "stretch", "floor"]].values.tolist() == [["H1", 4.6, 6.0, 5.5]]


def test_real_scorecard_flags_boundary_change():
    sc = scorecard(load_indicators(), load_sources(), 0.5)
    row = sc[(sc["indicator"] == "gdp_growth") & (sc["qualifier"] == "stretch")].iloc[0]
    assert (row["target"], row["actual"], row["verdict"]) == (7.0, 6.6, "stretch missed")
    assert "钱塘新区" in row["boundary_note"] and "钱塘区" in row["boundary_note"]
    assert set(sc["verdict"]) == {"met", "stretch missed"}


def test_missing_figures_are_not_reported_not_zero():
    df = load_indicators()
    assert not_reported(df, "gdp", ["qiantang", "yuhang", "xiaoshan"], 2021) == ["xiaoshan"]
    cov = coverage(df)
    assert cov.loc["gdp", ("xiaoshan", 2021)] == "" if ("xiaoshan", 2021) in cov.columns else True
    assert cov.loc["gdp_growth", ("qiantang", 2021)] == "A+T"


def test_distance_to_goals_covers_levels_not_growth():
    from hzcompare.compare import distance_to_goals

    goals = distance_to_goals(load_indicators())
    rd = goals[(goals["indicator"] == "rd_intensity") & (goals["goal_year"] == 2025)].iloc[0]
    assert (rd["goal"], rd["latest_year"], rd["latest_actual"]) == (4.5, 2021, 4.43)
    assert rd["gap"] == pytest.approx(-0.07)
    assert not goals["indicator"].str.endswith("_growth").any()
    assert (goals["goal_year"] > goals["latest_year"]).all()
