"""The output folder of a pack: replaced whole only if this tool made it, never a user's files.

A pack is rendered into a staging folder and swapped in when complete. The marker file
``.hzcompare-pack`` lists every file the pack wrote; a folder is replaced only if it holds the
marker and nothing the marker does not list, so a folder of the user's own files (or a pack the
user added files to) is refused, not deleted. A folder that is a mount point (a container
volume) cannot be renamed: the swap then happens inside it, journaled so that a killed run is
undone by the next. A symbolic link is followed: its target is what gets updated. Folders follow
the user's umask; the lock lives in the temporary folder, so nothing stray is left beside the
output.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from ..errors import HzError

MARKER = ".hzcompare-pack"
_MARKER_HEAD = "hzcompare pack: every file below was written by `hzcompare pack`"
_STAGE_MARK = ".hzcompare-staging"  # in a staging folder: the pid of the run writing it
_JOURNAL = ".hzcompare-swap.json"  # inside a mount point while its contents are exchanged


def resolve_output(out: Path) -> Path:
    """The folder a pack is written to: absolute, ``..`` and symbolic links resolved (a link's
    target is what gets updated, and one folder has one lock however it is spelled)."""
    return Path(os.path.realpath(out.absolute()))


def _files(folder: Path) -> set[str]:
    """Every file, link and folder under ``folder`` (not following links), relative, with
    ``/``; folders end in ``/``."""
    found = set()
    for base, dirs, names in os.walk(folder):
        rel = Path(base).relative_to(folder)
        found |= {(rel / n).as_posix() for n in names}
        found |= {
            (rel / d).as_posix() + ("" if (Path(base) / d).is_symlink() else "/") for d in dirs
        }
    return found


def _own_leftover(folder: Path, name: str) -> bool:
    """A top-level entry this tool made in an output folder: its marker, a swap journal, or a
    staging or old folder of a run that no longer runs."""
    if name in (MARKER, _JOURNAL):
        return True
    if name.startswith((".hzcompare-staging-", ".hzcompare-old-")):
        return _is_stale_stage(folder / name) or (folder / name / _STAGE_MARK).is_file()
    return False


def listed(folder: Path) -> set[str] | None:
    """The files the marker of ``folder`` lists, or None if it has no valid marker."""
    try:
        head, *names = (folder / MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return set(names) if head == _MARKER_HEAD else None


def write_marker(stage: Path) -> None:
    """Write the marker listing every file and folder now in ``stage`` (a pack's last file)."""
    names = sorted(_files(stage) - {MARKER, _STAGE_MARK})
    (stage / MARKER).write_text("\n".join([_MARKER_HEAD, *names]) + "\n", encoding="utf-8")


def foreign_files(folder: Path) -> list[str]:
    """Files and folders in ``folder`` this tool did not write (if it has no marker, its
    top-level entries: a folder of the user's is never walked whole)."""
    if not folder.is_dir():
        return []
    ours = listed(folder)
    if ours is None:
        return sorted(p.name for p in folder.iterdir() if not _own_leftover(folder, p.name))
    present = {f for f in _files(folder) if not _own_leftover(folder, f.split("/")[0].rstrip("/"))}
    return sorted(present - ours)


def check_output(out: Path) -> None:
    """Refuse an output that is a file, or a folder holding anything this tool did not write."""
    if out.exists() and not out.is_dir():
        raise HzError(f"output {out} is a file, not a folder; choose another --out", out)
    foreign = foreign_files(out)
    if foreign:
        shown = ", ".join(foreign[:5]) + (
            f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
        )
        why = (
            "it is not a pack made by hzcompare"
            if listed(out) is None
            else "they were added after hzcompare wrote the pack there"
        )
        raise HzError(
            f"output {out} holds files hzcompare did not write ({shown}): {why}. A pack "
            "replaces its folder whole, so move those files away or choose a new or empty --out",
            out,
        )
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise HzError(f"cannot create {parent}: {e.strerror}", parent) from None
    if not os.access(parent, os.W_OK | os.X_OK):
        raise HzError(f"cannot write into {parent}; choose a writable --out", parent)


def lock_path(out: Path) -> Path:
    """The lock of an output folder: in the temporary folder, named after the folder's path."""
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    folder = Path(tempfile.gettempdir()) / f"hzcompare-locks-{user}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / (hashlib.sha256(str(out).encode()).hexdigest()[:24] + ".lock")


def make_stage(out: Path) -> Path:
    """A new staging folder for ``out``: beside it, or inside it when it is a mount point."""
    where, prefix = (
        (out, ".hzcompare-staging-")
        if os.path.ismount(out)
        else (
            out.parent,
            f".{out.name}.staging-",
        )
    )
    stage = Path(tempfile.mkdtemp(prefix=prefix, dir=where))
    (stage / _STAGE_MARK).write_text(str(os.getpid()), encoding="utf-8")
    return stage


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def finish_stage(stage: Path) -> None:
    """Make a rendered stage a pack: the user's umask on its folder, the marker written."""
    (stage / _STAGE_MARK).unlink(missing_ok=True)
    os.chmod(stage, 0o777 & ~_umask())  # mkdtemp made it private
    write_marker(stage)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError, TypeError):  # no such call (macOS, Windows)
        return False
    at_fdcwd, rename_exchange = -100, 2
    return fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_in(stage: Path, out: Path) -> None:
    """Make ``stage`` the output; the old pack is replaced in one step where the OS allows."""
    if stage.parent == out:
        _swap_inside(stage, out)
        return
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


