"""The pack writer: artefacts, failure handling, interruption, and concurrent runs."""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from openpyxl import load_workbook


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_pack_artefacts(project):
    _, _, out, result = project
    names = {p.name for p in out.iterdir()}
    for nb in (
        "01_overview",
        "02_gdp",
        "03_rd_intensity",
        "04_investment",
        "05_scorecard",
        "07_trends",
    ):
        assert {f"{nb}.ipynb", f"{nb}.html"} <= names
    assert "06_task_tracker.ipynb" not in names  # only in the 2023 pack
    charts = {p.name for p in (out / "charts").iterdir()}
    for chart in ("2022_gdp_growth", "2022_rd_intensity", "2022_fai_growth", "2022_scorecard"):
        assert {f"{chart}.png", f"{chart}.svg", f"{chart}.csv"} <= charts
    html = (out / "02_gdp.html").read_text(encoding="utf-8")
    assert "data:image/png;base64" in html
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "hzcompare_2022.xlsx" in index and "charts/2022_gdp_growth.svg" in index
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["year"] == 2022
    assert {n["notebook"] for n in manifest["notebooks"]} >= {"02_gdp", "05_scorecard"}
    assert all(n["status"] == "ok" and n["seconds"] > 0 for n in manifest["notebooks"])
    assert "indicators.csv" in manifest["data_sha256"]
    assert manifest["font"]["file"] == "NotoSansCJKsc-Regular.otf"
    assert manifest["packages"]["pandas"]
    wb = load_workbook(out / "hzcompare_2022.xlsx")
    assert {
        "indicators",
        "scorecard",
        "promise_record",
        "gap_to_city",
        "data_dictionary",
        "sources",
        "coverage",
    } <= set(wb.sheetnames)
    assert wb["indicators"]["K1"].value == "quote"
    assert "TCP without encryption" not in result.stderr


def test_trend_chart_data_breaks_at_the_boundary_and_carries_grades(project):
    import pandas as pd

    out = project[2]
    gdp = pd.read_csv(out / "charts/trend_gdp.csv")
    qiantang = gdp[(gdp["district"] == "qiantang") & (gdp["kind"] == "actual")]
    segments = qiantang.set_index("year")["segment"].to_dict()
    assert segments[2019] == "before_boundary" and segments[2021] == "current"
    assert set(gdp["grade"]) <= {"document", "official", "reprint", "news"}
    assert gdp["preferred"].all() and gdp["source_id"].notna().all()
    growth = pd.read_csv(out / "charts/trend_gdp_growth.csv")
    assert "hangzhou" in set(growth["district"])  # the city rides along for rates
    assert "hangzhou" not in set(gdp["district"])  # but not for levels


def test_executed_notebooks_show_the_key_figures(project):
    out = project[2]
    nb = json.loads((out / "05_scorecard.ipynb").read_text(encoding="utf-8"))
    text = "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []))
    assert "tolerance for 'about' (左右) targets: 0.5 points" in text
    assert "stretch missed" in text and "*boundary" in text


def test_failed_notebook_names_itself_and_keeps_previous_pack(project, tmp_path):
    root, env, out, _ = project
    before = digest(out)
    broken = tmp_path / "broken"
    shutil.copytree(root / "notebooks", broken / "notebooks")
    for part in ("data", "params"):
        (broken / part).symlink_to(root / part)
    nb_path = broken / "notebooks" / "03_rd_intensity.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    nb["cells"][3]["source"] = "raise ValueError('district data broken')"
    nb_path.write_text(json.dumps(nb), encoding="utf-8")
    result = run_cli(
        "pack", "--year", "2022", "--out", str(out), env={**env, "HZCOMPARE_ROOT": str(broken)}
    )
    assert result.returncode == 1
    assert (
        "03_rd_intensity.ipynb failed at cell 3 (`raise ValueError('district data broken')`): ValueError: district data broken"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert digest(out) == before
    assert (out.parent / "2022.failed" / "03_rd_intensity.ipynb").exists()


def _default_sigint() -> None:
    # A shell's background job (`make test &`) hands its children SIGINT as ignored; the pack
    # under test must get the default handler, as it has when a user runs it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(env, out):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hzcompare.cli",
            "pack",
            "--year",
            "2022",
            "--out",
            str(out),
            "--jobs",
            "2",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_default_sigint,
    )


