"""The data dictionary, generated from the schema (docs/data_dictionary.md)."""

from __future__ import annotations

from .areas import load_areas
from .choice import CHOICE_RULE
from .schema import (
    ACCESS,
    INDICATORS,
    QUALIFIER_RULES,
    STATUSES,
    TABLES,
    UNITS,
    label_words,
)


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
                "a code of the area registry (data/units.csv)"
                if f.registry
                else "see indicators below"
                if f.allowed and f.allowed == tuple(INDICATORS)
                else ", ".join(f.allowed)
                if f.allowed
                else (f.form or (f"`{f.pattern}`" if f.pattern else ""))
            )
            described = f.description + (f" Unit: {f.unit}." if f.unit else "")
            out.append(
                f"| `{f.name}` | {f.dtype} | {'yes' if f.required else 'no'} | "
                f"{_cell(allowed)} | {_cell(described)} |"
            )
        out.append("")
    out += [
        "## Indicators",
        "",
        "Growth of GDP and value added is real (comparable prices); growth of revenue and "
        "investment is nominal.",
        "",
        "The label words are the vocabulary a cited page's label must hold for the indicator.",
        "",
        "| indicator | 中文 | English | unit | basis | plausible range | label words "
        "| definition |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for i in INDICATORS.values():
        out.append(
            f"| `{i.code}` | {i.zh} | {i.en} | {UNITS[i.unit]} (`{i.unit}`) | {i.basis} | "
            f"{i.low:g} to {i.high:g} | {_cell(', '.join(label_words(i.code)))} | "
            f"{_cell(i.definition)} |"
        )
    out += [
        "",
        "## Areas (data/units.csv)",
        "",
        "| code | level | 中文 | English | colour | current boundary from | history |",
        "|---|---|---|---|---|---|---|",
    ]
    out += [
        f"| `{a.code}` | {a.level} | {a.zh} | {a.en} | {a.colour} | {a.current_from or ''} | "
        f"{_cell(a.history)} |"
        for a in load_areas().values()
    ]
    out += [
        "",
        "## Grades and statuses",
        "",
        f"`access` (the grade): {', '.join(ACCESS)}. `status`: {', '.join(STATUSES)}.",
        "",
        "Several rows may state one figure; all are kept, and the one charts and the scorecard "
        "use (`preferred`) is the first by each criterion in turn:",
        "",
        *[f"{n}. {words};" for n, words in enumerate(CHOICE_RULE, 1)],
        f"{len(CHOICE_RULE) + 1}. then the source id, so file order never decides.",
    ]
    out += [
        "",
        "## Qualifiers",
        "",
        "| qualifier | words in the quote | verdict rule | chart marker |",
        "|---|---|---|---|",
    ]
    out += [
        f"| `{q.code}` | {', '.join(q.words) or '(a plain target or result)'} | "
        f"{_cell(q.rule)} | `{q.marker}` |"
        for q in QUALIFIER_RULES.values()
    ]
    return "\n".join(out) + "\n"
