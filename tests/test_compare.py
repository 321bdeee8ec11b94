import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hzcompare.compare import (
    coverage,
    distance_to_goals,
    gap_to_city,
    not_reported,
    progress,
    promise_record,
    scorecard,
    verdict,
)
from hzcompare.dataset.load import load_indicators, load_sources

SOURCES = pd.DataFrame(
    {"source_id": ["t", "a"], "admin_unit": ["X区", "X区"], "access": ["document", "official"]}
)
COLS = ["district", "indicator", "year", "period", "kind", "qualifier", "value", "unit"]
COLS += ["source_id", "quote", "status", "revised", "preferred"]


def frame(rows):
    return pd.DataFrame(rows, columns=COLS)


def target(q, v, ind="gdp_growth", unit="pct", revised=False, district="yuhang"):
    return [district, ind, 2022, "FY", "target", q, v, unit, "t", "q", "final", revised, True]


def actual(v, ind="gdp_growth", period="FY", unit="pct", district="yuhang", q="none"):
    return [district, ind, 2022, period, "actual", q, v, unit, "a", "q", "final", False, True]


@pytest.mark.parametrize(
    ("qualifier", "target_value", "actual_value", "tolerance", "expected"),
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
        ("about", 8.3, 7.8, 0.5, "met"),  # 8.3 − 0.5 is 7.8 exactly, not 7.800000000000001
    ],
)
def test_verdict_respects_qualifier_and_tolerance(
    qualifier, target_value, actual_value, tolerance, expected
):
    sc = scorecard(
        frame([target(qualifier, target_value), actual(actual_value)]), SOURCES, tolerance
    )
    assert sc["verdict"].tolist() == [expected]
    assert sc["gap"].iloc[0] == pytest.approx(actual_value - target_value)
    assert sc["gap_unit"].iloc[0] == "pp"


@given(
    st.integers(0, 200).map(lambda n: n / 10),
    st.integers(0, 30).map(lambda n: n / 10),
)
def test_a_result_exactly_at_the_about_edge_is_met(target_value, tolerance):
    edge = float(f"{target_value - tolerance:.1f}")
    assert verdict("about", edge, target_value, tolerance) == "met"
    below = float(f"{edge - 0.1:.1f}")
    assert verdict("about", below, target_value, tolerance) == "missed"
    for q, ok in (("none", "met"), ("at_least", "met"), ("stretch", "stretch met")):
        assert verdict(q, target_value, target_value) == ok
    assert verdict("floor", target_value, target_value) == "floor held"


def test_about_tolerance_for_amounts_is_percent_of_target():
    rows = [target("about", 1000, "fai", "yi_yuan"), actual(996, "fai", unit="yi_yuan")]
    assert scorecard(frame(rows), SOURCES, 0.5)["verdict"].tolist() == ["met"]


def test_revised_target_is_shown_beside_the_original_which_is_scored():
    rows = [
        target("none", 441.66, "budget_revenue", "yi_yuan"),
        target("none", 428.35, "budget_revenue", "yi_yuan", revised=True),
        actual(429.28, "budget_revenue", unit="yi_yuan"),
    ]
    sc = scorecard(frame(rows), SOURCES)
    assert len(sc) == 1
    row = sc.iloc[0]
    assert (row["target"], row["verdict"]) == (441.66, "missed")
    assert (row["revised_target"], row["verdict_vs_revised"]) == (428.35, "met")


def test_a_result_printed_only_as_a_bound_is_not_scored():
    rows = [
        target("none", 1300, "gdp", "yi_yuan"),
        actual(1200, "gdp", unit="yi_yuan", q="at_least"),
    ]
    assert scorecard(frame(rows), SOURCES).empty


def test_only_preferred_rows_are_scored():
    other = actual(1.0)
    other[-1] = False  # a second source's row, not the preferred one
    sc = scorecard(frame([target("none", 7), actual(7.5), other]), SOURCES)
    assert sc["actual"].tolist() == [7.5]


def test_partial_year_actuals_are_progress_not_verdicts():
    rows = [target("stretch", 6), target("floor", 5.5), actual(4.6, period="H1")]
    assert scorecard(frame(rows), SOURCES).empty
    p = progress(frame(rows))
    assert p[["period", "progress", "stretch", "floor"]].values.tolist() == [["H1", 4.6, 6.0, 5.5]]


