"""The HTML shell of every page of a pack: one stylesheet, the web-font slot, a title."""

from __future__ import annotations

from html import escape

from .webfont import PLACEHOLDER

PHONE_COLUMN = 390  # px: the phone the pages are checked at; phone layouts are drawn this wide
PHONE_SCREEN = 640  # px: screens up to this wide show a chart's phone layout where it has one
PHONE_SUFFIX = ".phone.png"  # a chart's phone layout: <name>.phone.png beside <name>.png

# One column that fits any screen: images scale to it, wide tables scroll inside their own box
# (great_tables wraps each in one), long words and addresses break.
STYLE = """*{box-sizing:border-box}html{-webkit-text-size-adjust:100%}
body{max-width:1100px;margin:1.5em auto;padding:0 1em;line-height:1.5;color:#222;
overflow-wrap:break-word}h1{font-size:1.6em;line-height:1.25}
img{max-width:100%;height:auto}table{border-collapse:collapse;margin:.5em 0}
td,th{border-bottom:1px solid #ddd;padding:.25em .5em;vertical-align:top;font-size:90%;
text-align:left}pre{white-space:pre-wrap;font-size:85%;background:#f7f7f7;padding:.5em}
.gallery{display:flex;flex-wrap:wrap;gap:1em}.gallery figure{flex:1 1 300px;max-width:520px;
margin:0}figure.headline{margin:0}figcaption{font-size:85%;color:#444}
.story li{margin:.4em 0}details summary{cursor:pointer;color:#2166ac;font-size:90%}
.wide{overflow-x:auto}.lede{font-size:105%}nav{font-size:90%;margin-bottom:1em}
.jp-OutputArea-output,.output_html{overflow-x:auto;max-width:100%}
.anchor-link{display:none}"""


def html_page(title: str, body: str, nav: str = "") -> str:
    """A complete UTF-8 page around ``body`` (already HTML); ``title`` is escaped here."""
    return (
        '<!doctype html>\n<html lang="zh-Hans"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style>{PLACEHOLDER}</head>\n"
        f"<body>{nav}{body}</body></html>\n"
    )


def picture_html(
    link: str, src: str, alt: str, phone_src: str | None = None, width: int | None = None
) -> str:
    """A chart in a page, linked to ``link`` (its full-size PNG, to zoom): ``src`` (``width`` px
    wide at most, scaled to the column) and, on a screen up to ``PHONE_SCREEN`` px wide,
    ``phone_src`` if the chart has a phone layout. ``link``, ``src`` and ``phone_src`` are the
    project's own file names or data URLs; all is escaped."""
    source = ""
    if phone_src is not None:
        source = (
            f'<source media="(max-width: {PHONE_SCREEN}px)" srcset="{escape(phone_src)}" '
            f'width="{PHONE_COLUMN}">'
        )
    size = f' width="{width}"' if width else ""
    shown = f'<picture>{source}<img src="{escape(src)}"{size} alt="{escape(alt)}"></picture>'
    return f'<a href="{escape(link)}">{shown}</a>'
