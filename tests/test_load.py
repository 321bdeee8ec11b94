import pytest
from hzcompare.dataset.load import load_indicators, load_sources, load_tasks
from hzcompare.errors import HzError, ValidationFailed


def test_loader_types_and_filters():
    df = load_indicators(district=["qiantang", "yuhang"], indicator="gdp", kind="actual")
    assert str(df["value"].dtype) == "Float64" and str(df["year"].dtype) == "Int64"
    assert set(df["district"]) == {"qiantang", "yuhang"}
    got = {(r.district, int(r.year)): float(r.value) for r in df.itertuples()}
    assert got == {
        ("qiantang", 2019): 1100.0,
        ("qiantang", 2021): 1218.23,
        ("yuhang", 2021): 2502.2,
    }


def test_loader_year_filter_and_quotes():
    df = load_indicators(year=2023, kind="target")
    assert (df["district"] == "qiantang").all()
    assert df["quote"].str.len().gt(0).all()


def test_unknown_filter_value_is_an_error():
    with pytest.raises(HzError, match="unknown district linping"):
        load_indicators(district="linping")


def test_loader_refuses_invalid_data(tmp_path):
    import shutil

    from conftest import ROOT

    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data/curated/indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",4.43,", ",44.3,"), encoding="utf-8")
    with pytest.raises(ValidationFailed, match=r"implausible rd_intensity 44\.3"):
        load_indicators(curated=tmp_path / "data/curated")


def test_other_tables():
    assert len(load_sources()) == 5
    assert len(load_tasks()) == 136


def test_period_filter_separates_progress_from_full_years():
    df = load_indicators(district="qiantang", year=2023, kind="actual", period=["H1", "M1-8"])
    assert set(df["period"]) == {"H1", "M1-8"}
    assert load_indicators(year=2023, kind="actual", period="FY").empty
