"""Benchmarks, run on demand (`make bench`), never in `make test`.

Prints one table, measured in one run (medians of several runs), and writes it to
benchmarks/results.md. Ratios matter more than seconds: these machines are noisy.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(Path(__file__).parent))

from synthetic import make_curated  # noqa: E402


def timed(cmd: list[str], env: dict | None = None, cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    subprocess.run(
        cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def busy_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (Linux; else None)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle, iowait = fields[3], fields[4]
    return (sum(fields) - idle - iowait) / os.sysconf("SC_CLK_TCK")


def timed_with_cpu(cmd: list[str], cpu: list[float]) -> float:
    """``timed``, appending to ``cpu`` the machine's busy CPU seconds during the run."""
    before = busy_seconds()
    wall = timed(cmd)
    after = busy_seconds()
    if before is not None and after is not None:
        cpu.append(after - before)
    return wall


def median(fn, runs: int) -> float:
    return statistics.median(fn() for _ in range(runs))


def least(fn, runs: int) -> float:
    """The least of ``runs`` timings: the run the machine disturbed least."""
    return min(fn() for _ in range(runs))


def each(fn, runs: int) -> list[float]:
    """Every one of ``runs`` timings, in the order run (the note reports them all)."""
    return [fn(i) for i in range(runs)]


def seconds(times: list[float]) -> str:
    """Timings as printed in the table: "12.1, 11.8, 12.4 s"."""
    return ", ".join(f"{t:.2f}" for t in times) + " s"


def kernel_boot() -> float:
    from jupyter_client.manager import start_new_kernel

    start = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3", stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return elapsed


