"""Shared fixtures: the real project root, and throwaway copies of it for destructive tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HZ = [sys.executable, "-m", "hzcompare.cli"]


@pytest.fixture
def root_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A breakable copy of data/, notebooks/, params/; HZCOMPARE_ROOT points at it."""
    for part in ("data", "notebooks", "params"):
        shutil.copytree(ROOT / part, tmp_path / part)
    for raw in (tmp_path / "data" / "raw").iterdir():
        raw.chmod(0o644)
    monkeypatch.setenv("HZCOMPARE_ROOT", str(tmp_path))
    return tmp_path


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: int = 300):
    """Run the hzcompare command in a subprocess; returns the CompletedProcess."""
    return subprocess.run(
        [*HZ, *args], cwd=cwd or ROOT, capture_output=True, text=True, timeout=timeout, env=env
    )


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """A project copy with one good 2022 pack rendered into it (shared by the session)."""
    root = tmp_path_factory.mktemp("project")
    for part in ("data", "notebooks", "params"):
        shutil.copytree(ROOT / part, root / part)
    env = {**os.environ, "HZCOMPARE_ROOT": str(root)}
    out = root / "packs" / "2022"
    result = run_cli("pack", "--year", "2022", "--out", str(out), "--jobs", "2", env=env)
    assert result.returncode == 0, result.stderr
    return root, env, out, result
