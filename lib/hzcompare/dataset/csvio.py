"""Files in and out: CSV as deterministic bytes, UTF-8 checked on read, records with their lines."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from operator import methodcaller
from pathlib import Path

from ..errors import HzError
from .values import looks_like_formula


def format_value(value: object) -> str:
    """One cell as text: floats without noise (17.0 → ``17``), booleans true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return f"{value:.10g}"
    return str(value)


def defused(cell: object) -> object:
    """A text cell a spreadsheet would run as a formula, prefixed with ``'`` so it stays text
    (OWASP's advice for CSV); anything else unchanged."""
    if isinstance(cell, str) and (looks_like_formula(cell) or cell[:1] in ("\t", "\r")):
        return "'" + cell
    return cell


def to_csv_bytes(columns: list[str], rows: list[dict]) -> bytes:
    """Render rows as UTF-8 CSV with a header, ``\\n`` line ends, minimal quoting."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([format_value(row.get(c)) for c in columns])
    return buf.getvalue().encode("utf-8")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def decode_utf8(data: bytes, path: Path, advice: str) -> str:
    """UTF-8 text of a file's bytes, else an ``HzError`` naming the line, the byte and ``advice``.

    Where the bytes decode as GBK (Excel's and many editors' default on Chinese Windows), says so.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        hint = ""
        try:
            data.decode("gbk")
            hint = "; it decodes as GBK (Excel's default on Chinese Windows)"
        except UnicodeDecodeError:
            pass
        raise HzError(
            f"not UTF-8 (byte 0x{data[e.start]:02x}){hint}: {advice}", path, line
        ) from None


def decode_csv(path: Path, data: bytes) -> tuple[str, list[str]]:
    """Decode a CSV file's bytes as UTF-8; returns (text, notes on harmless fixes).

    A BOM and CRLF line ends are accepted (noted). Anything else that is not UTF-8 is an error
    that names the byte and, where it decodes as GBK, says so.
    """
    notes = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        notes.append("UTF-8 byte-order mark ignored")
    if b"\x00" in data:
        raise HzError("binary data (NUL byte) in a CSV file; is this the right file?", path, 1)
    text = decode_utf8(data, path, "save it as 'CSV UTF-8 (comma delimited)'")
    if "\r\n" in text:
        notes.append("CRLF line ends accepted")
    return text.replace("\r\n", "\n"), notes


def read_text(path: Path) -> tuple[str, list[str]]:
    """A CSV file's text, checked as UTF-8 and not empty; returns (text, notes)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise HzError(f"cannot read: {e.strerror}", path) from None
    text, notes = decode_csv(path, data)
    if not text.strip():
        raise HzError("empty file: expected a header row and data", path, 1)
    return text, notes


def split_records(text: str, path: Path) -> tuple[list[str], list[int], list[list[str]]]:
    """A CSV text as (header, line numbers, records); any CSV, line 1 being the header."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        records = list(reader)
    except csv.Error as e:
        raise HzError(f"malformed CSV: {e}", path, reader.line_num) from None
    if len(records) == text.count("\n") + (not text.endswith("\n")):
        lines = list(range(1, len(records) + 1))  # one record per line: no quoted line breaks
    else:
        lines, reader = [], csv.reader(io.StringIO(text, newline=""))
        start = 1
        for _ in reader:
            lines.append(start)
            start = reader.line_num + 1
    return records[0], lines[1:], records[1:]


def split_columns(text: str) -> tuple[list[str], list[list[str]]] | None:
    """A CSV text as (header, cells column by column), when every record is one line with a
    cell per column; None otherwise (blank lines, short rows, quoted line breaks).

    Runs of lines without a quote mark are split on commas in one pass; the few lines with
    quoted cells go through the csv module. Row ``i`` is then on line ``i + 2``.
    """
    if "\r" in text:
        return None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    if lines[0].count('"') % 2:
        return None
    header = next(csv.reader(lines[:1]))
    width, body = len(header), lines[1:]
    quoted = [i for i, line in enumerate(body) if '"' in line] if '"' in text else []
    flat: list[str] = []
    done = 0
    for i in [*quoted, len(body)]:
        run = body[done:i]
        if run and set(map(methodcaller("count", ","), run)) != {width - 1}:
            return None
        flat += ",".join(run).split(",") if run else []
        if i == len(body):
            break
        if body[i].count('"') % 2:
            return None  # a quoted line break
        cells = next(csv.reader(body[i : i + 1]))
        if len(cells) != width:
            return None
        flat += cells
        done = i + 1
    return header, [flat[c::width] for c in range(width)]
