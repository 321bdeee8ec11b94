"""The HTML shell of every page of a pack: one stylesheet, the web-font slot, a title."""

from __future__ import annotations

from html import escape

from .webfont import PLACEHOLDER

STYLE = """body{max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.5;color:#222}
img{max-width:100%;height:auto}table{border-collapse:collapse;margin:.5em 0}
td,th{border-bottom:1px solid #ddd;padding:.25em .5em;vertical-align:top;font-size:90%;
text-align:left}pre{white-space:pre-wrap;font-size:85%;background:#f7f7f7;padding:.5em}
figure{display:inline-block;margin:.5em;vertical-align:top;width:340px}
figcaption{font-size:85%;color:#444}nav{font-size:90%;margin-bottom:1em}
.anchor-link{display:none}"""


def html_page(title: str, body: str, nav: str = "") -> str:
    """A complete UTF-8 page around ``body`` (already HTML); ``title`` is escaped here."""
    return (
        '<!doctype html>\n<html lang="zh-Hans"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style>{PLACEHOLDER}</head>\n"
        f"<body>{nav}{body}</body></html>\n"
    )
