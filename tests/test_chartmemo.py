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
CALLS: list[str] = []


def counted_trend(*args, **kwargs):
    """charts.trend, counting its calls (module-level: the memo keys only such functions)."""
    CALLS.append(args[1])
    return charts.trend(*args, **kwargs)


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
    # What the key cannot describe exactly is never taken for another call: it is drawn.
    assert chartmemo.call_key(charts.trend, (df, object()), {}) is None
    assert chartmemo.call_key(charts.trend, (df.astype(object),), {}) is None
    assert chartmemo.call_key(lambda d: charts.trend(d, "gdp"), (df,), {}) is None
    scale = 2

    def closure(d):
        return charts.trend(d * scale, "gdp")

    assert chartmemo.call_key(closure, (df,), {}) is None


def test_a_chart_called_again_in_the_run_is_copied_byte_for_byte(tmp_path, monkeypatch):
    monkeypatch.setenv(chartmemo.ENV, str(tmp_path / "memo"))
    (tmp_path / "memo").mkdir()
    calls = CALLS
    calls.clear()
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


def test_a_kernel_that_died_drawing_leaves_no_lock_and_a_drawing_one_is_waited_for(
    tmp_path, monkeypatch
):
    monkeypatch.setenv(chartmemo.ENV, str(tmp_path))
    env = {**os.environ, chartmemo.ENV: str(tmp_path)}
    # Takes the lock of k1 and dies without a chart: the lock goes with it.
    died = "from hzcompare.report import chartmemo; import os; chartmemo.fetch_or_claim('k1'); os._exit(1)"
    subprocess.run([sys.executable, "-c", died], env=env, check=False)
    assert chartmemo.fetch_or_claim("k1") is None and "k1" in chartmemo._held
    chartmemo.release("k1")
    # Takes the lock of k2, says so, draws for a while, then keeps its chart.
    drawing = (
        "from hzcompare.report import chartmemo; import pathlib, time; "
        "assert chartmemo.fetch_or_claim('k2') is None; print('locked', flush=True); "
        f"time.sleep(0.5); f = pathlib.Path({str(tmp_path / 'c.png')!r}); f.write_bytes(b'png'); "
        "chartmemo.store('k2', [f], {'width': 7})"
    )
    drawer = subprocess.Popen([sys.executable, "-c", drawing], env=env, stdout=subprocess.PIPE)
    assert drawer.stdout.readline().strip() == b"locked"
    entry = chartmemo.fetch_or_claim("k2")  # waits for the drawer, draws nothing
    assert drawer.wait() == 0 and entry == tmp_path / "k2" and "k2" not in chartmemo._held
    files, meta = chartmemo.copy_entry(entry, tmp_path / "out" / "2022_x")
    assert [f.read_bytes() for f in files] == [b"png"] and meta["width"] == 7