def test_promise_record_counts_each_target_once_under_its_verdict():
    rows = [target("stretch", 8), target("floor", 7), target("none", 10, "fai_growth"), actual(7.5)]
    rec = promise_record(frame(rows), SOURCES).iloc[0]
    assert rec[["stretch_missed", "floor_held", "met", "no_result_yet"]].tolist() == [1, 1, 0, 1]
    assert (rec["scored"], rec["total"]) == (2, 3)
    assert all(" " not in c for c in promise_record(frame(rows), SOURCES).columns)


def test_gap_to_city_is_district_minus_city_in_points():
    rows = [actual(5.1, district="qiantang"), actual(4.7, district="hangzhou")]
    gaps = gap_to_city(frame(rows))
    assert gaps[["district", "gap_pp", "gap_bound"]].values.tolist() == [["qiantang", 0.4, ""]]


def test_gap_to_city_keeps_a_bound_and_says_so():
    rows = [actual(8, district="yuhang", q="at_least"), actual(6.8, district="hangzhou")]
    gaps = gap_to_city(frame(rows), "hangzhou", "gdp_growth")
    assert gaps[["district", "gap_pp", "gap_bound"]].values.tolist() == [
        ["yuhang", 1.2, "at_least"]
    ]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda df: gap_to_city(df, "hangzhou", "gdp"), "gdp is a level"),
        (lambda df: gap_to_city(df, "hangzhou", "gpd_growth"), "unknown indicator 'gpd_growth'"),
        (lambda df: gap_to_city(df, "shanghai"), "unknown benchmark area 'shanghai'"),
        (lambda df: coverage(df, indicators="gdpp"), "unknown indicator 'gdpp'"),
        (lambda df: not_reported(df, "gdp", ["atlantis"], 2021), "unknown district 'atlantis'"),
        (lambda df: scorecard(df, load_sources(), benchmark="atlantis"), "unknown benchmark area"),
        (lambda df: distance_to_goals(df, after="2022.5"), "after must be a whole number"),
        (lambda df: promise_record(df[["district"]], load_sources()), "lacks indicator"),
        (lambda df: scorecard("indicators.csv", load_sources()), "takes a DataFrame"),
    ],
)
def test_comparisons_refuse_what_they_cannot_do(call, message):
    from hzcompare.errors import HzError

    with pytest.raises(HzError, match=message):
        call(load_indicators())


def test_a_comparison_takes_a_code_as_a_string_or_a_list():
    df = load_indicators()
    one = gap_to_city(df, "hangzhou", "gdp_growth")
    assert one.equals(gap_to_city(df, "hangzhou", ["gdp_growth"]))
    assert coverage(df, indicators="gdp").equals(coverage(df, indicators=("gdp",)))


def test_real_scorecard_flags_boundary_change():
    sc = scorecard(load_indicators(), load_sources(), 0.5)
    q21 = sc[(sc["district"] == "qiantang") & (sc["year"] == 2021)]
    row = q21[(q21["indicator"] == "gdp_growth") & (q21["qualifier"] == "stretch")].iloc[0]
    assert (row["target"], row["actual"], row["verdict"]) == (7.0, 6.6, "stretch missed")
    assert "钱塘新区" in row["boundary_note"] and "钱塘区" in row["boundary_note"]
    assert q21["boundary_note"].astype(bool).all()
    pre = sc[(sc["district"] == "xiaoshan") & (sc["year"] == 2020)].iloc[0]
    assert "precedes" in pre["boundary_note"]


def test_real_scorecard_spans_years_and_grades():
    sc = scorecard(load_indicators(), load_sources(), 0.5)
    assert {"qiantang", "yuhang", "xiaoshan", "hangzhou"} <= set(sc["district"])
    assert {2021, 2022, 2023, 2024} <= set(sc["year"])
    yuhang = sc[(sc["district"] == "yuhang") & (sc["indicator"] == "gdp_growth")].iloc[0]
    assert (yuhang["year"], yuhang["target"], yuhang["actual"]) == (2022, 7.0, 1.0)
    assert set(sc["actual_grade"]) <= {"document", "official", "reprint", "news"}


