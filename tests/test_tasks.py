from collections import Counter

import pytest
from conftest import ROOT
from hzcompare.dataset.load import load_indicators, load_tasks
from hzcompare.errors import HzError
from hzcompare.ingest.tasks import TableRules, parse_tasks
from hzcompare.ingest.taskstatus import as_of_month, quantify

RULES = TableRules(
    area_pattern="^(主要经济指标|突出.+，.+)$",
    unit_pattern="(局|办公室|办|委|部|集团|街道|指挥部|分局|残联|团区委|专班|（筹）)$|局 |办 |室 |委 ",
    leader_pattern=r"[\u4e00-\u9fff]{2,3}(\s+[\u4e00-\u9fff]{2,3})*",
    report_month=9,
)
AREA = "突出实体经济，力促转型升级，在培育发展现代产业体系上实现全新突破"


def parse(*lines):
    return parse_tasks(
        "\n".join(["表", "序号\t重点工作任务\t具体目标任务", *lines]), RULES, "t.txt"
    )


def test_merged_cells_carry_area_and_unit_down():
    rows = parse(
        f"1\t{AREA}\t新建续建工业综合体项目\t陶峰\t区发展改革局\t进展甲。",
        "2\t\t建设标准厂房和配套设施\t\t\t进展乙。",
    )
    assert rows[1]["area"] == AREA
    assert rows[1]["lead_unit"] == "区发展改革局" and rows[1]["lead_unit_carried"]
    assert not rows[0]["lead_unit_carried"]


def test_shifted_cells_are_read_by_content():
    rows = parse(
        f"1\t{AREA}\t新建续建工业综合体项目\t陶峰\t区发展改革局\t进展甲。",
        "2\t\t建设标准厂房和配套设施\t区财政局\t1-9月，收入预计增幅15.5%。",  # no leader: unit shifted left
        "3\t实施新材料计划\t马于惠\t区经信科技局\t进展丙。\t",  # no area cell: target shifted left
        "4\t\t落实开展全国第三次土壤普查\t\t\t胡潜",  # leader pushed into the progress column
    )
    assert rows[1]["lead_unit"] == "区财政局" and rows[1]["progress"].startswith("1-9月")
    assert rows[2]["target"] == "实施新材料计划" and rows[2]["area"] == AREA
    assert rows[3]["progress"] == "" and rows[3]["lead_unit"] == "区经信科技局"


def test_sub_areas_from_cells_from_split_targets_and_from_subheading_rows():
    rows = parse(
        f"1\t{AREA}\t增强先进制造业核心竞争力\t加快建设平台\t徐进\t区经信科技局\t进展。",
        "2\t\t构建优质高效服务业新体系 实施七大重点工程\t陶峰\t区发展改革局\t进展。",
        "3\t\t建立现代农业经营服务体系\t陶峰\t区发展改革局\t进展。",
        "\t\t高质效推进城市更新\t\t\t",
    )
    assert rows[0]["sub_area"] == "增强先进制造业核心竞争力"
    assert (
        rows[1]["sub_area"] == "构建优质高效服务业新体系"
        and rows[1]["target"] == "实施七大重点工程"
    )
    assert rows[2]["sub_area"] == "构建优质高效服务业新体系"  # carried down


def test_subheading_rows_attach_to_tasks_without_sub_area():
    rows = parse(
        f"1\t{AREA}\t新建续建工业综合体项目\t陶峰\t区局\t进展。",
        "\t\t高质效推进城市更新\t\t",
        "\t\t高品质提升城市环境\t\t",
    )
    assert rows[0]["sub_area"] == "高质效推进城市更新；高品质提升城市环境"


def test_numbering_gaps_are_an_error():
    with pytest.raises(HzError, match=r"missing \[2\]"):
        parse(
            f"1\t{AREA}\t推进重点项目建设\t陶峰\t区局\t进展。",
            "3\t\t推进重点项目建设\t陶峰\t区局\t进展。",
        )


def test_curated_table_has_every_task_once():
    tasks = load_tasks()
    assert sorted(tasks["task_no"].tolist()) == list(range(1, 137))
    assert tasks["area"].str.startswith(("突出", "主要经济指标")).all()
    assert tasks["area"].nunique() == 9  # the headline block and eight 突出… areas
    assert not tasks["lead_unit"].fillna("").str.contains("陶峰|徐进").any()  # no personal names


