"""Charts, workbook and environment: the artefacts a researcher opens."""

import io
import mmap
import tomllib
import warnings
import zipfile

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
import yaml
from conftest import ROOT
from hzcompare.accel import text_metrics
from hzcompare.dataset.load import load_indicators, load_sources
from hzcompare.report import charts
from hzcompare.report.excel import write_workbook
from hzcompare.report.fonts import FONT_FAMILY, font_path
from matplotlib import font_manager
from matplotlib.backends.backend_agg import RendererAgg
from openpyxl import load_workbook


def test_cjk_renders_without_missing_glyphs_after_seaborn_theme(tmp_path):
    charts.use_house_style()
    sns.set_theme(font=FONT_FAMILY)  # a notebook re-theming must not lose the font
    charts.use_house_style()
    assert plt.rcParams["font.sans-serif"][0] == "Noto Sans CJK SC"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" would raise here
        fig, data = charts.targets_vs_actuals(
            load_indicators(),
            "gdp_growth",
            ["qiantang", "yuhang", "xiaoshan"],
            [2022, 2023],
            load_sources(),
            "zh",
            benchmark="hangzhou",
        )
        paths = charts.save_chart(fig, data, "gdp_growth", tmp_path)
    assert [p.suffix for p in paths] == [".png", ".svg", ".csv"]
    csv = pd.read_csv(paths[2])
    assert set(csv["district"]) == {"qiantang", "yuhang", "xiaoshan", "hangzhou"}
    city = csv[csv["district"] == "hangzhou"].set_index("year")["value"]
    assert city.to_dict() == {2022: 1.5, 2023: 5.6}  # the city's results ride with the chart
    texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    assert any("未报告" in t for t in texts)  # Xiaoshan 2023: not reported, never drawn as 0
    assert any("来源" in t and "每个点的来源见图表CSV" in t for t in texts)


def test_chart_labels_are_not_parsed_as_math():
    charts.use_house_style()
    assert plt.rcParams["text.parse_math"] is False


def _chart_bytes(indicator: str) -> list[bytes]:
    fig, _ = charts.trend(
        load_indicators(), indicator, ["qiantang", "yuhang", "xiaoshan"], load_sources(), "both"
    )
    out = []
    for fmt in ("png", "svg"):
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, bbox_inches="tight", metadata={"Date": None})
        out.append(buf.getvalue())
    plt.close(fig)
    return out


def test_shared_text_sizes_and_mapped_fonts_leave_chart_bytes_unchanged():
    charts.use_house_style()
    try:
        text_metrics.uninstall()
        plain = [_chart_bytes(i) for i in ("gdp_growth", "rd_intensity")]
        acting = text_metrics.install()
        shared = [_chart_bytes(i) for i in ("gdp_growth", "rd_intensity")]
        # the charts were measured, and their fonts looked up and read, through the memos,
        # and the fonts were read from memory maps, as far as this matplotlib allows
        assert acting["measure"] and text_metrics._memo
        assert bool(text_metrics._lookups and text_metrics._tables) == acting["lookups"]
        mapped = isinstance(font_manager.get_font(font_path()).fname, mmap.mmap)
        assert mapped == acting["mapped_fonts"]
        assert shared == plain
        # A later font setting is a new key, never a stale size or font.
        width = RendererAgg(100, 100, 72).get_text_width_height_descent
        lookup = getattr(matplotlib.text, "fontManager", font_manager.fontManager)
        lookup = lookup._find_fonts_by_props
        prop = font_manager.FontProperties(family="sans-serif", size=12)
        with plt.rc_context({"font.sans-serif": ["DejaVu Sans"]}):
            latin = width("Hangzhou 2022", prop, False)
            latin_font = lookup(prop)
        assert width("Hangzhou 2022", prop, False) != latin
        assert lookup(prop) != latin_font
    finally:
        text_metrics.uninstall()


def test_text_metrics_stand_aside_where_matplotlib_internals_differ(monkeypatch):
    """Feature detection, not version hopes: a part whose hook is missing or changed does not
    act, and charts draw as matplotlib draws them (the same bytes)."""
    charts.use_house_style()
    text_metrics.uninstall()
    plain = _chart_bytes("gdp_growth")
    monkeypatch.setattr(text_metrics, "_GET_FONT", None)  # as where font_manager has none
    # a matplotlib whose text module reaches fonts some other way
    monkeypatch.setattr(
        matplotlib.text, "get_font", lambda *a, **k: font_manager.get_font(*a, **k), raising=False
    )
    try:
        acting = text_metrics.install()
        assert acting == {"measure": True, "lookups": False, "mapped_fonts": False}
        assert _chart_bytes("gdp_growth") == plain
    finally:
        text_metrics.uninstall()


def test_text_metrics_act_only_in_a_packs_kernels(monkeypatch):
    from hzcompare import accel

    text_metrics.uninstall()
    monkeypatch.delenv(accel.RENDER_ENV, raising=False)
    charts.use_house_style()  # JupyterLab, nbval, a script
    assert not text_metrics._measure
    monkeypatch.setenv(accel.RENDER_ENV, "1")
    monkeypatch.setenv(accel.PLAIN_ENV, "1")
    charts.use_house_style()  # a pack on the plain path
    assert not text_metrics._measure
    monkeypatch.delenv(accel.PLAIN_ENV)
    charts.use_house_style()  # a pack's kernel
    assert text_metrics._measure
    text_metrics.uninstall()


def test_workbook_keeps_formula_like_text_as_text(tmp_path):
    path = tmp_path / "t.xlsx"
    bad = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x")', "正常文本"]
    write_workbook(path, {"quotes": pd.DataFrame({"quote": bad, "value": range(6)})})
    ws = load_workbook(path)["quotes"]
    assert [c.value for c in ws["A"][1:]] == bad
    assert all(c.data_type == "s" for c in ws["A"][1:])
    with zipfile.ZipFile(path) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = set(project["dependencies"]) | set(project["optional-dependencies"]["test"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert set(pip) - {"-e ."} == wanted
    assert "python=3.11" in env["dependencies"]


def test_constraints_pin_every_direct_dependency():
    pins = {
        ln.split("==")[0].lower().replace("_", "-")
        for ln in (ROOT / "constraints.txt").read_text().splitlines()
        if "==" in ln
    }
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for dep in project["dependencies"] + project["optional-dependencies"]["test"]:
        name = dep.split(">")[0].split("<")[0].split("=")[0].strip().lower()
        assert name in pins, name


def test_data_dictionary_is_generated_from_the_schema():
    from hzcompare.dataset.dictionary import render_dictionary

    assert (ROOT / "docs/data_dictionary.md").read_text(encoding="utf-8") == render_dictionary()
    assert "| `rd_intensity` | 研发投入强度 |" in render_dictionary()


def test_chart_data_keeps_each_figures_quote(tmp_path):
    charts.use_house_style()
    fig, data = charts.paths_over_time(
        load_indicators(), "rd_intensity", ["qiantang"], load_sources(), "en"
    )
    csv = pd.read_csv(charts.save_chart(fig, data, "rd", tmp_path)[2])
    row = csv[(csv["year"] == 2021) & (csv["kind"] == "actual")].iloc[0]
    assert row["quote"] == "R&D经费占GDP比重(即R&D经费投入强度) 4.54%"
    assert row["source_id"] == "qiantang_2022_news_rd"
