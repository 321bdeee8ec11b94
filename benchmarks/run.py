"""Benchmarks, run on demand (`make bench`), never in `make test`.

Measures, alternated in one run (each variant once per round, so a slow moment of the machine
falls on all of them alike) and reported as the least of the rounds:
- one 2022 pack: ``hzcompare pack`` as shipped, the same on the plain path (``HZCOMPARE_PLAIN=1``:
  what macOS and Windows run) and the plain way (``plain_way.py``: papermill in a pool + nbconvert);
- every year: ``hzcompare pack --all`` against the plain way over the same notebooks;
- ``hzcompare validate`` on synthetic curated folders of 100,000 and 1,000,000 figure rows.
Prints one table and writes it to benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(Path(__file__).parent))

from synthetic import make_curated  # noqa: E402

GOALS = {"pack": 0.6, "all": 0.55}  # as a share of the plain way's time, on Linux
_RUNS = itertools.count()


# Every command runs this checkout's code and data, even from a worktree beside the one the
# virtual environment was installed from.
ENV = {**os.environ, "HZCOMPARE_ROOT": str(ROOT), "PYTHONPATH": str(ROOT / "lib")}


def timed(cmd: list[str], env: dict | None = None) -> float:
    """Seconds one command takes, start to exit (it must succeed)."""
    start = time.perf_counter()
    done = subprocess.run(
        cmd, cwd=ROOT, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    if done.returncode:
        tail = [ln for ln in done.stderr.splitlines() if "TCP without encryption" not in ln]
        sys.exit(f"{' '.join(cmd)} failed:\n" + "\n".join(tail[-20:]))
    return time.perf_counter() - start


def alternated(variants: dict[str, object], rounds: int) -> dict[str, list[float]]:
    """Each variant once per round, in turn; every time kept."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    for r in range(rounds):
        for name, run in variants.items():
            times[name].append(run())
            print(f"  round {r + 1} {name:<22} {times[name][-1]:7.2f} s", flush=True)
    return times


def pack_variants(work: Path, all_years: bool) -> dict[str, object]:
    """The three ways to render one pack (or every pack), each into a fresh folder."""
    env = ENV
    plain = {**env, "HZCOMPARE_PLAIN": "1"}
    which = ["--all"] if all_years else ["--year", "2022"]

    def fresh() -> Path:
        return work / f"out{next(_RUNS)}"  # a new folder for every run of every variant

    variants = {
        "hzcompare pack": lambda: timed(
            [str(BIN / "hzcompare"), "pack", *which, "--out", str(fresh())], env
        ),
        "the plain way": lambda: timed(
            [sys.executable, str(ROOT / "benchmarks/plain_way.py"), *which, "--out", str(fresh())],
            env,
        ),
    }
    if not all_years:
        variants["hzcompare pack, plain path"] = lambda: timed(
            [str(BIN / "hzcompare"), "pack", *which, "--out", str(fresh())], plain
        )
    return variants


def validate_times(work: Path, rows: int, rounds: int) -> list[float]:
    """``hzcompare validate`` of a synthetic curated folder of ``rows`` figures."""
    curated = make_curated(work / f"syn{rows}", rows)
    return [timed([str(BIN / "hzcompare"), "validate", str(curated)]) for _ in range(rounds)]


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "unknown"


def _times(ts: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in ts)


def main() -> None:
    """Run every measurement and write benchmarks/results.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each comparison")
    args = parser.parse_args()
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="hzbench-") as tmp:
        work = Path(tmp)
        print("one 2022 pack, alternated:", flush=True)
        pack = alternated(pack_variants(work, False), args.rounds)
        print("every year, alternated:", flush=True)
        every = alternated(pack_variants(work, True), args.rounds)
        print("validate:", flush=True)
        valid = {n: validate_times(work, n, args.rounds) for n in (100_000, 1_000_000)}
        shutil.rmtree(work, ignore_errors=True)
    plain_pack, plain_all = min(pack["the plain way"]), min(every["the plain way"])

    def row(what: str, ts: list[float], base: float, goal: float | None) -> str:
        ratio = min(ts) / base
        verdict = "" if goal is None else ("yes" if ratio <= goal else "**no**")
        shown = f"≤ {goal}×" if goal is not None else ""
        return f"| {what} | {_times(ts)} | {min(ts):.2f} s | {ratio:.2f}× | {shown} | {verdict} |"

    rows += [
        "| measurement | every round (s) | least | against the plain way | goal | met |",
        "|---|---|---|---|---|---|",
        row("one pack, the plain way", pack["the plain way"], plain_pack, None),
        row("one pack, `hzcompare pack`", pack["hzcompare pack"], plain_pack, GOALS["pack"]),
        row(
            "one pack, plain path (`HZCOMPARE_PLAIN=1`)",
            pack["hzcompare pack, plain path"],
            plain_pack,
            1.0,
        ),
        row("every year, the plain way", every["the plain way"], plain_all, None),
        row("every year, `hzcompare pack --all`", every["hzcompare pack"], plain_all, GOALS["all"]),
    ]
    per_row = {n: min(ts) / n * 1e6 for n, ts in valid.items()}
    rows += [
        "",
        "| validate | every round (s) | least | per row |",
        "|---|---|---|---|",
        *(
            f"| {n:,} rows | {_times(ts)} | {min(ts):.2f} s | {per_row[n]:.1f} µs |"
            for n, ts in valid.items()
        ),
        "",
        f"Linear in rows: 1,000,000 rows cost {per_row[1_000_000] / per_row[100_000]:.2f}× "
        "the time per row of 100,000 (1.00 is exactly linear; process start weighs on the "
        "smaller).",
    ]
    machine = (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; commit {_commit()}; {args.rounds} rounds, alternated."
    )
    text = "\n".join(["# Benchmark results", "", machine, "", *rows, ""])
    (ROOT / "benchmarks" / "results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
