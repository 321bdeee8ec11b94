"""The Frictionless data package of data/curated/ (datapackage.json), generated from the schema.

A researcher in R, Stata or a spreadsheet reads types, units, codes and keys from this file
instead of from Python: every field's type and constraints come from its ``Field``, every key
from its ``Table``, each resource's size and SHA-256 from the bytes written beside it, so
``frictionless validate`` fails as soon as the package and the data disagree.
"""

from __future__ import annotations

import hashlib
import json

from .schema import TABLES, Field, Table
from .values import TEXT_LIMIT, YEARS

NAME = "hzcompare-data"
TITLE = "Hangzhou districts: targets promised and results delivered"
DESCRIPTION = (
    "Economic indicators of Hangzhou's districts (Qiantang, Yuhang, Xiaoshan) and the city: "
    "results and the targets set in government work reports, one figure per row with the "
    "verbatim quote that states it and the source it comes from. Growth of GDP and value "
    "added is real (comparable prices); growth of revenue and investment is nominal. District "
    "boundaries changed in 2021: the units table says from which year each area's figures "
    "cover today's territory. Clean texts of the documents kept whole are in text/."
)
# The tables and annotations; the documents and pages they cite remain their issuers'.
LICENSES = [
    {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0 International",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    }
]
CONTRIBUTORS = [{"title": "hzcompare contributors", "role": "author"}]
KEYWORDS = ["Hangzhou", "districts", "government work report", "targets", "GDP", "R&D"]
_TYPES = {"str": "string", "int": "integer", "year": "integer", "float": "number"}


def field_descriptor(f: Field) -> dict:
    """One Table Schema field: type, description, unit and constraints of ``f``."""
    out: dict = {"name": f.name, "description": f.description}
    if f.dtype == "bool":
        out.update(type="boolean", trueValues=["true"], falseValues=["false"])
    else:
        out["type"] = _TYPES[f.dtype]
    if f.unit:
        out["unit"] = f.unit
    constraints: dict = {"required": True} if f.required else {}
    if f.allowed:
        constraints["enum"] = list(f.allowed)
    if f.pattern:  # grouped, so an alternation stays anchored at both ends
        constraints["pattern"] = f"({f.pattern})"
    if f.dtype == "str":
        constraints["maxLength"] = TEXT_LIMIT
    if f.dtype == "year":
        constraints.update(minimum=YEARS[0], maximum=YEARS[1])
    if constraints:
        out["constraints"] = constraints
    return out


def foreign_keys(table: Table, present: set[str]) -> list[dict]:
    """The table's references to other tables of the package (only to tables it holds)."""
    out = []
    for f in table.fields:
        if not f.reference:
            continue
        other, column = f.reference.split(".")
        if f"{other}.csv" not in present:
            continue
        resource = "" if other == table.name else other  # "" is the table itself
        out.append({"fields": f.name, "reference": {"resource": resource, "fields": column}})
    return out


def resource(table: Table, data: bytes, present: set[str]) -> dict:
    """The resource describing one curated CSV whose bytes are ``data``."""
    schema: dict = {
        "fields": [field_descriptor(f) for f in table.fields],
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
    }
    keys = foreign_keys(table, present)
    if keys:
        schema["foreignKeys"] = keys
    return {
        "name": table.name,
        "path": table.filename,
        "profile": "tabular-data-resource",
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        "schema": schema,
    }


def source_entry(row: dict) -> dict:
    """A source of the package: its title, issuer, date, grade and where to read it."""
    where = row.get("address") or row.get("text_file") or ""
    entry = {
        "title": f"{row['title']} ({row['issuer']}, {row['published']})",
        "path": where,
        "source_id": row["source_id"],
        "grade": row["access"],
    }
    return {k: v for k, v in entry.items() if v}


def datapackage(files: dict[str, bytes], sources: list[dict], version: str) -> bytes:
    """datapackage.json for the curated ``files`` (name → bytes) and their ``sources`` rows."""
    present = {name for name in files if name in TABLES}
    descriptor = {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "version": version,
        "licenses": LICENSES,
        "contributors": CONTRIBUTORS,
        "keywords": KEYWORDS,
        "sources": [source_entry(r) for r in sorted(sources, key=lambda r: r["source_id"])],
        "resources": [
            resource(table, files[name], present)
            for name, table in TABLES.items()
            if name in present
        ],
    }
    text = json.dumps(descriptor, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    return text.encode("utf-8")