@pytest.mark.parametrize(
    ("target", "progress", "expected"),
    [
        ("出让工业用地2000亩", "已出让工业用地1856亩。", ("on_track", "share_on_pace", 0.928)),
        (
            "新增停车泊位5000个，治理交通堵点3个",
            "交通堵点治理：已完成2个",
            ("behind", "share_behind_pace", 0.6667),
        ),
        (
            "新增光伏并网装机4万千瓦",
            "截至8月底，光伏新增并网5.88万千瓦。",
            ("done", "share_done", 1.47),
        ),
        (
            "地区生产总值增长力争6%（确保5.5%）",
            "半年度地区生产总值增长4.6%。",
            ("behind", "rate_below_floor", None),
        ),
        (
            "核心产业增加值增长力争10.5%（确保9%）",
            "上半年全区数字经济核心产业增加值增速9.9%",
            ("on_track", "rate_at_floor", None),
        ),
        (
            "固定资产投资增长10%（确保7%）",
            "1-8月，全区固定资产投资同比增长33%",
            ("on_track", "rate_at_target", None),
        ),
        ("完成景园小区整体搬迁", "已完成景园小区整体搬迁任务。", ("done", "text_done", None)),
        (
            "全社会研发投入强度达到4.55%",
            "年度数据。1-8月规上工业研发投入占比重2.88%。",
            ("not_measurable", "no_quantity", None),
        ),
        ("以三个“一号工程”为牵引", "已累计协调问题37个", ("not_measurable", "no_quantity", None)),
        (
            "力争新引进10亿元以上项目",
            "积极引进10亿元以上服务业重大项目。",
            ("not_measurable", "no_quantity", None),
        ),
        ("提升改造公路4条", "提升改造公路4条：已完成2条。", ("behind", "share_behind_pace", 0.5)),
    ],
)
def test_status_rules(target, progress, expected):
    q = quantify(target, progress, 9)
    assert (q["status"], q["status_rule"]) == expected[:2]
    if expected[2] is not None:
        assert q["share_of_target"] == pytest.approx(expected[2], abs=1e-4)


def test_pair_gives_stretch_and_floor():
    q = quantify(
        "实际利用外资力争11亿美元（确保10亿美元）", "1-8月，全区实际利用外资3.17亿美元。", 9
    )
    assert (q["target_value"], q["floor_value"], q["target_qualifier"]) == (11, 10, "stretch")
    assert q["as_of_month"] == 8


@pytest.mark.parametrize(
    ("text", "month"),
    [("截至8月底新增", 8), ("1-7月，营收", 7), ("半年度增长", 6), ("三季度以来", 9), ("无", 9)],
)
def test_as_of_month(text, month):
    assert as_of_month(text, 9) == month


def test_headline_tasks_link_to_indicators():
    tasks = load_tasks().set_index("task_no")
    assert tasks.loc[1:5, "indicator"].tolist() == [
        "gdp_growth",
        "services_va_growth",
        "fai_growth",
        "budget_revenue_growth",
        "rd_intensity",
    ]
    ind = load_indicators(district="qiantang", year=2023)
    for ind_code in tasks.loc[1:5, "indicator"]:
        assert (ind["indicator"] == ind_code).any(), ind_code


def test_status_distribution_is_stable():
    counts = Counter(load_tasks()["status"])
    assert counts == {"not_measurable": 89, "on_track": 19, "done": 16, "behind": 12}
    text = (ROOT / "data/curated/qiantang_2023_tasks.csv").read_text(encoding="utf-8")
    assert text.count("\n") == 137


@pytest.mark.parametrize(
    ("cell", "units"),
    [
        ("市规划资源局 钱塘分局", ["市规划资源局钱塘分局"]),
        (
            "区农业农村局区住建局市规划资源局钱塘分局",
            ["区农业农村局", "区住建局", "市规划资源局钱塘分局"],
        ),
        ("区商务局综合保税区管理办公室", ["区商务局", "综合保税区管理办公室"]),
        ("区商务局 美丽云城管理 办公室", ["区商务局", "美丽云城管理办公室"]),
        ("医药港管理办公室、大创小镇管理办公室", ["医药港管理办公室", "大创小镇管理办公室"]),
        ("区委改革（数改）专班", ["区委改革（数改）专班"]),
        ("科学城管理办公室 经信科技局", ["科学城管理办公室", "区经信科技局"]),
        ("区经信科技局 区市场监督管理局", ["区经信科技局", "区市场监管局"]),
    ],
)
def test_lead_units_are_split_and_unified(cell, units):
    rules = TableRules(
        **{
            **RULES.__dict__,
            "unit_aliases": {"区市场监督管理局": "区市场监管局", "经信科技局": "区经信科技局"},
        }
    )
    assert rules.split_units(cell) == units


# --- the words must agree (issue: every quantity compared is the quantity the table means) ---


