"""The data dictionary, generated from the schema (docs/data_dictionary.md)."""

from __future__ import annotations

from ..dataset.schema import INDICATORS, QUALIFIER_MARKERS, TABLES, UNITS


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_dictionary() -> str:
    """Markdown for every curated table and every indicator, straight from ``schema``."""
    out = [
        "# Data dictionary",
        "",
        "Generated from `lib/hzcompare/dataset/schema.py` by `hzcompare docs`;"
        " do not edit by hand.",
        "",
    ]
    for table in TABLES.values():
        out += [
            f"## `{table.filename}`",
            "",
            table.description,
            "",
            f"Primary key: `{', '.join(table.primary_key)}`",
            "",
            "| column | type | required | allowed / form | description |",
            "|---|---|---|---|---|",
        ]
        for f in table.fields:
            allowed = (
                ", ".join(f.allowed)
                if f.allowed and len(f.allowed) <= 6
                else (
                    "see indicators below"
                    if f.allowed
                    else (f.form or (f"`{f.pattern}`" if f.pattern else ""))
                )
            )
            out.append(
                f"| `{f.name}` | {f.dtype} | {'yes' if f.required else 'no'} | "
                f"{_cell(allowed)} | {_cell(f.description)} |"
            )
        out.append("")
    out += [
        "## Indicators",
        "",
        "Growth of GDP and value added is real (comparable prices); growth of revenue and "
        "investment is nominal.",
        "",
        "| indicator | 中文 | English | unit | basis | plausible range | definition |",
        "|---|---|---|---|---|---|---|",
    ]
    for i in INDICATORS.values():
        out.append(
            f"| `{i.code}` | {i.zh} | {i.en} | {UNITS[i.unit]} (`{i.unit}`) | {i.basis} | "
            f"{i.low:g} to {i.high:g} | {_cell(i.definition)} |"
        )
    out += [
        "",
        "## Qualifiers",
        "",
        "| qualifier | words in the quote |",
        "|---|---|",
        "| `none` | (a plain target or result) |",
    ]
    out += [f"| `{q}` | {', '.join(words)} |" for q, words in QUALIFIER_MARKERS.items()]
    return "\n".join(out) + "\n"
