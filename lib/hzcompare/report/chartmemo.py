"""Charts drawn once per pack run: the same call, the same files, copied into every pack.

``pack --all`` renders every year, and some charts do not depend on the year (the trends
notebook's panel charts are the same in all seven packs). Within one run, a chart function
called with equal arguments under equal matplotlib settings draws equal bytes, so the first
kernel to make a call draws it and keeps its files under the call's key; the others copy them.

Scope: one run. The pack makes the folder, names it to its kernels in ``HZCOMPARE_CHART_MEMO``
and removes it at the end, so nothing carries over between runs (a benchmark run is as cold as
the first). Outside a pack (JupyterLab, nbval) nothing is kept. Only what the key can describe
exactly is memoised: a module-level function (no closure, method or notebook-defined function)
called with frames of typed columns (no object columns), text, numbers, None, lists, tuples and
dicts of these; anything else is drawn. While one kernel draws a key it holds the key's lock
(``flock``: released by the system if that kernel dies); the others wait for the entry. Any
failure of the memo itself (disk full, folder gone) falls back to drawing.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

ENV = "HZCOMPARE_CHART_MEMO"
COPIES = "copies.log"  # one line per chart copied, for the run's summary
WAIT_SECONDS = 120.0  # a drawer alive but this slow is left alone: the waiter draws too
_held: dict[str, int] = {}  # key → the open lock file this kernel holds while drawing


def folder() -> Path | None:
    """This run's memo folder, or None outside a pack run."""
    value = os.environ.get(ENV)
    return Path(value) if value else None


def _frame_digest(df: object) -> bytes | None:
    import numpy as np
    import pandas as pd

    if any(isinstance(t, np.dtype) and t.kind == "O" for t in [*df.dtypes, df.index.dtype]):
        return None  # mixed cells (1 and "1", None and NaN) hash alike: not keyed
    try:
        rows = pd.util.hash_pandas_object(df, index=True).to_numpy().tobytes()
    except TypeError:
        return None
    signs = b"".join(  # hashing takes -0.0 for 0.0; the chart's labels and CSV do not
        np.signbit(df[c].to_numpy(dtype="float64", na_value=np.nan)).tobytes()
        for c in df.columns
        if df[c].dtype.kind == "f"
    )
    shape = repr(
        (
            list(df.columns),
            df.columns.name,
            [repr(t) for t in df.dtypes],  # repr: categories and their order included
            list(df.index.names),
            repr(df.index.dtype),
            df.shape,
            sorted(df.attrs.items(), key=lambda kv: repr(kv[0])),
        )
    )
    return shape.encode() + rows + signs


def _digest(value: object) -> bytes | None:
    import pandas as pd  # imported already where charts are drawn; not by the pack's workers

    if isinstance(value, pd.DataFrame):
        return _frame_digest(value)
    if value is None or isinstance(value, str | int | float | bool):
        return repr((type(value).__name__, value)).encode()
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: repr(kv[0]))
        inner = _digest(items)
        return None if inner is None else b"dict" + inner
    if isinstance(value, list | tuple):
        parts = [_digest(v) for v in value]
        if any(p is None for p in parts):
            return None
        return type(value).__name__.encode() + b"".join(hashlib.sha256(p).digest() for p in parts)
    return None


def _named(func: Callable) -> str | None:
    """``module.name`` of a plain module-level function, the only kind a name identifies."""
    module = sys.modules.get(getattr(func, "__module__", "") or "")
    if (
        not inspect.isfunction(func)
        or func.__closure__
        or func.__module__ == "__main__"
        or getattr(module, func.__name__, None) is not func
    ):
        return None
    return f"{func.__module__}.{func.__qualname__}"


def call_key(func: Callable, args: tuple, kwargs: dict, also: tuple = ()) -> str | None:
    """The key of ``func(*args, **kwargs)`` (and of ``also``, what the caller's handling of the
    result depends on) under the current rcParams; None if the call cannot be keyed exactly."""
    import matplotlib

    name = _named(func)
    call = _digest([*args, kwargs, *also]) if name else None
    if call is None:
        return None
    settings = repr(sorted((k, repr(v)) for k, v in matplotlib.rcParams.items()))
    h = hashlib.sha256(name.encode())
    h.update(call)
    h.update(settings.encode())
    return h.hexdigest()[:32]


def _lock(memo: Path, key: str) -> int | None:
    """The key's lock, held by this process; None while another process holds it."""
    import fcntl

    fd = os.open(memo / f"{key}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def fetch_or_claim(key: str | None) -> Path | None:
    """The key's finished entry (waiting while another kernel draws it), or None: draw it
    here (holding the key's lock, if it could be had, until ``store`` or ``release``)."""
    memo = folder()
    if key is None or memo is None:
        return None
    entry = memo / key
    deadline = time.monotonic() + WAIT_SECONDS
    try:
        while not entry.is_dir():
            fd = _lock(memo, key)
            if fd is not None:
                if entry.is_dir():  # published between the look and the lock
                    os.close(fd)
                    break
                _held[key] = fd
                return None
            if time.monotonic() > deadline:
                return None  # draw it here too, without the lock
            time.sleep(0.02)
    except (OSError, ImportError):  # no memo to be had: draw
        return None
    return entry


def store(key: str | None, files: list[Path], meta: dict) -> None:
    """Keep a drawn chart's files and ``meta`` under ``key``, and release its lock."""
    memo = folder()
    if key is None or memo is None:
        return
    meta = {**meta, "suffixes": [f.suffix.lstrip(".") for f in files]}
    staging = memo / f"{key}.{os.getpid()}"
    try:
        staging.mkdir()
        for f in files:
            shutil.copyfile(f, staging / f.suffix.lstrip("."))
        (staging / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        os.rename(staging, memo / key)  # whole or not at all; a finished entry is kept
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
    finally:
        release(key)


def release(key: str | None) -> None:
    """Release this kernel's lock on ``key`` (waiting kernels then draw it themselves)."""
    fd = _held.pop(key, None) if key else None
    if fd is not None:
        os.close(fd)  # closing the file releases the flock


def copy_entry(entry: Path, stem: Path) -> tuple[list[Path], dict] | None:
    """Copy a finished entry's files to ``stem`` + their suffixes: (files, meta), or None if
    the copy failed (the chart is then drawn)."""
    written = []
    try:
        meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
        for suffix in meta["suffixes"]:
            target = stem.with_name(f"{stem.name}.{suffix}")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(entry / suffix, target)
            written.append(target)
        if written:
            with open(entry.parent / COPIES, "a", encoding="utf-8") as log:  # a short line
                log.write(f"{entry.name} {stem.name}\n")
    except (OSError, ValueError, KeyError):
        for target in written:
            with contextlib.suppress(OSError):
                target.unlink()
        return None
    return written, meta


def copies(memo: Path) -> int:
    """How many charts the run copied instead of drawing."""
    path = memo / COPIES
    return len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0
