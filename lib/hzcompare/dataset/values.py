"""One way to turn text into typed values, used by CSV cells, specs, params, cited figures and
the loaders' filters: nothing is coerced silently.

- whole numbers and years: ASCII digits only (no ``2_022``, no full-width ``２０２２``, no
  ``2022.7``); years in a plausible range;
- numbers: ``-?digits[.digits][e±digits]``, finite (no underscore, spaces, ``nan`` or ``inf``);
- booleans: ``true`` or ``false`` (any case), nothing else;
- text: at most a length limit, no control characters and no bidirectional overrides, and
  not starting as a spreadsheet formula (``=``, ``+``, ``-``, ``@``) unless it is a number.

Each function raises ``ValueError`` with a readable reason naming the field.
"""

from __future__ import annotations

import math
import numbers
import re

from . import patterns

YEARS = (1949, 2100)  # a year outside this range is a typo, not a figure
TEXT_LIMIT = 4000  # characters: longer than any quote, title or note of a real source
_INT = re.compile(r"-?[0-9]+")
NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_BOOL = {"true": True, "false": False}
# C0/C1 controls (tab and line ends included: no field spans lines) and the bidirectional
# marks, embeddings, overrides and isolates that make text display in another order than it reads.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _show(raw: object) -> str:
    text = repr(raw)
    return text if len(text) <= 60 else text[:57] + "..."


def _scalar(raw: object) -> object:
    """A numpy/pandas scalar as its Python value (``np.int64(3)`` → 3)."""
    item = getattr(raw, "item", None)
    if item is not None and not isinstance(raw, str | bytes) and getattr(raw, "ndim", 0) == 0:
        return item()
    return raw


def parse_int(raw: object, name: str, low: int | None = None, high: int | None = None) -> int:
    """A whole number from text (ASCII digits) or an integral number; within [low, high]."""
    raw = _scalar(raw)
    if isinstance(raw, bool):
        raise ValueError(f"{name} must be a whole number (found {_show(raw)})")
    if (
        (isinstance(raw, str) and _INT.fullmatch(raw))
        or isinstance(raw, numbers.Integral)
        or (isinstance(raw, float) and math.isfinite(raw) and raw.is_integer())
    ):
        value = int(raw)
    else:
        raise ValueError(f"{name} must be a whole number (found {_show(raw)})")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be between {low} and {high} (found {value})")
    return value


def parse_year(raw: object, name: str = "year") -> int:
    """A year: a whole number in ``YEARS``."""
    return parse_int(raw, name, *YEARS)


def parse_number(raw: object, name: str) -> float:
    """A finite number from plain decimal text (``-12.5``) or a real number."""
    raw = _scalar(raw)
    if isinstance(raw, bool):
        raise ValueError(f"{name} must be a number (found {_show(raw)})")
    if isinstance(raw, str):
        if not NUMBER.fullmatch(raw) or not math.isfinite(float(raw)):
            raise ValueError(
                f"{name} must be a number (found {_show(raw)}); write it plainly, like -12.5"
            )
        return float(raw)
    if isinstance(raw, numbers.Real) and math.isfinite(float(raw)):
        return float(raw)
    raise ValueError(f"{name} must be a finite number (found {_show(raw)})")


def parse_bool(raw: object, name: str) -> bool:
    """``true`` or ``false`` (any case), or a Python bool; nothing else."""
    raw = _scalar(raw)
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.lower() in _BOOL:
        return _BOOL[raw.lower()]
    raise ValueError(f"{name} must be true or false (found {_show(raw)})")


FORMULA_START = ("=", "+", "-", "@")
_FULL_WIDTH_SIGNS = str.maketrans("＝＋－＠", "=+-@")
SUSPECT_START = frozenset(" \u3000=+-@＝＋－＠")  # first characters worth a closer look


def looks_like_formula(text: str) -> bool:
    """True if a spreadsheet could run ``text`` as a formula (a plain number is not one);
    leading spaces and full-width signs are looked through, as some spreadsheets do."""
    text = text.lstrip().translate(_FULL_WIDTH_SIGNS)
    return text.startswith(FORMULA_START) and not NUMBER.fullmatch(text)


def check_text(raw: object, name: str, limit: int = TEXT_LIMIT, formula_ok: bool = False) -> str:
    """Text of at most ``limit`` characters without control characters (nor, unless
    ``formula_ok``, starting as a spreadsheet formula)."""
    if not isinstance(raw, str):
        raise ValueError(f"{name} must be text (found {_show(raw)})")
    if len(raw) > limit:
        raise ValueError(f"{name} is {len(raw)} characters long; the limit is {limit}")
    bad = CONTROL.search(raw)
    if bad:
        raise ValueError(
            f"{name} holds a control character (U+{ord(bad.group()):04X}) at position "
            f"{bad.start() + 1}; remove it"
        )
    if not formula_ok and looks_like_formula(raw):
        raise ValueError(
            f"{name} begins like a formula ({raw.lstrip()[:1]!r}), which a spreadsheet would "
            f"run (found {_show(raw)}); reword it"
        )
    return raw


def parse_typed(dtype: str, raw: object, name: str) -> object:
    """``raw`` as a value of ``dtype``: ``int``, ``year``, ``float``, ``bool``, ``str`` or
    ``regex`` (text that compiles as a regular expression)."""
    if dtype == "year":
        return parse_year(raw, name)
    if dtype == "int":
        return parse_int(raw, name)
    if dtype == "float":
        return parse_number(raw, name)
    if dtype == "bool":
        return parse_bool(raw, name)
    if dtype == "regex":
        return patterns.check(check_text(raw, name, formula_ok=True), name)
    return check_text(raw, name)