def _stagings(out: Path) -> set[Path]:
    return set(out.parent.glob(f".{out.name}.staging-*"))


def _wait_for_staging(out: Path, proc, before: set[Path], timeout=60):
    """Wait until the pack is mid-render: its own staging folder has its first chart.

    A SIGKILLed pack leaves its staging folder behind (the next pack removes it): ``before``
    holds the folders that existed before this pack started.
    """
    end = time.time() + timeout
    while time.time() < end:
        if any((stage / "charts").is_dir() for stage in _stagings(out) - before):
            return
        if proc.poll() is not None:
            pytest.fail(f"pack ended before it could be interrupted: {proc.stderr.read()}")
        time.sleep(0.02)
    pytest.fail("pack never started rendering")


@pytest.mark.parametrize(
    "sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["SIGINT", "SIGTERM", "SIGKILL"]
)
def test_killed_pack_leaves_previous_pack_byte_identical(project, sig):
    _, env, out, _ = project
    before_digest = digest(out)
    before = _stagings(out)
    proc = _start(env, out)
    _wait_for_staging(out, proc, before)
    if sig == signal.SIGKILL:
        os.killpg(proc.pid, sig)
    else:
        os.kill(proc.pid, sig)
    proc.wait(timeout=60)
    if sig != signal.SIGKILL:
        assert proc.returncode == 130
        assert "left as it was" in proc.stderr.read()
        assert not _stagings(out) - before
    assert digest(out) == before_digest


def test_two_packs_into_one_folder_do_not_collide(project):
    _, env, out, _ = project
    before = _stagings(out)
    first = _start(env, out)
    _wait_for_staging(out, first, before)
    second = run_cli("pack", "--year", "2022", "--out", str(out), env=env)
    assert second.returncode == 2 and "another pack is being rendered" in second.stderr
    assert first.wait(timeout=120) == 0, first.stderr.read()
    assert (out / "index.html").exists()
    assert not list(out.parent.glob(f".{out.name}.staging-*"))
    # Kernel folders of the pack killed with -9 earlier in this module were tidied up too.
    from hzcompare.pack.render import KERNEL_DIR_PREFIX

    for folder in Path(tempfile.gettempdir()).glob(f"{KERNEL_DIR_PREFIX}*"):
        pid = int(folder.name[len(KERNEL_DIR_PREFIX) :].split("-")[0])
        assert Path(f"/proc/{pid}").exists(), f"orphan kernel folder {folder}"


def test_html_escapes_document_text(project, tmp_path):
    import pandas as pd
    from hzcompare.pack.files import write_index
    from hzcompare.pack.params import PackParams

    sources = pd.DataFrame(
        [
            {
                "title": "<script>alert(1)</script>",
                "published": "2022",
                "admin_unit": "a&b",
                "boundary": '"x"',
                "access": "news",
                "address": "https://example.com/?a=1&b='><script>",
            }
        ]
    )
    write_index(tmp_path, PackParams(2022, ["qiantang"], "en", 0.5, "<b>t</b>"), [], sources)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<b>t</b>" not in page
    assert "href='https://example.com/?a=1&amp;b=&#x27;&gt;&lt;script&gt;'" in page


