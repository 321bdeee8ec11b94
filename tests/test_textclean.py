from hypothesis import given, settings
from hypothesis import strategies as st
from hzcompare.ingest import textclean as tc


def test_join_broken_lines_joins_mid_sentence_but_not_headings():
    text = "（一）聚力产业，经济结构更加优化\n新钱塘扬帆起航，交出了民生报表。打赢疫情防\n控总体战。\n政府工作报告\n2022年2月17日审议通过"
    out = tc.join_broken_lines(text).split("\n")
    assert out[0] == "（一）聚力产业，经济结构更加优化"
    assert out[1] == "新钱塘扬帆起航，交出了民生报表。打赢疫情防控总体战。"
    assert out[2:] == ["政府工作报告", "2022年2月17日审议通过"]


def test_join_broken_lines_keeps_decimal_continuations():
    # "110.15亿元" starts the next line: a decimal, not a "1." list heading.
    text = "减免退税（费）\n110.15亿元，占比45.8%。"
    assert (
        tc.join_broken_lines("全年，新增" + text)
        == "全年，新增减免退税（费）110.15亿元，占比45.8%。"
    )


def test_strip_pinyin_keeps_real_parentheses():
    text = "杭州市余杭區(qū)現(xiàn)在,示范小區(qū)(村)23个,(一)區(qū)劃調(diào)整,車(飛)聯(lián)網"
    assert tc.strip_pinyin(text) == "杭州市余杭區現在,示范小區(村)23个,(一)區劃調整,車(飛)聯網"


def test_strip_pinyin_inside_page_marker_then_drop_marker():
    raw = "零的突破。(下轉(zhuǎn)第3版)  (緊接第1版)迭代升級"
    text = tc.drop_page_markers(tc.to_simplified(tc.strip_pinyin(raw)))
    assert text == "零的突破。迭代升级"


def test_to_simplified():
    assert tc.to_simplified("區劃調整平穩有序,財政總收入") == "区划调整平稳有序,财政总收入"


def test_drop_lines_removes_web_debris():
    text = "正文。\n\n声明:本文有删减\n\n分享到:"
    patterns = ["^声明[:：]本文有删减$", "^分享到[:：]?$"]
    assert tc.tidy_whitespace(tc.drop_lines(text, patterns)) == "正文。\n"


def test_strip_markdown_emphasis():
    assert (
        tc.strip_markdown_emphasis("突破**1100亿元**、**2900亿元**;") == "突破1100亿元、2900亿元;"
    )


def test_collapse_duplicate_sections_merges_repeats_and_keeps_misnumbered():
    text = "\n".join(
        [
            "(一) 甲行动",
            "甲内容。",
            "(二) 乙行动",
            "",
            "(二) 乙行动",
            "乙内容一。",
            "乙内容二。",
            "(二) 乙行动",
            "乙内容一。",
            "(四) 丁行动",
            "丁内容。",
            "(四) 戊行动",
            "戊内容。",
        ]
    )
    out = tc.collapse_duplicate_sections(text).split("\n")
    assert out.count("(二) 乙行动") == 1
    assert out.count("乙内容一。") == 1 and "乙内容二。" in out
    assert "(四) 丁行动" in out and "(四) 戊行动" in out  # mis-numbered, both kept


def test_drop_repeated_lines_keeps_first_header():
    text = "表头\n序号\t任务\n1\ta\n表头\n序号\t任务\n2\tb"
    out = tc.drop_repeated_lines(text, ["^表头$", "^序号\\t"])
    assert out == "表头\n序号\t任务\n1\ta\n2\tb"


def test_clean_composes_steps_with_arguments():
    steps = ["strip_pinyin", {"drop_lines": {"patterns": ["^x$"]}}, "tidy_whitespace"]
    assert tc.clean("區(qū)\nx\n", steps) == "區\n"


ALL_STEPS = [
    "join_broken_lines",
    "strip_pinyin",
    "to_simplified",
    "drop_page_markers",
    "strip_markdown_emphasis",
    "collapse_duplicate_sections",
    "tidy_whitespace",
]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_normaliser_never_raises_and_is_idempotent(text):
    once = tc.clean(text, ALL_STEPS)
    assert tc.clean(once, ALL_STEPS) == once


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["區(qū)", "村(社)", "(一)", "**7%**", "，", "。", "\n", "增长", "(下转第3版)"]
        ),
        max_size=40,
    )
)
def test_normaliser_idempotent_on_document_like_text(parts):
    text = "".join(parts)
    once = tc.clean(text, ALL_STEPS)
    assert tc.clean(once, ALL_STEPS) == once


def test_page_marker_removal_keeps_line_breaks():
    # Found by hypothesis: eating the newline before a marker joined two lines on a second pass.
    text = "。\n(下转第3版)區(qū)\n區(qū)"
    steps = ALL_STEPS
    once = tc.clean(text, steps)
    assert once == "。\n区\n区\n" and tc.clean(once, steps) == once
