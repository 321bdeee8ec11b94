"""Where one pack's time goes: each step of a pack measured on its own, in this process.

Run alone (`.venv/bin/python benchmarks/profile_pack.py`) or from `run.py`. Every figure is the
median of several runs; the chart steps are medians over the 2022 trend charts.
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _charts() -> list[tuple[str, str]]:
    """Median seconds per chart: build the figure, save PNG, save SVG (the 2022 trend charts)."""
    import matplotlib

    matplotlib.use("agg")
    import hzcompare as hz
    import matplotlib.pyplot as plt
    from hzcompare.report import charts

    charts.use_house_style()
    ctx = hz.Context(2022, ["qiantang", "yuhang", "xiaoshan"], "both", 0.5, "", "hangzhou")
    build, png, svg = [], [], []
    indicators = ["gdp", "gdp_growth", "rd_intensity", "fai_growth", "budget_revenue"]
    for indicator in indicators * 2:  # the first round warms the font caches
        start = time.perf_counter()
        fig, _ = charts.trend(ctx.df, indicator, ctx.districts, ctx.sources, "both", ctx.benchmark)
        built = time.perf_counter()
        fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")
        pngd = time.perf_counter()
        fig.savefig(io.BytesIO(), format="svg", bbox_inches="tight", metadata={"Date": None})
        svgd = time.perf_counter()
        plt.close(fig)
        build.append(built - start)
        png.append(pngd - built)
        svg.append(svgd - pngd)
    n = len(indicators)
    return [
        ("one chart: build the figure", f"{statistics.median(build[n:]):.2f} s"),
        ("one chart: save PNG (150 dpi, tight box)", f"{statistics.median(png[n:]):.2f} s"),
        ("one chart: save SVG (text as paths)", f"{statistics.median(svg[n:]):.2f} s"),
    ]


def _kernel_starts() -> list[tuple[str, str]]:
    """Start → ready (warm imports made) of a new kernel and of one forked from the fork server."""
    from hzcompare.pack.forkserver import WARM_IMPORTS, ForkServer, spec_manager
    from jupyter_client.manager import KernelManager

    folder = tempfile.mkdtemp(prefix="hzkernels-")
    server = ForkServer(folder)
    time.sleep(3)  # the server's own imports are made once per pack, not per kernel

    def start(argv):
        km = KernelManager(  # over IPC sockets, as a pack's kernels are
            kernel_name="python3",
            transport="ipc",
            ip=os.path.join(folder, "k"),
            **({"kernel_spec_manager": spec_manager(argv)} if argv else {}),
        )
        km.start_kernel(cwd=folder, extra_arguments=[f"--IPKernelApp.exec_lines={WARM_IMPORTS}"])
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        kc.stop_channels()
        km.shutdown_kernel(now=True)

    try:
        new = _median(lambda: start(None), 3)
        forked = _median(lambda: start(server.kernel_argv()), 3)
    finally:
        server.stop()
    return [
        ("kernel start → ready, warm imports made: a new kernel", f"{new:.2f} s"),
        ("kernel start → ready, warm imports made: forked from the fork server", f"{forked:.2f} s"),
    ]


def profile(pack: Path | None = None) -> list[tuple[str, str]]:
    """(step, time) rows; ``pack``: a rendered 2022 pack to reuse (else one is rendered)."""
    from hzcompare.pack.files import pack_tables
    from hzcompare.pack.params import load_params
    from hzcompare.report import webfont
    from hzcompare.report.excel import write_workbook

    tmp = Path(tempfile.mkdtemp(prefix="hzprofile-"))
    if pack is None:
        pack = tmp / "pack"
        subprocess.run(
            [str(BIN / "hzcompare"), "pack", "--year", "2022", "--out", str(pack)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    rows = []
    start = time.perf_counter()
    from hzcompare.pack import render

    render.init_worker()  # as a pack's worker: imports, then one export to warm the templates
    took = time.perf_counter() - start
    rows.append(("worker start: import papermill, nbconvert; warm the exporter", f"{took:.2f} s"))
    trends = pack / "07_trends.ipynb"
    copy = tmp / trends.name
    copy.write_bytes(trends.read_bytes())
    took = _median(lambda: render.write_report_page(copy), 3)
    rows.append(("HTML export of 07_trends (warm worker)", f"{took:.2f} s"))
    params = load_params(ROOT / "params" / "2022.yaml")
    took = _median(lambda: write_workbook(tmp / "w.xlsx", pack_tables(params)), 3)
    rows.append(("workbook: its tables (data loaded) and the .xlsx", f"{took:.2f} s"))
    pages = [p.read_text("utf-8") for p in sorted(pack.glob("*.html"))]
    chars = "".join(sorted(set().union(*map(webfont.characters_of, pages))))
    took = _median(lambda: webfont.subset(chars), 3)
    rows.append((f"web-font subset ({len(chars)} characters, WOFF2)", f"{took:.2f} s"))
    rows += _kernel_starts()
    rows += _charts()
    import json

    manifest = json.loads((pack / "manifest.json").read_text("utf-8"))
    for r in sorted(manifest["notebooks"], key=lambda r: r["began"]):
        rows.append(
            (
                f"notebook {r['notebook']}: its turn → HTML written (kernel wait included)",
                f"{r['seconds']:.2f} s, from {r['began']:.2f} s into the run",
            )
        )
    rows.append(("the whole pack (its manifest)", f"{manifest['seconds']:.2f} s"))
    return rows


if __name__ == "__main__":
    pack = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    for step, took in profile(pack):
        print(f"| {step} | {took} |")
