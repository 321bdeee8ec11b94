"""Imported once, by the multiprocessing fork server the render workers are forked from.

Every worker then starts with papermill and nbconvert imported and the HTML exporter warm
(``render.warm``), instead of each paying ~1.2 s of CPU for them.
"""

from __future__ import annotations

import contextlib

from .render import warm

# Not the place to fail: the server's error would be lost. Each worker calls warm() again, a
# no-op when this worked, and there a failure is raised and reported like any other.
with contextlib.suppress(Exception):
    warm()
