"""Synthetic curated folders for benchmarks: N figure rows over many sources, years, indicators.

Each source gets a clean text the size of a real report (~1,000 figures), so provenance checks
cost what they cost on real data; rows are valid, so validation does its full work.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
from pathlib import Path

from hzcompare.dataset.areas import area_codes
from hzcompare.dataset.schema import (
    INDICATORS,
    INDICATORS_TABLE,
    QUALIFIER_RULES,
    RATIO_TIES,
    SOURCES,
)
from hzcompare.dataset.values import YEARS

ROWS_PER_SOURCE = 1000


def make_curated(folder: Path, rows: int) -> Path:
    """Write sources.csv, text/, raw files and an indicators.csv of ``rows`` valid rows."""
    curated = folder / "curated"
    (curated / "text").mkdir(parents=True, exist_ok=True)
    (folder / "raw").mkdir(exist_ok=True)
    # Growth indicators and the parts of a share are left out: random levels, growths and parts
    # would break the ties validate checks between them (each row is its own figure, so each is
    # preferred and none conflict).
    parts = {part for part, _, _ in RATIO_TIES.values()}
    indicators = [
        i for i in INDICATORS.values() if not i.code.endswith("_growth") and i.code not in parts
    ]
    # Every row its own figure within the plausible years: periods and qualifiers vary too.
    periods = ("FY", "H1", *(f"M1-{m}" for m in range(2, 12)))
    kinds = [("actual", "none", "")] + [
        ("target", q.code, q.words[0] if q.words else "") for q in QUALIFIER_RULES.values()
    ]
    per_year = len(area_codes()) * len(indicators) * len(periods) * len(kinds)
    years = range(YEARS[0], YEARS[0] + -(-rows // per_year))
    if years[-1] > YEARS[1]:
        raise ValueError(f"{rows} rows need years past {YEARS[1]}")
    combos = itertools.product(years, area_codes(), indicators, periods, kinds)
    figures, texts = [], {}
    for n, (year, district, ind, period, (kind, qualifier, word)) in zip(
        range(rows), combos, strict=False
    ):
        sid = f"syn_{n // ROWS_PER_SOURCE:05d}"
        value = round(min(ind.high, max(ind.low, 0) + 1 + n % 50 / 10), 2)
        unit = "%" if ind.unit == "pct" else "亿元"
        quote = f"{ind.zh}{year}年{period}{kind}{value:g}{unit}{word}"
        texts.setdefault(sid, []).append(quote)
        figures.append(
            {
                "district": district,
                "indicator": ind.code,
                "year": year,
                "period": period,
                "kind": kind,
                "qualifier": qualifier,
                "value": value,
                "unit": ind.unit,
                "source_id": sid,
                "quote": quote,
                "note": "",
                "status": "final" if kind == "actual" else "",  # a target is set, not measured
                "revised": "false",
                "preferred": "true",
            }
        )
    sources = []
    for sid, quotes in texts.items():
        raw = ("。".join(quotes) + "。\n").encode("utf-8")
        (folder / "raw" / f"{sid}.txt").write_bytes(raw)
        (curated / "text" / f"{sid}.txt").write_bytes(raw)
        sources.append(
            {
                "source_id": sid,
                "district": "yuhang",
                "title": sid,
                "published": "2022",
                "raw_file": f"../raw/{sid}.txt",
                "text_file": f"text/{sid}.txt",
                "sha256": hashlib.sha256(raw).hexdigest(),
                "doc_type": "work_report",
                "issuer": "synthetic",
                "covers": "synthetic",
                "admin_unit": "synthetic",
                "boundary": "synthetic",
                "comparable_from": 2021,
                "original_script": "zh-Hans",
                "notes": "",
                "access": "document",
                "unit": "yuhang",
            }
        )
    for table, rows_out in ((SOURCES, sources), (INDICATORS_TABLE, figures)):
        with open(curated / table.filename, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=table.columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows_out)
    return curated
