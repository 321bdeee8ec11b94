"""The pack's workbook: one sheet per table, text kept as text (never a formula)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def _cell_value(value):
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    if hasattr(value, "item"):  # numpy / pandas scalars
        value = value.item()
    return value


def write_workbook(path: Path, sheets: dict[str, pd.DataFrame]) -> None:
    """Write ``sheets`` to an .xlsx; strings (even ``=1+1``, ``@x``, ``-y``) stay strings."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for name, df in sheets.items():
        ws = wb.create_sheet(title=name[:31])
        ws.append([str(c) for c in df.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.data_type = "s"
        for row in df.itertuples(index=False):
            ws.append([_cell_value(v) for v in row])
        for col in ws.iter_cols(min_row=2):
            for cell in col:
                if isinstance(cell.value, str):
                    # openpyxl types any string starting with "=" as a formula; undo that.
                    cell.data_type = "s"
                    if cell.value[:1] in "=+-@":
                        cell.quotePrefix = True
        for i, column in enumerate(df.columns, start=1):
            width = max([len(str(column))] + [len(str(v)) for v in df[column].head(200)])
            ws.column_dimensions[ws.cell(1, i).column_letter].width = min(60, width + 2)
        ws.freeze_panes = "A2"
    wb.save(path)
