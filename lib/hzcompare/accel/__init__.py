"""Accelerators: optional speed-ups beside a plain path that gives the same bytes.

A pack renders the plain way everywhere: render workers started with ``spawn``, ordinary
Jupyter kernels, matplotlib as it is. Where an accelerator's preconditions hold, it takes over
a step and produces the same files (``tests/test_accel.py`` renders a pack both ways and
compares every chart and page):

- ``fork``: render workers forked from the pack process (Linux only: macOS forbids forking a
  process that loaded Apple's Accelerate, Windows has no fork);
- ``forkserver``: kernels forked from one process that made the heavy imports once
  (``forkserver.py``; Linux, with Unix sockets that pass file descriptors);
- ``text_metrics``: text sizes measured once per process (``text_metrics.py``; only in a pack's
  kernels, never in JupyterLab, and only where matplotlib's internals are what it expects).

``HZCOMPARE_PLAIN=1`` turns every accelerator off.
"""

from __future__ import annotations

import os
import socket
import sys

PLAIN_ENV = "HZCOMPARE_PLAIN"
RENDER_ENV = "HZCOMPARE_PACK_RENDER"  # set for a pack's kernels: text_metrics may act there


def plain() -> bool:
    """True when the user asked for the plain path (``HZCOMPARE_PLAIN`` set, not ``0``)."""
    return os.environ.get(PLAIN_ENV, "") not in ("", "0")


def _linux_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def fork_workers() -> bool:
    """Whether render workers are forked from the pack process."""
    return not plain() and _linux_fork()


def fork_kernels() -> bool:
    """Whether kernels are forked from a fork server that made the imports once."""
    return (
        not plain() and _linux_fork() and hasattr(socket, "send_fds") and hasattr(socket, "AF_UNIX")
    )


def in_pack_render() -> bool:
    """True in a pack's kernels (the pack sets ``HZCOMPARE_PACK_RENDER``), not in JupyterLab."""
    return os.environ.get(RENDER_ENV) == "1" and not plain()
