"""A pack's notebook parameters and their defaults, declared once.

A params file may leave out any key but ``year`` (``pack/params.py``), ``Context`` may be made
with the year and districts only, and each notebook's parameters cell opens in JupyterLab with
literal values: all three take these defaults, and a test holds the notebooks' cells to them.
"""

from __future__ import annotations

DISTRICTS = ("qiantang", "yuhang", "xiaoshan")
LANGUAGE = "both"
ABOUT_TOLERANCE_PP = 0.5  # tolerance for 左右 (about) targets, in percentage points
BENCHMARK = "hangzhou"  # the area drawn beside the districts; "none" for none
TITLE = ""


def defaults() -> dict[str, object]:
    """Every parameter with a default, by its notebook name (a new list each call)."""
    return {
        "districts": list(DISTRICTS),
        "language": LANGUAGE,
        "about_tolerance_pp": ABOUT_TOLERANCE_PP,
        "benchmark": BENCHMARK,
        "title": TITLE,
    }
