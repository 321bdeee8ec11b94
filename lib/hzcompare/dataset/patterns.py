"""The regular expressions a spec writes, compiled and run by one engine with a time limit.

Python's ``re`` cannot be stopped once a match starts: a pattern that backtracks without end on
some line (a repeat inside a repeat, such as ``(a|aa)+$``) would hang ``curate``. Spec patterns
therefore run through the ``regex`` module, read as ``re`` reads them (its version 0), which
gives up after ``SECONDS`` and lets the error name the pattern.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

import regex

from ..errors import HzError

SECONDS = 2.0  # a real spec pattern takes milliseconds on a whole clean text

Match = regex.Match
T = TypeVar("T")


@lru_cache(maxsize=1024)
def compiled(pattern: str) -> regex.Pattern:
    """``pattern`` compiled as Python's ``re`` reads it; a malformed one raises ``regex.error``."""
    return regex.compile(pattern, regex.VERSION0)


def check(pattern: str, what: str) -> str:
    """``pattern`` if it compiles, else a ``ValueError`` naming it (``what``) and the fault."""
    try:
        compiled(pattern)
    except regex.error as e:
        raise ValueError(f"{what} {pattern!r} is not a valid regular expression: {e}") from None
    return pattern


def find_all(pattern: str, text: str) -> list[Match]:
    """Every match of ``pattern`` in ``text``, within the time limit."""
    return _timed(pattern, lambda rx: list(rx.finditer(text, timeout=SECONDS)))


def search(pattern: str, text: str) -> Match | None:
    """The first match of ``pattern`` in ``text``, within the time limit."""
    return _timed(pattern, lambda rx: rx.search(text, timeout=SECONDS))


def fullmatch(pattern: str, text: str) -> Match | None:
    """``pattern`` matched against the whole of ``text``, within the time limit."""
    return _timed(pattern, lambda rx: rx.fullmatch(text, timeout=SECONDS))


def _timed(pattern: str, run: Callable[[regex.Pattern], T]) -> T:
    """Run a match; one that takes longer than the limit is an ``HzError`` naming the pattern
    (the caller adds the spec file and line)."""
    try:
        return run(compiled(pattern))
    except TimeoutError:
        raise HzError(
            f"pattern {pattern!r} took more than {SECONDS:g} s on one text and was stopped: it "
            "backtracks without end (a repeat inside a repeat, such as (a|aa)+); write it "
            "without one"
        ) from None