def test_bad_curated_data_stops_the_pack_before_any_kernel(root_copy, tmp_path):
    csv = root_copy / "data/curated/indicators.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",4.43,", ",44.3,"), encoding="utf-8")
    result = run_cli("pack", "--year", "2022", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "indicators.csv:" in result.stderr and "implausible rd_intensity 44.3" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()
    assert not list(tmp_path.glob(".out.staging-*"))


def test_pack_all_renders_every_year_and_one_failure_costs_no_other(project, root_copy):
    """`pack --all`: one worker pool for all years; a year whose notebook fails is kept aside,
    the others are swapped in; the charts and their data are the bytes of a pack made alone."""
    for params in (root_copy / "params").glob("*.yaml"):
        if params.stem not in ("2021", "2022"):
            params.unlink()
    broken = root_copy / "notebooks" / "99_broken.ipynb"
    shutil.copy(root_copy / "notebooks" / "01_overview.ipynb", broken)
    nb = json.loads(broken.read_text(encoding="utf-8"))
    nb["cells"].append(
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "b0rken",
            "metadata": {},
            "outputs": [],
            "source": ["raise ValueError('broken for 2021 only')"],
        }
    )
    broken.write_text(json.dumps(nb), encoding="utf-8")
    listing = root_copy / "notebooks" / "pack.yaml"
    listing.write_text(
        listing.read_text(encoding="utf-8") + "  - {name: 99_broken, only_years: [2021]}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "HZCOMPARE_ROOT": str(root_copy)}
    result = run_cli("pack", "--all", env=env)
    assert result.returncode == 1, result.stderr
    assert "99_broken.ipynb failed" in result.stderr and "broken for 2021 only" in result.stderr
    packs = root_copy / "packs"
    assert (packs / "2022" / "manifest.json").exists() and not (packs / "2021").exists()
    assert (packs / "2021.failed" / "99_broken.ipynb").exists()
    # The trends notebook does not depend on the year: rendered once in the run, for both.
    lines = result.stdout.splitlines()
    assert [ln.split()[:3] for ln in lines if "07_trends" in ln] == [["2021", "2022", "07_trends"]]
    alone = project[2] / "charts"
    together = packs / "2022" / "charts"
    names = sorted(p.name for p in alone.iterdir())
    assert names == sorted(p.name for p in together.iterdir())
    for name in names:
        assert (alone / name).read_bytes() == (together / name).read_bytes(), name
    # So are the report pages (the index alone states the run's timings).
    pages = sorted(p.name for p in project[2].glob("*.html") if p.name != "index.html")
    assert len(pages) == 6
    for name in pages:
        assert (project[2] / name).read_bytes() == (packs / "2022" / name).read_bytes(), name


def test_executed_notebook_is_the_same_however_the_kernel_split_its_prints(tmp_path):
    import nbformat
    from hzcompare.pack.render import _make_reproducible

    def executed(*pieces):
        nb = nbformat.v4.new_notebook()
        params = nbformat.v4.new_code_cell("year = 2022")
        params.metadata["tags"] = ["injected-parameters"]
        cell = nbformat.v4.new_code_cell("print(table); warn()", id="gaps")
        cell.outputs = [nbformat.v4.new_output("stream", name=n, text=t) for n, t in pieces]
        nb.cells = [params, cell]
        path = tmp_path / "nb.ipynb"
        _make_reproducible(nb, path)
        return path.read_bytes(), nbformat.read(path, as_version=4)

    whole, nb = executed(("stdout", "gap -0.30 pp\n"), ("stderr", "careful\n"))
    split, _ = executed(("stdout", "gap -0.30 pp"), ("stdout", "\n"), ("stderr", "careful\n"))
    assert split == whole  # the same page, whatever the kernel's flushes
    assert [(o.name, o.text) for o in nb.cells[1].outputs] == [
        ("stdout", "gap -0.30 pp\n"),
        ("stderr", "careful\n"),  # another stream is never merged in
    ]
    assert nb.cells[0].id == "injected-parameters"


@pytest.mark.parametrize("plain", ["0", "1"], ids=["accelerated", "plain"])
def test_a_script_without_a_main_guard_renders_its_pack_once(root_copy, tmp_path, plain):
    # Spawned workers (the plain path: macOS, Windows) would import the main script again; a
    # researcher's script need not know about it.
    (root_copy / "notebooks" / "pack.yaml").write_text(
        "notebooks:\n  - {name: 01_overview}\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    script = tmp_path / "render.py"
    script.write_text(
        "from pathlib import Path\n"
        "from hzcompare.pack.run import run_pack\n"
        f"print('status', run_pack(2022, out=Path({str(out)!r})))\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "HZCOMPARE_PLAIN": plain},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("status") == 1 and "status 0" in result.stdout
    assert (out / "01_overview.html").is_file()


def test_the_main_module_is_hidden_only_while_workers_start(monkeypatch):
    import types

    from hzcompare.pack.render import main_not_imported_again

    module = types.ModuleType("__main__")
    module.__file__ = "/home/r/render.py"
    monkeypatch.setitem(sys.modules, "__main__", module)
    with main_not_imported_again():
        assert not hasattr(module, "__file__") and module.__spec__ is None
    assert module.__file__ == "/home/r/render.py" and module.__spec__ is None
