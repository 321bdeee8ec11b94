"""``hzcompare pack``: render one yearly pack into a staging folder, then swap it in whole.

A failed or interrupted run never touches the previous pack: everything is rendered into a
hidden staging folder beside the output and exchanged with it only when complete. A lock file
keeps two packs from writing into the same folder at once.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..dataset.safe_yaml import load_yaml, strip_lines
from ..dataset.validate import validate_paths
from ..dataset.values import parse_bool, parse_year
from ..errors import HzError, ValidationFailed
from .outdir import (
    check_output,
    finish_stage,
    keep_failed,
    lock_path,
    make_stage,
    recover,
    resolve_output,
    swap_in,
)
from .params import PackParams, load_params


@dataclass(frozen=True)
class Notebook:
    """One notebook of a pack, as notebooks/pack.yaml lists it."""

    path: Path
    every_year: bool = False  # the same in every pack year: rendered once for packs alike


def notebook_entries(year: int, root: Path) -> list[Notebook]:
    """The notebooks of a pack, from notebooks/pack.yaml (``only_years`` limits an entry;
    ``every_year: true`` marks a notebook that does not depend on the pack's year)."""
    listing = paths.notebooks_dir(root) / "pack.yaml"
    entries = load_yaml(listing).get("notebooks") or []
    chosen = []
    for entry in entries:
        line = entry.get("__line__") if isinstance(entry, dict) else None
        entry = strip_lines(entry) if isinstance(entry, dict) else {}
        try:
            only = [parse_year(y, "only_years") for y in entry.get("only_years") or []]
            every_year = parse_bool(entry.get("every_year", "false"), "every_year")
        except ValueError as e:
            raise HzError(str(e), listing, line) from None
        if only and year not in only:
            continue
        name = f"{entry.get('name')}.ipynb"
        path = paths.inside(paths.notebooks_dir(root), name, listing, line, "notebook")
        if not path.is_file():
            raise HzError(f"notebook {path.name} listed but not found", listing, line)
        chosen.append(Notebook(path, every_year))
    return chosen


class _Terminated(Exception):
    pass


def _on_sigterm(signum, frame):
    raise _Terminated()


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """No interruption between "old pack" and "new pack": the swap completes or never starts
    (signals blocked where the system can, else Ctrl-C ignored for its duration)."""
    if hasattr(signal, "pthread_sigmask"):
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # Windows
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@dataclass
class Job:
    """One pack of a run: its parameters, notebooks, output and staging folder."""

    params: PackParams
    notebooks: list[Notebook]
    out: Path
    stage: Path | None = None
    lock: object = None
    results: list[dict] = field(default_factory=list)
    tables: dict = field(default_factory=dict)
    started: float = 0.0


def _job(params: PackParams, out: Path, root: Path) -> Job:
    out = resolve_output(out)
    check_output(out)
    notebooks = notebook_entries(params.year, root)
    if not notebooks:
        raise HzError(
            f"notebooks/pack.yaml lists no notebook for {params.year}",
            paths.notebooks_dir(root) / "pack.yaml",
        )
    return Job(params, notebooks, out)


def run_pack(
    year: int | None = None,
    params_file: Path | None = None,
    out: Path | None = None,
    jobs: int | None = None,
) -> int:
    """Render one pack; returns the exit status (0 ok, 1 a notebook failed)."""
    root = paths.project_root()
    params = load_params(params_file or paths.params_dir(root) / f"{year}.yaml")
    out = out or root / "packs" / str(params.year)
    return render_packs([_job(params, out, root)], jobs, root)


def run_all(out: Path | None = None, jobs: int | None = None) -> int:
    """Render every ``params/*.yaml`` in one run, into ``<out>/<year>/`` (default packs/)."""
    root = paths.project_root()
    files = sorted(paths.params_dir(root).glob("*.yaml"))
    if not files:
        raise HzError("no params files to render", paths.params_dir(root))
    base = (out or root / "packs").absolute()
    packs = [load_params(f) for f in files]
    years = [p.year for p in packs]
    if len(set(years)) != len(years):
        raise HzError(
            f"two params files name the same year: {sorted(years)}", paths.params_dir(root)
        )
    return render_packs([_job(p, base / str(p.year), root) for p in packs], jobs, root)


def render_packs(jobs_list: list[Job], jobs: int | None, root: Path) -> int:
    """Render packs with one worker pool, each into its own staging folder, each swapped in
    whole when its notebooks are done; a failed pack is kept aside and costs no other."""
    from .. import accel
    from .render import RUN_DIR_PREFIX, pool_context

    log = Path(tempfile.mkdtemp(prefix=f"{RUN_DIR_PREFIX}{os.getpid()}-")) / "render.log"
    server = None
    if accel.fork_kernels():
        from ..accel.forkserver import ForkServer

        # Started first, so the kernels' heavy imports (made once, in it) overlap the checks.
        server = ForkServer(str(log.parent), str(log))
    try:
        return _checked_render(jobs_list, jobs, root, log, server, pool_context())
    finally:
        if server:
            server.stop()
        shutil.rmtree(log.parent, ignore_errors=True)


def _checked_render(
    jobs_list: list[Job], jobs: int | None, root: Path, log: Path, server, context
) -> int:
    """Check the data, lock and stage every pack, render; tidy up whatever happens."""
    from filelock import FileLock, Timeout

    from .render import remove_orphan_kernel_dirs

    # Bad curated data is reported here, before any kernel starts (cheap: no pandas needed).
    problems = [p for p in validate_paths([paths.curated_dir(root)]) if p.is_error]
    if problems:
        raise ValidationFailed(problems)
    total = sum(len(j.notebooks) for j in jobs_list)
    workers = max(1, min(jobs or os.cpu_count() or 1, total))
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        for job in jobs_list:
            job.lock = FileLock(str(lock_path(job.out)))
            try:
                job.lock.acquire(timeout=0)
            except Timeout:
                raise HzError(
                    f"another pack is being rendered into {job.out}; wait for it to finish "
                    "(or render elsewhere with --out)",
                    job.out,
                ) from None
            remove_orphan_kernel_dirs()
            recover(job.out)
            job.stage = make_stage(job.out)
        try:
            return _render(jobs_list, workers, root, log, server, context)
        except (KeyboardInterrupt, _Terminated):
            outs = ", ".join(str(j.out) for j in jobs_list)
            print(f"hzcompare: interrupted; {outs} left as it was", file=sys.stderr)
            return 130
    finally:
        for job in jobs_list:
            if job.stage is not None and job.stage.exists():
                shutil.rmtree(job.stage, ignore_errors=True)
            if job.lock is not None and job.lock.is_locked:
                job.lock.release()
        signal.signal(signal.SIGTERM, previous)


@dataclass
class Task:
    """One notebook to render: into ``folder``, for the packs in ``jobs`` (several when the
    notebook is the same in every year and their other parameters are alike)."""

    notebook: Notebook
    folder: Path
    parameters: dict
    jobs: list[Job]


def plan_tasks(jobs_list: list[Job], run_dir: Path) -> list[Task]:
    """Every notebook of the run once: a notebook the same in every year is rendered once, in
    a folder of the run, for all packs whose other parameters are alike, and copied into them.
    Longest first (charts are most of a notebook's work), so no worker idles at the end."""
    tasks: list[Task] = []
    shared: dict[tuple, Task] = {}
    for job in jobs_list:
        for nb in job.notebooks:
            parameters = job.params.notebook_parameters()
            if not nb.every_year:
                tasks.append(Task(nb, job.stage, parameters, [job]))
                continue
            del parameters["year"], parameters["title"]  # the pack's title names its year
            key = (nb.path, tuple(sorted(map(repr, parameters.items()))))
            if key not in shared:
                folder = run_dir / f"{nb.path.stem}-{len(shared)}"
                folder.mkdir()
                shared[key] = Task(nb, folder, parameters, [])
                tasks.append(shared[key])
            shared[key].jobs.append(job)
    charts = {
        t.notebook.path: t.notebook.path.read_text(encoding="utf-8").count(".chart(") for t in tasks
    }
    return sorted(tasks, key=lambda t: -charts[t.notebook.path])


def _render(jobs_list: list[Job], workers: int, root: Path, log: Path, server, context) -> int:
    from tqdm import tqdm

    from .render import init_worker, main_not_imported_again, render_notebook

    epoch = time.time()
    # Kernels run in the folder they write (out_dir="."), so executed notebooks show no
    # temporary path.
    tasks = plan_tasks(jobs_list, log.parent)
    kernel_argv = server.kernel_argv() if server else None
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=init_worker,
        initargs=(str(log), str(tasks[0].folder), kernel_argv),
    )
    status = 0
    try:
        for job in jobs_list:
            job.started = time.perf_counter()
        # Submitting starts the workers: forks copy this process, so this happens before any
        # other thread or heavy import (the workbooks' come after).
        with main_not_imported_again():
            futures = {
                pool.submit(
                    render_notebook,
                    str(task.notebook.path),
                    str(task.folder),
                    task.parameters,
                    str(task.folder),
                    # boot the next kernel ahead while work remains, where it will likely run
                    str(tasks[i + workers].folder) if i + workers < len(tasks) else None,
                ): task
                for i, task in enumerate(tasks)
            }
        # The workbooks need no notebook: they are written while the workers render.
        from ..report.excel import write_workbook
        from .files import pack_tables

        same: dict = {}  # what packs of the same areas have alike, computed once
        for job in jobs_list:
            job.tables = pack_tables(job.params, same)
            write_workbook(job.stage / f"hzcompare_{job.params.year}.xlsx", job.tables)
        pending = {id(job): len(job.notebooks) for job in jobs_list}
        bar = tqdm(
            total=len(futures),
            desc="packs " + " ".join(str(j.params.year) for j in jobs_list),
            unit="nb",
            file=sys.stderr,
            disable=not sys.stderr.isatty(),
        )
        for fut in as_completed(futures):
            task = futures[fut]
            try:
                r = fut.result()
            except BrokenProcessPool:
                job = task.jobs[0]
                keep = keep_failed(job.stage, job.out)
                if log.exists():
                    shutil.copy(log, keep / "render.log")
                raise HzError(
                    f"a render worker died unexpectedly; its log is in {keep / 'render.log'}",
                    job.out,
                ) from None
            r["began"] = round(r["began"] - epoch, 2)  # seconds into the run
            bar.update()
            years = " ".join(str(j.params.year) for j in task.jobs)
            prefix = f"{years} " if len(jobs_list) > 1 else ""
            bar.write(f"  {prefix}{r['notebook']:<22} {r['status']:<7} {r['seconds']:6.2f} s")
            for job in task.jobs:
                if task.folder != job.stage:  # rendered once for several packs: copied in
                    shutil.copytree(task.folder, job.stage, dirs_exist_ok=True)
                job.results.append(dict(r))
                pending[id(job)] -= 1
                if not pending[id(job)]:
                    status = max(status, _finish(job, root, log))
        bar.close()
    except BaseException:
        procs = list(getattr(pool, "_processes", {}).values())
        for proc in procs:
            proc.terminate()  # each worker kills its kernels, then exits
        for proc in procs:
            proc.join(timeout=10)
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return status


def _finish(job: Job, root: Path, log: Path) -> int:
    """Write a pack's own files and swap it in, or keep a failed one aside; its exit status."""
    from .files import write_pack_files
    from .render import tidy_log

    if log.exists():
        shutil.copy(log, job.stage / "render.log")
        tidy_log(job.stage / "render.log")
    out, results = job.out, sorted(job.results, key=lambda r: r["notebook"])
    failed = [r for r in results if r["status"] != "ok"]
    if failed:
        keep = keep_failed(job.stage, out)
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
    seconds = time.perf_counter() - job.started
    write_pack_files(job.stage, job.params, results, job.tables, root, seconds)
    finish_stage(job.stage)
    with _uninterrupted():
        swap_in(job.stage, out)
    took = time.perf_counter() - job.started
    print(f"pack {job.params.year}: {len(results)} notebooks in {took:.1f} s → {out}")
    return 0
