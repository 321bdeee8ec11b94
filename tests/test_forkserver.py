"""Kernels forked from the fork server: the same start as a new kernel, and no stray process."""

import json
import os
import signal
import time

import pytest
from hzcompare import accel
from hzcompare.accel.forkserver import WARM_IMPORTS, ForkServer, kernel_command, spec_manager
from jupyter_client.manager import KernelManager

pytestmark = pytest.mark.skipif(
    not accel.fork_kernels(), reason="kernels are forked on Linux only (accel.fork_kernels)"
)

# What a notebook could notice of its kernel's start: modules, options, style, environment.
STATE = """
import gc, json, os, sys, threading
import matplotlib, pandas as pd
print(json.dumps({
    "modules": sorted(sys.modules),
    "pandas": {k: repr(pd.get_option(k)) for k in pd._config.config._registered_options},
    "rc": {k: repr(v) for k, v in matplotlib.rcParams.items()},
    "backend": matplotlib.get_backend(),
    "env": sorted(os.environ),
    "path": sys.path,
    "argv0": sys.argv[0],
    "user_names": sorted(k for k in globals() if not k.startswith("_")),
    "threads": sorted(t.name for t in threading.enumerate()),
    "frozen_by_gc": gc.get_freeze_count() > 0,
    "cwd": os.getcwd(),
}))
"""


def start(folder, argv=None) -> KernelManager:
    """A kernel as a pack's worker starts one: new (no ``argv``) or with the given command."""
    km = KernelManager(
        kernel_name="python3", **({"kernel_spec_manager": spec_manager(argv)} if argv else {})
    )
    km.start_kernel(cwd=str(folder), extra_arguments=[f"--IPKernelApp.exec_lines={WARM_IMPORTS}"])
    return km


def run(km: KernelManager, code: str, timeout: float = 60) -> dict:
    """Execute ``code``; its stdout text and the reply."""
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        out = []
        reply = kc.execute_interactive(
            code,
            timeout=timeout,
            output_hook=lambda m: (
                out.append(m["content"]["text"])
                if m["msg_type"] == "stream" and m["content"]["name"] == "stdout"
                else None
            ),
        )
        return {"stdout": "".join(out), "reply": reply["content"]}
    finally:
        kc.stop_channels()


@pytest.fixture
def server(tmp_path):
    fs = ForkServer(str(tmp_path))
    yield fs
    fs.stop()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:
        return f.read().split()[2] != "Z"


def wait_gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


def test_forked_kernel_starts_as_a_new_kernel_does(server, tmp_path):
    """Modules, pandas options (set at import by "am I in a kernel?"), matplotlib style and
    backend, environment, import path and threads: a notebook sees no difference."""
    states = {}
    for name, argv in (("new", None), ("forked", server.kernel_argv())):
        folder = tmp_path / name
        folder.mkdir()
        km = start(folder, argv)
        try:
            states[name] = json.loads(run(km, STATE)["stdout"])
        finally:
            km.shutdown_kernel(now=True)
    new, forked = states["new"], states["forked"]
    # The fork's traces: frozen imports, and the thread that ends it with its stand-in.
    assert forked.pop("frozen_by_gc") and not new.pop("frozen_by_gc")
    assert forked.pop("threads") == sorted([*new.pop("threads"), "hzcompare-launcher-watch"])
    assert forked.pop("cwd").endswith("forked") and new.pop("cwd").endswith("new")
    for key in new:
        assert forked[key] == new[key], key


RANDOM = "import random, numpy; print(random.random(), numpy.random.random(), numpy.random.randint(10**9))"


def test_forked_kernels_draw_different_random_numbers_as_new_kernels_do(server, tmp_path):
    """Two new kernels seed their generators afresh; two forks of one server must too."""
    draws = {}
    for name, argv in (("new", None), ("forked", server.kernel_argv())):
        for i in range(2):
            folder = tmp_path / f"{name}{i}"
            folder.mkdir()
            km = start(folder, argv)
            try:
                draws[name, i] = run(km, RANDOM)["stdout"].split()
            finally:
                km.shutdown_kernel(now=True)
    for name in ("new", "forked"):
        first, second = draws[name, 0], draws[name, 1]
        assert [a != b for a, b in zip(first, second, strict=True)] == [True, True, True], name


def test_kernel_ends_when_jupyter_client_kills_its_process(server, tmp_path):
    km = start(tmp_path, server.kernel_argv())
    kernel = int(run(km, "import os; print(os.getpid())")["stdout"])
    assert kernel != km.provisioner.process.pid  # a fork of the server, not the stand-in
    km.shutdown_kernel(now=True)  # SIGKILL to the stand-in's process group
    assert wait_gone(kernel), "forked kernel outlived its stand-in"


def test_interrupt_reaches_the_forked_kernel(server, tmp_path):
    km = start(tmp_path, server.kernel_argv())
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        msg_id = kc.execute("import time; time.sleep(60)")
        time.sleep(1)
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=20)
        while reply["parent_header"]["msg_id"] != msg_id:  # kernel_info replies come first
            reply = kc.get_shell_msg(timeout=20)
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        kc.stop_channels()
    finally:
        km.shutdown_kernel(now=True)


def test_without_a_server_the_stand_in_becomes_an_ordinary_kernel(tmp_path):
    km = start(tmp_path, kernel_command(str(tmp_path / "no-server-here")))
    try:
        got = run(km, "import os, gc; print(os.getpid(), gc.get_freeze_count())")["stdout"]
        pid, frozen = map(int, got.split())
        assert pid == km.provisioner.process.pid and frozen == 0  # exec'd in place, not forked
    finally:
        km.shutdown_kernel(now=True)


def test_server_stops_and_forked_kernels_outlive_no_pack(tmp_path):
    fs = ForkServer(str(tmp_path))
    km = start(tmp_path, fs.kernel_argv())
    kernel = int(run(km, "import os; print(os.getpid())")["stdout"])
    fs.stop()
    assert fs.process.returncode == -signal.SIGTERM
    assert alive(kernel)  # its notebook may still be running: stopping the server spares it
    km.shutdown_kernel(now=True)
    assert wait_gone(kernel)


def test_a_garbled_or_abandoned_request_does_not_stop_the_server(server, tmp_path):
    import socket

    for payload in (b"not json\n", b'{"argv": []'):  # garbled; cut short by a stand-in's death
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect(server.socket)
            s.sendall(payload)
    km = start(tmp_path, server.kernel_argv())
    try:
        kernel = int(run(km, "import os; print(os.getpid())")["stdout"])
        assert kernel != km.provisioner.process.pid  # still forked by the server
    finally:
        km.shutdown_kernel(now=True)
