"""``hzcompare pack``: render one yearly pack into a staging folder, then swap it in whole.

A failed or interrupted run never touches the previous pack: everything is rendered into a
hidden staging folder beside the output and exchanged with it only when complete. A lock file
keeps two packs from writing into the same folder at once.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .. import paths
from ..dataset.validate import validate_paths
from ..errors import HzError, ValidationFailed
from ..ingest.specs import load_yaml, strip_lines
from .params import PackParams, load_params


def notebook_entries(year: int, root: Path) -> list[Path]:
    """The notebooks of a pack, from notebooks/pack.yaml (``only_years`` limits an entry)."""
    listing = paths.notebooks_dir(root) / "pack.yaml"
    entries = strip_lines(load_yaml(listing)).get("notebooks") or []
    chosen = []
    for entry in entries:
        if entry.get("only_years") and year not in entry["only_years"]:
            continue
        path = paths.notebooks_dir(root) / f"{entry['name']}.ipynb"
        if not path.is_file():
            raise HzError(f"notebook {path.name} listed but not found", listing)
        chosen.append(path)
    return chosen


def check_output(out: Path) -> None:
    """The output folder must be a folder (or absent) in a writable place."""
    if out.exists() and not out.is_dir():
        raise HzError(f"output {out} is a file, not a folder; choose another --out", out)
    # The output folder is replaced whole: never let that be a folder of other things.
    if out.is_dir() and any(out.iterdir()) and not (out / "manifest.json").is_file():
        raise HzError(
            f"output {out} holds files but no pack (no manifest.json); it would be "
            "replaced whole, so choose a new or empty folder for --out",
            out,
        )
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise HzError(f"cannot create {parent}: {e.strerror}", parent) from None
    if not os.access(parent, os.W_OK | os.X_OK):
        raise HzError(f"cannot write into {parent}; choose a writable --out", parent)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_in(stage: Path, out: Path) -> None:
    """Make ``stage`` the output; the old pack is replaced in one step where the OS allows."""
    if not out.exists():
        os.rename(stage, out)
        return
    if _exchange(stage, out):
        shutil.rmtree(stage, ignore_errors=True)  # now holds the previous pack
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    os.rename(out, old)
    os.rename(stage, out)
    shutil.rmtree(old, ignore_errors=True)


def recover(out: Path) -> None:
    """Undo what a killed run can leave: restore a moved-aside pack, drop stale staging."""
    from .render import remove_orphan_kernel_dirs

    remove_orphan_kernel_dirs()
    parent = out.parent
    if not out.exists():
        olds = sorted(parent.glob(f".{out.name}.old-*"))
        if olds:
            os.rename(olds[-1], out)
    for leftover in [*parent.glob(f".{out.name}.staging-*"), *parent.glob(f".{out.name}.old-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


class _Terminated(Exception):
    pass


def _on_sigterm(signum, frame):
    raise _Terminated()


def run_pack(
    year: int | None = None,
    params_file: Path | None = None,
    out: Path | None = None,
    jobs: int | None = None,
) -> int:
    """Render a pack; returns the exit status (0 ok, 1 a notebook failed)."""
    from filelock import FileLock, Timeout

    root = paths.project_root()
    params = load_params(params_file or paths.params_dir(root) / f"{year}.yaml")
    out = (out or root / "packs" / str(params.year)).absolute()
    check_output(out)
    notebooks = notebook_entries(params.year, root)
    if not notebooks:
        raise HzError(
            f"notebooks/pack.yaml lists no notebook for {params.year}",
            paths.notebooks_dir(root) / "pack.yaml",
        )
    # Bad curated data is reported here, before any kernel starts (cheap: no pandas needed).
    problems = [p for p in validate_paths([paths.curated_dir(root)]) if p.is_error]
    if problems:
        raise ValidationFailed(problems)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(notebooks)))
    lock = FileLock(str(out.parent / f".{out.name}.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise HzError(
            f"another pack is being rendered into {out}; wait for it to finish "
            "(or render elsewhere with --out)",
            out,
        ) from None
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        recover(out)
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
        try:
            return _render(params, notebooks, stage, out, jobs, root)
        except (KeyboardInterrupt, _Terminated):
            print(f"hzcompare: interrupted; {out} left as it was", file=sys.stderr)
            return 130
        finally:
            if stage.exists():
                shutil.rmtree(stage, ignore_errors=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
        lock.release()


def _keep_failed(stage: Path, out: Path) -> Path:
    """Move a failed render aside as ``<out>.failed`` for debugging."""
    keep = out.parent / f"{out.name}.failed"
    shutil.rmtree(keep, ignore_errors=True)
    os.rename(stage, keep)
    return keep


def _render(
    params: PackParams, notebooks: list[Path], stage: Path, out: Path, jobs: int, root: Path
) -> int:
    from tqdm import tqdm

    from .render import init_worker, render_notebook, tidy_log

    started, epoch = time.perf_counter(), time.time()
    results = []
    log = stage / "render.log"
    # Kernels run in the staging folder, so a notebook saves its charts under out_dir=".",
    # and the executed notebooks show no temporary path.
    cwd = str(stage)
    # Longest first (charts are most of a notebook's work), so no worker idles at the end.
    notebooks = sorted(notebooks, key=lambda nb: -nb.read_text(encoding="utf-8").count(".chart("))
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=init_worker, initargs=(str(log), cwd))
    try:
        # A worker boots its next kernel ahead only while more notebooks remain than workers.
        futures = [
            pool.submit(
                render_notebook,
                str(nb),
                str(stage),
                params.notebook_parameters(),
                cwd,
                i < len(notebooks) - jobs,
            )
            for i, nb in enumerate(notebooks)
        ]
        from ..report.excel import write_workbook
        from .files import pack_tables, write_pack_files

        # The workbook needs no notebook: it is written while the workers render.
        tables = pack_tables(params)
        write_workbook(stage / f"hzcompare_{params.year}.xlsx", tables)

        bar = tqdm(
            total=len(futures),
            desc=f"pack {params.year}",
            unit="nb",
            file=sys.stderr,
            disable=not sys.stderr.isatty(),
        )
        for fut in as_completed(futures):
            try:
                r = fut.result()
            except BrokenProcessPool:
                keep = _keep_failed(stage, out)
                raise HzError(
                    f"a render worker died unexpectedly; its log is in {keep / 'render.log'}", out
                ) from None
            r["began"] = round(r["began"] - epoch, 2)  # seconds into the pack
            results.append(r)
            bar.update()
            bar.write(f"  {r['notebook']:<22} {r['status']:<7} {r['seconds']:6.2f} s")
        bar.close()
    except BaseException:
        workers = list(getattr(pool, "_processes", {}).values())
        for proc in workers:
            proc.terminate()  # each worker kills its kernels, then exits
        for proc in workers:
            proc.join(timeout=10)
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    tidy_log(log)
    results.sort(key=lambda r: r["notebook"])
    failed = [r for r in results if r["status"] != "ok"]
    if failed:
        keep = _keep_failed(stage, out)
        for r in failed:
            where = ""
            if r["cell"] is not None:
                where = f" at cell {r['cell']} (`{r.get('cell_source', '')}`)"
            print(
                f"hzcompare: notebook {r['notebook']}.ipynb failed{where}: {r['error']}",
                file=sys.stderr,
            )
        print(
            f"hzcompare: executed notebooks kept in {keep} for debugging; {out} unchanged",
            file=sys.stderr,
        )
        return 1
    write_pack_files(stage, params, results, tables, root, time.perf_counter() - started)
    # No interruption between "old pack" and "new pack": the swap completes or never starts.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        swap_in(stage, out)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    total = time.perf_counter() - started
    print(f"pack {params.year}: {len(results)} notebooks in {total:.1f} s → {out}")
    return 0
