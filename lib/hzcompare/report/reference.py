"""The API reference, generated from the docstrings with pdoc into docs/api/ (never by hand).

It documents what a researcher imports: the package top (``import hzcompare as hz``) and the
chart module (``hz.charts``); the inner layout is left out, as notebooks never depend on it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

# The package top and the chart module; every inner module excluded (pdoc's "!" patterns).
MODULES = (
    "hzcompare",
    *(
        f"!hzcompare.{m}"
        for m in (
            "accel",
            "cli",
            "compare",
            "dataset",
            "errors",
            "ingest",
            "pack",
            "paths",
            "release",
        )
    ),
    "!hzcompare.report",
    "hzcompare.report.charts",
)


def render_reference(folder: Path) -> list[Path]:
    """Write the HTML reference into ``folder``; returns the files written."""
    import pdoc
    import pdoc.render

    pdoc.render.configure(docformat="google", show_source=False, search=False)
    pdoc.pdoc(*MODULES, output_directory=folder)
    return sorted(p for p in folder.rglob("*") if p.is_file())


def stale_reference(folder: Path) -> list[str]:
    """Files of ``folder`` that differ from a fresh rendering (missing, extra or changed)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        render_reference(fresh)
        new = {p.relative_to(fresh): p.read_bytes() for p in fresh.rglob("*") if p.is_file()}
    old = {p.relative_to(folder): p for p in folder.rglob("*") if p.is_file()}
    changed = [str(r) for r, data in new.items() if r not in old or old[r].read_bytes() != data]
    return sorted(changed + [str(r) for r in old if r not in new])
