"""A fork server for notebook kernels: the heavy imports are made once, every kernel is a fork.

An accelerator (``accel``): Linux only, and only where ``accel.fork_kernels()`` says so.
A kernel normally starts a new Python, imports IPython, pandas, matplotlib and seaborn, and
only then runs its notebook: about 2 s of CPU per notebook, most of a small notebook's cost.
Here one server process makes those imports once; each kernel is a ``fork`` of it, so it
starts with the modules loaded and nothing else (no figure, no data, no user variable: the
same state as a new kernel after its warm imports). jupyter_client still manages a process
of its own per kernel, the stand-in ``kernel_launcher.py`` (see there).
"""

from __future__ import annotations

import builtins
import contextlib
import gc
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # jupyter_client is imported only where kernels are started
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

# Imports every pack notebook makes; a kernel makes them before it reports ready.
WARM_IMPORTS = "import pandas, matplotlib.pyplot, seaborn, hzcompare.report.notebook"
LAUNCHER = Path(__file__).with_name("kernel_launcher.py")


def kernel_command(server_socket: str) -> list[str]:
    """A kernel spec's argv that asks the server at ``server_socket`` for a kernel."""
    return [sys.executable, "-I", "-S", str(LAUNCHER), server_socket, "-f", "{connection_file}"]


def spec_manager(argv: list[str]) -> KernelSpecManager:
    """Kernel specs as installed, each kernel started with ``argv`` (see ``kernel_command``)."""
    from jupyter_client.kernelspec import KernelSpecManager

    class Forked(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            """The installed spec of ``kernel_name`` with ``argv`` as its command."""
            spec = super().get_kernel_spec(kernel_name)
            spec.argv = list(argv)
            return spec

    return Forked()


class ForkServer:
    """The server process, started by the pack's main process; it exits when that one does."""

    def __init__(self, folder: str, log_path: str | None = None) -> None:
        self.socket = os.path.join(folder, "forkserver")
        # Listening before the server starts: a kernel asked for at once waits in the queue
        # while the server imports, instead of finding no socket.
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(self.socket)
        listener.listen(64)
        log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
        # Run by path, not -m: a kernel must not find this package (or what it imports) loaded
        # when a new kernel would not have them. Its own session: a Ctrl-C at the terminal
        # reaches the pack, not the kernels.
        self.process = subprocess.Popen(
            [sys.executable, __file__, str(listener.fileno())],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=log,
            pass_fds=[listener.fileno()],
            start_new_session=True,
        )
        listener.close()
        if log is not subprocess.DEVNULL:
            log.close()

    def kernel_argv(self) -> list[str]:
        """The kernel command for jupyter_client: the stand-in, pointed at this server."""
        return kernel_command(self.socket)

    def stop(self) -> None:
        """Stop the server (kernels already forked live on until their notebooks end)."""
        # Not by closing its stdin: pool workers forked from the pack hold that pipe too.
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait()
        self.process.stdin.close()


class _InKernel:
    """What import-time "are we in a Jupyter kernel?" checks look for."""

    kernel = True
    encoding = "UTF-8"  # ipykernel's output streams say so

    def write(self, text: str) -> int:
        """Discard: the server prints nothing a user needs."""
        return len(text)

    def flush(self) -> None:
        """Nothing to flush."""


def serve(fd: int) -> None:
    """Import, then fork a kernel per request on the listening socket ``fd``."""
    listener = socket.socket(fileno=fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # As in a kernel: ipykernel sets this default before matplotlib is first imported.
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    import runpy  # noqa: F401 - a kernel started with ``python -m`` has it

    import ipykernel.kernelapp  # noqa: F401

    # Import-time checks must find what they find in a kernel: pandas sets display.max_columns
    # by whether get_ipython() has a kernel, display.encoding from sys.stdout's encoding.
    builtins.get_ipython = lambda: _InKernel()
    streams = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = _InKernel()
    try:
        exec(WARM_IMPORTS, {})  # the same imports a kernel makes at start
    finally:
        del builtins.get_ipython
        sys.stdout, sys.stderr = streams
    gc.collect()
    gc.freeze()  # the imported objects stay out of every kernel's collections (and shared)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # forked kernels are reaped by the system
    while True:
        ready, _, _ = select.select([listener, sys.stdin], [], [])
        if sys.stdin in ready:
            return  # the pack's processes are all gone (none holds our stdin open)
        conn, _ = listener.accept()
        request, fds = _receive(conn)
        try:
            pid = os.fork() if request else None
        except OSError:
            pid = None
        if pid == 0:
            listener.close()
            _become_kernel(conn, request, fds)  # never returns
        # No pid (a bad request, or no fork): the stand-in starts an ordinary kernel. A stand-in
        # killed meanwhile must not take the server down with a broken pipe.
        with contextlib.suppress(OSError):
            if pid:
                conn.sendall(f"{pid}\n".encode())
        conn.close()
        for fd in fds:
            os.close(fd)


def _receive(conn: socket.socket) -> tuple[dict | None, list[int]]:
    """The stand-in's request and its three streams; None for a request cut short or garbled."""
    try:
        data, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
    except OSError:
        return None, []
    try:
        while not data.endswith(b"\n"):
            chunk = conn.recv(1 << 20)
            if not chunk:
                return None, fds
            data += chunk
        request = json.loads(data)
    except (OSError, ValueError):
        return None, fds
    return (request if len(fds) == 3 else None), fds


def _become_kernel(conn: socket.socket, request: dict, fds: list[int]) -> None:
    """In the forked child: take the stand-in's streams, folder and environment; run a kernel."""
    code = 1
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        _reseed()
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # Named, so it takes no number from the kernel's own threads ("Thread-1", ...).
        threading.Thread(
            target=_exit_with_launcher, args=(conn,), daemon=True, name="hzcompare-launcher-watch"
        ).start()
        from ipykernel.kernelapp import IPKernelApp

        argv = request["argv"]
        sys.argv = [find_spec("ipykernel_launcher").origin, *argv]  # as ``python -m`` sets it
        parent = request["env"].get("JPY_PARENT_PID")
        if parent:  # set at import in a new kernel; here the import happened in the server
            argv = [*argv, f"--IPKernelApp.parent_handle={parent}"]
        IPKernelApp.launch_instance(argv=argv)
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    except BaseException:  # a kernel must never fall back into the server loop
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _reseed() -> None:
    """Seed the random generators afresh, as a new kernel's would be: a fork shares its
    parent's state. Python's ``random`` reseeds itself in a forked child; numpy's global
    generator, made when the server imported numpy, does not."""
    numpy_random = sys.modules.get("numpy.random")
    if numpy_random is not None:
        numpy_random.seed()


def _exit_with_launcher(conn: socket.socket) -> None:
    """Leave when the stand-in is gone (killed by jupyter_client): its socket end closes."""
    while True:
        try:
            if not conn.recv(64):
                break
        except OSError:
            break
    os._exit(1)


if __name__ == "__main__":
    del sys.path[0]  # this script's folder: no kernel has it (ipykernel's launcher drops it too)
    serve(int(sys.argv[1]))
