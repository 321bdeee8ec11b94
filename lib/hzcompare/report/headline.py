"""The README's headline picture, the promise record of every year, drawn from the curated data
into docs/charts/ by ``hzcompare docs`` (its CSV says whether it still shows today's data)."""

from __future__ import annotations

import tempfile
from pathlib import Path

NAME = "promise_record"


def draw_headline(docs: Path) -> list[Path]:
    """Draw the promise record into ``docs/charts/promise_record.png/.svg/.csv``."""
    import matplotlib.pyplot as plt

    from ..dataset.load import load_indicators, load_sources
    from .charts import promise_chart, save_chart

    fig, data = promise_chart(load_indicators(), load_sources())
    try:
        return save_chart(fig, data, NAME, docs, quiet=True)
    finally:
        plt.close(fig)


def stale_headline(docs: Path) -> list[str]:
    """The headline files that are missing or plot other data than a fresh drawing would."""
    stem = docs / "charts" / NAME
    missing = [
        f"{stem}.{ext}" for ext in ("png", "svg", "csv") if not Path(f"{stem}.{ext}").exists()
    ]
    if missing:
        return missing
    with tempfile.TemporaryDirectory() as tmp:
        fresh = next(p for p in draw_headline(Path(tmp)) if p.suffix == ".csv").read_bytes()
    return [] if fresh == Path(f"{stem}.csv").read_bytes() else [f"{stem}.csv"]
