"""The curated tables, declared once as data: columns, types, vocabularies, units, ranges, keys.

``validate`` and the loaders both read these declarations; nothing else restates them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("actual", "target")


@dataclass(frozen=True)
class Qualifier:
    """One qualifier of a figure, declared once: the words that mark it in a quote, its verdict
    rule and outcomes, its chart marker and its labels."""

    code: str
    words: tuple[str, ...]  # a quote with this qualifier shows one of them (validate checks)
    rule: str  # the verdict rule in words
    met: str  # the verdict when the result reaches the threshold
    missed: str  # the verdict otherwise
    marker: str  # matplotlib marker of a target with this qualifier
    zh: str
    en: str
    tolerance: bool = False  # the threshold is target − tolerance (左右)


QUALIFIER_RULES = {
    q.code: q
    for q in (
        Qualifier("none", (), "met when actual ≥ target", "met", "missed", "D", "目标", "target"),
        Qualifier(
            "about",
            ("左右", "about", "around"),
            "met when actual ≥ target − tolerance (左右)",
            "met",
            "missed",
            "o",
            "目标（左右）",
            "target (about)",
            tolerance=True,
        ),
        Qualifier(
            "at_least",
            ("以上", "突破", "超过", "不少于", "more than", "exceeded", "over"),
            "met when actual ≥ target (以上/突破)",
            "met",
            "missed",
            "^",
            "目标（以上/突破）",
            "target (at least)",
        ),
        Qualifier(
            "stretch",
            ("力争", "strive"),
            "stretch met when actual ≥ target, else 'stretch missed' (力争: not a promise)",
            "stretch met",
            "stretch missed",
            "*",
            "力争目标",
            "stretch target",
        ),
        Qualifier(
            "floor",
            ("确保", "ensure"),
            "floor held when actual ≥ floor (确保)",
            "floor held",
            "floor broken",
            "v",
            "确保目标（底线）",
            "floor target",
        ),
    )
}
QUALIFIERS = tuple(QUALIFIER_RULES)
# How a source was read, its grade: a document kept whole in data/raw/, or a cited page by the
# one grading rule, which follows the kind of the page's ORIGINAL text, wherever it is copied:
# an official text on the issuer's own site is official, copied elsewhere a reprint; a news
# article is news wherever it stands; a forum post, aggregator digest or paraphrase is summary.
ACCESS = ("document", "official", "reprint", "news", "summary")
ACCESS_RANK = {"document": 0, "official": 0, "reprint": 1, "news": 2, "summary": 3}  # lower first
# Each grade's letter (coverage cells) and words (source lines under charts): en, zh.
GRADE_LABELS = {
    "document": ("d", "documents", "份文件"),
    "official": ("o", "official pages", "个官方网页"),
    "reprint": ("r", "reprints", "个转载"),
    "news": ("n", "news", "篇新闻"),
    "summary": ("s", "summaries", "篇摘要"),
}
GRADE_SINGULAR = {  # the English word for one of a grade
    "document": "document",
    "official": "official page",
    "reprint": "reprint",
    "news": "news",
    "summary": "summary",
}
SECONDARY = ("news", "summary")  # grades drawn hollow: not the issuer's own text
ORIGINALS = {
    "official_text": ("official", "reprint"),  # a government's own document
    "news_article": ("news",),  # a named outlet's article
    "summary": ("summary",),  # a forum post, digest, aggregator or paraphrase
}
# Where an issuer's own site is: an official grade needs an address on one of these.
OFFICIAL_HOSTS = (".gov.cn",)
# The doc_type each original kind allows (news and summary are kinds of their own).
DOC_TYPES_OF_ORIGINAL = {"news_article": ("news",), "summary": ("summary",)}
# What part of an area or quantity a figure covers when not the whole in the usual definition;
# a target is scored only against a result of the same scope (empty: the whole).
SCOPES = {
    "district_proper": "the district without its special cooperation zone (区内)",
    "with_cooperation_zone": "the district with its special cooperation zone (全区, 含特别合作区)",
    "above_designated_size": "industry above designated size only (规模以上, 规上)",
    "excluding_rebates": "revenue excluding tax rebates (不含退税)",
}
# How final a figure is, as its source says (初步核算 preliminary, 预计 estimated).
STATUSES = ("final", "preliminary", "estimated")
STATUS_RANK = {"final": 0, "preliminary": 1, "estimated": 2}  # of results: a target has none
# A share that must equal its part ÷ its whole (× factor) of the same area and year, within the
# rounding of the printed numbers (validate checks it; the choice rule prefers a tied row).
RATIO_TIES = {"rd_intensity": ("rd_spend", "gdp", 100)}
# A key task's status in the 2023 tracker, in reading order.
TASK_STATUSES = ("done", "on_track", "behind", "not_measurable")
DOC_TYPES = (
    "work_report",
    "work_report_summary",
    "task_progress_table",
    "statistical_bulletin",
    "plan_execution_report",
    "budget_report",
    "performance_report",
    "five_year_plan",
    "statistical_release",
    "news",
    "summary",
)
UNITS = {"yi_yuan": "亿元", "yi_usd": "亿美元", "pct": "%"}
# What an indicator's number is: a level, growth at comparable prices, nominal growth, a share.
BASES = ("level", "real", "nominal", "ratio")
PERIOD_PATTERN = r"FY|H1|M1-(?:[2-9]|1[01])"
# A source id names a file (text/<source_id>.txt): lower-case ASCII, at most 80 characters.
SOURCE_ID_PATTERN = r"[a-z0-9][a-z0-9_]{0,79}"
SOURCE_ID_FORM = "lower-case letters, digits and _ (at most 80, not starting with _)"


@dataclass(frozen=True)
class Indicator:
    """One indicator of ``indicators.csv``: names, unit, price basis, plausible range."""

    code: str
    zh: str
    en: str
    unit: str
    basis: str  # one of BASES
    low: float
    high: float
    definition: str
    labels: tuple[str, ...] = ()  # words a cited page's label must hold (see label_words)


# The label vocabulary: a cited figure's label must hold one of its indicator's words
# (growth indicators share their level's words; Traditional forms as pages print them).
LABEL_WORDS = {
    "gdp": ("生产总值", "生產總值", "GDP", "经济总量"),
    "rd_intensity": ("研发", "研究与试验发展", "R&D", "research and development"),
    "rd_spend": ("R&D经费", "研发经费", "研究与试验发展经费", "研发投入", "R&D spending"),
    "fai": (
        "固定资产投资",
        "固定資產投資",
        "fixed-asset investment",
        "投资（含特别合作区）",  # a target table's row for the district with its cooperation zone
    ),
    "mfg_investment": ("制造业投资", "製造業投資"),
    "industrial_investment": ("工业投资", "工業投資"),
    "fiscal_revenue": ("财政总收入", "財政總收入", "total fiscal revenue"),
    "budget_revenue": ("一般公共预算收入", "地方财政收入", "general public budget revenue"),
    "services_va": ("服务业增加值", "第三产业增加值", "第三產業增加值", "services"),
    "industrial_va": ("工业增加值", "工業增加值"),
    "digital_core_va": ("数字经济核心产业", "數字經濟核心產業", "core digital economy"),
    "fdi": ("利用外资", "外资"),
}


def label_base(code: str) -> str:
    """The indicator whose label words ``code`` shares (a growth or share: its level's)."""
    return code.removesuffix("_growth").removesuffix("_avg").removesuffix("_share")


def label_words(code: str) -> tuple[str, ...]:
    """The words a cited label for indicator ``code`` must hold (a growth shares its level's)."""
    return LABEL_WORDS.get(code) or LABEL_WORDS.get(label_base(code), ())


def _growth(
    code: str, zh: str, en: str, basis: str, low: float = -60, high: float = 150
) -> Indicator:
    price = "at comparable prices (real)" if basis == "real" else "nominal"
    name = f"{en[0].upper()}{en[1:]} growth"
    return Indicator(
        code, zh, name, "pct", basis, low, high, f"Year-on-year growth of {en}, {price}."
    )


INDICATORS: dict[str, Indicator] = {
    i.code: i
    for i in (
        Indicator(
            "gdp",
            "地区生产总值",
            "GDP",
            "yi_yuan",
            "level",
            10,
            100000,
            "Gross domestic product of the district, current prices.",
        ),
        _growth("gdp_growth", "地区生产总值增长", "GDP", "real", -30, 50),
        Indicator(
            "gdp_avg_growth",
            "地区生产总值年均增长",
            "GDP, average annual growth",
            "pct",
            "real",
            -10,
            30,
            "Average annual real GDP growth over a plan period ending in `year`.",
        ),
        Indicator(
            "rd_intensity",
            "研发投入强度",
            "R&D intensity",
            "pct",
            "ratio",
            0,
            15,
            "Gross R&D spending (全社会研发投入 / R&D经费支出) as a share of GDP.",
        ),
        Indicator(
            "rd_spend",
            "研发经费支出",
            "R&D spending",
            "yi_yuan",
            "level",
            0,
            10000,
            "Gross R&D spending (全社会研发投入 / R&D经费投入), current prices.",
        ),
        Indicator(
            "fai",
            "固定资产投资",
            "Fixed-asset investment",
            "yi_yuan",
            "level",
            1,
            20000,
            "Fixed-asset investment completed in the district.",
        ),
        _growth("fai_growth", "固定资产投资增长", "fixed-asset investment", "nominal"),
        Indicator(
            "mfg_investment",
            "制造业投资",
            "Manufacturing investment",
            "yi_yuan",
            "level",
            0.1,
            5000,
            "Investment in manufacturing (part of fixed-asset investment).",
        ),
        _growth(
            "mfg_investment_growth",
            "制造业投资增长",
            "manufacturing investment",
            "nominal",
            -80,
            300,
        ),
        Indicator(
            "industrial_investment",
            "工业投资",
            "Industrial investment",
            "yi_yuan",
            "level",
            0.1,
            5000,
            "Investment in industry (manufacturing, mining, utilities).",
        ),
        _growth("industrial_investment_growth", "工业投资增长", "industrial investment", "nominal"),
        Indicator(
            "fiscal_revenue",
            "财政总收入",
            "Total fiscal revenue",
            "yi_yuan",
            "level",
            1,
            10000,
            "Total fiscal revenue collected in the district (incl. parts remitted upward).",
        ),
        _growth("fiscal_revenue_growth", "财政总收入增长", "total fiscal revenue", "nominal"),
        Indicator(
            "budget_revenue",
            "一般公共预算收入",
            "General public budget revenue",
            "yi_yuan",
            "level",
            1,
            5000,
            "Local general public budget revenue.",
        ),
        _growth("budget_revenue_growth", "一般公共预算收入增长", "budget revenue", "nominal"),
        Indicator(
            "services_va",
            "服务业增加值",
            "Services value added",
            "yi_yuan",
            "level",
            1,
            50000,
            "Value added of the tertiary sector, current prices.",
        ),
        _growth("services_va_growth", "服务业增加值增长", "services value added", "real", -30, 60),
        Indicator(
            "industrial_va",
            "规上工业增加值",
            "Industrial value added (above scale)",
            "yi_yuan",
            "level",
            1,
            50000,
            "Value added of industrial firms above designated size, current prices.",
        ),
        _growth(
            "industrial_va_growth", "规上工业增加值增长", "industrial value added", "real", -40, 80
        ),
        Indicator(
            "digital_core_va",
            "数字经济核心产业增加值",
            "Digital-economy core value added",
            "yi_yuan",
            "level",
            1,
            50000,
            "Value added of the core digital-economy industries.",
        ),
        _growth(
            "digital_core_va_growth",
            "数字经济核心产业增加值增长",
            "digital-economy core value added",
            "real",
            -40,
            100,
        ),
        Indicator(
            "digital_core_va_share",
            "数字经济核心产业增加值占GDP比重",
            "Digital-economy core share of GDP",
            "pct",
            "ratio",
            0,
            100,
            "Value added of the core digital-economy industries as a share of GDP.",
        ),
        Indicator(
            "fdi",
            "实际利用外资",
            "Foreign direct investment used",
            "yi_usd",
            "level",
            0.01,
            1000,
            "Foreign capital actually used (paid-in), in 100 million US dollars.",
        ),
    )
}


@dataclass(frozen=True)
class Field:
    """One column of a curated table."""

    name: str
    dtype: str  # str, int, year (a whole number in values.YEARS), float, bool
    description: str
    required: bool = True
    allowed: tuple[str, ...] | None = None
    pattern: str | None = None
    form: str | None = None  # the pattern in words, for messages
    registry: str = ""  # "area": a code of data/units.csv for figures; "unit": any registry code
    unit: str = ""  # a number's unit, where one column holds one unit
    refers: str = ""  # "table.column" every value must be found in (registry fields: units.code)

    @property
    def reference(self) -> str:
        """The "table.column" this field's values are keys of, if any."""
        return self.refers or ("units.code" if self.registry else "")


@dataclass(frozen=True)
class Table:
    """One curated CSV: its columns in order and its primary key."""

    name: str
    filename: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    extra: dict = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        """Column names in file order."""
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        """The declaration of column ``name``."""
        return next(f for f in self.fields if f.name == name)


AREAS_TABLE = Table(
    "units",
    "units.csv",
    "The area registry: every district, county and city the data may name (kept in "
    "data/units.csv; curate copies it beside the tables that refer to it).",
    (
        Field("code", "str", "Area code used in the `district` columns.", pattern=r"[a-z_]+"),
        Field(
            "level",
            "str",
            "city, district, county, county_city, or functional_zone (a unit that issues "
            "documents; its figures are recorded under its successor's code).",
            allowed=("city", "district", "county", "county_city", "functional_zone"),
        ),
        Field("name_zh", "str", "Chinese name."),
        Field("name_en", "str", "English name."),
        Field(
            "parent", "str", "Code of the area it belongs to.", required=False, refers="units.code"
        ),
        Field("colour", "str", "Its fixed chart colour.", pattern=r"#[0-9A-Fa-f]{6}"),
        Field(
            "current_from",
            "year",
            "First year its figures cover today's territory; earlier ones are not comparable.",
            required=False,
        ),
        Field("boundary_history", "str", "What changed, and what earlier figures include."),
    ),
    ("code",),
)

SOURCES = Table(
    "sources",
    "sources.csv",
    "One row per source: a document kept whole (raw file, clean text, checksum) or a cited "
    "page (address, grade, where its figures stand); its citation and boundary.",
    (
        Field(
            "source_id",
            "str",
            "Stable id of the document (also the name of its clean text file).",
            pattern=SOURCE_ID_PATTERN,
            form=SOURCE_ID_FORM,
        ),
        Field("district", "str", "Area the document is about.", registry="area"),
        Field("title", "str", "Title of the document (Chinese)."),
        Field(
            "published",
            "str",
            "Publication date, as precise as known (YYYY, YYYY-MM or YYYY-MM-DD; unknown if the "
            "page prints none).",
            pattern=r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?|unknown",
            form="YYYY, YYYY-MM, YYYY-MM-DD or unknown",
        ),
        Field(
            "raw_file",
            "str",
            "The raw file, relative to data/curated/ (under ../raw/); empty for a cited page.",
            required=False,
            pattern=r"\.\./raw/[A-Za-z0-9][A-Za-z0-9_.-]{0,119}",
            form="../raw/<file name>",
        ),
        Field(
            "text_file",
            "str",
            "The clean text, relative to data/curated/ (under text/); empty for a cited page.",
            required=False,
            pattern=r"text/[a-z0-9][a-z0-9_]{0,79}\.txt",
            form="text/<source_id>.txt",
        ),
        Field(
            "sha256",
            "str",
            "SHA-256 of the raw file; empty for a cited page.",
            required=False,
            pattern=r"[0-9a-f]{64}",
        ),
        Field("doc_type", "str", "Kind of document.", allowed=DOC_TYPES),
        Field("issuer", "str", "Body that issued or published the document."),
        Field("covers", "str", "What the figures in it are about."),
        Field("admin_unit", "str", "The administrative unit the figures refer to."),
        Field("boundary", "str", "The territory that unit covered at the time (boundary caveat)."),
        Field(
            "comparable_from",
            "year",
            "First year its figures are comparable with the post-2021 district.",
        ),
        Field(
            "original_script",
            "str",
            "Script of the raw text or page.",
            allowed=("zh-Hans", "zh-Hant", "en"),
        ),
        Field("notes", "str", "Quirks of the source and how they were handled.", required=False),
        Field(
            "access",
            "str",
            "document (kept whole in data/raw/), or a cited page's grade by the kind of its "
            "original: official (an official text on the issuer's own site), reprint (an "
            "official text copied elsewhere), news (a news article, wherever copied), summary "
            "(a forum post, digest, aggregator or paraphrase).",
            allowed=ACCESS,
        ),
        Field(
            "original",
            "str",
            "The kind of a cited page's original text: official_text, news_article or summary "
            "(its grade follows from it); empty for a document kept whole.",
            required=False,
            allowed=tuple(ORIGINALS),
        ),
        Field(
            "injected",
            "bool",
            "True for a copy with foreign text (spam, gambling, adult) injected into it: used "
            "only where no clean source states the figure, and flagged there.",
            required=False,
        ),
        Field(
            "unit",
            "str",
            "Registry code of the unit that issued it (e.g. qiantang_new_area); whether a target "
            "and its result span a boundary change follows from these codes.",
            registry="unit",
        ),
        Field(
            "address",
            "str",
            "URL of a cited page (a reader opens it).",
            required=False,
            pattern=r"https?://[^\s<>\"'`]+",
            form="an http:// or https:// address without spaces or quotes",
        ),
        Field("publisher", "str", "Who published this copy of a cited page.", required=False),
        Field(
            "read_on",
            "str",
            "Date a cited page was read (YYYY-MM-DD).",
            required=False,
            pattern=r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
        ),
        Field(
            "where",
            "str",
            "Where on a cited page its figures stand (section, paragraph).",
            required=False,
        ),
    ),
    ("source_id",),
)

INDICATORS_TABLE = Table(
    "indicators",
    "indicators.csv",
    "One figure per row, each with the verbatim quote of the clean text that states it.",
    (
        Field(
            "district", "str", "Area code (data/units.csv; hangzhou is the city).", registry="area"
        ),
        Field(
            "indicator",
            "str",
            "Indicator code (see the data dictionary).",
            allowed=tuple(INDICATORS),
            refers="indicator_dictionary.indicator",
        ),
        Field("year", "year", "Year the figure is about."),
        Field(
            "period",
            "str",
            "FY full year, H1 first half, M1-N January to month N.",
            pattern=PERIOD_PATTERN,
            form="FY, H1 or M1-N (January to month N, N from 2 to 11)",
        ),
        Field("kind", "str", "actual or target.", allowed=KINDS),
        Field(
            "qualifier",
            "str",
            "none, about (左右), at_least (以上/突破), stretch (力争), floor (确保).",
            allowed=QUALIFIERS,
        ),
        Field(
            "scope",
            "str",
            "What part of the area or quantity the figure covers when not the whole in the "
            "usual definition (codes in the data dictionary); empty: the whole. A target is "
            "scored only against a result of the same scope.",
            required=False,
            allowed=tuple(SCOPES),
        ),
        Field("value", "float", "The number, in `unit`."),
        Field("unit", "str", "yi_yuan (亿元), yi_usd (亿美元) or pct (%).", allowed=tuple(UNITS)),
        Field(
            "source_id",
            "str",
            "The document (sources.csv).",
            pattern=SOURCE_ID_PATTERN,
            form=SOURCE_ID_FORM,
            refers="sources.source_id",
        ),
        Field(
            "quote",
            "str",
            "Shortest span of the clean text stating the figure, verbatim; for a cited page, "
            "its label and the value as printed (e.g. 一般公共预算收入 3000273万元).",
        ),
        Field(
            "note", "str", "Caveat on this figure (estimate, inferred year, ...).", required=False
        ),
        Field(
            "status",
            "str",
            "Of a result: final, preliminary (初步核算, first release) or estimated (预计). "
            "Empty for a target: a target is set, not measured.",
            required=False,
            allowed=STATUSES,
        ),
        Field("revised", "bool", "True for a target revised during the year (调整预算)."),
        Field(
            "preferred",
            "bool",
            "True for the one row per figure that charts and the scorecard use (the choice rule).",
        ),
    ),
    (
        "district",
        "indicator",
        "year",
        "period",
        "kind",
        "qualifier",
        "scope",
        "revised",
        "source_id",
    ),
)

STATED_GAPS_TABLE = Table(
    "stated_gaps",
    "stated_gaps.csv",
    "Gaps a source states between two areas' figures (e.g. 高于全市0.4个百分点); validate checks "
    "the curated figures reproduce each.",
    (
        Field("district", "str", "The area the sentence is about.", registry="area"),
        Field("versus", "str", "The area it is compared with.", registry="area"),
        Field(
            "indicator",
            "str",
            "Indicator compared.",
            allowed=tuple(INDICATORS),
            refers="indicator_dictionary.indicator",
        ),
        Field("year", "year", "Year of both figures."),
        Field(
            "gap",
            "float",
            "district − versus, in points, as stated (direction-only: empty).",
            required=False,
            unit="percentage points",
        ),
        Field("direction", "str", "above or below.", allowed=("above", "below")),
        Field("quote", "str", "The gap as printed."),
        Field("source_id", "str", "The source that states it.", refers="sources.source_id"),
    ),
    ("district", "versus", "indicator", "year", "source_id"),
)

TASKS_TABLE = Table(
    "qiantang_2023_tasks",
    "qiantang_2023_tasks.csv",
    "Qiantang 2023 key tasks with their Q3 progress, one row per numbered task.",
    (
        Field("task_no", "int", "Number of the task in the table (1..136)."),
        Field("area", "str", "Area (重点工作任务), carried down over merged cells."),
        Field("target", "str", "The task or its target (具体目标任务), verbatim."),
        Field(
            "lead_unit",
            "str",
            "Lead unit(s) (牵头单位); empty where the table names none.",
            required=False,
        ),
        Field("progress", "str", "Progress reported for Q3 (进展情况), verbatim.", required=False),
        Field(
            "sub_area",
            "str",
            "Sub-area (sub-heading), carried down within its area.",
            required=False,
        ),
        Field(
            "indicator",
            "str",
            "The indicators.csv indicator a headline task tracks.",
            required=False,
            allowed=tuple(INDICATORS),
            refers="indicator_dictionary.indicator",
        ),
        Field(
            "lead_units",
            "str",
            "The single lead units, separated by ；, names unified (for counting by unit).",
            required=False,
        ),
        Field(
            "lead_unit_carried", "bool", "True where lead_unit was carried down from a merged cell."
        ),
        Field("source_line", "int", "Line of the task in the clean text (text/<source_id>.txt)."),
        Field(
            "target_value",
            "float",
            "Parsed target quantity (stretch value for 力争 pairs).",
            required=False,
        ),
        Field(
            "target_qualifier",
            "str",
            "Qualifier of target_value.",
            required=False,
            allowed=QUALIFIERS,
        ),
        Field("floor_value", "float", "Floor (确保) of a 力争…（确保…） pair.", required=False),
        Field("progress_value", "float", "Parsed progress of the same quantity.", required=False),
        Field("unit", "str", "Unit of target_value and progress_value.", required=False),
        Field(
            "share_of_target",
            "float",
            "progress_value / target_value.",
            required=False,
            unit="ratio (1 = the target reached)",
        ),
        Field("as_of_month", "int", "Month the progress refers to, where stated.", required=False),
        Field(
            "status",
            "str",
            "done, on_track, behind or not_measurable (rules in taskstatus.py).",
            allowed=TASK_STATUSES,
        ),
        Field("status_rule", "str", "Which rule gave the status (or refused the pair)."),
        Field(
            "target_phrase",
            "str",
            "The words of the target that were compared (the clause up to the quantity).",
            required=False,
        ),
        Field(
            "progress_phrase",
            "str",
            "The words of the progress note that were compared with it.",
            required=False,
        ),
        Field(
            "review_note",
            "str",
            "A reviewer's reason where an override in the spec chose the pair.",
            required=False,
        ),
    ),
    ("task_no",),
)

DICTIONARY_TABLE = Table(
    "indicator_dictionary",
    "indicator_dictionary.csv",
    "Every indicator code of indicators.csv: names, unit, price basis, plausible range, "
    "definition (generated from the schema).",
    (
        Field("indicator", "str", "Indicator code.", allowed=tuple(INDICATORS)),
        Field("name_zh", "str", "Chinese name."),
        Field("name_en", "str", "English name."),
        Field("unit", "str", "The unit its figures are stated in.", allowed=tuple(UNITS)),
        Field("unit_zh", "str", "The unit as printed in Chinese.", allowed=tuple(UNITS.values())),
        Field(
            "basis",
            "str",
            "level; real (growth at comparable prices); nominal (growth at current prices); "
            "ratio (a share).",
            allowed=BASES,
        ),
        Field("low", "float", "Lowest plausible value (validate refuses a figure below)."),
        Field("high", "float", "Highest plausible value (validate refuses a figure above)."),
        Field("definition", "str", "What the figure measures."),
    ),
    ("indicator",),
)

# Every file of data/curated/ that is a table, keyed by file name, in reading order.
TABLES: dict[str, Table] = {
    t.filename: t
    for t in (
        AREAS_TABLE,
        DICTIONARY_TABLE,
        SOURCES,
        INDICATORS_TABLE,
        TASKS_TABLE,
        STATED_GAPS_TABLE,
    )
}


def indicator_unit(code: str) -> str:
    """The unit an indicator is always stated in."""
    return INDICATORS[code].unit


def dictionary_rows() -> list[dict[str, object]]:
    """The rows of indicator_dictionary.csv, one per indicator."""
    return [
        {
            "indicator": i.code,
            "name_zh": i.zh,
            "name_en": i.en,
            "unit": i.unit,
            "unit_zh": UNITS[i.unit],
            "basis": i.basis,
            "low": float(i.low),
            "high": float(i.high),
            "definition": i.definition,
        }
        for i in INDICATORS.values()
    ]


def data_dictionary() -> list[dict[str, str]]:
    """The indicator dictionary as rows (code, zh, en, unit, basis, range, definition).

    Example:
        >>> import hzcompare as hz
        >>> entry = hz.data_dictionary()[0]
        >>> entry["indicator"], entry["unit_zh"], entry["basis"]
        ('gdp', '亿元', 'level')
    """
    return [
        {
            **{k: v for k, v in row.items() if k not in ("low", "high", "definition")},
            "plausible_range": f"{row['low']:g} to {row['high']:g}",
            "definition": row["definition"],
        }
        for row in dictionary_rows()
    ]
