"""The index's sentences: every number a sentence states is in the rows it carries."""

from __future__ import annotations

import re

import hzcompare as hz
from hzcompare.report.story import biggest_miss, faster_than_city, headline, kept_word

DF, SRC = hz.load_indicators(), hz.load_sources()


def test_each_district_kept_count_is_its_rows_verdicts():
    sentences = kept_word(DF, SRC, 0.5)
    assert sentences
    for s in sentences:
        kept, scored = map(int, re.search(r"kept (\d+) of its (\d+)", s.text).groups())
        assert scored == len(s.rows)
        assert kept == s.rows["verdict"].isin(["met", "floor held", "stretch met"]).sum()


def test_the_biggest_miss_is_the_widest_rate_shortfall_and_names_the_indicator():
    (miss,) = biggest_miss(DF, SRC, 0.5)
    card = hz.scorecard(DF, SRC, 0.5)
    broken = card[
        card["verdict"].isin(["missed", "floor broken"])
        & (card["gap_unit"] == "pp")
        & (card["district"] != "hangzhou")
    ]
    row = miss.rows.iloc[0]
    assert row["actual"] - row["target"] == min(broken["actual"] - broken["target"])
    assert f"{row['actual']:g}% against a target of {row['target']:g}%" in miss.text
    assert "GDP growth" in miss.text or "gdp" not in row["indicator"]  # names, not codes
    assert "gdp growth" not in miss.text


def test_faster_than_city_counts_the_years_it_lists():
    for s in faster_than_city(DF, "hangzhou"):
        ahead, years = map(int, re.search(r"in (\d+) of (\d+) years", s.text).groups())
        assert years == len(s.rows)
        assert ahead == (s.rows["gap_pp"] > 0).sum()


def test_the_widest_gap_says_ahead_or_behind_with_its_size_as_in_its_rows():
    for s in faster_than_city(DF, "hangzhou"):
        size, side, year = re.search(
            r"widest gap: ([\d.]+) points (ahead|behind) in (\d+)", s.text
        ).groups()
        row = s.rows.loc[s.rows["gap_pp"].abs().idxmax()]
        assert (int(year), float(size)) == (row["year"], round(abs(row["gap_pp"]), 1))
        assert side == ("ahead" if row["gap_pp"] > 0 else "behind")
        assert f"({row['value']:g}% against {row['value_city']:g}%)" in s.text


def test_no_sentence_shows_a_code():
    for s in headline(DF, SRC, 0.5, "hangzhou"):
        assert not re.search(
            r"\b(qiantang|yuhang|xiaoshan|hangzhou|gdp_growth|rd_intensity)\b", s.text
        )


def test_a_chart_title_never_says_0_of_0():
    from hzcompare.report.charts._results import _targets_message

    fai = DF[(DF["indicator"] == "fai") & (DF["year"].isin([2022, 2023]))]
    districts = ["qiantang", "yuhang", "xiaoshan"]
    actual_only = fai[fai["kind"] == "actual"]
    message = _targets_message(actual_only, "fai", districts, [2022, 2023], "en")
    assert message.endswith("results only, no target stated")
    target_only = DF[(DF["indicator"] == "gdp_growth") & (DF["kind"] == "target")]
    message = _targets_message(target_only, "gdp_growth", districts, [2022, 2023], "en")
    assert "none with a full-year result yet" in message and "0 of" not in message
