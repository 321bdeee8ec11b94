import pytest
from hypothesis import given
from hypothesis import strategies as st
from hzcompare.dataset.numbers import (
    parse_chinese_numeral,
    parse_number,
    parse_quantities,
    shows_value,
    unshown,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1218.23", 1218.23),
        ("1,218.23", 1218.23),
        ("17", 17),
        ("2.3万", 23000),
        ("千", 1000),
        ("一千一百", 1100),
        ("十五", 15),
        ("两万", 20000),
        ("一百零五", 105),
        ("三千五百万", 35_000_000),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("bad", ["", "abc", "1.2.3", "亿元"])
def test_parse_number_rejects(bad):
    with pytest.raises(ValueError):
        parse_number(bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("出让工业用地2000亩", [(2000, "亩")]),
        ("新设市场主体2万家", [(20000, "家")]),
        ("光伏新增并网5.88万千瓦", [(5.88, "万千瓦")]),
        ("新增光伏并网装机4万千瓦", [(4, "万千瓦")]),
        ("新开工安置房100万平方米，竣工13.7万平方米", [(1_000_000, "平方米"), (137_000, "平方米")]),
        ("新增股权融资100亿元", [(100, "亿元")]),
        ("村级经营性收入全部达到100万元", [(0.01, "亿元")]),
        ("新建雨、污水管网10公里", [(10, "公里")]),
        ("新开通求知专线8条、公交线路4条", [(8, "条"), (4, "条")]),
        ("建设共富加油站5个", [(5, "个")]),
    ],
)
def test_parse_quantities_units_and_wan_scaling(text, expected):
    got = [(q.value, q.unit) for q in parse_quantities(text)]
    assert got == [(pytest.approx(v), u) for v, u in expected]


def test_shows_value_handles_scale_and_chinese_numerals():
    assert shows_value("力争突破千亿", 1000)
    assert shows_value("增长6.5%，力争7%", 7)
    assert not shows_value("增长6.5%", 7)


@given(st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False))
def test_parse_number_roundtrips_arabic(d):
    assert parse_number(f"{d}") == pytest.approx(float(d))


@given(st.integers(min_value=1, max_value=99_999_999))
def test_chinese_numeral_roundtrip(n):
    digits = "零一二三四五六七八九"

    def four(x: int) -> str:
        out, zero = "", False
        for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
            d = x // size % 10
            if d:
                out += ("零" if zero and out else "") + digits[d] + unit
                zero = False
            else:
                zero = True
        return out

    hi, lo = divmod(n, 10_000)
    text = (four(hi) + "万" + ("零" if 0 < lo < 1000 else "") + four(lo)) if hi else four(lo)
    assert parse_chinese_numeral(text) == n


@given(st.text(max_size=200))
def test_quantity_parser_never_raises(text):
    for q in parse_quantities(text):
        assert q.value >= 0


@pytest.mark.parametrize(
    ("text", "value", "shown"),
    [
        ("增长17%", 7, False),
        ("增长7.5%", 7, False),
        ("达到4.50%", 4.5, True),
        ("增长7%", 7, True),
        ("1218.23亿元", 1218.23, True),
        ("同比下降9.8%", -9.8, True),
        ("增长6.6%", 6.5, False),
    ],
)
def test_shows_value_only_whole_numbers(text, value, shown):
    assert shows_value(text, value) is shown


@given(
    st.lists(
        st.tuples(
            st.text(alphabet="0123456789.,年亿元%增长 -", max_size=14),
            st.one_of(st.none(), st.floats(0, 1e6, allow_nan=False).map(lambda v: round(v, 2))),
        ),
        max_size=20,
    )
)
def test_unshown_is_shows_value_on_each_pair(pairs):
    """The one-pass check of a whole column agrees with ``shows_value`` row by row."""
    quotes, values = [q for q, _ in pairs], [v for _, v in pairs]
    expected = [
        i for i, (q, v) in enumerate(pairs) if q and v is not None and not shows_value(q, v)
    ]
    assert unshown(quotes, values) == expected
