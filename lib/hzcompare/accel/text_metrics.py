"""One memo of text sizes for every renderer of a process: the same string, the same size.

matplotlib measures text once per renderer, and a saved chart makes several: the layout pass
and the final draw of each format, each chart's own. Measuring a CJK string (laying it out with
FreeType) is the largest single cost of a chart here, and most strings (years, area names,
legend entries) recur. A measurement depends only on the renderer's kind and resolution, the
string, the font properties and the font settings, so it is kept under exactly those; the
charts' bytes are unchanged (``tests/test_outputs.py`` holds them equal with and without it).

Laying a string out also looks its font up and reads two of the font's tables, every time
(~70 µs, ~10,000 times a pack): the lookup is kept under the properties and font settings,
and a table under its font file, which never changes while a process runs.

matplotlib opens a font as a Python file, and FreeType reads it through that file's ``seek``
and ``read``: about a dozen system calls per glyph loaded. The same bytes read from a memory
map cost none.

An accelerator (``accel``): it acts only in a pack's kernels, and each of its three parts only
where matplotlib has the internals it replaces, found by looking for them (``parts``), not by
version number; elsewhere charts are drawn as matplotlib draws them, to the same bytes.
"""

from __future__ import annotations

import functools
import inspect
import mmap
import os
import types

from matplotlib import font_manager, ft2font, rcParams
from matplotlib import text as mpl_text
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
_lookups: dict = {}  # (font properties, settings) → the font files text layout uses
_tables: dict = {}  # (font file, face, table) → the table
_installed: dict[str, bool] = {}  # the parts acting now


# Those this matplotlib has (font.enable_last_resort is newer than 3.8, for one).
_SETTINGS = tuple(k for k in FONT_SETTINGS if k in rcParams)


def _font_key() -> tuple:
    return (len(font_manager.fontManager.ttflist), *(str(rcParams[k]) for k in _SETTINGS))


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


class _FontsOnce:
    """matplotlib.text's font manager, its font lookups kept (everything else passed on)."""

    def __init__(self, manager: font_manager.FontManager) -> None:
        self._manager = manager

    def _find_fonts_by_props(self, prop: object, *args: object, **kwargs: object) -> list:
        """The font files for ``prop``, from the memo when looked up before."""
        key = (prop.copy(), args, tuple(kwargs.items()), _font_key())
        found = _lookups.get(key)
        if found is None:
            found = _lookups[key] = self._manager._find_fonts_by_props(prop, *args, **kwargs)
        return list(found)

    def __getattr__(self, name: str) -> object:
        return getattr(self._manager, name)


class _TablesOnce:
    """A font as matplotlib.text gets it, its tables read once (everything else passed on)."""

    __slots__ = ("_font",)

    def __init__(self, font: object) -> None:
        self._font = font

    def get_sfnt_table(self, name: str) -> dict | None:
        """The font's table ``name``, from the memo when read before."""
        file = self._font.fname
        key = (getattr(file, "name", file), getattr(self._font, "face_index", 0), name)
        if key not in _tables:
            _tables[key] = self._font.get_sfnt_table(name)
        table = _tables[key]
        return None if table is None else dict(table)

    def __getattr__(self, name: str) -> object:
        return getattr(self._font, name)


def _get_font_tables_once(*args: object, **kwargs: object) -> _TablesOnce:
    return _TablesOnce(font_manager.get_font(*args, **kwargs))


class _FontMap(mmap.mmap):
    """A font file's bytes, memory-mapped; ``name`` is the file's path, as for a file."""

    name: str


class _MappedFonts(types.ModuleType):
    """matplotlib's ``ft2font`` module, its fonts read from memory maps of their files."""

    def __getattr__(self, name: str) -> object:
        return getattr(ft2font, name)

    @staticmethod
    def FT2Font(path: str, *args: object, **kwargs: object) -> ft2font.FT2Font:
        """The font at ``path``, read through a memory map (the font keeps the map alive)."""
        with open(path, "rb") as f:
            mapped = _FontMap(f.fileno(), 0, access=mmap.ACCESS_READ)
        mapped.name = path
        return ft2font.FT2Font(mapped, *args, **kwargs)


_MAPPED = _MappedFonts("ft2font_mapped")
_GET_FONT = getattr(font_manager, "_get_font", None)  # matplotlib's own, kept to uninstall


@functools.lru_cache(64)
def _get_mapped_font(font_filepaths: tuple, *args: object, **kwargs: object) -> ft2font.FT2Font:
    # Only the fonts text is drawn with are mapped: a font registered with addfont keeps its
    # path (the font list is saved as JSON), so the swap lasts this call only.
    font_manager.ft2font = _MAPPED
    try:
        return _GET_FONT.__wrapped__(font_filepaths, *args, **kwargs)  # as this version calls it
    finally:
        font_manager.ft2font = ft2font


# As matplotlib does for its own cache: a font's FreeType state must not cross a fork.
os.register_at_fork(after_in_child=_get_mapped_font.cache_clear)


def parts() -> dict[str, bool]:
    """Which parts this matplotlib allows: each needs the internals it replaces, as expected."""
    measure_args = ["self", "s", "prop", "ismath"]
    return {
        "measure": all(
            list(inspect.signature(k.get_text_width_height_descent).parameters) == measure_args
            for k in RENDERERS
        ),
        "lookups": (
            isinstance(getattr(mpl_text, "fontManager", None), font_manager.FontManager)
            and getattr(mpl_text, "get_font", None) is font_manager.get_font
            and hasattr(font_manager.FontManager, "_find_fonts_by_props")
        ),
        "mapped_fonts": (
            _GET_FONT is not None
            and hasattr(_GET_FONT, "__wrapped__")
            and getattr(font_manager, "ft2font", None) is ft2font
        ),
    }


def _maps_fonts() -> bool:
    """Whether a font now comes from a memory map (a probe with matplotlib's own font)."""
    try:
        font = font_manager.get_font(font_manager.findfont("DejaVu Sans", fallback_to_default=True))
    except Exception:  # any failure: the part stands aside
        return False
    return isinstance(font.fname, mmap.mmap)


def install() -> dict[str, bool]:
    """Measure text through the shared memo in this process, each part where matplotlib
    allows it (idempotent); returns which parts act."""
    if _measure or isinstance(getattr(mpl_text, "fontManager", None), _FontsOnce):
        return dict(_installed)
    found = parts()
    if found["measure"]:
        for kind in RENDERERS:
            _measure[kind] = kind.get_text_width_height_descent
            kind.get_text_width_height_descent = _memoised(kind)
    if found["lookups"]:
        mpl_text.fontManager = _FontsOnce(font_manager.fontManager)
        mpl_text.get_font = _get_font_tables_once
    if found["mapped_fonts"]:
        font_manager._get_font = _get_mapped_font
        found["mapped_fonts"] = _maps_fonts()
        if not found["mapped_fonts"]:  # this version builds fonts some other way
            font_manager._get_font = _GET_FONT
    _get_mapped_font.cache_clear()
    _installed.update(found)
    return dict(found)


def uninstall() -> None:
    """Measure text as matplotlib does, renderer by renderer; forget the memo."""
    for kind, measure in _measure.items():
        kind.get_text_width_height_descent = measure
    _measure.clear()
    _memo.clear()
    if _installed.get("lookups"):
        mpl_text.fontManager = font_manager.fontManager
        mpl_text.get_font = font_manager.get_font
    _lookups.clear()
    _tables.clear()
    if _installed.get("mapped_fonts"):
        font_manager._get_font = _GET_FONT
    _get_mapped_font.cache_clear()
    _installed.clear()
