"""The one path helper: every stage asks here where things live."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath

from .errors import HzError


def project_root() -> Path:
    """Root of the project (``$HZCOMPARE_ROOT`` if set, else the checkout holding ``lib/``)."""
    env = os.environ.get("HZCOMPARE_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]


def data_dir(root: Path | None = None) -> Path:
    """``data/`` under the project root."""
    return (root or project_root()) / "data"


def raw_dir(root: Path | None = None) -> Path:
    """Raw documents, exactly as received (never edited)."""
    return data_dir(root) / "raw"


def specs_dir(root: Path | None = None) -> Path:
    """One YAML per source: its citation, its cleaning steps and its extraction patterns."""
    return data_dir(root) / "sources"


def curated_dir(root: Path | None = None) -> Path:
    """Curated tables rebuilt by ``hzcompare curate``."""
    return data_dir(root) / "curated"


def text_dir(curated: Path | None = None) -> Path:
    """Clean text of each source, under the curated folder."""
    return (curated or curated_dir()) / "text"


def params_dir(root: Path | None = None) -> Path:
    """One YAML of parameters per yearly pack."""
    return (root or project_root()) / "params"


def notebooks_dir(root: Path | None = None) -> Path:
    """The parameterised notebooks."""
    return (root or project_root()) / "notebooks"


def inside(
    base: Path,
    relative: str,
    file: str | Path | None = None,
    line: int | None = None,
    what: str = "path",
) -> Path:
    """``base / relative``, refused unless it stays inside ``base``: no absolute path or drive,
    no ``..``, no backslash, no symlink leading out. The one guard for data paths."""
    where = file if file is not None else base
    if not relative or "\\" in relative or "\0" in relative:
        raise HzError(f"{what} {relative!r} is not a plain relative path", where, line)
    if PurePosixPath(relative).is_absolute() or PureWindowsPath(relative).drive:
        raise HzError(f"{what} {relative!r} is absolute; give it relative to {base}", where, line)
    if ".." in PurePosixPath(relative).parts:
        raise HzError(
            f"{what} {relative!r} climbs out with '..'; keep it under {base}", where, line
        )
    target = base / relative
    if not target.resolve().is_relative_to(base.resolve()):
        raise HzError(
            f"{what} {relative!r} leads outside {base} (through a symbolic link); "
            "keep data files inside the project",
            where,
            line,
        )
    return target
