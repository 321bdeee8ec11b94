"""Tables made for reading (great_tables): areas and indicators by name, qualifiers and grades in
words, numbers with their unit, verdicts coloured. Codes stay in the CSVs and the workbook.

One function turns any frame of the package (figures, scorecard, progress, gaps, goals,
sources) into a table for people, column by column, by what each column holds. Every table
has a fixed id, so the same data gives the same page bytes run after run; great_tables
escapes every cell's text (none is read as markup).
"""

from __future__ import annotations

import pandas as pd

from ..dataset.areas import load_areas
from ..dataset.schema import GRADE_LABELS, INDICATORS, QUALIFIER_RULES, UNITS
from .charts._promises import VERDICT_STYLE

DARK = ("met", "stretch met", "missed", "floor broken")  # fills dark enough for white text
_AREA = ("district", "versus")
_AMOUNTS = ("value", "target", "actual", "progress", "goal", "latest_actual", "value_city")
_AMOUNTS += ("city_actual", "revised_target", "floor", "stretch", "none", "about", "at_least")
_GAPS = ("gap", "gap_pp", "gap_to_city")
_YEARS = ("year", "goal_year", "latest_year")
_NAMES = {  # column → its name for readers (others: underscores as spaces, capitalised)
    "district": "Area",
    "versus": "Compared with",
    "gap_pp": "Gap (points)",
    "value_city": "City",
    "city_actual": "City's result",
    "source_id": "Source",
    "source_id_city": "City's source",
    "access": "Grade",
}


def area_name(code: str) -> str:
    """An area as a reader names it: English and Chinese."""
    area = load_areas().get(code)
    return f"{area.en} {area.zh}" if area else str(code)


def indicator_name(code: str) -> str:
    """An indicator by name with its unit."""
    ind = INDICATORS.get(code)
    return f"{ind.en} ({UNITS[ind.unit]})" if ind else str(code)


def qualifier_words(code: str) -> str:
    """A qualifier in words (empty for none)."""
    rule = QUALIFIER_RULES.get(code)
    if rule is None or code == "none":
        return ""
    en = rule.en.removeprefix("target (").removesuffix(")").removesuffix(" target")
    zh = "/".join([w for w in rule.words if not w.isascii()][:2])
    return f"{en} ({zh})"


def amount(value: object, unit: str) -> str:
    """A number with its unit and sensible precision (1,218.23 亿元; 6.5%; +0.4 points)."""
    if value is None or pd.isna(value):
        return ""
    number = float(value)
    if unit == "pp":
        return f"{number:+g} points"
    if unit == "pct":
        return f"{number:g}%"
    return f"{number:,.2f}".rstrip("0").rstrip(".") + " " + UNITS.get(unit, unit)


