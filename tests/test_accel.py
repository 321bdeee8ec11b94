"""The plain path (spawned workers, ordinary kernels, matplotlib unpatched: what macOS and
Windows run) gives the same pack as the accelerated one."""

from __future__ import annotations

import os

import nbformat
import openpyxl
from conftest import run_cli
from hzcompare import accel


def _notebook(path):
    """An executed notebook without papermill's timings (the only part that differs)."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    return nb


def _workbook(path):
    book = openpyxl.load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book}


def _files(pack):
    """A pack's files; render.log is a diagnostic of the machine's state (a slow kernel
    shutdown), not of the pack, so it is left out of the comparison."""
    return sorted(
        p.relative_to(pack) for p in pack.rglob("*") if p.is_file() and p.name != "render.log"
    )


def test_the_plain_path_renders_the_same_pack(project, tmp_path):
    _, env, accelerated, _ = project
    plain = tmp_path / "plain"
    result = run_cli(
        "pack",
        "--year",
        "2022",
        "--out",
        str(plain),
        "--jobs",
        "2",
        env={**env, accel.PLAIN_ENV: "1"},
    )
    assert result.returncode == 0, result.stderr
    files, other = _files(accelerated), _files(plain)
    assert files == other
    timed = {"index.html", "manifest.json"}  # record the run's seconds
    for rel in files:
        a, b = accelerated / rel, plain / rel
        if rel.suffix == ".ipynb":
            assert _notebook(a) == _notebook(b), rel
        elif rel.suffix == ".xlsx":
            assert _workbook(a) == _workbook(b), rel
        elif rel.name not in timed:
            assert a.read_bytes() == b.read_bytes(), rel  # charts, CSVs, report pages


def test_one_variable_turns_every_accelerator_off(monkeypatch):
    monkeypatch.delenv(accel.PLAIN_ENV, raising=False)
    linux = os.uname().sysname == "Linux" if hasattr(os, "uname") else False
    assert accel.fork_workers() is linux
    monkeypatch.setenv(accel.PLAIN_ENV, "1")
    monkeypatch.setenv(accel.RENDER_ENV, "1")
    assert not (accel.fork_workers() or accel.fork_kernels() or accel.in_pack_render())
    monkeypatch.setenv(accel.PLAIN_ENV, "0")
    assert accel.in_pack_render()
