"""Clean text + patterns → figure rows, each with the verbatim quote it came from."""

from __future__ import annotations

from ..dataset import patterns
from ..dataset.numbers import parse_number
from ..dataset.schema import INDICATORS
from ..errors import HzError
from .spec_fields import result_status
from .specs import Spec


def extract_figures(spec: Spec, text: str) -> list[dict]:
    """Apply every figure pattern of ``spec`` to its clean ``text``.

    Each pattern must match exactly once; its ``value`` group is the number and its ``quote``
    group (or the whole match) the quote. Zero or several matches is an error naming the pattern.
    """
    rows = []
    for fig in spec.figures:
        line = fig["__line__"]
        where = f"pattern {fig['pattern']!r} ({fig['indicator']} {fig['year']} {fig['kind']})"
        try:
            rx = patterns.compiled(fig["pattern"])
        except patterns.regex.error as e:
            raise HzError(
                f"{where} is not a valid regular expression: {e}", spec.path, line
            ) from None
        if "value" not in rx.groupindex:
            raise HzError(f"{where} has no (?P<value>...) group", spec.path, line)
        try:
            matches = patterns.find_all(fig["pattern"], text)
        except HzError as e:
            raise HzError(e.message, spec.path, line) from None
        if len(matches) != 1:
            found = "no match" if not matches else f"{len(matches)} matches"
            raise HzError(
                f"{where} must match exactly once in the clean text of "
                f"{spec.source_id}, found {found}",
                spec.path,
                line,
            )
        m = matches[0]
        quote = m.group("quote") if "quote" in rx.groupindex else m.group(0)
        try:
            value = parse_number(m.group("value"))
        except ValueError:
            raise HzError(
                f"{where}: cannot read a number from {m.group('value')!r}", spec.path, line
            ) from None
        rows.append(_row(spec, fig, value, quote))
    return rows


def _row(spec: Spec, fig: dict, value: float, quote: str) -> dict:
    """A figure row; its fields were typed and checked when the spec was loaded."""
    indicator = fig["indicator"]
    return {
        "district": spec.source["district"],
        "indicator": indicator,
        "year": fig["year"],
        "period": fig.get("period", "FY"),
        "kind": fig["kind"],
        "qualifier": fig.get("qualifier", "none"),
        "value": value,
        "unit": fig.get("unit", INDICATORS[indicator].unit),
        "source_id": spec.source_id,
        "quote": quote,
        "note": fig.get("note", ""),
        "status": result_status(fig, spec.source.get("status", "final"), spec.path),
        "scope": fig.get("scope", ""),
        "revised": False,
    }
