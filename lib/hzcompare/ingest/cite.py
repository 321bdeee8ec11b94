"""Cited page → figure rows: each value parsed from the page's printed text, never typed.

The quote of a cited figure is ``<label> <printed>``, so "the quote shows the value" still holds:
``validate`` re-parses it. The label must name the indicator (the schema's label vocabulary).
"""

from __future__ import annotations

import re

from ..dataset.printed import check_cited, parse_gap
from ..dataset.schema import INDICATORS
from ..errors import HzError
from .spec_fields import result_status
from .specs import Spec


def cited_figures(spec: Spec) -> list[dict]:
    """The indicator rows of a cited page, each checked; a bad entry names its spec line."""
    rows = []
    default_status = spec.source.get("status", "final")
    for fig in spec.cited:
        line = fig["__line__"]
        label, printed = str(fig["label"]).strip(), str(fig["printed"]).strip()
        where = f"cited figure {label} {printed} ({fig['indicator']} {fig['year']} {fig['kind']})"
        qualifier = fig.get("qualifier", "none")
        status = result_status(fig, default_status, spec.path)
        period = fig.get("period", "FY")
        try:
            value = check_cited(label, printed, fig["indicator"], qualifier)
        except ValueError as e:
            raise HzError(f"{where}: {e}", spec.path, line) from None
        rows.append(
            {
                # a page may print another area's figure (the city's, beside its district's)
                "district": fig.get("district", spec.source["district"]),
                "indicator": fig["indicator"],
                "year": fig["year"],
                "period": period,
                "kind": fig["kind"],
                "qualifier": qualifier,
                "value": value,
                "unit": INDICATORS[fig["indicator"]].unit,
                "source_id": spec.source_id,
                "quote": f"{label} {printed}",
                "note": fig.get("note", ""),
                "status": status,
                "scope": fig.get("scope", ""),
                "revised": fig.get("revised", False),
            }
        )
    return rows


def stated_gaps(spec: Spec) -> list[dict]:
    """The gaps a source states between its area and another (``高于全市0.4个百分点``)."""
    rows = []
    for gap in spec.gaps:
        printed = str(gap["printed"]).strip()
        direction = "below" if re.search("低于|慢于|below", printed) else "above"
        try:
            value: float | None = parse_gap(printed)
        except ValueError:
            if not re.search("高于|高出|快于|低于|慢于|above|below", printed):
                raise HzError(
                    f"gap {printed!r} states neither a number of points nor a direction",
                    spec.path,
                    gap["__line__"],
                ) from None
            value = None  # direction only, e.g. 高于杭州市(4.7%)
        rows.append(
            {
                "district": spec.source["district"],
                "versus": gap["versus"],
                "indicator": gap["indicator"],
                "year": gap["year"],
                "gap": value,
                "direction": direction,
                "quote": printed,
                "source_id": spec.source_id,
            }
        )
    return rows
