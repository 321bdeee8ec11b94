"""The notebooks stay thin and their stored outputs are only the pinned ones."""

import nbformat
import pytest
import yaml
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PIN = "# NBVAL_CHECK_OUTPUT"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_outputs_are_stored_only_in_pinned_cells(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    pinned = [c for c in code if c.source.startswith(PIN)]
    assert pinned, "each notebook pins at least one output for nbval"
    for cell in code:
        if not cell.source.startswith(PIN):
            assert not cell.outputs, f"unpinned cell stores outputs: {cell.source[:40]!r}"
    for cell in pinned:
        assert cell.outputs and all(o.get("name") != "stderr" for o in cell.outputs)
    assert not any("execution" in c.metadata for c in nb.cells)  # no timestamps in diffs


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebooks_are_thin(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    for cell in code:
        assert "try:" not in cell.source and "except" not in cell.source  # failures fail loudly
        assert "def " not in cell.source and "class " not in cell.source  # logic lives in lib/
        assert len(cell.source.splitlines()) <= 8


def test_pack_notebooks_have_a_parameters_cell_with_the_pack_keys():
    listing = yaml.safe_load((ROOT / "notebooks/pack.yaml").read_text())["notebooks"]
    for entry in listing:
        nb = nbformat.read(ROOT / "notebooks" / f"{entry['name']}.ipynb", as_version=4)
        params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(params) == 1, entry["name"]
        for key in ("year", "districts", "language", "about_tolerance_pp", "title", "out_dir"):
            assert f"{key} =" in params[0].source, (entry["name"], key)


def test_pack_notebooks_open_with_the_declared_defaults():
    # JupyterLab runs a notebook with its parameters cell as written: the same defaults as a
    # pack whose params file leaves the keys out.
    import ast

    from hzcompare.report import parameters

    listing = yaml.safe_load((ROOT / "notebooks/pack.yaml").read_text())["notebooks"]
    for entry in listing:
        nb = nbformat.read(ROOT / "notebooks" / f"{entry['name']}.ipynb", as_version=4)
        (cell,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        written = {
            node.targets[0].id: ast.literal_eval(node.value)
            for node in ast.parse(cell.source).body
            if isinstance(node, ast.Assign)
        }
        for key, default in parameters.defaults().items():
            assert written[key] == default, (entry["name"], key, written[key])
