"""Worker side of a pack: execute one notebook with papermill and export it to HTML, in-process.

Workers are long-lived processes (one import of papermill/nbconvert each), not one CLI per
notebook: process start and imports dominate a naive pack on this kind of machine.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path


def init_worker(log_path: str | None = None) -> None:
    """Import the heavy tools once per worker, without the slow optional grammar.

    The worker's stderr (and so its kernels') goes to ``log_path``: kernels print start-up
    notices there that are not problems; errors reach the user through papermill instead.
    """
    if log_path:
        fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(fd, 2)
        os.close(fd)
    # jsonschema compiles an Earley grammar (rfc3987_syntax, ~1.3 s) when it finds that optional
    # package; its only use is the "iri" format check, which no notebook schema here relies on.
    sys.modules.setdefault("rfc3987_syntax", None)
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401


def render_notebook(source: str, stage: str, parameters: dict, cwd: str) -> dict:
    """Execute ``source`` into ``stage`` with ``parameters``; export HTML. Never raises."""
    import papermill as pm
    from nbconvert import HTMLExporter

    name = Path(source).stem
    executed = Path(stage) / f"{name}.ipynb"
    started = time.perf_counter()
    result = {"notebook": name, "status": "ok", "seconds": 0.0, "error": "", "cell": None}
    try:
        pm.execute_notebook(
            source,
            str(executed),
            parameters={**parameters, "out_dir": stage},
            cwd=cwd,
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            shutdown_kernel="immediate",
        )
    except pm.PapermillExecutionError as e:
        first_line = (e.source or "").strip().splitlines()[:1]
        result.update(
            status="failed",
            error=f"{e.ename}: {e.evalue}",
            cell=_source_cell_index(executed, e.cell_index),
            cell_source=first_line[0][:80] if first_line else "",
        )
    except Exception as e:
        result.update(status="failed", error=f"{type(e).__name__}: {e}")
    if executed.exists():
        body, _ = HTMLExporter(template_name="lab").from_filename(str(executed))
        executed.with_suffix(".html").write_text(body, encoding="utf-8")
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result


def _source_cell_index(executed: Path, index: int) -> int:
    """Index of a cell in the source notebook (papermill inserts an injected-parameters cell)."""
    import nbformat

    try:
        cells = nbformat.read(executed, as_version=4).cells
    except (OSError, ValueError):
        return index
    injected = sum(1 for c in cells[:index] if "injected-parameters" in c.metadata.get("tags", []))
    return index - injected


NOISE = ("Kernel is running over TCP without encryption",)


def tidy_log(path: Path) -> None:
    """Drop known harmless kernel notices from a render log; remove it if nothing is left."""
    if not path.exists():
        return
    lines = [
        ln
        for ln in path.read_text(encoding="utf-8", errors="replace").splitlines()
        if ln.strip() and not any(n in ln for n in NOISE)
    ]
    if lines:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        path.unlink()
