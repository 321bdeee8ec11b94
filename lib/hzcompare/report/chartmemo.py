"""Charts drawn once per pack run: the same call, the same files, copied into every pack.

``pack --all`` renders every year, and some charts do not depend on the year (the trends
notebook's panel charts are the same in all seven packs). Within one run, a chart function
called with equal arguments under equal matplotlib settings draws equal bytes, so the first
kernel to make a call draws it and keeps its files under the call's key; the others copy them.

Scope: one run. The pack makes the folder, names it to its kernels in ``HZCOMPARE_CHART_MEMO``
and removes it at the end, so nothing carries over between runs (a benchmark run is as cold as
the first). Outside a pack (JupyterLab, nbval) nothing is kept. A call whose arguments cannot be
keyed (any type but frames, text, numbers, None, lists, tuples, dicts of these) is drawn.
While one kernel draws a key (its claim is a folder holding its pid), others wait for it; a
claim whose kernel died is taken over.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

ENV = "HZCOMPARE_CHART_MEMO"
COPIES = "copies.log"  # one line per chart copied, for the run's summary
WAIT_SECONDS = 120.0  # a drawer alive but this slow is left alone: the waiter draws too


def folder() -> Path | None:
    """This run's memo folder, or None outside a pack run."""
    value = os.environ.get(ENV)
    return Path(value) if value else None


def _digest(value: object) -> bytes | None:
    import pandas as pd  # imported already where charts are drawn; not by the pack's workers

    if isinstance(value, pd.DataFrame):
        try:
            rows = pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes()
        except TypeError:  # unhashable cells (lists): not keyed
            return None
        shape = repr((list(value.columns), [str(t) for t in value.dtypes], value.shape))
        return shape.encode() + rows
    if value is None or isinstance(value, str | int | float | bool):
        return repr((type(value).__name__, value)).encode()
    if isinstance(value, dict):
        value = tuple(sorted(value.items(), key=repr))
    if isinstance(value, list | tuple):
        parts = [_digest(v) for v in value]
        if any(p is None for p in parts):
            return None
        return type(value).__name__.encode() + b"".join(hashlib.sha256(p).digest() for p in parts)
    return None


def call_key(func: Callable, args: tuple, kwargs: dict) -> str | None:
    """The key of ``func(*args, **kwargs)`` under the current rcParams; None if not keyable."""
    import matplotlib

    call = _digest([*args, kwargs])
    if call is None:
        return None
    settings = repr(sorted((k, repr(v)) for k, v in matplotlib.rcParams.items()))
    h = hashlib.sha256(f"{func.__module__}.{func.__qualname__}".encode())
    h.update(call)
    h.update(settings.encode())
    return h.hexdigest()[:32]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _claim(memo: Path, key: str) -> bool:
    """Take the key's claim (a folder holding this pid); False if another process holds it."""
    claim = memo / f"{key}.claim"
    try:
        claim.mkdir()
    except FileExistsError:
        return False
    (claim / "pid").write_text(str(os.getpid()), encoding="utf-8")
    return True


def fetch_or_claim(key: str | None) -> Path | None:
    """The key's finished entry (waiting while another kernel draws it), or None: draw it
    here (the claim is then this kernel's, to be ended by ``store`` or ``release``)."""
    memo = folder()
    if key is None or memo is None:
        return None
    entry, claim = memo / key, memo / f"{key}.claim"
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        if entry.is_dir():
            return entry
        if _claim(memo, key):
            return None
        with contextlib.suppress(OSError, ValueError):
            if not _alive(int((claim / "pid").read_text(encoding="utf-8"))):
                shutil.rmtree(claim, ignore_errors=True)  # its drawer died: take over
                continue
        if time.monotonic() > deadline:
            return None  # draw it here too, without the claim
        time.sleep(0.02)


def store(key: str | None, files: list[Path], meta: dict) -> None:
    """Keep a drawn chart's files and ``meta`` under ``key``, and end this kernel's claim."""
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
    """End this kernel's claim on ``key`` (waiting kernels then draw it themselves)."""
    memo = folder()
    if key is None or memo is None:
        return
    claim = memo / f"{key}.claim"
    with contextlib.suppress(OSError, ValueError):
        if int((claim / "pid").read_text(encoding="utf-8")) == os.getpid():
            shutil.rmtree(claim, ignore_errors=True)


def copy_entry(entry: Path, stem: Path) -> tuple[list[Path], dict]:
    """Copy a finished entry's files to ``stem`` + their suffixes; returns (files, meta)."""
    meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
    with open(entry.parent / COPIES, "a", encoding="utf-8") as log:  # one short line: atomic
        log.write(f"{entry.name} {stem.name}\n")
    written = []
    for suffix in meta.get("suffixes", []):
        target = stem.with_name(f"{stem.name}.{suffix}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(entry / suffix, target)
        written.append(target)
    return written, meta


def copies(memo: Path) -> int:
    """How many charts the run copied instead of drawing."""
    path = memo / COPIES
    return len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0
