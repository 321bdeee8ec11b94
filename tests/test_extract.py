from pathlib import Path

import pytest
from hzcompare.errors import HzError
from hzcompare.ingest.extract import extract_figures
from hzcompare.ingest.specs import load_spec

SPEC = """source:
  source_id: demo
  district: yuhang
  title: 示例
  published: "2022"
  raw_file: demo.txt
  doc_type: work_report
  issuer: x
  covers: x
  admin_unit: x
  boundary: x
  comparable_from: 2021
  original_script: zh-Hans
figures:
{figures}
"""


def spec_with(tmp_path: Path, figures: str) -> object:
    path = tmp_path / "demo.yaml"
    path.write_text(SPEC.format(figures=figures), encoding="utf-8")
    return load_spec(path)


def test_one_match_gives_row_with_shortest_quote(tmp_path):
    spec = spec_with(
        tmp_path,
        "  - {indicator: gdp_growth, year: 2022, kind: target, "
        "qualifier: stretch, pattern: '增长[\\d.]+%，力争(?P<value>[\\d.]+)%'}",
    )
    rows = extract_figures(spec, "前文。地区生产总值增长6.5%，力争7%。后文。")
    assert rows == [
        {
            "district": "yuhang",
            "indicator": "gdp_growth",
            "year": 2022,
            "period": "FY",
            "kind": "target",
            "qualifier": "stretch",
            "value": 7.0,
            "unit": "pct",
            "source_id": "demo",
            "quote": "增长6.5%，力争7%",
            "note": "",
            "status": None,  # a target is set, not measured: no status
            "scope": "",
            "revised": False,
        }
    ]


@pytest.mark.parametrize(
    ("text", "found"), [("没有数字。", "no match"), ("增长5%；增长6%", "2 matches")]
)
def test_pattern_must_match_exactly_once(tmp_path, text, found):
    spec = spec_with(
        tmp_path,
        "  - {indicator: gdp_growth, year: 2022, kind: target, pattern: '增长(?P<value>[\\d.]+)%'}",
    )
    with pytest.raises(HzError) as err:
        extract_figures(spec, text)
    msg = str(err.value)
    assert "demo.yaml:15:" in msg and "增长(?P<value>" in msg and found in msg and "demo" in msg


def test_pattern_without_value_group_is_an_error(tmp_path):
    spec = spec_with(tmp_path, "  - {indicator: gdp, year: 2021, kind: actual, pattern: 'GDP'}")
    with pytest.raises(HzError, match="no \\(\\?P<value>"):
        extract_figures(spec, "GDP")


def test_unknown_indicator_is_an_error_at_its_line(tmp_path):
    with pytest.raises(HzError, match=r"demo.yaml:\d+: .*unknown indicator 'gpd'"):
        spec_with(
            tmp_path,
            "  - {indicator: gpd, year: 2021, kind: actual, pattern: 'GDP(?P<value>\\d+)'}",
        )


def test_malformed_yaml_names_file_and_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("source:\n  source_id: [unclosed\n  district: x\n", encoding="utf-8")
    with pytest.raises(HzError) as err:
        load_spec(path)
    assert str(err.value).startswith(f"{path}:") and "malformed YAML" in str(err.value)


def test_unknown_key_in_figure_is_reported_with_line(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text(
        SPEC.format(figures="  - {indicator: gdp, year: 2021, kind: actual, patern: 'x'}"),
        encoding="utf-8",
    )
    with pytest.raises(HzError, match=r"demo.yaml:15: unknown key\(s\) patern"):
        load_spec(path)
