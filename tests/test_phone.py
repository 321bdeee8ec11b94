"""Wide charts have a phone layout: one column as wide as the phone column the pages are read
in, every text inside it, years down in the promise record; a page shows it on narrow screens."""

from __future__ import annotations

import hzcompare as hz
import matplotlib.pyplot as plt
import pytest
from hzcompare.report.charts._layout import layout_problems
from hzcompare.report.charts._phone import (
    TEXT_WIDTH,
    has_phone_layout,
    text_width,
    wrap,
)
from hzcompare.report.page import PHONE_COLUMN, PHONE_SCREEN, picture_html

DF, SRC = hz.load_indicators(), hz.load_sources()
AREAS = ["qiantang", "yuhang", "xiaoshan"]


def test_the_wide_charts_and_only_they_have_a_phone_layout():
    wide = {n for n in hz.charts.__all__ if has_phone_layout(getattr(hz.charts, n))}
    assert wide == {"trend", "promise_chart"}


@pytest.mark.parametrize("indicator", ["gdp", "gdp_growth", "rd_intensity", "fai_growth"])
def test_a_trend_on_a_phone_is_one_column_of_panels_as_wide_as_the_column(indicator):
    fig, data = hz.charts.trend(DF, indicator, AREAS, SRC, "both", "hangzhou", phone=True)
    wide, wide_data = hz.charts.trend(DF, indicator, AREAS, SRC, "both", "hangzhou")
    try:
        panels = [ax for ax in fig.axes if ax.get_visible()]
        assert len(panels) == 3
        lefts = {round(ax.get_position().x0, 6) for ax in panels}
        assert len(lefts) == 1, "panels side by side"
        assert fig.get_figwidth() * 100 == PHONE_COLUMN
        assert layout_problems(fig) == []
        assert data.equals(wide_data)  # the same points, laid out for a phone
    finally:
        plt.close(fig)
        plt.close(wide)


def test_the_promise_record_on_a_phone_has_years_down_and_areas_across():
    fig, data = hz.charts.promise_chart(DF, SRC, 0.5, [2022, 2023], "both", phone=True)
    wide, wide_data = hz.charts.promise_chart(DF, SRC, 0.5, [2022, 2023], "both")
    try:
        (ax,) = fig.axes
        years = [t.get_text() for t in ax.get_yticklabels()]
        assert years == sorted(years) and all(y.isdigit() for y in years)
        assert [t.get_text() for t in wide.axes[0].get_xticklabels()] == years
        assert "Qiantang\n钱塘" in [t.get_text() for t in ax.get_xticklabels()]
        assert layout_problems(fig) == []
        assert data.equals(wide_data)  # the same targets and verdicts, laid out for a phone
    finally:
        plt.close(fig)
        plt.close(wide)


def test_wrapped_lines_fit_the_phone_column_and_keep_every_word():
    words = (
        "GDP growth 地区生产总值增长: Qiantang 钱塘 and Yuhang 余杭 above Hangzhou 杭州's 4.7%" * 3
    ).split()
    lines = wrap(words, 10.5)
    assert len(lines) > 1
    assert all(text_width(line, 10.5) <= TEXT_WIDTH for line in lines)
    assert " ".join(lines).split() == words


def test_a_key_entry_too_long_for_a_line_breaks_at_its_spaces():
    entry = "阴影：2021年区划调整前 shaded: before the 2021 boundary change, a long explanation"
    lines = wrap(["◇ target 目标", entry], 7.5, sep="   ")
    assert all(text_width(line, 7.5) <= TEXT_WIDTH for line in lines)
    assert lines[0] == "◇ target 目标"


def test_a_picture_offers_the_phone_layout_to_narrow_screens_only_and_escapes_its_text():
    html = picture_html(
        "charts/a.png", "charts/a.png", 'GDP "growth" <b>', "charts/a.phone.png", 960
    )
    assert f'media="(max-width: {PHONE_SCREEN}px)" srcset="charts/a.phone.png"' in html
    assert f'width="{PHONE_COLUMN}"' in html and 'width="960"' in html
    assert "<b>" not in html and "&quot;growth&quot;" in html
    plain = picture_html("charts/b.png", "charts/b.png", "b")
    assert "<source" not in plain and "width=" not in plain
