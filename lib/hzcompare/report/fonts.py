"""The bundled CJK font: its family name and file, found without importing matplotlib."""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path

FONT_FAMILY = "Noto Sans CJK SC"


@cache
def font_path() -> Path:
    """The bundled OFL CJK font (Noto Sans CJK SC, shipped by the ``mplfonts`` wheel)."""
    # Located, not imported: importing mplfonts imports matplotlib (~1 s), which the pack's
    # main process and workers need only for this path (the web-font subset).
    spec = find_spec("mplfonts")
    folder = Path(spec.submodule_search_locations[0]) if spec and spec.origin else None
    path = folder / "fonts" / "NotoSansCJKsc-Regular.otf" if folder else None
    if path is None or not path.exists():
        raise FileNotFoundError(f"bundled CJK font missing: {path}; reinstall mplfonts")
    return path
