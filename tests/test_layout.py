"""Every chart of every shipped pack, and its phone layout where it has one, passes a layout
check measured from the renderer: no two texts overlap, no text leaves the figure, the plots hold
at least half of the figure.

The charts are drawn as the pack draws them: each notebook's code cells run with the pack's
parameters, ``ctx.chart`` handing each chart to the check instead of saving it.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import pytest
from conftest import ROOT
from hzcompare.pack.params import load_params
from hzcompare.pack.run import notebook_entries
from hzcompare.report.charts._layout import layout_problems
from hzcompare.report.charts._phone import has_phone_layout
from hzcompare.report.notebook import Context

YEARS = sorted(int(p.stem) for p in (ROOT / "params").glob("*.yaml"))


def _charts_of(notebook: Path, parameters: dict, monkeypatch: pytest.MonkeyPatch) -> dict:
    """Run a notebook's code cells in this process; the charts its ``ctx.chart`` calls draw."""
    drawn: dict = {}

    def check(self: Context, name: str, chart: object, *args: object, **kwargs: object) -> None:
        fig, _ = chart(*args, **kwargs) if callable(chart) else chart
        drawn[name] = layout_problems(fig)
        plt.close(fig)
        if callable(chart) and has_phone_layout(chart):
            fig, _ = chart(*args, **kwargs, phone=True)
            drawn[f"{name} (phone)"] = layout_problems(fig)
            plt.close(fig)

    monkeypatch.setattr(Context, "chart", check)
    namespace = dict(parameters)
    cells = nbformat.read(notebook, as_version=4).cells
    for cell in cells:
        if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
            continue
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(cell.source, f"{notebook.name}", "exec"), namespace)
    return drawn


@pytest.mark.parametrize("year", YEARS)
def test_every_chart_of_a_pack_passes_the_layout_check(year, monkeypatch):
    params = load_params(ROOT / "params" / f"{year}.yaml").notebook_parameters()
    checked = {}
    for nb in notebook_entries(year, ROOT):
        parameters = {**params, "out_dir": ""}
        if nb.every_year:
            if year != YEARS[0]:
                continue  # the same in every pack: checked once
            parameters.update(year=None, title="")
        checked.update(
            {
                f"{nb.path.stem}:{k}": v
                for k, v in _charts_of(nb.path, parameters, monkeypatch).items()
            }
        )
    assert checked, "no chart drawn"
    if year == YEARS[0]:  # the trends notebook, checked with the first year's pack
        assert any(name.endswith("(phone)") for name in checked), "no phone layout drawn"
    bad = {name: problems for name, problems in checked.items() if problems}
    assert not bad, "\n".join(f"{n}: {'; '.join(p)}" for n, p in bad.items())
