"""Charts drawn once per pack run: keys that tell calls apart, copies equal to drawings."""

import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from hzcompare.dataset.load import load_indicators
from hzcompare.report import chartmemo, charts
from hzcompare.report.notebook import Context

DISTRICTS = ["qiantang", "yuhang", "xiaoshan"]


def test_equal_calls_share_a_key_and_any_difference_parts_them():
    df = load_indicators()
    key = chartmemo.call_key(charts.trend, (df, "gdp", DISTRICTS), {"lang": "zh"})
    assert key == chartmemo.call_key(charts.trend, (df.copy(), "gdp", DISTRICTS), {"lang": "zh"})
    changed = df.copy()
    changed.loc[changed.index[0], "value"] += 0.01  # one figure in one row
    others = [
        chartmemo.call_key(charts.trend, (changed, "gdp", DISTRICTS), {"lang": "zh"}),
        chartmemo.call_key(charts.trend, (df, "gdp_growth", DISTRICTS), {"lang": "zh"}),
        chartmemo.call_key(charts.trend, (df, "gdp", DISTRICTS[:2]), {"lang": "zh"}),
        chartmemo.call_key(charts.trend, (df, "gdp", DISTRICTS), {"lang": "en"}),
        chartmemo.call_key(charts.levels, (df, "gdp", DISTRICTS), {"lang": "zh"}),
    ]
    with plt.rc_context({"savefig.dpi": 72}):  # a setting the bytes depend on
        others.append(chartmemo.call_key(charts.trend, (df, "gdp", DISTRICTS), {"lang": "zh"}))
    assert None not in others and len({key, *others}) == len(others) + 1
    # An argument the key cannot describe is never taken for another: the call is drawn.
    assert chartmemo.call_key(charts.trend, (df, object()), {}) is None


def test_a_chart_called_again_in_the_run_is_copied_byte_for_byte(tmp_path, monkeypatch):
    monkeypatch.setenv(chartmemo.ENV, str(tmp_path / "memo"))
    (tmp_path / "memo").mkdir()
    calls = []

    def counted_trend(*args, **kwargs):
        calls.append(args[1])
        return charts.trend(*args, **kwargs)

    packs = []
    for year in (2021, 2022):
        ctx = Context(year, DISTRICTS, "both", 0.5, str(tmp_path / str(year)), "hangzhou")
        ctx.chart("trend_gdp", counted_trend, ctx.df, "gdp", DISTRICTS, ctx.sources, "both")
        packs.append(tmp_path / str(year) / "charts")
    assert calls == ["gdp"]  # drawn for 2021, copied for 2022
    assert chartmemo.copies(tmp_path / "memo") == 1
    for suffix in ("png", "svg", "csv"):
        drawn = (packs[0] / f"2021_trend_gdp.{suffix}").read_bytes()
        assert (packs[1] / f"2022_trend_gdp.{suffix}").read_bytes() == drawn
    # Drawn again without the memo, the chart has the same bytes: the copy is no shortcut.
    monkeypatch.delenv(chartmemo.ENV)
    alone = Context(2022, DISTRICTS, "both", 0.5, str(tmp_path / "alone"), "hangzhou")
    alone.chart("trend_gdp", counted_trend, alone.df, "gdp", DISTRICTS, alone.sources, "both")
    assert calls == ["gdp", "gdp"]
    for suffix in ("png", "svg", "csv"):
        fresh = (tmp_path / "alone" / "charts" / f"2022_trend_gdp.{suffix}").read_bytes()
        assert fresh == (packs[1] / f"2022_trend_gdp.{suffix}").read_bytes(), suffix


def test_a_failing_chart_releases_its_claim(tmp_path, monkeypatch):
    monkeypatch.setenv(chartmemo.ENV, str(tmp_path))
    ctx = Context(2022, DISTRICTS, "both", 0.5, str(tmp_path / "out"), "hangzhou")

    def broken(df):
        raise ValueError("no chart")

    with pytest.raises(ValueError, match="no chart"):
        ctx.chart("broken", broken, ctx.df)
    assert not list(tmp_path.glob("*.claim"))  # the next kernel draws it (and fails) itself


def test_a_claim_whose_kernel_died_is_taken_over(tmp_path, monkeypatch):
    monkeypatch.setenv(chartmemo.ENV, str(tmp_path))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], **TEXT)
    claim = tmp_path / "k1.claim"
    claim.mkdir()
    (claim / "pid").write_text(dead.stdout.strip())
    assert chartmemo.fetch_or_claim("k1") is None  # not waited for: drawn here
    assert (claim / "pid").read_text() == str(os.getpid())
    chartmemo.release("k1")
    assert not claim.exists()


TEXT = {"capture_output": True, "text": True, "check": True}