def in_process(code: str) -> float:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def naive_pack(out: Path, notebooks: list[Path]) -> float:
    """One papermill CLI and one nbconvert CLI process per notebook, one after the other."""
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for nb in notebooks:
        executed = out / nb.name
        subprocess.run(
            [
                str(BIN / "papermill"),
                str(nb),
                str(executed),
                "-p",
                "year",
                "2022",
                "-p",
                "out_dir",
                str(out),
                "--cwd",
                str(nb.parent),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per pack measurement")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    tmp = Path(tempfile.mkdtemp(prefix="hzbench-"))
    hz = [str(BIN / "hzcompare")]
    rows: list[tuple[str, str, str]] = []
    try:
        # The measure: the least of 5 floor runs, the least of --runs pack runs.
        boot = least(kernel_boot, 5)
        imports = least(
            lambda: timed([sys.executable, "-c", "import pandas, matplotlib.pyplot, seaborn"]), 5
        )
        from hzcompare.pack.run import notebook_entries

        notebooks = notebook_entries(2022, ROOT)
        floor = math.ceil(len(notebooks) / cores) * (boot + imports)
        pack_cpu: list[float] = []  # the whole machine's: the pack's processes and any noise
        pack_runs = each(
            lambda _: timed_with_cpu(
                [*hz, "pack", "--year", "2022", "--out", str(tmp / "p"), "--jobs", str(cores)],
                pack_cpu,
            ),
            args.runs,
        )
        pack_n = min(pack_runs)
        all_years = sorted((ROOT / "params").glob("*.yaml"))
        all_notebooks = sum(len(notebook_entries(int(p.stem), ROOT)) for p in all_years)
        all_floor = math.ceil(all_notebooks / cores) * (boot + imports)
        all_runs = each(
            lambda i: timed([*hz, "pack", "--all", "--out", str(tmp / f"all{i}")]), args.runs
        )
        pack_all = min(all_runs)
        pack_1 = median(
            lambda: timed([*hz, "pack", "--year", "2022", "--out", str(tmp / "p1"), "--jobs", "1"]),
            args.runs,
        )
        naive = median(
            lambda: naive_pack(tmp / f"naive{time.time_ns()}", notebooks), max(1, args.runs - 1)
        )
        from profile_pack import profile

        steps = profile(tmp / "p")
        rows += [
            ("kernel boot (start → ready)", f"{boot:.2f} s", "least of 5"),
            (
                "import pandas, matplotlib.pyplot, seaborn (new process)",
                f"{imports:.2f} s",
                "least of 5",
            ),
            (
                f"floor: ceil({len(notebooks)} notebooks / {cores} cores) × (boot + import)",
                f"{floor:.2f} s",
                "",
            ),
            (
                f"`hzcompare pack --year 2022` (--jobs {cores})",
                f"{pack_n:.2f} s",
                f"least of {args.runs} ({seconds(pack_runs)}); "
                f"**{pack_n / floor:.2f}× the floor** (goal ≤ 1.5×)",
            ),
            *(
                [
                    (
                        "machine CPU during each 2022 pack",
                        f"{min(pack_cpu):.2f} s",
                        f"least of {len(pack_cpu)} ({seconds(pack_cpu)}); shared perfectly "
                        f"by {cores} cores it would still take {min(pack_cpu) / cores:.2f} s "
                        f"= {min(pack_cpu) / cores / floor:.2f}× the floor",
                    )
                ]
                if pack_cpu
                else []
            ),
            (
                f"`hzcompare pack --all` ({len(all_years)} packs, {all_notebooks} notebooks)",
                f"{pack_all:.2f} s",
                f"least of {args.runs} ({seconds(all_runs)}); "
                f"**{pack_all / all_floor:.2f}× its floor** "
                f"ceil({all_notebooks}/{cores}) × (boot + import) = {all_floor:.2f} s "
                "(goal ≤ 1.5×)",
            ),
            (
                "`hzcompare pack --year 2022 --jobs 1`",
                f"{pack_1:.2f} s",
                f"--jobs {cores} is {pack_1 / pack_n:.2f}× faster",
            ),
            (
                "naive: papermill CLI + nbconvert CLI per notebook",
                f"{naive:.2f} s",
                f"ours is {naive / pack_n:.2f}× faster",
            ),
        ]
        imp = median(
            lambda: in_process(
                "import time; t = time.perf_counter(); import hzcompare.cli; "
                "print(time.perf_counter() - t)"
            ),
            7,
        )
        rows.append(
            (
                "`import hzcompare` (in-process, incl. the CLI module)",
                f"{imp:.3f} s",
                "goal < 0.3 s",
            )
        )
        rows.append(
            (
                "`hzcompare curate --check`",
                f"{median(lambda: timed([*hz, 'curate', '--check']), 5):.2f} s",
                "median of 5",
            )
        )
        for n in (1_000, 10_000, 100_000, 1_000_000):
            curated = make_curated(tmp / f"syn{n}", n)
            runs = [timed([*hz, "validate", str(curated)]) for _ in range(3)]
            val = min(runs)
            load = median(
                lambda c=curated: in_process(
                    "import time; t = time.perf_counter(); from pathlib import Path; "
                    "from hzcompare.dataset.load import load_indicators; "
                    f"load_indicators(curated=Path('{c}')); print(time.perf_counter() - t)"
                ),
                3,
            )
            rows.append(
                (
                    f"`hzcompare validate`, {n:,} synthetic rows",
                    f"{val:.2f} s",
                    f"least of 3 ({seconds(runs)}); "
                    f"{val / n * 1e6:.1f} µs/row" + (" (goal < 1 s)" if n == 100_000 else ""),
                )
            )
            rows.append(
                (
                    f"`load_indicators`, {n:,} synthetic rows",
                    f"{load:.2f} s",
                    f"{load / n * 1e6:.1f} µs/row",
                )
            )
        rows += [(f"profile: {step}", took, "") for step, took in steps]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    machine = (
        f"{platform.machine()}, {cores} cores, Python {platform.python_version()}, "
        f"{platform.platform()}"
    )
    table = ["| measurement | result | note |", "|---|---|---|"]
    table += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    text = f"Machine: {machine}\n\n" + "\n".join(table) + "\n"
    print(text)
    (Path(__file__).parent / "results.md").write_text(
        f"# Latest benchmark run\n\n`make bench` on {time.strftime('%Y-%m-%d')}.\n\n{text}",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
