"""Figures as printed on a cited page (label, number, unit), converted to curated units by code.

A cited figure's quote is ``<label> <printed>``: the page's label and its value as printed,
e.g. ``一般公共预算收入 3000273万元`` or ``GDP more than 160 billion yuan``. The printed part is
parsed here, never converted by hand: 万元 → 亿元, 万亿元 → 亿元, billion/trillion yuan (or RMB …
billion), percent, Chinese numerals, Traditional characters (億元), and a falling value (下降4.4% →
−4.4).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .numbers import ARABIC, CN_NUMERAL, parse_chinese_numeral
from .schema import INDICATORS, LABEL_WORDS, QUALIFIER_RULES, label_base, label_words

# unit as printed → (curated unit, factor into it)
_UNITS = {
    "万亿元": ("yi_yuan", Decimal(10_000)),
    "萬億元": ("yi_yuan", Decimal(10_000)),
    "亿元": ("yi_yuan", Decimal(1)),
    "億元": ("yi_yuan", Decimal(1)),
    "万元": ("yi_yuan", Decimal("0.0001")),
    "萬元": ("yi_yuan", Decimal("0.0001")),
    "trillion yuan": ("yi_yuan", Decimal(10_000)),
    "billion yuan": ("yi_yuan", Decimal(10)),
    "trillion": ("yi_yuan", Decimal(10_000)),  # only after RMB or ¥ (parse_printed checks)
    "billion": ("yi_yuan", Decimal(10)),
    "亿美元": ("yi_usd", Decimal(1)),
    "億美元": ("yi_usd", Decimal(1)),
    "个百分点": ("pp", Decimal(1)),
    "個百分點": ("pp", Decimal(1)),
    "percentage points": ("pp", Decimal(1)),
    "%": ("pct", Decimal(1)),
    "％": ("pct", Decimal(1)),
    "percent": ("pct", Decimal(1)),
}
# Words around the number that carry a qualifier or a sign, not a value.
_BEFORE = r"(?:突破|超过|超|力争达到|力争突破|力争|确保|达到|达|约|近|下降|增长|高于|低于|"
_BEFORE += r"more than|exceeded|over|about|around|up|down|RMB|¥)"
_AFTER = r"(?:左右|以上|以内|多)"
_UNIT = "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
PRINTED = re.compile(
    rf"(?P<before>(?:{_BEFORE}\s*)*)(?P<number>-?{ARABIC}|{CN_NUMERAL})\s*"
    rf"(?P<unit>{_UNIT})?\s*(?P<after>{_AFTER})?$"
)
_NEGATIVE = ("下降", "低于", "down")
_BARE = ("billion", "trillion")  # a yuan amount only with a currency before the number
_CURRENCY = ("RMB", "¥")


@dataclass(frozen=True)
class Printed:
    """A printed value, parsed: the number in its curated unit, and the words around it."""

    value: float
    unit: str | None  # yi_yuan, yi_usd, pct, pp; None when the page printed no unit
    words: str  # the qualifier words printed with it (突破, 以上, more than, ...)


def parse_printed(printed: str) -> Printed:
    """Parse one value as printed (``3000273万元`` → 300.0273 yi_yuan); raises ``ValueError``."""
    text = printed.strip()
    m = PRINTED.fullmatch(text)
    if not m:
        raise ValueError(
            f"cannot read a printed value from {printed!r}: expected a number with its unit, "
            "e.g. 1416亿元, 3000273万元, 5.1%, 3.97 percent, 160 billion yuan"
        )
    raw = m.group("number")
    if re.fullmatch(CN_NUMERAL, raw):
        number = Decimal(int(parse_chinese_numeral(raw)))
    else:
        number = Decimal(raw.replace(",", ""))
    unit, factor = _UNITS.get(m.group("unit") or "", (None, Decimal(1)))
    before = m.group("before") or ""
    if m.group("unit") in _BARE and not any(c in before for c in _CURRENCY):
        raise ValueError(
            f"{printed!r}: a bare {m.group('unit')} names no currency; a yuan amount is printed "
            "as RMB 202.26 billion or 202.26 billion yuan"
        )
    if any(w in before for w in _NEGATIVE):
        number = -number
    for currency in _CURRENCY:  # a currency is no qualifier word
        before = before.replace(currency, "")
    words = " ".join(w for w in (before.strip(), m.group("after") or "") if w)
    return Printed(float(number * factor), unit, words)


def split_quote(quote: str) -> tuple[str, str]:
    """A cited quote ``<label> <printed>`` split into label and printed value (at the last space
    before the printed value); raises ``ValueError`` if no printed value ends the quote."""
    for i in [i for i, ch in enumerate(quote) if ch == " "]:
        label, printed = quote[:i], quote[i + 1 :]
        if label.strip() and PRINTED.fullmatch(printed.strip()):
            return label, printed
    raise ValueError(f"quote {quote[:40]!r} does not end in a printed value after its label")


_GAP = re.compile(
    rf"(?P<sign>高于|高出|快于|低于|慢于|above|below).*?(?P<number>{ARABIC})\s*"
    r"(?:个百分点|個百分點|percentage points?)$"
)


def parse_gap(printed: str) -> float:
    """A stated gap in points (``高于全市0.4个百分点`` → 0.4, ``低于…1.2个百分点`` → −1.2).

    The number is the one right before 个百分点 (``高出省、市2.5和2.9个百分点`` → 2.9, the second).
    """
    m = _GAP.search(printed)
    if not m:
        raise ValueError(
            f"cannot read a gap from {printed!r}: "
            "expected e.g. 高于全市0.4个百分点 or 低于…1.2个百分点"
        )
    value = float(m.group("number").replace(",", ""))
    return -value if m.group("sign") in ("低于", "慢于", "below") else value


def check_cited(label: str, printed: str, indicator: str, qualifier: str) -> float:
    """The value of one cited figure in its indicator's unit; raises ``ValueError`` saying why."""
    if indicator not in INDICATORS:
        raise ValueError(f"unknown indicator {indicator!r}")
    ind = INDICATORS[indicator]
    words = label_words(indicator)
    if not any(w.lower() in label.lower() for w in words):
        base = indicator if indicator in LABEL_WORDS else label_base(indicator)
        raise ValueError(
            f"label {label!r} does not name {indicator} (it should hold one of: "
            f"{', '.join(words)}); if the page prints another word for it, add that word as "
            f"printed to LABEL_WORDS[{base!r}] in lib/hzcompare/dataset/schema.py"
        )
    value = parse_printed(printed)
    unit = value.unit
    if unit is None and ind.unit == "pct" and "(%)" in label:
        unit = "pct"  # a table cell under a column header in percent
    if unit != ind.unit:
        raise ValueError(
            f"{printed!r} is in {unit or 'no unit'}, but {indicator} is stated in {ind.unit}"
        )
    markers = QUALIFIER_RULES[qualifier].words if qualifier in QUALIFIER_RULES else ()
    if markers and not any(m in f"{label} {printed}" for m in markers):
        raise ValueError(f"qualifier {qualifier} but the printed text has none of {markers}")
    return value.value
