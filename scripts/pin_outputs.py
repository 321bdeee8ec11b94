"""Re-execute the notebooks and store outputs only in the cells nbval pins.

Run after a deliberate data change (`make pin`), review the diff, commit. Every other cell is
stored without outputs, so diffs stay readable; tests/test_notebooks.py enforces that.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

PIN = "# NBVAL_CHECK_OUTPUT"


def pin(path: Path) -> None:
    """Execute ``path`` in its folder and keep outputs of pinned cells only."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # timestamps: noise in every diff
        if cell.cell_type != "code":
            continue
        if cell.source.startswith(PIN):
            cell.outputs = [o for o in cell.outputs if o.get("name") != "stderr"]
        else:
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    print(f"pinned {path}")


if __name__ == "__main__":
    targets = [Path(p) for p in sys.argv[1:]] or sorted(Path("notebooks").glob("*.ipynb"))
    for target in targets:
        pin(target)