def _swap_inside(stage: Path, out: Path) -> None:
    """Exchange the contents of a mount point with its staging folder, journaled."""
    old = Path(tempfile.mkdtemp(prefix=".hzcompare-old-", dir=out))
    (old / _STAGE_MARK).write_text(str(os.getpid()), encoding="utf-8")
    keep = {stage.name, old.name, _JOURNAL}  # (a dead run's leftovers were removed: recover)
    previous = sorted(p.name for p in out.iterdir() if p.name not in keep)
    new = sorted(p.name for p in stage.iterdir())
    journal = {"old": old.name, "stage": stage.name, "previous": previous, "new": new}
    (out / _JOURNAL).write_text(json.dumps(journal), encoding="utf-8")
    for name in previous:
        os.rename(out / name, old / name)
    for name in sorted(new, key=lambda n: n == MARKER):  # the marker last
        os.rename(stage / name, out / name)
    (out / _JOURNAL).unlink()
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(stage, ignore_errors=True)


def _undo_inside(out: Path) -> None:
    """Put back the pack a killed swap inside a mount point had moved aside."""
    journal = json.loads((out / _JOURNAL).read_text(encoding="utf-8"))
    old = out / journal["old"]
    for name in journal["new"]:
        if (out / name).exists() and not (old / name).exists() and name in journal["previous"]:
            continue  # not moved yet
        target = out / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target, ignore_errors=True)
        else:
            target.unlink(missing_ok=True)
    for name in journal["previous"]:
        if (old / name).exists():
            os.rename(old / name, out / name)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(out / journal["stage"], ignore_errors=True)
    (out / _JOURNAL).unlink()


def _dead(pid: int) -> bool:
    """True if no process has this pid."""
    import psutil  # portable (os.kill(pid, 0) would end a process on Windows)

    return not psutil.pid_exists(pid)


def _is_stale_stage(folder: Path) -> bool:
    """A staging folder this tool made whose run no longer runs."""
    try:
        pid = int((folder / _STAGE_MARK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return _dead(pid)


def _is_stale_old(folder: Path, out: Path) -> bool:
    """A previous pack a run killed mid-swap set aside (``.<out>.old-<pid>``, pid gone)."""
    pid = folder.name.removeprefix(f".{out.name}.old-")
    return pid.isdigit() and _dead(int(pid)) and listed(folder) is not None


def recover(out: Path) -> None:
    """Undo what a killed run can leave: a pack moved aside, a half swap, stale staging."""
    if (out / _JOURNAL).is_file():
        _undo_inside(out)
    parent = out.parent
    olds = [p for p in parent.glob(f".{out.name}.old-*") if _is_stale_old(p, out)]
    if olds and not out.exists():
        os.rename(olds.pop(), out)
    places = [*parent.glob(f".{out.name}.staging-*")]
    if out.is_dir():
        places += [*out.glob(".hzcompare-staging-*"), *out.glob(".hzcompare-old-*")]
    for leftover in [*(p for p in places if _is_stale_stage(p)), *olds]:
        shutil.rmtree(leftover, ignore_errors=True)


def keep_failed(stage: Path, out: Path) -> Path:
    """Move a failed render aside as ``<out>.failed`` (replacing only a failed render of ours)."""
    (stage / _STAGE_MARK).unlink(missing_ok=True)
    write_marker(stage)
    n, keep = 0, out.parent / f"{out.name}.failed"
    while keep.exists() and (listed(keep) is None or foreign_files(keep)):
        n += 1  # a folder of the user's with that name: never touched
        keep = out.parent / f"{out.name}.failed-{n}"
    shutil.rmtree(keep, ignore_errors=True)  # absent, or a failed render of ours
    os.rename(stage, keep)
    return keep
