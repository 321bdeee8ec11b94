"""What a reader sees: charts, notebook helpers, the workbook and the data dictionary."""
