"""The research API: every public function states its rules and shows an example that runs."""

from __future__ import annotations

import doctest
import inspect

import hzcompare as hz
import pytest

FUNCTIONS = [
    (f"hz.{name}", getattr(hz, name))
    for name in hz.__all__
    if callable(getattr(hz, name)) and not inspect.ismodule(getattr(hz, name)) and name != "HzError"
] + [(f"hz.charts.{name}", getattr(hz.charts, name)) for name in hz.charts.__all__]


@pytest.mark.parametrize(("name", "obj"), FUNCTIONS, ids=[n for n, _ in FUNCTIONS])
def test_every_public_function_has_an_example_that_runs(name, obj):
    tests = doctest.DocTestFinder(recurse=False).find(obj, name, globs={})
    examples = [t for t in tests if t.examples]
    assert examples, f"{name}: its docstring shows no example (>>>)"
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    for test in examples:
        runner.run(test)
    assert runner.failures == 0, f"{name}: its example does not give what it shows"


def test_the_chart_module_shows_charts_only():
    public = sorted(n for n in vars(hz.charts) if not n.startswith("_"))
    assert public == sorted(hz.charts.__all__)
    assert not {"pd", "plt", "sns", "matplotlib", "annotations"} & set(public)


def test_the_chart_module_applies_the_house_style_on_import():
    import subprocess
    import sys

    code = (
        "import matplotlib.pyplot as plt, hzcompare as hz; hz.charts; "
        "print(plt.rcParams['font.sans-serif'][0])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "Noto Sans CJK SC" and "Glyph" not in out.stderr


def test_save_chart_says_where_it_writes(tmp_path, capsys):
    df, src = hz.load_indicators(), hz.load_sources()
    fig, data = hz.charts.trend(df, "gdp_growth", ["qiantang"], src)
    paths = hz.charts.save_chart(fig, data, "mine", tmp_path)
    assert [p.parent for p in paths] == [tmp_path / "charts"] * 3
    assert f"saved {tmp_path / 'charts' / 'mine'}.png, .svg and .csv" in capsys.readouterr().out


def test_figure_columns_name_one_figure():
    df = hz.load_indicators()
    pref = hz.preferred(df)
    actuals = pref[pref["kind"] == "actual"]
    assert not actuals.duplicated(list(hz.FIGURE_COLUMNS[:5])).any()
    targets = pref[pref["kind"] == "target"]
    assert not targets.duplicated([*hz.FIGURE_COLUMNS, "revised"]).any()
