import os
import shutil
import time

import numpy as np
import pandas as pd
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


@pytest.mark.parametrize(
    "year",
    [
        2021,
        "2021",
        np.int64(2021),
        pd.Series([2021]).iloc[0],  # what df["year"].unique()[0] gives
        [2021],
        range(2021, 2022),
        np.array([2021]),
    ],
    ids=["int", "digits", "numpy", "pandas", "list", "range", "array"],
)
def test_year_takes_what_a_notebook_passes(year):
    df = load_indicators(year=year, district="qiantang", indicator="gdp")
    assert set(df["year"]) == {2021} and len(df) > 0


def test_a_year_from_the_data_itself_works():
    df = load_indicators()
    first = df["year"].unique()[0]
    assert len(load_indicators(year=first)) == (df["year"] == first).sum()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"district": "atlantis"}, "unknown district atlantis; known: hangzhou, qiantang"),
        ({"indicator": "gdpp"}, "unknown indicator gdpp"),
        ({"kind": "Target"}, "unknown kind Target; known: actual, target"),
        ({"period": "Q1"}, "unknown period Q1: FY (full year), H1"),
        ({"year": "twenty"}, "year must be a whole number"),
        ({"year": True}, "year must be a whole number"),
        ({"year": 2030}, "no figure for year 2030; years with figures: 2018, 2019"),
        ({"district": []}, "district=[] matches no row"),
    ],
)
def test_a_filter_that_can_match_nothing_is_an_error(kwargs, message):
    with pytest.raises(HzError) as err:
        load_indicators(**kwargs)
    assert message in str(err.value)


def test_loader_refuses_invalid_data(tmp_path):
    from conftest import ROOT

    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data/curated/indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",4.43,", ",44.3,"), encoding="utf-8")
    with pytest.raises(ValidationFailed, match=r"implausible rd_intensity 44\.3"):
        load_indicators(curated=tmp_path / "data/curated")


def test_the_cache_notices_a_changed_clean_text(tmp_path):
    from conftest import ROOT

    shutil.copytree(ROOT / "data", tmp_path / "data")
    curated = tmp_path / "data/curated"
    assert len(load_indicators(curated=curated)) > 0  # cached now
    text = curated / "text/qiantang_2022_report.txt"
    text.write_text(
        text.read_text(encoding="utf-8").replace("1218.23", "1218.2x"), encoding="utf-8"
    )
    later = time.time() + 2
    os.utime(text, (later, later))
    with pytest.raises(ValidationFailed, match="quote not found in text/qiantang_2022_report"):
        load_indicators(curated=curated)


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
