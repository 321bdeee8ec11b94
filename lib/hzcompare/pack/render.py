"""Worker side of a pack: execute one notebook with papermill and export it to HTML, in-process.

Workers are long-lived processes (one import of papermill/nbconvert each), not one CLI per
notebook: process start and imports dominate a naive pack on this kind of machine.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing.util
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from functools import cache
from multiprocessing.context import BaseContext
from pathlib import Path

from .. import accel
from ..accel.forkserver import WARM_IMPORTS, spec_manager

KERNEL_DIR_PREFIX = "hzcompare-kernel-"
RUN_DIR_PREFIX = "hzcompare-render-"  # + the pack process's pid: see remove_orphan_kernel_dirs
_spare: list = []  # kernels booted ahead; any pack's notebook can take one (see _move_to)
_running: list = []
_kernel_argv: list[str] = []  # the fork server's kernel command, when the pack runs one


def pool_context() -> BaseContext:
    """Where render workers come from: forks of the pack process where that is safe (Linux,
    accelerators on), else new Python processes (``spawn``: macOS, Windows, the plain path)."""
    import multiprocessing

    return multiprocessing.get_context("fork" if accel.fork_workers() else "spawn")


@contextlib.contextmanager
def main_not_imported_again() -> Iterator[None]:
    """Start spawned workers without importing the caller's main script in each of them.

    ``spawn`` runs the main module again in every worker, so a script that calls ``run_pack``
    without ``if __name__ == "__main__":`` would start a pack in each. Workers need only this
    package: while they start, the main module shows no file to import.
    """
    main = sys.modules.get("__main__")
    hidden = {k: main.__dict__.pop(k) for k in ("__file__", "__spec__") if k in main.__dict__}
    main.__spec__ = None  # a module always has one; None means "not from a file"
    try:
        yield
    finally:
        main.__dict__.update(hidden)
        if "__spec__" not in hidden:
            del main.__spec__


def warm() -> None:
    """Import papermill and nbconvert and compile the HTML exporter's templates (once)."""
    # jsonschema compiles an Earley grammar (rfc3987_syntax, ~1.3 s) when it finds that optional
    # package; its only use is the "iri" format check, which no notebook schema here relies on.
    sys.modules.setdefault("rfc3987_syntax", None)
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    import papermill  # noqa: F401

    _exporter()


def init_worker(
    log_path: str | None = None,
    kernel_cwd: str | None = None,
    kernel_argv: list[str] | None = None,
) -> None:
    """Set a worker up: its log, signals, first kernel booting, the heavy tools imported.

    The worker's stderr (and so its kernels') goes to ``log_path``: kernels print start-up
    notices there that are not problems; errors reach the user through papermill instead.
    The first kernel starts booting before the imports, so the two overlap. With
    ``kernel_argv`` (``accel.forkserver``) kernels are forks of the pack's fork server.
    """
    _kernel_argv[:] = kernel_argv or []
    os.environ[accel.RENDER_ENV] = "1"  # this worker's kernels render a pack (accel)
    if log_path:
        fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(fd, 2)
        os.close(fd)
    # Ctrl-C reaches the whole process group: the main process decides, and stops workers
    # with SIGTERM, on which a worker stops its kernels so none writes on after it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)
    # Pool workers leave through os._exit, which skips atexit: stop unused kernels on the way out.
    multiprocessing.util.Finalize(None, _stop_spares, exitpriority=100)
    _exit_with_pack()
    if kernel_cwd:
        start_spare_kernel(kernel_cwd)
    warm()  # while the first kernel boots


def _exit_with_pack() -> None:
    """Leave, stopping this worker's kernels, as soon as the pack's process is gone (even when
    killed with -9, which no handler sees): a thread waits on multiprocessing's parent
    sentinel, which every start method provides and the system closes when the parent dies."""
    import threading
    from multiprocessing import connection, parent_process

    parent = parent_process()
    if parent is None:
        return

    def watch() -> None:
        """Wait for the pack process to end, then stop."""
        connection.wait([parent.sentinel])
        _on_sigterm(signal.SIGTERM, None)

    threading.Thread(target=watch, daemon=True, name="hzcompare-exit-with-pack").start()


