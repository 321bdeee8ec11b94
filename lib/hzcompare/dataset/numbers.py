"""Numbers as written in Chinese government documents: 1,218.23 / 2.3万 / 千亿 / 一千一百."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL = "[零〇一二两三四五六七八九十百千万亿]+"
ARABIC = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"  # ASCII digits only: no ２０２２ or ٢٠٢٢
_ANY_NUMBER = re.compile(rf"{ARABIC}|{CN_NUMERAL}")


def parse_chinese_numeral(s: str) -> float:
    """Parse a Chinese numeral: ``一千一百`` → 1100, ``千`` → 1000, ``两万`` → 20000."""
    if not s or any(
        ch not in _DIGITS and ch not in _SMALL_UNITS and ch not in _BIG_UNITS for ch in s
    ):
        raise ValueError(f"not a Chinese numeral: {s!r}")
    for i in range(1, len(s)):
        # 二〇二二 is a string of digits (a year read aloud), not a numeral: two digits meet only
        # as a zero after a unit (一千零五)
        if s[i] in _DIGITS and s[i - 1] in _DIGITS:
            zero_after_unit = s[i - 1] in "零〇" and i >= 2 and s[i - 2] not in _DIGITS
            if not zero_after_unit:
                raise ValueError(f"not a Chinese numeral: {s!r} is a string of digits")
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        else:
            section += digit or 0
            total += (section or 1) * _BIG_UNITS[ch]
            section, digit = 0, None
    return float(total + section + (digit or 0))


def parse_number(s: str) -> float:
    """Parse one written number: Arabic with thousands commas, optional 万/亿 suffix, or Chinese.

    ``"1,218.23"`` → 1218.23, ``"2.3万"`` → 23000, ``"千"`` → 1000. Raises ``ValueError``.
    """
    s = s.strip().replace("，", ",")
    m = re.fullmatch(rf"({ARABIC})([万亿]?)", s)
    if m:
        value = float(m.group(1).replace(",", ""))
        return value * _BIG_UNITS.get(m.group(2), 1)
    return parse_chinese_numeral(s)


def numbers_in(text: str) -> list[float]:
    """Every number written in ``text`` (Arabic or Chinese numerals), as floats, in order."""
    found = []
    for tok in _ANY_NUMBER.findall(text):
        try:
            found.append(parse_number(tok))
        except ValueError:
            continue
    return found


def _alone_at(text: str, at: int, end: int) -> bool:
    """True if ``text[at:end]`` is a whole number there: no digit or point before it, no digit or
    decimal part after it."""
    before, after = text[at - 1 : at] if at else "", text[end : end + 2]
    decimal_after = after[:1] == "." and after[1:2].isdigit()
    return not (before.isdigit() or before == "." or after[:1].isdigit() or decimal_after)


def _stands_in(number: str, text: str) -> bool:
    """True if ``number`` occurs in ``text`` as a whole number (7 is not in 17 or 7.5)."""
    i = text.find(number)
    while i >= 0:
        if _alone_at(text, i, i + len(number)):
            return True
        i = text.find(number, i + 1)
    return False


def shows_value(text: str, value: float) -> bool:
    """True if ``text`` writes ``value`` (allowing for the 万/亿 scale of the written unit).

    Signs are not compared: a fall is written as a word (下降9.8%) and stored as -9.8.
    """
    value = abs(value)
    # Fast path: the number as usually written (1218.23, 17, 4.50 → 4.5) stands in the text.
    usual = f"{value:g}"
    if usual in text and _stands_in(usual, text):
        return True
    if any(_stands_in(form, text) for form in {f"{value:.2f}", f"{value:.1f}"} - {usual}):
        return True
    for n in numbers_in(text):
        for scale in (1, 10_000, 100_000_000):
            if abs(n - value * scale) <= 1e-9 * max(1.0, abs(n)) or abs(n / scale - value) < 1e-9:
                return True
    return False


def unshown(quotes: Iterable[str | None], values: Iterable[float | None]) -> list[int]:
    """Positions of the quotes that do not write their value (``shows_value`` of each pair,
    the usual written form tried inline first: a table's quotes are checked in one pass)."""
    out, usual_of = [], {}
    for i, (text, value) in enumerate(zip(quotes, values, strict=True)):
        if not text or value is None:
            continue
        usual = usual_of.get(value) or usual_of.setdefault(value, f"{abs(value):g}")
        at = text.find(usual)
        if at >= 0 and _alone_at(text, at, at + len(usual)):
            continue
        if not shows_value(text, value):
            out.append(i)
    return out


# Quantities in task targets and progress notes. Longer units first so 万千瓦 wins over 千瓦.
_UNITS = (
    "万平方米",
    "平方米",
    "万千瓦",
    "千瓦",
    "亿美元",
    "亿元",
    "万元",
    "公里",
    "万人",
    "人次",
    "亩",
    "家",
    "个",
    "条",
    "宗",
    "套",
    "处",
    "座",
    "盏",
    "所",
    "件",
    "项",
    "名",
    "人",
    "户",
    "%",
)
_QUANTITY = re.compile(
    rf"(?P<num>{ARABIC}|{CN_NUMERAL})(?P<wan>万(?!千瓦|平方米|元|人))?"
    rf"(?P<unit>{'|'.join(map(re.escape, _UNITS))})"
)
# Written unit → (base unit, factor): money in 亿元, power in 万千瓦, area in 平方米.
_NORMALISE = {
    "万元": ("亿元", 1e-4),
    "万平方米": ("平方米", 1e4),
    "千瓦": ("万千瓦", 1e-4),
    "万人": ("人", 1e4),
}


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, normalised (``2万家`` → 20000 家; ``5.88万千瓦`` stays 万千瓦)."""

    value: float
    unit: str
    text: str


def parse_quantities(text: str) -> list[Quantity]:
    """Every quantity with a known unit in ``text``, normalised to its base unit, in order."""
    out = []
    for m in _QUANTITY.finditer(text):
        try:
            value = parse_number(m.group("num"))
        except ValueError:
            continue
        if m.group("wan"):
            value *= 10_000
        unit = m.group("unit")
        base, factor = _NORMALISE.get(unit, (unit, 1.0))
        out.append(Quantity(round(value * factor, 6), base, m.group(0)))
    return out
