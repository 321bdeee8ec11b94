"""The phone layout of the wide charts: one column as wide as a phone's screen, every text
wrapped to it, and a figure as tall as its content.

A wide chart scaled down to a phone's column shrinks its text below reading size; its phone
layout is drawn at the width it is shown at, so its text keeps the size it was set in.
"""

from __future__ import annotations

import base64
import inspect
import math
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from ..labels import chart_caption
from ..page import PHONE_COLUMN, PHONE_SUFFIX, picture_html
from ._style import Chart, chart_stem, source_line

PHONE_WIDTH = PHONE_COLUMN / 100  # inches: pages show charts at 100 px an inch
TEXT_WIDTH = PHONE_WIDTH - 0.15
LINE = 1.3  # a line's height in font sizes
PAD = 0.08  # inches between blocks and at the edges


def text_width(text: str, fontsize: float) -> float:
    """An estimate of ``text``'s width in inches: a CJK or full-width character is one em, any
    other 0.56 em, a little above the bundled font's average for Latin text and digits."""
    ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.56 for c in text)
    return ems * fontsize / 72


def wrap(units: Sequence[str], fontsize: float, sep: str = " ") -> list[str]:
    """``units`` (words, or key entries) joined by ``sep`` into lines no wider than the phone
    column; a unit too long for a line is broken at its spaces."""
    lines: list[str] = []
    for unit in units:
        if " " in unit and sep != " " and text_width(unit, fontsize) > TEXT_WIDTH:
            lines += wrap(unit.split(" "), fontsize)
            continue
        candidate = f"{lines[-1]}{sep}{unit}" if lines else unit
        if lines and text_width(candidate, fontsize) <= TEXT_WIDTH:
            lines[-1] = candidate
        else:
            lines.append(unit)
    return lines


def block_height(lines: list[str], fontsize: float) -> float:
    """The height in inches of ``lines`` set at ``fontsize``."""
    return len(lines) * fontsize * LINE / 72 if lines else 0.0


def phone_finish(
    fig: Figure,
    rows: pd.DataFrame,
    sources: pd.DataFrame,
    lang: str,
    title: str,
    plots_height: float,
    key: list[str],
    handles: list | None = None,
) -> Chart:
    """Size a one-column figure to its content and lay it out from the top: the title
    wrapped, the plots ``plots_height`` inches tall, a legend of ``handles`` in two columns,
    the key entries, the sources. Returns the chart."""
    title_lines = wrap(title.split(" "), 10.5)
    key_lines = wrap(key, 7.5, sep="   ")
    source_lines = wrap(source_line(rows["source_id"], sources, lang).split(" "), 7)
    legend = math.ceil(len(handles or []) / 2) * 7.5 * 1.9 / 72
    below = [block_height(source_lines, 7), block_height(key_lines, 7.5), legend]
    bottom = PAD + sum(h + PAD for h in below if h)
    top = PAD + block_height(title_lines, 10.5) + PAD
    height = top + plots_height + bottom
    fig.set_size_inches(PHONE_WIDTH, height)
    fig.text(0.02, 1 - PAD / height, "\n".join(title_lines), fontsize=10.5, va="top")
    y = PAD
    fig.text(0.02, y / height, "\n".join(source_lines), fontsize=7, color="#555555", va="bottom")
    y += below[0] + PAD
    if key_lines:
        fig.text(0.02, y / height, "\n".join(key_lines), fontsize=7.5, color="#333333", va="bottom")
        y += below[1] + PAD
    if handles:
        fig.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(0.0, y / height),
            ncol=2,
            fontsize=7.5,
            frameon=False,
            borderaxespad=0.2,
            handletextpad=0.3,
        )
    fig.tight_layout(rect=(0, bottom / height, 1, 1 - top / height), pad=0.5)
    return fig, rows.reset_index(drop=True)


def has_phone_layout(chart: Callable[..., Chart]) -> bool:
    """Whether a chart function draws a phone layout: it takes a ``phone`` argument."""
    return "phone" in inspect.signature(chart).parameters


def save_phone_chart(fig: Figure, name: str, out_dir: str | Path) -> Path:
    """Write a chart's phone layout as ``<out_dir>/charts/<name>.phone.png``."""
    stem = chart_stem(out_dir, name)
    path = stem.with_name(stem.name + PHONE_SUFFIX)
    fig.savefig(path, bbox_inches="tight")
    return path


def picture(png: Path, fig: Figure, phone_png: Path | None, lang: str, name: str) -> str:
    """The HTML that shows a saved chart in a page, carried in it: at its drawn width (100 px
    an inch, scaled down to the column), and on a narrow screen its phone layout if it has one;
    a tap opens the full-size PNG beside the page (``charts/``), to zoom."""
    phone = _data_url(phone_png) if phone_png is not None else None
    width = round(fig.get_figwidth() * 100)
    alt = chart_caption(name, lang)
    return picture_html(f"charts/{png.name}", _data_url(png), alt, phone, width)


def _data_url(png: Path) -> str:
    """A PNG file as a data URL, so a page carries its pictures."""
    return "data:image/png;base64," + base64.b64encode(png.read_bytes()).decode("ascii")
