import pytest
from hzcompare.dataset.load import load_indicators, load_sources, load_tasks
from hzcompare.errors import HzError, ValidationFailed


def test_loader_types_and_filters():
    df = load_indicators(district=["qiantang", "yuhang"], indicator="gdp", kind="actual")
    assert str(df["value"].dtype) == "Float64" and str(df["year"].dtype) == "Int64"
    assert str(df["preferred"].dtype) == "boolean"
    assert set(df["district"]) == {"qiantang", "yuhang"}
    full = df[df["preferred"] & (df["period"] == "FY")]
    got = {(r.district, int(r.year)): float(r.value) for r in full.itertuples()}
    assert got[("qiantang", 2019)] == 1100.2  # the exact figure, preferred over 突破1100亿元
    assert got[("qiantang", 2021)] == 1218.23
    assert got[("yuhang", 2021)] == 2502.2
    assert got[("yuhang", 2024)] == 3355.67


def test_loader_year_filter_and_quotes():
    df = load_indicators(year=2023, kind="target", district=["qiantang", "yuhang", "xiaoshan"])
    assert (df["district"] == "qiantang").all()
    assert df["quote"].str.len().gt(0).all()


def test_unknown_filter_value_is_an_error():
    with pytest.raises(HzError, match="unknown district atlantis"):
        load_indicators(district="atlantis")


def test_loader_refuses_invalid_data(tmp_path):
    import shutil

    from conftest import ROOT

    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data/curated/indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",4.43,", ",44.3,"), encoding="utf-8")
    with pytest.raises(ValidationFailed, match=r"implausible rd_intensity 44\.3"):
        load_indicators(curated=tmp_path / "data/curated")


def test_other_tables():
    sources = load_sources()
    assert (sources["access"] == "document").sum() == 5
    cited = sources[sources["access"] != "document"]
    assert cited["address"].str.startswith("http").all() and cited["raw_file"].isna().all()
    assert len(load_tasks()) == 136


def test_period_filter_separates_progress_from_full_years():
    df = load_indicators(district="qiantang", year=2023, kind="actual", period=["H1", "M1-8"])
    assert set(df["period"]) == {"H1", "M1-8"}
    full = load_indicators(district="qiantang", year=2023, kind="actual", period="FY")
    assert set(full["period"]) == {"FY"} and not full["source_id"].str.endswith("_q3").any()
