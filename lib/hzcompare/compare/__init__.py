"""Comparisons: promises against delivery, the promise record, the panel across areas.

``rules`` (the preferred row, verdicts, tolerances, boundary notes), ``promises`` (scorecard,
promise record, progress, distance to goals) and ``panel`` (coverage, gap to the city). Every
function reads the *preferred* row of each figure and states in its docstring which kinds,
periods and qualifiers it uses; a code it cannot use is an ``HzError`` listing those it can.
"""

from __future__ import annotations

from .panel import GRADE_LETTER, HEADLINE, coverage, gap_to_city, not_reported, rate_indicators
from .promises import (
    NO_RESULT,
    PROMISE_COLUMNS,
    VERDICTS,
    distance_to_goals,
    progress,
    promise_record,
    scorecard,
)
from .rules import (
    FIGURE_COLUMNS,
    VERDICT_RULES,
    about_tolerance,
    boundary_note,
    figure,
    figure_key,
    preferred,
    verdict,
)

__all__ = [
    "FIGURE_COLUMNS",
    "GRADE_LETTER",
    "HEADLINE",
    "NO_RESULT",
    "PROMISE_COLUMNS",
    "VERDICTS",
    "VERDICT_RULES",
    "about_tolerance",
    "boundary_note",
    "coverage",
    "distance_to_goals",
    "figure",
    "figure_key",
    "gap_to_city",
    "not_reported",
    "preferred",
    "progress",
    "promise_record",
    "rate_indicators",
    "scorecard",
    "verdict",
]