PINNED = "# NBVAL_CHECK_OUTPUT"  # a fixed-format text the tests pin, not a text for readers


@cache
def _exporter():
    """One HTML exporter per worker, its templates compiled once: the report view (markdown,
    outputs, charts and tables; no code, and not the fixed-format texts nbval pins, whose
    readable twin is the table beside them; the executed .ipynb keeps everything)."""
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import Preprocessor

    class DropPinned(Preprocessor):
        def preprocess(self, nb: object, resources: dict) -> tuple:
            """The notebook without its pinned cells."""
            nb.cells = [c for c in nb.cells if not c.source.startswith(PINNED)]
            return nb, resources

    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(DropPinned(), enabled=True)
    # A first export loads markdown, highlighting and output filters lazily (about 1 s):
    # pay it here, while the first kernel boots, not inside the first notebook.
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# t\n\n**b** `c` [l](x) 中文"),
        nbformat.v4.new_code_cell(
            "x",
            outputs=[
                nbformat.v4.new_output("stream", name="stdout", text="x\n"),
                nbformat.v4.new_output("display_data", data={"text/html": "<table></table>"}),
                nbformat.v4.new_output("display_data", data={"text/markdown": "*m*"}),
            ],
        ),
    ]
    exporter.from_notebook_node(nb)
    return exporter


def write_report_page(executed: Path) -> None:
    """The notebook's report page: its outputs in the pack's page shell, a link to its code."""
    from ..report.page import html_page

    body, _ = _exporter().from_filename(str(executed))
    nav = (
        f"<nav><a href='index.html'>← pack index</a> · "
        f"<a href='{executed.name}'>notebook with code ({executed.name})</a></nav>"
    )
    page = html_page(executed.stem, body, nav)
    executed.with_suffix(".html").write_text(page, encoding="utf-8")


def _start_kernel(cwd: str):
    """Start a new kernel; it boots in its own process while this one goes on.

    Kernels talk over IPC sockets in a private folder, not TCP: kernels started at once by
    several processes can race for the same TCP port ("Address already in use", seen here),
    and a kernel that lost the race left its notebook waiting 60 s, then failed.
    """
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    # Named after the pack process, so a later pack can tidy up after one killed with -9.
    pack_pid = os.getppid()
    sockets = tempfile.mkdtemp(prefix=f"{KERNEL_DIR_PREFIX}{pack_pid}-")
    km = AsyncKernelManager(
        kernel_name="python3",
        transport="ipc" if os.name == "posix" else "tcp",  # Windows has no IPC sockets
        ip=os.path.join(sockets, "k"),
        connection_file=os.path.join(sockets, "kernel.json"),
        **({"kernel_spec_manager": spec_manager(_kernel_argv)} if _kernel_argv else {}),
    )
    km.hz_sockets = sockets
    km.hz_cwd = cwd
    run_sync(km.start_kernel)(cwd=cwd, extra_arguments=[f"--IPKernelApp.exec_lines={WARM_IMPORTS}"])
    return km


def start_spare_kernel(cwd: str) -> None:
    """Have a new kernel booting, in ``cwd``, for the next notebook this worker runs."""
    if not _spare:
        _spare.append(_start_kernel(cwd))


def _move_to(km, cwd: str) -> None:
    """Make ``cwd`` the kernel's folder before its notebook runs (a silent execute: the
    notebook never shows it), so a kernel booted ahead for one pack serves another (--all)."""
    from jupyter_core.utils import run_sync

    if km.hz_cwd == cwd:
        return
    km.hz_cwd = cwd
    kc = km.client()
    kc.start_channels()
    try:
        run_sync(kc.wait_for_ready)(timeout=30)
        reply = run_sync(kc.execute_interactive)(
            f"import os; os.chdir({cwd!r})", silent=True, store_history=False, timeout=30
        )
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"kernel could not enter {cwd}")
    finally:
        kc.stop_channels()


