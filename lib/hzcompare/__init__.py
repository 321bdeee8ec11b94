"""hzcompare: what Hangzhou's districts promised, and what they delivered.

The public API is the names below, importable from the package top (``import hzcompare as hz``;
``hz.load_indicators(...)``), so notebooks never depend on the inner layout. Each name loads its
module on first use: ``import hzcompare`` stays light, so the console script and workers start fast.

Layers, each importing only from those below it (tests/test_code_habits.py checks): ``cli``
→ ``pack`` → ``release`` → ``report`` → ``accel`` → ``compare`` → ``ingest`` → ``dataset`` →
``paths`` → ``errors``.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> module that defines it (a module path alone exposes the module itself)
_PUBLIC = {
    "HzError": "hzcompare.errors",
    "load_indicators": "hzcompare.dataset.load",
    "load_sources": "hzcompare.dataset.load",
    "load_tasks": "hzcompare.dataset.load",
    "load_stated_gaps": "hzcompare.dataset.load",
    "figure": "hzcompare.compare",
    "figure_key": "hzcompare.compare",
    "FIGURE_COLUMNS": "hzcompare.compare",
    "rate_indicators": "hzcompare.compare",
    "coverage": "hzcompare.compare",
    "scorecard": "hzcompare.compare",
    "progress": "hzcompare.compare",
    "distance_to_goals": "hzcompare.compare",
    "not_reported": "hzcompare.compare",
    "promise_record": "hzcompare.compare",
    "gap_to_city": "hzcompare.compare",
    "preferred": "hzcompare.compare",
    "verdict": "hzcompare.compare",
    "load_areas": "hzcompare.dataset.areas",
    "VERDICT_RULES": "hzcompare.compare",
    "Context": "hzcompare.report.notebook",
    "figures_text": "hzcompare.report.notebook",
    "scorecard_text": "hzcompare.report.notebook",
    "goals_text": "hzcompare.report.notebook",
    "quote_of": "hzcompare.report.notebook",
    "sources_text": "hzcompare.report.notebook",
    "areas_table": "hzcompare.report.notebook",
    "panel_text": "hzcompare.report.notebook",
    "panel": "hzcompare.report.notebook",
    "promise_text": "hzcompare.report.notebook",
    "city_gap_text": "hzcompare.report.notebook",
    "data_dictionary": "hzcompare.dataset.schema",
    "INDICATORS": "hzcompare.dataset.schema",
    "TASK_STATUSES": "hzcompare.dataset.schema",
    "reading_table": "hzcompare.report.tables",
    "coverage_table": "hzcompare.report.tables",
    "charts": "hzcompare.report.charts",
}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str) -> object:
    """Load a public name's module on first use (PEP 562)."""
    if name not in _PUBLIC:
        raise AttributeError(f"module 'hzcompare' has no attribute {name!r}")
    module = importlib.import_module(_PUBLIC[name])
    value = module if module.__name__.endswith("." + name) else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names, for tab completion in a notebook."""
    return sorted(__all__)
