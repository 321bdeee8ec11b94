"""The plain way to render the same notebooks, for comparison: what a user would write with
papermill and nbconvert alone. A pool of worker processes (one per core), each notebook
executed by ``papermill.execute_notebook`` in a new kernel, then exported with nbconvert's
``HTMLExporter``; no workbook, index, web font or manifest (less work than a pack). A kernel
that fails to start (papermill's kernels use TCP, and several starting at once can race for a
port) is retried once, as a user would.

    python benchmarks/plain_way.py --year 2022 --out DIR [--jobs N]
    python benchmarks/plain_way.py --all --out DIR [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def render(source: str, folder: str, parameters: dict) -> None:
    """Execute one notebook into ``folder`` and export it to HTML there."""
    import papermill as pm
    from nbconvert import HTMLExporter

    executed = Path(folder) / Path(source).name
    for attempt in (1, 2):  # kernels on TCP started at once can race for a port: retried once
        try:
            pm.execute_notebook(
                source, str(executed), parameters=parameters, cwd=folder, progress_bar=False
            )
            break
        except RuntimeError:
            if attempt == 2:
                raise
            print(f"retried {Path(source).name}: its kernel did not start", file=sys.stderr)
    body, _ = HTMLExporter().from_filename(str(executed))
    executed.with_suffix(".html").write_text(body, encoding="utf-8")


def tasks(years: list[int], out: Path) -> list[tuple[str, str, dict]]:
    """Every notebook of every year's pack, with the pack's parameters (out_dir: its folder)."""
    from hzcompare.pack.params import load_params
    from hzcompare.pack.run import notebook_entries

    found = []
    for year in years:
        params = load_params(ROOT / "params" / f"{year}.yaml").notebook_parameters()
        folder = out / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for nb in notebook_entries(year, ROOT):
            found.append((str(nb.path), str(folder), {**params, "out_dir": "."}))
    return found


def main() -> None:
    """Render one year's notebooks or every year's, the plain way."""
    parser = argparse.ArgumentParser(description=__doc__)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--year", type=int)
    which.add_argument("--all", action="store_true")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    years = (
        sorted(int(p.stem) for p in (ROOT / "params").glob("*.yaml")) if args.all else [args.year]
    )
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(render, *task) for task in tasks(years, args.out)]
        for fut in futures:
            fut.result()


if __name__ == "__main__":
    sys.exit(main())
