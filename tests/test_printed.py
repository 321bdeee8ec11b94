"""Printed values of cited pages: parsed and converted by code, never by hand."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hzcompare.dataset.printed import check_cited, parse_gap, parse_printed, split_quote
from hzcompare.dataset.schema import label_words


@pytest.mark.parametrize(
    ("printed", "value", "unit", "words"),
    [
        ("1416亿元", 1416.0, "yi_yuan", ""),
        ("3000273万元", 300.0273, "yi_yuan", ""),
        ("1.35万亿元", 13500.0, "yi_yuan", ""),
        ("突破2.3万亿元", 23000.0, "yi_yuan", "突破"),
        ("3355.67億元", 3355.67, "yi_yuan", ""),
        ("3568 亿元", 3568.0, "yi_yuan", ""),
        ("一千二百亿元", 1200.0, "yi_yuan", ""),
        ("5.1%", 5.1, "pct", ""),
        ("下降4.4%", -4.4, "pct", "下降"),
        ("8%以上", 8.0, "pct", "以上"),
        ("3.7%左右", 3.7, "pct", "左右"),
        ("力争突破4%", 4.0, "pct", "力争突破"),
        ("3.97 percent", 3.97, "pct", ""),
        ("more than 160 billion yuan", 1600.0, "yi_yuan", "more than"),
        ("RMB 1,875.3 billion yuan", 18753.0, "yi_yuan", ""),
        ("RMB 202.26 billion", 2022.6, "yi_yuan", ""),
        ("more than RMB 1.2 trillion", 12000.0, "yi_yuan", "more than"),
        ("1.61 trillion yuan", 16100.0, "yi_yuan", ""),
        ("7左右", 7.0, None, "左右"),
    ],
)
def test_printed_values_are_converted(printed, value, unit, words):
    got = parse_printed(printed)
    assert (got.value, got.unit, got.words) == (value, unit, words)


@pytest.mark.parametrize("printed", ["", "not stated", "1416亿元 and more", "%"])
def test_unreadable_printed_values_are_errors(printed):
    with pytest.raises(ValueError, match="cannot read a printed value"):
        parse_printed(printed)


@pytest.mark.parametrize("printed", ["202.26 billion", "1.2 trillion", "more than 3 billion"])
def test_a_bare_billion_names_no_currency(printed):
    with pytest.raises(ValueError, match="names no currency"):
        parse_printed(printed)


@given(st.integers(1, 10**9))
def test_wan_yuan_is_ten_thousandth_of_yi_yuan_exactly(n):
    assert parse_printed(f"{n}万元").value == pytest.approx(n / 10_000, rel=1e-15)
    assert parse_printed(f"{n}亿元").value == n


def test_a_quote_splits_into_label_and_printed_value():
    assert split_quote("一般公共预算收入 3000273万元") == ("一般公共预算收入", "3000273万元")
    assert split_quote("GDP (by 2025) more than 160 billion yuan") == (
        "GDP (by 2025)",
        "more than 160 billion yuan",
    )
    with pytest.raises(ValueError):
        split_quote("一般公共预算收入增长较快")


@pytest.mark.parametrize(
    ("printed", "gap"),
    [
        ("高于全市0.4个百分点", 0.4),
        ("低于全市1.2个百分点", -1.2),
        ("分别高出省、市2.5和2.9个百分点", 2.9),
    ],
)
def test_stated_gaps_are_read_with_their_sign(printed, gap):
    assert parse_gap(printed) == gap


def test_label_vocabulary_names_the_indicator():
    assert "生产总值" in label_words("gdp_growth")  # a growth shares its level's words
    assert check_cited("地區生產總值", "1270.39億元", "gdp", "none") == 1270.39
    with pytest.raises(ValueError, match="does not name budget_revenue"):
        check_cited("税收收入", "100亿元", "budget_revenue", "none")
    with pytest.raises(ValueError, match="is in pct, but gdp is stated in yi_yuan"):
        check_cited("地区生产总值", "5%", "gdp", "none")
    assert check_cited("地区生产总值 2019年目标增长(%)", "7左右", "gdp_growth", "about") == 7.0