@pytest.mark.parametrize(
    ("target", "progress", "pair", "rule"),
    [
        (  # noun: the subscribed capital, not the funds' total size
            "产业基金认缴出资突破100亿元",
            "截至目前，区产业基金总规模287亿元，认缴出资108.91亿元，投资区内项目228个次。",
            (100.0, 108.91),
            "share_done",
        ),
        (  # state: recommended firms do not measure recognised ones
            "新认定国家高新技术企业180家",
            "1. 推荐上报2023年国家高新技术企业287家。",
            None,
            "state_mismatch",
        ),
        (  # state: a retrofit under way is not a retrofit done
            "完成10万平方米公共建筑节能改造",
            "商业部分（建筑面积6.1万平方米）空调改造实施中，完成进度65%。",
            None,
            "state_mismatch",
        ),
        (  # threshold: 100万元以上的村 sizes the villages counted
            "村级经营性收入全部达到100万元",
            "经营性收入100万元以上的村占比35.6%，计划年底完成。",
            None,
            "threshold",
        ),
        (  # additions do not measure a total
            "规上文化企业总数突破80家",
            "截至8月底全区规（限）上文化企业117家，年度新增规上文化企业36家。",
            (80.0, 117.0),
            "share_done",
        ),
        (  # a note that repeats the target's clause restates it
            "新建、续建综合交通项目16个",
            "1. 新建、续建综合交通项目16个。其中前期谋划项目13个。",
            None,
            "restated",
        ),
        (  # 开竣工 holds both states: an item started counts
            "开竣工电力项目6个",
            "1. 开工项目3个：已开工2个。",
            (6.0, 2.0),
            "share_behind_pace",
        ),
    ],
    ids=[
        "noun",
        "state-recommended",
        "state-underway",
        "threshold",
        "additions",
        "restated",
        "both",
    ],
)
def test_the_words_of_a_pair_must_agree(target, progress, pair, rule):
    got = quantify(target, progress, 9)
    assert got["status_rule"] == rule
    if pair is None:
        assert got["status"] == "not_measurable" and "target_value" not in got
    else:
        assert (got["target_value"], got["progress_value"]) == pair
        assert got["target_phrase"] in target and got["progress_phrase"] in progress


def test_the_month_is_read_in_the_sentence_of_the_number():
    progress = "5. 5月底已完成技改。 9. 1-8月，钱塘区智能汽车及智能装备制造产业产值690.18亿元。"
    got = quantify("行业产值达到750亿元", progress, 9)
    assert (got["progress_value"], got["as_of_month"]) == (690.18, 8)


def test_an_override_compares_the_reviewers_pair_and_names_a_bad_pattern():
    from hzcompare.errors import HzError
    from hzcompare.ingest.taskstatus import quantify_override

    target, progress = (
        "加快实施重点产业项目69个，完成投资74亿元",
        "产业项目69个，1-8月完成投资149.87亿元",
    )
    override = {
        "task": 66,
        "target": r"完成投资(?P<value>[\d.]+)亿元",
        "progress": r"1-8月完成投资(?P<value>[\d.]+)亿元",
    }
    got = quantify_override(target, progress, 9, override)
    assert (got["target_value"], got["progress_value"], got["status"]) == (74.0, 149.87, "done")
    assert got["status_rule"] == "override" and got["progress_phrase"] == "1-8月完成投资149.87亿元"
    with pytest.raises(HzError, match="must match its cell exactly once"):
        quantify_override(target, progress, 9, {**override, "progress": r"(?P<value>[\d.]+)"})


def test_the_curated_tracker_agrees_with_the_reviewed_audit():
    import pandas as pd
    from hzcompare.dataset.load import load_tasks

    audit = pd.read_csv(ROOT / "data/reviews/qiantang_2023_tasks_audit.csv")
    assert len(audit) == 48 and audit["task_no"].is_unique  # every quantified task, read
    tasks = load_tasks().set_index("task_no")

    def numbers(pair: str) -> tuple[float, ...]:
        return tuple(float(x) for x in pair.split()[0].split("/"))

    for r in audit.itertuples():
        now = tasks.loc[r.task_no]
        pair = (now.progress_value, now.target_value) if pd.notna(now.target_value) else ()
        if r.reader_verdict == "right":
            assert pair == numbers(r.compared_before), r.task_no
        elif isinstance(r.reader_pair, str) and now.status != "not_measurable":
            assert pair == numbers(r.reader_pair), r.task_no
        elif r.reader_measurable == "no":
            assert now.status == "not_measurable" or now.status_rule == "override", r.task_no
        else:  # a pair the words cannot reach is not measurable, with the rule that refused it
            assert now.status == "not_measurable" and now.status_rule != "no_quantity", r.task_no
    quantified = tasks[tasks["target_value"].notna()]
    assert quantified["target_phrase"].notna().all() and quantified["progress_phrase"].notna().all()
