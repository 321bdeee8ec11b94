"""Files in and out: CSV as deterministic bytes, UTF-8 checked on read, records with their lines."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

from ..errors import HzError


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


def read_records(path: Path) -> tuple[list[str], list[tuple[int, list[str]]], list[str]]:
    """Read a CSV file: (header, [(line number, cells)], notes). Line 1 is the header."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise HzError(f"cannot read: {e.strerror}", path) from None
    text, notes = decode_csv(path, data)
    if not text.strip():
        raise HzError("empty file: expected a header row and data", path, 1)
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []
    try:
        header = next(reader)
        start = reader.line_num + 1
        for cells in reader:
            records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as e:
        raise HzError(f"malformed CSV: {e}", path, reader.line_num) from None
    return header, records, notes
