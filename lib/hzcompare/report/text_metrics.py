"""One memo of text sizes for every renderer of a process: the same string, the same size.

matplotlib measures text once per renderer, and a saved chart makes several: the layout pass
and the final draw of each format, each chart's own. Measuring a CJK string (laying it out with
FreeType) is the largest single cost of a chart here, and most strings (years, area names,
legend entries) recur. A measurement depends only on the renderer's kind and resolution, the
string, the font properties and the font settings, so it is kept under exactly those; the
charts' bytes are unchanged (``tests/test_outputs.py`` holds them equal with and without it).
"""

from __future__ import annotations

from matplotlib import font_manager, rcParams
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.backends.backend_svg import RendererSVG

RENDERERS = (RendererAgg, RendererSVG)
# The settings matplotlib 3.11 reads to find a font and measure a string with it (hinting_factor
# is no longer read there; kept, at no cost, for other versions).
FONT_SETTINGS = (
    "font.family",
    "font.sans-serif",
    "font.serif",
    "font.monospace",
    "font.cursive",
    "font.fantasy",
    "text.hinting",
    "text.hinting_factor",
    "text.kerning_factor",
    "font.enable_last_resort",
)
MAX_ENTRIES = 100_000  # a bound, never reached by a notebook (a pack's kernel holds ~1,000)
_memo: dict = {}
_measure: dict = {}  # each renderer class's own method, kept to measure a miss and to uninstall


def _font_key() -> tuple:
    return (len(font_manager.fontManager.ttflist), *(str(rcParams[k]) for k in FONT_SETTINGS))


def _memoised(kind: type) -> object:
    measure = _measure[kind]

    def get_text_width_height_descent(
        self: object, s: str, prop: object, ismath: bool | str
    ) -> tuple[float, float, float]:
        """Width, height and descent of ``s``, from the memo when measured before."""
        if ismath:  # math text and TeX go their own ways; never memoised
            return measure(self, s, prop, ismath)
        key = (kind, getattr(self, "dpi", None), s, prop.copy(), _font_key())
        size = _memo.get(key)
        if size is None:
            if len(_memo) >= MAX_ENTRIES:
                _memo.clear()
            size = _memo[key] = measure(self, s, prop, ismath)
        return size

    return get_text_width_height_descent


def install() -> None:
    """Measure text through the shared memo in this process (idempotent)."""
    for kind in RENDERERS:
        if kind not in _measure:
            _measure[kind] = kind.get_text_width_height_descent
            kind.get_text_width_height_descent = _memoised(kind)


def uninstall() -> None:
    """Measure text as matplotlib does, renderer by renderer; forget the memo."""
    for kind, measure in _measure.items():
        kind.get_text_width_height_descent = measure
    _measure.clear()
    _memo.clear()
