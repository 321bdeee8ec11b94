"""Colours that stay apart: every two areas of the registry, in normal vision and under
simulated deuteranopia (CIEDE2000, the colours as drawn)."""

from __future__ import annotations

import pytest
from conftest import run_cli
from hzcompare.dataset.areas import load_areas
from hzcompare.dataset.palette import DEUTERANOPIA_MIN, NORMAL_MIN, ciede2000, distances


@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [  # Sharma, Wu and Dalal (2005), test data for CIEDE2000
        ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
        ((50, 2.5, 0), (73, 25, -18), 27.1492),
        ((50, 2.5, 0), (50, 0, -2.5), 4.3065),
        ((22.7233, 20.0904, -46.694), (23.0331, 14.973, -42.5619), 2.0373),
    ],
)
def test_ciede2000_matches_the_published_test_data(lab1, lab2, expected):
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


def test_every_two_areas_that_can_share_a_chart_stay_apart():
    areas = load_areas()
    drawn = {c: a.colour for c, a in areas.items() if a.level != "functional_zone"}
    assert len(drawn) == 14
    pairs = distances(drawn)
    assert len(pairs) == 14 * 13 // 2
    worst_normal = min(p[2] for p in pairs)
    worst_deut = min(p[3] for p in pairs)
    assert worst_normal >= NORMAL_MIN, min(pairs, key=lambda p: p[2])
    assert worst_deut >= DEUTERANOPIA_MIN, min(pairs, key=lambda p: p[3])
    # a functional zone is drawn as its successor, in its colour
    assert areas["qiantang_new_area"].colour == areas["qiantang"].colour


def test_validate_refuses_a_new_area_colour_too_close_to_another(root_copy):
    units = root_copy / "data/units.csv"
    text = units.read_text(encoding="utf-8")
    units.write_text(
        text.replace(
            "binjiang,district,滨江区,Binjiang,hangzhou,#8C2748",
            "binjiang,district,滨江区,Binjiang,hangzhou,#00A070",
        ),
        encoding="utf-8",
    )
    result = run_cli("validate", str(root_copy / "data/curated"))
    assert result.returncode == 1
    assert "qiantang (#009E73) and binjiang (#00A070) are too alike" in result.stdout
    assert "pick another for binjiang" in result.stdout
