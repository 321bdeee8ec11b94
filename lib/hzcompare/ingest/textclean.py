"""Raw text → clean text: one small step per quirk, composed per source in its YAML spec."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from ..dataset import patterns as spec_patterns
from ..errors import HzError

# Tone-marked or plain lowercase pinyin in parentheses glued after a Han character: 區(qū).
# Real parentheses hold Han characters or digits, e.g. 村(社), (一), so they never match.
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]+\)")
# Spaces around a marker go with it; line breaks stay (removing one would join two lines).
_PAGE_MARKER = re.compile(
    r"[ \t\u3000]*[(（](?:下转|下轉|紧接|緊接|上接)第[0-9一二三四五六七八九十]+版[)）][ \t\u3000]*"
)
_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_HEADING_START = re.compile(
    r"^\s*(?:[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d+(?:、|\.(?!\d)))"
)
_SENTENCE_END = tuple("。！？!?：:；;…")
_SECTION = re.compile(r"^[(（]([一二三四五六七八九十]+)[)）]\s*\S")


def join_broken_lines(text: str) -> str:
    """Join a line broken mid-sentence to the next one.

    A line is broken when it holds running prose (a full stop or comma inside), does not end a
    sentence, and the next line is prose too (not empty, not a heading such as ``（二）``).
    Titles and headings carry no sentence punctuation, so they are never joined.
    """
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if out and _is_broken(out[-1]) and line.strip() and not _HEADING_START.match(line):
            out[-1] = out[-1] + line
        else:
            out.append(line)
    return "\n".join(out)


def _is_broken(line: str) -> bool:
    body = line.rstrip()
    if not body or _HEADING_START.match(body):
        return False
    return any(p in body for p in "。，,") and not body.endswith(_SENTENCE_END)


def strip_pinyin(text: str) -> str:
    """Remove pinyin glued after characters (``區(qū)`` → ``區``), keeping real parentheses."""
    return _PINYIN.sub("", text)


@cache
def _converter():
    import opencc  # imported here: only curate needs it

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert Traditional characters to Simplified with OpenCC (t2s)."""
    return _converter().convert(text)


def drop_page_markers(text: str) -> str:
    """Drop newspaper page markers such as ``(下转第3版)`` / ``(紧接第1版)``, joining the text."""
    return _PAGE_MARKER.sub("", text)


def drop_lines(text: str, patterns: list[str]) -> str:
    """Drop every line matching one of ``patterns`` (regular expressions, e.g. web debris)."""
    return "\n".join(
        ln for ln in text.split("\n") if not any(spec_patterns.search(p, ln) for p in patterns)
    )


def drop_repeated_lines(text: str, patterns: list[str]) -> str:
    """Keep the first line matching each pattern and drop its repeats (page headers)."""
    seen: set[int] = set()
    out = []
    for line in text.split("\n"):
        hit = next((i for i, p in enumerate(patterns) if spec_patterns.search(p, line)), None)
        if hit is not None:
            if hit in seen:
                continue
            seen.add(hit)
        out.append(line)
    return "\n".join(out)


def strip_markdown_emphasis(text: str) -> str:
    """Remove markdown bold markers: ``**1100亿元**`` → ``1100亿元``."""
    return _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)


def collapse_duplicate_sections(text: str) -> str:
    """Merge sections printed more than once under the same ``(二) …`` heading.

    A section runs from its heading to the next heading. A repeated heading's lines are merged
    into its first appearance (lines already there are dropped), so every heading and every
    paragraph appears once. Sections that only share a number (mis-numbered) are kept.
    """
    blocks: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in text.split("\n"):
        if _SECTION.match(line):
            blocks.append((line.strip(), []))
        else:
            blocks[-1][1].append(line)
    merged: dict[str | None, list[str]] = {}
    order: list[str | None] = []
    for heading, body in blocks:
        if heading not in merged:
            merged[heading] = []
            order.append(heading)
        have = {ln for ln in merged[heading] if ln.strip()}
        merged[heading].extend(ln for ln in body if not ln.strip() or ln not in have)
    out: list[str] = []
    for heading in order:
        if heading is not None:
            out.append(heading)
        out.extend(merged[heading])
    return "\n".join(out)


def tidy_whitespace(text: str) -> str:
    """Strip trailing spaces, collapse runs of blank lines, end with one newline."""
    lines = [ln.rstrip(" \u3000\r") for ln in text.replace("\r\n", "\n").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return text + "\n"


def tidy_table(text: str) -> str:
    """For tab-separated tables: keep tabs, drop trailing empty cells and blank lines."""
    lines = [ln.rstrip("\t ").replace("\r", "") for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln.strip()) + "\n"


STEPS: dict[str, Callable[..., str]] = {
    "join_broken_lines": join_broken_lines,
    "strip_pinyin": strip_pinyin,
    "to_simplified": to_simplified,
    "drop_page_markers": drop_page_markers,
    "drop_lines": drop_lines,
    "drop_repeated_lines": drop_repeated_lines,
    "strip_markdown_emphasis": strip_markdown_emphasis,
    "collapse_duplicate_sections": collapse_duplicate_sections,
    "tidy_whitespace": tidy_whitespace,
    "tidy_table": tidy_table,
}


def clean(text: str, steps: list) -> str:
    """Apply ``steps`` (names, or mappings ``{name: {arg: value}}`` with the spec line of the
    step under ``__line__``) in order; a step's error carries its line."""
    for step in steps:
        if isinstance(step, str):
            name, kwargs, line = step, {}, None
        else:
            line = step.get("__line__")
            name, kwargs = next((k, v) for k, v in step.items() if k != "__line__")
        try:
            text = STEPS[name](text, **(kwargs or {}))
        except HzError as e:
            raise HzError(f"cleaning step {name!r}: {e.message}", e.file, e.line or line) from None
    return text
