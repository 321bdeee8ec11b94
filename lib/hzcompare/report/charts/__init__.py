"""Charts in the house style: each function draws one chart and returns ``(figure, data)``,
the data being the rows it plots, each with its quote and source.

Importing this module applies the house style (the bundled CJK font, so no glyph is a box;
seaborn's theme kept with it). ``save_chart`` writes a drawn chart's PNG, SVG and CSV under
``<out_dir>/charts/`` and says where. A chart function with a ``phone`` argument also draws
a layout for phones (in a pack: ``<name>.phone.png``, shown on narrow screens). The names below
are this module's whole public face.
"""

from ._promises import promise_chart
from ._results import levels, paths_over_time, scorecard_chart, targets_vs_actuals
from ._style import save_chart, use_house_style
from ._tasks import share_chart, status_chart
from ._trends import trend

__all__ = [
    "levels",
    "paths_over_time",
    "promise_chart",
    "save_chart",
    "scorecard_chart",
    "share_chart",
    "status_chart",
    "targets_vs_actuals",
    "trend",
    "use_house_style",
]

use_house_style()