def _unit_of(frame: pd.DataFrame) -> pd.Series:
    """Each row's unit: its own column, or its indicator's."""
    if "unit" in frame:
        return frame["unit"].fillna("")
    if "indicator" in frame:
        return frame["indicator"].map(lambda i: INDICATORS[i].unit if i in INDICATORS else "")
    return pd.Series([""] * len(frame), index=frame.index)


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with codes as words and numbers with their units (all cells text)."""
    unit = _unit_of(frame)
    out = {}
    for col in frame.columns:
        cells = frame[col]
        if col in _AREA:
            cells = cells.map(area_name)
        elif col == "indicator":
            cells = cells.map(indicator_name)
        elif col == "qualifier":
            cells = cells.map(qualifier_words)
        elif col == "access":
            cells = cells.map(lambda a: GRADE_LABELS.get(a, ("", a))[1])
        elif col in _YEARS:
            cells = cells.map(lambda y: "" if pd.isna(y) else str(int(y)))
        elif col in _AMOUNTS and pd.api.types.is_numeric_dtype(cells):
            cells = pd.Series([amount(v, u) for v, u in zip(cells, unit, strict=True)], cells.index)
        elif col in _GAPS and pd.api.types.is_numeric_dtype(cells):
            gap_unit = (
                frame["gap_unit"]
                if "gap_unit" in frame
                else unit.map(lambda u: "pp" if u in ("pct", "pp") else u)
            )
            if col in ("gap_pp", "gap_to_city"):
                gap_unit = gap_unit.map(lambda _: "pp")
            cells = pd.Series(
                [amount(v, u) for v, u in zip(cells, gap_unit, strict=True)], cells.index
            )
        elif col in ("unit", "gap_unit"):
            continue  # shown with each number
        else:
            cells = cells.map(
                lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)
            )
        out[_NAMES.get(col, col.replace("_", " ").capitalize())] = cells
    return pd.DataFrame(out).reset_index(drop=True)


class ReadingTable:
    """A table for people: shown as HTML in a notebook (``gt`` is the great_tables object, for
    more styling); its plain-text form is a stable one-liner, so executed notebooks do not
    change from run to run."""

    def __init__(self, gt: object, rows: int) -> None:
        self.gt = gt
        self.rows = rows

    def as_raw_html(self) -> str:
        """The table as HTML (styles scoped to its id)."""
        return self.gt.as_raw_html()

    def _repr_html_(self) -> str:
        return self.as_raw_html()

    def __repr__(self) -> str:
        return f"<table of {self.rows} rows>"


def reading_table(
    frame: pd.DataFrame, table_id: str = "table", title: str | None = None
) -> ReadingTable:
    """A great_tables table of ``frame`` for people: names, words, units, coloured verdicts.

    Example:
        >>> import hzcompare as hz
        >>> sc = hz.scorecard(hz.load_indicators(district="yuhang"), hz.load_sources())
        >>> html = hz.reading_table(sc[["district", "year", "indicator", "verdict"]]).as_raw_html()
        >>> "Yuhang 余杭区" in html and "yuhang" not in html.replace('id="table"', "")
        True
    """
    from great_tables import GT, loc, style

    text = readable(frame)
    table = GT(text, id=table_id).tab_options(table_font_size="90%", container_width="100%")
    if title:
        table = table.tab_header(title=title)
    for col in ("Verdict", "Verdict vs revised"):
        if col not in text:
            continue
        for verdict, (fill, _, _, _) in VERDICT_STYLE.items():
            rows = [i for i, v in enumerate(text[col]) if v == verdict]
            if rows:
                table = table.tab_style(
                    style=[
                        style.fill(color=fill),
                        style.text(color="white" if verdict in DARK else "#222"),
                    ],
                    locations=loc.body(columns=col, rows=rows),
                )
    return ReadingTable(table, len(text))


def coverage_words(cell: str) -> str:
    """A coverage cell in words: ``A3o T1d`` → ``result: 3 sources (best official); target: 1
    (document)``."""
    words = []
    for mark in cell.split():
        kind = "result" if mark[0] == "A" else "target"
        count, letter = int(mark[1:-1]), mark[-1]
        grade = next((en for g, (lt, en, _) in GRADE_LABELS.items() if lt == letter), letter)
        words.append(f"{kind}: {count} ({grade})")
    return "; ".join(words)


def coverage_table(coverage: pd.DataFrame, table_id: str = "coverage") -> object:
    """The coverage matrix (``hz.coverage``) for people: area and indicator by name, each cell
    in words.

    Example:
        >>> import hzcompare as hz
        >>> cov = hz.coverage(hz.load_indicators(), hz.load_sources(), indicators="gdp")
        >>> "result: 4 (news)" in hz.coverage_table(cov).as_raw_html()
        True
    """
    frame = coverage.reset_index()
    frame.columns = [str(c) for c in frame.columns]
    years = [c for c in frame.columns if c not in ("district", "indicator")]
    for year in years:
        frame[year] = frame[year].map(coverage_words)
    return reading_table(frame, table_id)
