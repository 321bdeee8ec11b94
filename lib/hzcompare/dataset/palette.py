"""Colours that stay apart: the registry's area colours, measured in a perceptual colour space.

Any two areas that can appear in one chart must differ by at least CIEDE2000 15 in normal
vision and 8 under simulated deuteranopia (the commonest colour-vision deficiency), measured
on the colours as drawn (sRGB). colorspacious converts to CIELab and simulates the deficiency
(Machado et al. 2009, full severity); CIEDE2000 is computed here (Sharma et al. 2005).
"""

from __future__ import annotations

import math
from itertools import combinations

NORMAL_MIN = 15.0
DEUTERANOPIA_MIN = 8.0
_DEUTERANOPIA = {"name": "sRGB1+CVD", "cvd_type": "deuteranomaly", "severity": 100}


def rgb(hex_colour: str) -> tuple[float, float, float]:
    """``#RRGGBB`` as sRGB in 0..1."""
    return tuple(int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def lab(colour: tuple[float, float, float], deuteranopia: bool = False) -> tuple:
    """CIELab of an sRGB colour, as seen with normal vision or under deuteranopia."""
    import numpy as np
    from colorspacious import cspace_convert

    seen = np.asarray(colour, float)
    if deuteranopia:
        seen = np.clip(cspace_convert(seen, _DEUTERANOPIA, "sRGB1"), 0, 1)
    return tuple(float(v) for v in cspace_convert(seen, "sRGB1", "CIELab"))


def ciede2000(lab1: tuple, lab2: tuple) -> float:
    """The CIEDE2000 colour difference of two CIELab colours."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1 = math.degrees(math.atan2(b1, a1)) % 360
    h2 = math.degrees(math.atan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_l, d_c = l2 - l1, c2 - c1
    d_h = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * c_mean
    s_h = 1 + 0.015 * c_mean * t
    r_c = 2 * math.sqrt(c_mean**7 / (c_mean**7 + 25**7))
    r_t = -math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2)))) * r_c
    return math.sqrt(
        (d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h)
    )


def distances(colours: dict[str, str]) -> list[tuple[str, str, float, float]]:
    """Every pair of named colours with its CIEDE2000 in normal vision and under deuteranopia."""
    seen = {n: (lab(rgb(c)), lab(rgb(c), deuteranopia=True)) for n, c in colours.items()}
    return [
        (a, b, ciede2000(seen[a][0], seen[b][0]), ciede2000(seen[a][1], seen[b][1]))
        for a, b in combinations(colours, 2)
    ]


def too_close(colours: dict[str, str]) -> list[tuple[str, str, str]]:
    """Each pair of a palette closer than the minimums: (first, second, what is wrong)."""
    return [
        (
            a,
            b,
            f"{a} ({colours[a]}) and {b} ({colours[b]}) are too alike: CIEDE2000 {normal:.1f} "
            f"(at least {NORMAL_MIN:g}), under deuteranopia {deut:.1f} "
            f"(at least {DEUTERANOPIA_MIN:g})",
        )
        for a, b, normal, deut in distances(colours)
        if normal < NORMAL_MIN or deut < DEUTERANOPIA_MIN
    ]
