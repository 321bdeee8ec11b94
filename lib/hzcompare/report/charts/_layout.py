"""A chart's layout, measured from the renderer: text that overlaps or leaves the figure, and
how much of the figure the plots hold."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

TOUCH = 1.0  # pixels two texts may share at their edges (anti-aliasing, not an overlap)
PLOT_SHARE_MIN = 0.5


def _drawn_texts(fig: Figure) -> list[Text]:
    """The texts a draw of the figure actually draws (tick labels outside the view are not)."""
    drawn: list[Text] = []
    original = Text.draw

    def recording(self: Text, renderer: object) -> None:
        """Note the text, then draw it as matplotlib does."""
        if self.get_visible() and self.get_text().strip():
            drawn.append(self)
        original(self, renderer)

    Text.draw = recording
    try:
        fig.canvas.draw()
    finally:
        Text.draw = original
    return drawn


def _texts(fig: Figure, renderer: object) -> list[tuple[str, Bbox]]:
    """Every drawn, non-empty text of the figure with its extent in pixels."""
    return [(t.get_text(), t.get_window_extent(renderer)) for t in _drawn_texts(fig)]


def layout_problems(fig: Figure) -> list[str]:
    """What is wrong with a drawn chart's layout (empty: nothing): two texts that overlap, a text
    outside the figure, plots holding less than half of the figure."""
    texts = _texts(fig, fig.canvas.get_renderer())
    width, height = fig.bbox.width, fig.bbox.height
    problems = []
    for label, box in texts:
        if box.x0 < -TOUCH or box.y0 < -TOUCH or box.x1 > width + TOUCH or box.y1 > height + TOUCH:
            problems.append(f"text {label!r} leaves the figure")
    for i, (a, box_a) in enumerate(texts):
        for b, box_b in texts[i + 1 :]:
            dx = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
            dy = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
            if dx > TOUCH and dy > TOUCH:
                problems.append(f"texts {a!r} and {b!r} overlap")
    plots = sum(ax.bbox.width * ax.bbox.height for ax in fig.axes if ax.get_visible())
    if plots < PLOT_SHARE_MIN * width * height:
        problems.append(f"the plots hold {plots / (width * height):.0%} of the figure (< 50%)")
    return problems
