"""Stand-in kernel process: asks the fork server for a kernel, then lives exactly as long as it.

Run by jupyter_client as the kernel command (``python -I -S kernel_launcher.py <socket> -f
<connection file> ...``), so only the standard library is at hand and start-up costs ~20 ms.
The kernel itself is a fork of the server, which imported the heavy libraries once. To
jupyter_client this process is the kernel: signals it receives go on to the kernel, it exits
when the kernel does, and when it is killed the kernel sees its socket close and exits too.
If no fork server answers, it becomes an ordinary kernel (``exec`` of ipykernel).
"""

import contextlib
import json
import os
import select
import signal
import socket
import sys


def _ordinary_kernel(argv: list[str]) -> None:
    """Replace this process with a kernel started the usual way."""
    python = sys.executable
    os.execv(python, [python, "-m", "ipykernel_launcher", *argv])


def main() -> None:
    """Get a kernel forked (or become one), then relay signals to it until it exits."""
    server, argv = sys.argv[1], sys.argv[2:]
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    request = {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)}
    reply = b""
    try:
        conn.connect(server)
        socket.send_fds(conn, [json.dumps(request).encode() + b"\n"], [0, 1, 2])
        while not reply.endswith(b"\n"):
            chunk = conn.recv(64)
            if not chunk:
                break
            reply += chunk
    except OSError:
        pass
    if not reply.endswith(b"\n"):  # no server, or it could not fork: start a kernel ourselves
        _ordinary_kernel(argv)
    kernel = int(reply)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(sig, lambda signum, frame: _forward(kernel, signum))
    parent = os.getppid()
    while True:
        ready, _, _ = select.select([conn], [], [], 1.0)
        if ready and not conn.recv(64):
            return  # the kernel exited (its end of the socket closed)
        if os.getppid() != parent:  # whoever started us is gone: take the kernel with us
            _forward(kernel, signal.SIGKILL)
            return


def _forward(kernel: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(kernel, signum)


if __name__ == "__main__":
    main()
