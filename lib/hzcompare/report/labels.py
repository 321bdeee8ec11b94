"""Words on charts and pages, in Chinese, English or both: areas, indicators, periods, sources.

Plain text, no drawing: the pack's index and web pages use these without importing matplotlib.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..dataset.areas import load_areas
from ..dataset.schema import GRADE_LABELS, GRADE_SINGULAR, INDICATORS, UNITS

GRADE_WORDS = {grade: (en, zh) for grade, (_, en, zh) in GRADE_LABELS.items()}


PERIOD_LABEL = {"FY": ("全年", "full year"), "H1": ("上半年", "H1")}


TEXT = {
    "not_reported": ("未报告", "not reported"),
    "actual": ("实际", "actual"),
    "source": ("来源", "Source"),
    "year": ("年份", "year"),
    "boundary": ("2021年区划调整前\n（钱塘新区：功能区）", "before the 2021\nboundary change"),
    "news": ("空心点：新闻或摘要来源", "hollow: news or summary source"),
    "bound": ("≥：仅报下限（突破…）", "≥: printed as a bound only"),
}


def say(key: str, lang: str) -> str:
    """A fixed phrase in ``lang`` (zh, en or both)."""
    zh, en = TEXT[key]
    return pick(zh, en, lang)


def pick(zh: str, en: str, lang: str) -> str:
    """The Chinese, the English, or both (English first) words, as ``lang`` asks."""
    return {"zh": zh, "en": en}.get(lang, f"{en} {zh}")


def message(zh: str, en: str, lang: str) -> str:
    """A chart's message sentence: Chinese for ``zh``, else English (one sentence, not two)."""
    return zh if lang == "zh" else en


def district_label(code: str, lang: str) -> str:
    """Area name in ``lang`` (from the area registry)."""
    a = load_areas()[code]
    return pick(a.zh.removesuffix("区").removesuffix("市") if len(a.zh) > 2 else a.zh, a.en, lang)


def indicator_label(code: str, lang: str, unit: bool = True) -> str:
    """Indicator name in ``lang``, with its unit."""
    ind = INDICATORS[code]
    name = pick(ind.zh, ind.en, lang)
    return f"{name} ({UNITS[ind.unit]})" if unit else name


def period_label(period: str, lang: str) -> str:
    """FY / H1 / M1-8 as words (M1-8 → 1–8月 / Jan–Aug)."""
    if period in PERIOD_LABEL:
        return pick(*PERIOD_LABEL[period], lang)
    n = int(period.split("-")[1])
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]
    return pick(f"1–{n}月", f"Jan–{months[n - 1]}", lang)


def source_summary(source_ids: Iterable[str], sources: pd.DataFrame, lang: str) -> str:
    """The sources of a chart in one line: their titles, or for many a count by grade (each
    point's source is in the chart's CSV)."""
    table = sources.set_index("source_id")
    ids = sorted(set(source_ids))
    if len(ids) <= 3:  # titles, cut to fit under a chart (the CSV has each source whole)
        titles = [str(table["title"].get(s, s)) for s in ids]
        return "; ".join(t if len(t) <= 40 else t[:39] + "…" for t in titles)
    grades = pd.Series([table["access"].get(s, "document") for s in ids]).value_counts()
    counts = ", ".join(f"{n} {_grade_word(g, n, lang)}" for g, n in grades.items())
    return f"{len(ids)} ({counts}); " + pick(
        "每个点的来源见图表CSV", "each point's source is in the chart's CSV", lang
    )


def _grade_word(grade: str, n: int, lang: str) -> str:
    """How ``n`` sources of one grade are named: 1 reprint, 2 reprints, 2 个转载."""
    if lang != "zh" and n == 1:
        return GRADE_SINGULAR[grade]
    return GRADE_WORDS[grade][lang == "zh"]


CAPTIONS = {  # charts that are not one indicator's: (zh, en)
    "promise_record": (
        "承诺记录：各地区各年的每项目标",
        "The promise record: every target by area and year",
    ),
    "scorecard": (
        "承诺与兑现：比率目标与结果之差",
        "Promises and delivery: each rate target's gap",
    ),
    "tasks_by_area": ("2023年重点任务进展：按领域", "2023 key tasks by area"),
    "tasks_by_unit": ("2023年重点任务进展：按牵头单位", "2023 key tasks by lead unit"),
    "tasks_share": ("量化任务完成比例", "Quantified tasks: share of target reached"),
}


def chart_caption(name: str, lang: str = "both") -> str:
    """A chart's caption from its name (``trend_gdp``, ``gdp_growth``, ``tasks_by_area``, ...)."""
    if name in CAPTIONS:
        return pick(*CAPTIONS[name], lang)
    kind, code = ("trend", name[6:]) if name.startswith("trend_") else ("", name)
    code = code.removeprefix("headline_").removesuffix("_level")
    if code in INDICATORS:
        what = indicator_label(code, lang, unit=False)
        if kind:
            return f"{what} — " + pick("历年路径", "path over the years", lang)
        if name.endswith("_level"):
            return f"{what} — " + pick("上年水平", "level in the year before", lang)
        return f"{what} — " + pick("目标与实际", "targets and results", lang)
    return name.replace("_", " ")