def test_missing_figures_are_not_reported_not_zero():
    df = load_indicators()
    assert not_reported(df, "gdp", ["qiantang", "yuhang", "xiaoshan"], 2019) == [
        "yuhang",
        "xiaoshan",
    ]
    cov = coverage(df, load_sources())
    assert list(cov.columns) == list(range(2019, 2026))
    assert cov.loc[("xiaoshan", "gdp"), 2019] == ""
    assert cov.loc[("yuhang", "gdp"), 2024] == "A4n"  # 4 sources, all news
    assert cov.loc[("qiantang", "gdp_growth"), 2021] == "A1d T1d"


def test_distance_to_goals_covers_levels_not_growth():
    goals = distance_to_goals(load_indicators())
    rd = goals[
        (goals["district"] == "qiantang")
        & (goals["indicator"] == "rd_intensity")
        & (goals["goal_year"] == 2025)
    ].iloc[0]
    # 4.54, not the work report's 4.43: tied to R&D spend ÷ GDP, it is preferred (evidence)
    assert (rd["goal"], rd["latest_year"], rd["latest_actual"]) == (4.5, 2021, 4.54)
    assert rd["gap"] == pytest.approx(0.04)
    assert not goals["indicator"].str.endswith("_growth").any()
    assert (goals["goal_year"] > goals["latest_year"]).all()


@given(
    st.integers(1, 5000).map(lambda n: n * 10 / 10),
    st.integers(1, 30).map(lambda n: n / 10),
)
def test_amounts_exactly_at_the_about_edge_are_met(target_value, tolerance_pp):
    from decimal import Decimal

    from hzcompare.compare import about_tolerance

    tol = about_tolerance("yi_yuan", target_value, tolerance_pp)
    edge = Decimal(repr(target_value)) - tol  # tolerance_pp percent of the target, exactly
    assert verdict("about", float(edge), target_value, tol) == "met"
    rows = [
        target("about", target_value, "fai", "yi_yuan"),
        actual(float(edge), "fai", unit="yi_yuan"),
    ]
    assert scorecard(frame(rows), SOURCES, tolerance_pp)["verdict"].tolist() == ["met"]


def test_qualifiers_are_declared_once():
    from hzcompare.compare import VERDICT_RULES
    from hzcompare.dataset.schema import QUALIFIER_RULES, QUALIFIERS
    from hzcompare.report.charts._style import QUALIFIER_STYLE

    assert set(QUALIFIERS) == set(QUALIFIER_RULES) == set(VERDICT_RULES) == set(QUALIFIER_STYLE)
    for q, rule in QUALIFIER_RULES.items():
        assert VERDICT_RULES[q] == rule.rule
        assert QUALIFIER_STYLE[q] == (rule.marker, rule.zh, rule.en)
        assert verdict(q, 1, 1) == rule.met and verdict(q, 0, 1) == rule.missed


def test_boundary_follows_registry_codes_not_free_text():
    rows = [target("none", 7, district="qiantang"), actual(7.5, district="qiantang")]
    same_text = pd.DataFrame(
        {
            "source_id": ["t", "a"],
            "admin_unit": ["钱塘区", "钱塘区"],  # alike text, but issued by different units
            "unit": ["qiantang_new_area", "qiantang"],
            "access": ["document", "document"],
        }
    )
    note = scorecard(frame(rows), same_text)["boundary_note"].iloc[0]
    assert note == "target set by 钱塘新区 Qiantang New Area; result reported for 钱塘区 Qiantang"
    other_text = same_text.assign(admin_unit=["钱塘区 (new)", "钱塘区 (District)"], unit="qiantang")
    assert scorecard(frame(rows), other_text)["boundary_note"].iloc[0] == ""
    before = [[*r[:2], 2020, *r[3:]] for r in rows]  # a year before Qiantang's boundary (2021)
    note = scorecard(frame(before), other_text)["boundary_note"].iloc[0]
    assert note == "2020 precedes Qiantang's current boundary (2021)"


