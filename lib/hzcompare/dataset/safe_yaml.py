"""The one reader of YAML (params, source specs, the notebook list): careless or hostile files
are ``FILE:LINE:`` errors, read fast and in bounded memory.

Refused: files over 1 MiB, text that is not UTF-8, tabs and control characters, anchors and
aliases (a few hundred bytes of them can expand to gigabytes), explicit tags, nesting deeper
than 24 levels, non-text or complex keys, duplicate keys and several documents in one file.
Every scalar is read as text: turning it into a number, year or boolean is the job of the one
typed-value parser (``values``), which refuses what YAML 1.1 would coerce (``2_022`` → 2022,
``no`` → False, ``1:20`` → 80).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import HzError
from .csvio import decode_utf8

MAX_BYTES = 1 << 20
MAX_DEPTH = 24
MAX_NODES = 200_000
BOOKKEEPING = ("__line__", "__keylines__")
_OPEN = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
_REFUSED = {
    yaml.AnchorToken: "anchors (&name) are not allowed: write the value out",
    yaml.AliasToken: "aliases (*name) are not allowed: write the value out",
    yaml.TagToken: "tags (!name) are not allowed: every value is read as text",
}


def _line_of(mark: yaml.Mark | None) -> int:
    return mark.line + 1 if mark is not None else 1


def _check_text(text: str, path: Path) -> None:
    """Tabs and control characters, by line (YAML would misread or refuse them later)."""
    for number, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        if "\t" in line:
            raise HzError("a tab character: indent and separate with spaces", path, number)
        bad = next((c for c in line if ord(c) < 32 or 0x7F <= ord(c) <= 0x9F), None)
        if bad is not None:
            raise HzError(f"a control character (U+{ord(bad):04X}): remove it", path, number)


def _check_tokens(text: str, path: Path) -> None:
    """Refused constructs and nesting depth, from the token stream (no recursion)."""
    depth = 0
    for count, token in enumerate(yaml.scan(text, Loader=yaml.BaseLoader)):
        if count >= MAX_NODES:
            raise HzError(f"more than {MAX_NODES} YAML tokens: too large", path, 1)
        for kind, message in _REFUSED.items():
            if isinstance(token, kind):
                raise HzError(message, path, _line_of(token.start_mark))
        if isinstance(token, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                raise HzError(
                    f"nested more than {MAX_DEPTH} levels deep", path, _line_of(token.start_mark)
                )
        elif isinstance(token, _CLOSE):
            depth -= 1


def _build(node: yaml.Node, path: Path) -> object:
    """Plain Python values from a composed node: dicts (with their lines), lists, text."""
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path) for item in node.value]
    mapping: dict = {"__line__": _line_of(node.start_mark)}
    keylines: dict[str, int] = {}
    for key, value in node.value:
        line = _line_of(key.start_mark)
        if not isinstance(key, yaml.ScalarNode):
            raise HzError("a key must be plain text, not a list or mapping", path, line)
        if key.value in BOOKKEEPING:
            raise HzError(f"{key.value!r} is a reserved name", path, line)
        if key.value in keylines:
            raise HzError(
                f"duplicate key {key.value!r} (first at line {keylines[key.value]}): "
                "keep one of them",
                path,
                line,
            )
        keylines[key.value] = line
        mapping[key.value] = _build(value, path)
    mapping["__keylines__"] = keylines
    return mapping


def load_yaml(path: Path) -> dict:
    """Read a YAML mapping safely, with ``__line__`` and ``__keylines__`` in each mapping."""
    if path.exists() and not path.is_file():
        raise HzError("not a regular file (a folder, pipe or device)", path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as e:
        raise HzError(f"cannot read: {e.strerror}", path) from None
    if len(data) > MAX_BYTES:
        raise HzError(f"larger than {MAX_BYTES // 1024} KiB: not a params file or spec", path)
    text = decode_utf8(data, path, "save it as UTF-8").removeprefix("\ufeff")
    _check_text(text, path)
    try:
        _check_tokens(text, path)
        node = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise HzError(f"malformed YAML: {what}", path, _line_of(mark)) from None
    if not isinstance(node, yaml.MappingNode):
        raise HzError("expected a YAML mapping (key: value lines) at the top level", path, 1)
    return _build(node, path)


def strip_lines(obj: object) -> object:
    """A copy of ``obj`` without the bookkeeping keys."""
    if isinstance(obj, dict):
        return {k: strip_lines(v) for k, v in obj.items() if k not in BOOKKEEPING}
    if isinstance(obj, list):
        return [strip_lines(v) for v in obj]
    return obj
