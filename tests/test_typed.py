"""Reading curated CSVs column by column gives what the csv module gives, line numbers included."""

import csv
import io
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from hzcompare.dataset.csvio import split_columns, split_records
from hzcompare.dataset.schema import AREAS_TABLE
from hzcompare.dataset.typed import read_columns, read_table

CELL = st.text(alphabet='ab,"\n 1.亿', max_size=6)


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


@given(
    st.integers(1, 4).flatmap(
        lambda w: st.lists(st.lists(CELL, min_size=w, max_size=w), min_size=1, max_size=8)
    )
)
def test_split_columns_agrees_with_the_csv_module(rows):
    text = _csv(rows)
    header, lines, records = split_records(text, Path("x.csv"))
    assert header == rows[0] and records == rows[1:]
    fast = split_columns(text)
    if fast is not None:  # None: a quoted line break or the like, left to the csv module
        assert fast[0] == rows[0]
        assert [list(c) for c in fast[1]] == [
            list(c) for c in zip(*rows[1:], strict=True)
        ] or not rows[1:]
        assert lines == list(range(2, len(rows) + 1))


def test_a_quoted_line_break_keeps_the_line_numbers_and_is_refused_at_its_row(tmp_path):
    """A cell spanning two lines is read whole (the rows after keep their lines), and refused:
    no field spans lines."""
    path = tmp_path / "units.csv"
    src = Path(__file__).parents[1] / "data" / "units.csv"
    header, *body = src.read_text(encoding="utf-8").splitlines()
    first = next(csv.reader([body[0]]))
    first[-1] = "a note\nover two lines"
    path.write_text("\n".join([header, _csv([first]).rstrip("\n"), *body[1:3]]) + "\n", "utf-8")
    _, rows, problems = read_table(path, AREAS_TABLE)
    assert [r["_line"] for r in rows] == [2, 4, 5]
    errors = [p for p in problems if p.is_error]
    assert [(p.line, "control character (U+000A)" in p.message) for p in errors] == [(2, True)]


def test_fast_and_general_paths_type_the_same(tmp_path):
    """A blank line sends a file down the csv module's path: the typed rows are the same."""
    src = Path(__file__).parents[1] / "data" / "curated" / "indicators.csv"
    text = src.read_text(encoding="utf-8")
    blank = tmp_path / "indicators.csv"
    blank.write_text(text + "\n", encoding="utf-8")
    assert split_columns(text) is not None and split_columns(text + "\n") is None
    _, fast, _ = read_columns(src)
    _, general, _ = read_columns(blank)
    assert fast == general and len(fast) > 250


def test_figure_keys_by_column_are_the_figure_key_of_each_row():
    from hzcompare.dataset.choice import figure_key
    from hzcompare.dataset.crosscheck import figure_keys

    _, figures, _ = read_columns(Path(__file__).parents[1] / "data" / "curated" / "indicators.csv")
    keys = figure_keys(figures)
    assert keys == [figure_key(r) for r in figures.rows()]
    assert {len(k) for k in keys} == {6, 8}  # actuals and targets both present