def test_distance_to_goals_flags_a_goal_set_by_the_predecessor():
    goals = distance_to_goals(load_indicators(), load_sources(), after=2022)
    rd = goals[(goals["district"] == "qiantang") & (goals["indicator"] == "rd_intensity")]
    row = rd[rd["goal_year"] == 2025].iloc[0]
    assert "钱塘新区 Qiantang New Area" in row["boundary_note"]
    assert (goals["goal_year"] > 2022).all()


def test_a_target_known_only_as_revised_is_scored_and_marked():
    rows = [
        target("none", 2.8, "budget_revenue_growth", revised=True),
        actual(3.0, "budget_revenue_growth"),
    ]
    sc = scorecard(frame(rows), SOURCES)
    assert sc[["target", "verdict", "target_revised"]].values.tolist() == [[2.8, "met", True]]


# --- property tests: each comparison holds its stated rules on any subset of the real panel ---
REAL = load_indicators()
REAL_SOURCES = load_sources()
AREAS = sorted(REAL["district"].unique())


@given(st.sets(st.sampled_from(AREAS), min_size=1), st.sampled_from([0.0, 0.3, 0.5, 1.0]))
def test_promise_record_adds_up_to_the_scorecard(areas, tolerance):
    df = REAL[REAL["district"].isin(areas)]
    sc = scorecard(df, REAL_SOURCES, tolerance)
    rec = promise_record(df, REAL_SOURCES, tolerance)
    assert int(rec["scored"].sum()) == len(sc)
    per = sc.groupby(["district", "year"]).size()
    for r in rec.itertuples():
        assert r.scored == per.get((r.district, r.year), 0)
        assert r.total == r.scored + r.no_result_yet
    targets = REAL[
        REAL["district"].isin(areas)
        & REAL["preferred"]
        & (REAL["kind"] == "target")
        & (REAL["period"] == "FY")
        & ~REAL["revised"].astype(bool)
    ]
    assert int(rec["total"].sum()) == len(targets) + int(sc["target_revised"].sum())


@given(st.sets(st.sampled_from(AREAS), min_size=1))
def test_gap_to_city_subtracts_exactly_rates_only(areas):
    from decimal import Decimal

    gaps = gap_to_city(REAL[REAL["district"].isin([*areas, "hangzhou"])], "hangzhou")
    from hzcompare.dataset.schema import INDICATORS

    assert all(INDICATORS[i].unit == "pct" for i in gaps["indicator"])
    assert "hangzhou" not in set(gaps["district"])
    for r in gaps.itertuples():
        dec = lambda x: Decimal(repr(float(x)))  # noqa: E731
        assert dec(r.gap_pp) == dec(r.value) - dec(r.value_city)
        assert r.quote and r.quote_city and r.source_id and r.source_id_city


@given(st.sets(st.sampled_from(AREAS), min_size=1), st.sampled_from([0.0, 0.5]))
def test_the_scorecard_scores_full_year_exact_results_by_the_qualifiers_rule(areas, tolerance):
    sc = scorecard(REAL[REAL["district"].isin(areas)], REAL_SOURCES, tolerance)
    pref = REAL[REAL["preferred"]]
    for r in sc.itertuples():
        result = pref[
            (pref["district"] == r.district)
            & (pref["indicator"] == r.indicator)
            & (pref["year"] == r.year)
            & (pref["period"] == "FY")
            & (pref["kind"] == "actual")
        ]
        assert len(result) == 1 and result.iloc[0]["qualifier"] in ("none", "about")
        assert result.iloc[0]["value"] == r.actual
        assert r.verdict in {
            "met",
            "floor held",
            "stretch met",
            "missed",
            "stretch missed",
            "floor broken",
        }


@given(st.sampled_from(sorted(REAL[REAL["preferred"]].itertuples(index=False), key=repr)))
def test_figure_finds_the_preferred_row_of_its_key(row):
    import hzcompare as hz

    if row.kind == "target":
        found = hz.figure(
            REAL, row.district, row.indicator, row.year, row.kind, row.period, row.qualifier
        )
        if row.revised:
            return  # a revised target is the one figure() returns only when no original exists
    else:
        found = hz.figure(REAL, row.district, row.indicator, row.year, row.kind, row.period)
    assert (found["value"], found["source_id"]) == (row.value, row.source_id)