def _stop_kernel(km) -> None:
    from jupyter_core.utils import run_sync

    # A kernel that already died needs no shutdown.
    with contextlib.suppress(Exception):
        run_sync(km.shutdown_kernel)(now=True)
    shutil.rmtree(km.hz_sockets, ignore_errors=True)


@atexit.register
def _stop_spares() -> None:
    for km in [*_spare, *_running]:
        _stop_kernel(km)
    _spare.clear()
    _running.clear()


def _on_sigterm(signum, frame) -> None:
    for km in [*_spare, *_running]:
        with contextlib.suppress(Exception):
            km.provisioner.process.kill()  # immediate; no event loop needed in a handler
        shutil.rmtree(km.hz_sockets, ignore_errors=True)
    os._exit(143)


def render_notebook(
    source: str, stage: str, parameters: dict, cwd: str, next_cwd: str | None = None
) -> dict:
    """Execute ``source`` into ``stage`` (also the kernel's folder); export HTML. Never raises.

    Every notebook runs in a new kernel that nothing ran in before; it may have been started
    ahead (``next_cwd`` of this worker's previous notebook: the folder of the notebook likely
    to come next) so that its boot overlaps work.
    """
    import papermill as pm
    from nbclient.exceptions import DeadKernelError

    name = Path(source).stem
    executed = Path(stage) / f"{name}.ipynb"
    started = time.perf_counter()
    result = {
        "notebook": name,
        "status": "ok",
        "seconds": 0.0,
        "error": "",
        "cell": None,
        "pid": os.getpid(),
        "began": time.time(),
    }
    km = None
    try:
        km = _spare.pop() if _spare else _start_kernel(cwd)
        _running.append(km)
        if next_cwd:
            start_spare_kernel(next_cwd)
        for attempt in (1, 2):
            try:
                _move_to(km, cwd)
                nb = pm.execute_notebook(
                    source,
                    str(executed),
                    parameters={**parameters, "out_dir": "."},
                    cwd=cwd,
                    kernel_name="python3",
                    progress_bar=False,
                    log_output=False,
                    request_save_on_cell_execute=False,  # one write at the end, not per cell
                    start_timeout=30,
                    km=km,
                )
                _make_reproducible(nb, executed)
                break
            except (RuntimeError, DeadKernelError):
                if attempt == 2:
                    raise
                # The kernel never came up (or died at start): once more with a new one.
                _stop_kernel(km)
                _running.remove(km)
                km = _start_kernel(cwd)
                _running.append(km)
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
    finally:
        if km is not None:
            _stop_kernel(km)
            _running.remove(km)
    if executed.exists():
        write_report_page(executed)
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result


def _make_reproducible(nb, executed: Path) -> None:
    """Give papermill's parameters cell a fixed id (it draws a random one) and join each
    cell's consecutive pieces of one stream, so the same inputs give the same report page run
    after run (the executed notebook still records its timings).

    A kernel sends a print's text in as many pieces as its output thread happened to flush
    (one line, or the line and its newline apart): a matter of timing, not of the notebook.
    """
    import nbformat

    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
        outputs = []
        for output in cell.get("outputs", []):
            last = outputs[-1] if outputs else None
            if (
                last is not None
                and output.output_type == last.output_type == "stream"
                and output.name == last.name
            ):
                last.text += output.text
            else:
                outputs.append(output)
        if "outputs" in cell:
            cell.outputs = outputs
    nbformat.write(nb, str(executed))


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


def remove_orphan_kernel_dirs() -> None:
    """Remove kernel and run folders (sockets, log, the run's chart copies) left by pack
    processes that no longer run (killed with -9)."""
    temp = Path(tempfile.gettempdir())
    for folder in [*temp.glob(f"{KERNEL_DIR_PREFIX}*"), *temp.glob(f"{RUN_DIR_PREFIX}*")]:
        prefix = KERNEL_DIR_PREFIX if folder.name.startswith(KERNEL_DIR_PREFIX) else RUN_DIR_PREFIX
        pid = folder.name[len(prefix) :].split("-")[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            pass  # another user's live process
