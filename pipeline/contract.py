"""The release contract, read once from ``schemas/contract.yaml``.

Everything that describes a table comes from that file: the pandera schemas
that block a bad release, the Frictionless table schemas shipped in
``datapackage.json``, the data dictionary in the release README, and the
column order and dtypes of the frames the extractors build. Never import
Dagster here.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
import yaml

from pipeline.common.paths import SCHEMAS_DIR

CONTRACT_PATH = SCHEMAS_DIR / "contract.yaml"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    required: bool = True
    unique: bool = False
    enum: str | None = None
    pattern: str | None = None
    min: float | None = None
    foreign_key: str | None = None


@cache
def contract() -> dict[str, Any]:
    return yaml.safe_load(CONTRACT_PATH.read_text(encoding="utf-8"))


# The tables, their keys and their row-id prefixes, in the contract's order (from contract.yaml).
TABLES = tuple(contract()["tables"])
ID_COLUMNS = {table: spec["primary_key"] for table, spec in contract()["tables"].items()}
ID_PREFIXES = {table: spec["id_prefix"] for table, spec in contract()["tables"].items() if "id_prefix" in spec}
ROW_TABLES = tuple(ID_PREFIXES)      # the tables whose rows are claims traced to a sentence


def vocabulary(name: str) -> list[str]:
    """A vocabulary's values, in the order the contract lists them."""
    values = contract()["vocabularies"][name]
    return list(values) if isinstance(values, (list, dict)) else [values]


def vocabulary_descriptions(name: str) -> dict[str, str]:
    values = contract()["vocabularies"][name]
    return dict(values) if isinstance(values, dict) else {v: "" for v in values}


def _flatten(items: list) -> list[dict]:
    """YAML anchors splice shared column lists in as nested lists."""
    flat: list[dict] = []
    for item in items:
        flat.extend(_flatten(item) if isinstance(item, list) else [item])
    return flat


@cache
def columns(table: str) -> tuple[Column, ...]:
    spec = contract()["tables"][table]
    return tuple(Column(**col) for col in _flatten(spec["columns"]))


def column_names(table: str) -> list[str]:
    return [c.name for c in columns(table)]


def table_title(table: str) -> str:
    return contract()["tables"][table]["title"]


def table_description(table: str) -> str:
    return contract()["tables"][table]["description"]


# --- the dataset: name, licence, citation ------------------------------------

def dataset() -> dict[str, Any]:
    """The ``dataset`` section: name, title, licence and citation."""
    return contract()["dataset"]


def licence() -> dict[str, str]:
    """Name (an SPDX id), title, url and a note on what the licence covers."""
    return dict(dataset()["licence"])


def frictionless_licenses() -> list[dict[str, str]]:
    """The licence as a Data Package's ``licenses`` list."""
    lic = licence()
    return [{"name": lic["name"], "path": lic["url"], "title": lic["title"]}]


def citation(version: str, created: str) -> str:
    """A ready citation of one release; ``created`` is its ISO timestamp (the year and day come from it)."""
    cite = dataset()["citation"]
    return (f"{cite['author']} ({created[:4]}). {cite['title']} (release {version}, {created[:10]}) [Data set]. "
            f"{cite['publisher']}. Licence {licence()['name']}.")


def citation_bibtex(version: str, created: str) -> str:
    """The same citation as a BibTeX ``@misc`` entry."""
    cite = dataset()["citation"]
    key = re.sub(r"[^A-Za-z0-9]+", "", cite["publisher"]) + created[:4] + "_" + re.sub(r"[^0-9A-Za-z]", "", version)[-8:]
    fields = {"author": f"{{{cite['author']}}}", "title": cite["title"], "year": created[:4],
              "version": version, "publisher": cite["publisher"], "note": f"Licence {licence()['name']}",
              "howpublished": "Data set"}
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return f"@misc{{{key},\n{body}\n}}"


# --- frames -----------------------------------------------------------------

_PANDAS_DTYPES = {"string": "object", "integer": "int64", "number": "float64", "boolean": "bool", "date": "datetime64[ns]"}


def _coerce_column(series: pd.Series, col: Column) -> pd.Series:
    if col.type == "date":
        return pd.to_datetime(series, errors="raise").astype("datetime64[ns]")
    if col.type == "number":
        return pd.to_numeric(series, errors="raise").astype("float64")
    if col.type == "integer":
        return pd.to_numeric(series, errors="raise").astype("int64")
    if col.type == "boolean":
        return series.astype("bool")
    return series.astype("object").where(series.notna(), None)


def frame(table: str, rows: list[dict] | pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows as a frame with the contract's columns, order and dtypes.

    Rows are sorted by document, offset and id, so the same rows always give
    the same bytes whatever order they were produced in.
    """
    names = column_names(table)
    df = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows or [], columns=names)
    missing = [n for n in names if n not in df.columns]
    if missing:
        raise ValueError(f"{table}: rows lack columns {missing}")
    df = df[names]
    if df.empty:
        return pd.DataFrame({c.name: pd.Series(dtype=_PANDAS_DTYPES[c.type]) for c in columns(table)})
    for col in columns(table):
        df[col.name] = _coerce_column(df[col.name], col)
    sort_keys = ["doc_id"] if table == "documents" else ["doc_id", "char_start", "char_end", ID_COLUMNS[table]]
    return df.sort_values(sort_keys, kind="mergesort").reset_index(drop=True)


def arrow_schema(table: str) -> pa_arrow.Schema:
    """Parquet types: dates as ``date32``, text as UTF-8, ids never null."""
    types = {"string": pa_arrow.string(), "integer": pa_arrow.int64(), "number": pa_arrow.float64(),
             "boolean": pa_arrow.bool_(), "date": pa_arrow.date32()}
    return pa_arrow.schema([pa_arrow.field(c.name, types[c.type], nullable=not c.required) for c in columns(table)])


# --- pandera ----------------------------------------------------------------

def _is_text(values: pd.Series) -> pd.Series | bool:
    """True for text cells; one C-speed pass when the whole column is text, as it is when valid."""
    values = values.dropna()
    if pd.api.types.infer_dtype(values, skipna=False) in ("string", "empty"):
        return True
    return values.map(lambda v: isinstance(v, str))


def _not_blank(values: pd.Series) -> pd.Series:
    """Some character that is not white space (a search that stops at the first one, not a strip)."""
    return values.str.contains(r"\S", regex=True, na=False)


def _column_checks(col: Column) -> list[pa.Check]:
    checks: list[pa.Check] = []
    if col.type == "string":
        checks.append(pa.Check(_is_text, element_wise=False, name="is_text"))
        if col.required:
            checks.append(pa.Check(_not_blank, name="not_blank"))
    if col.enum:
        checks.append(pa.Check.isin(vocabulary(col.enum)))
    if col.pattern:
        checks.append(pa.Check.str_matches(col.pattern))
    if col.min is not None:
        checks.append(pa.Check.ge(col.min))
    return checks


def _pandera_dtype(col: Column):
    return {"string": object, "integer": "int64", "number": "float64", "boolean": "bool", "date": "datetime64[ns]"}[col.type]


def _dates_ordered(start: str, end: str, precision: str):
    def check(df: pd.DataFrame) -> pd.Series:
        both = df[start].notna() & df[end].notna()
        ordered = ~both | (df[start] <= df[end])
        unknown = df[precision] == "unknown"
        empty_iff_unknown = unknown == (df[start].isna() & df[end].isna())
        day = df[precision] == "day"
        day_is_one_day = ~day | (df[start] == df[end])
        return ordered & empty_iff_unknown & day_is_one_day
    return pa.Check(check, name=f"{start}<={end} and precision consistent")


def _values_ordered(df: pd.DataFrame) -> pd.Series:
    ordered = (df["value_low"] <= df["value"]) & (df["value"] <= df["value_high"])
    is_range = df["value_low"] < df["value_high"]
    return ordered & (is_range == (df["qualifier"] == "range"))


def _row_checks(table: str) -> list[pa.Check]:
    if table == "events":
        return [_dates_ordered("date_start", "date_end", "date_precision"), _quote_span_check()]
    if table == "estimates":
        return [pa.Check(_values_ordered, name="value_low<=value<=value_high, range iff low<high"),
                _dates_ordered("period_start", "period_end", "period_precision"), _quote_span_check()]
    if table == "budgets":
        return [_dates_ordered("period_start", "period_end", "period_precision"), _quote_span_check()]
    return []


def _quote_span_check() -> pa.Check:
    return pa.Check(lambda df: (df["char_end"] > df["char_start"])
                    & (df["char_end"] - df["char_start"] == df["quote"].str.len()),
                    name="char_end-char_start==len(quote)")


@cache
def pandera_schema(table: str) -> pa.DataFrameSchema:
    cols = {
        c.name: pa.Column(_pandera_dtype(c), checks=_column_checks(c), nullable=not c.required,
                          unique=c.unique, required=True, description=c.description)
        for c in columns(table)
    }
    return pa.DataFrameSchema(cols, checks=_row_checks(table), strict=True, ordered=True,
                              name=table, description=table_description(table))


def cross_table_failures(tables: dict[str, pd.DataFrame], table: str) -> pd.DataFrame:
    """Rows of ``table`` whose document is missing or whose quote is not at its offsets."""
    texts = dict(zip(tables["documents"]["doc_id"], tables["documents"]["text"]))
    df = tables[table]
    problems = []
    for row_id, doc_id, start, end, quote in zip(df[ID_COLUMNS[table]], df["doc_id"], df["char_start"],
                                                  df["char_end"], df["quote"]):
        text = texts.get(doc_id)
        if text is None:
            problems.append((row_id, doc_id, "doc_id not in documents", quote))
        elif text[start:end] != quote:
            problems.append((row_id, doc_id, f"text[{start}:{end}] != quote", quote))
    return pd.DataFrame(problems, columns=[ID_COLUMNS[table], "doc_id", "problem", "quote"])


def validate(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Failure cases of the pandera schema (empty when the frame is valid)."""
    try:
        pandera_schema(table).validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases.copy()
        keep = [c for c in ("column", "check", "index", "failure_case") if c in cases.columns]
        return cases[keep].astype(str).reset_index(drop=True)
    return pd.DataFrame(columns=["column", "check", "index", "failure_case"])


# --- Frictionless and the data dictionary ------------------------------------

_FRICTIONLESS_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean", "date": "date"}


def frictionless_schema(table: str) -> dict[str, Any]:
    fields = []
    for c in columns(table):
        field: dict[str, Any] = {"name": c.name, "type": _FRICTIONLESS_TYPES[c.type], "description": c.description}
        constraints: dict[str, Any] = {}
        if c.required:
            constraints["required"] = True
        if c.unique:
            constraints["unique"] = True
        if c.enum:
            constraints["enum"] = vocabulary(c.enum)
        if c.pattern:
            constraints["pattern"] = c.pattern
        if c.min is not None:
            constraints["minimum"] = int(c.min) if c.type == "integer" else c.min
        if constraints:
            field["constraints"] = constraints
        if c.type == "boolean":
            field["trueValues"], field["falseValues"] = ["true"], ["false"]
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "primaryKey": [ID_COLUMNS[table]], "missingValues": [""]}
    fks = [c for c in columns(table) if c.foreign_key]
    if fks:
        schema["foreignKeys"] = [{"fields": [c.name], "reference": {"resource": c.foreign_key.split(".")[0],
                                                                    "fields": [c.foreign_key.split(".")[1]]}}
                                 for c in fks]
    return schema


def data_dictionary_markdown() -> str:
    """The data dictionary, generated from the contract for READMEs and the catalog."""
    lines = []
    for table in TABLES:
        lines += [f"### `{table}`: {table_title(table)}", "", table_description(table), "",
                  "| column | type | required | meaning |", "|---|---|---|---|"]
        for c in columns(table):
            kind = c.type + (f" ({c.enum})" if c.enum else "")
            lines.append(f"| `{c.name}` | {kind} | {'yes' if c.required else 'no'} | {c.description} |")
        lines.append("")
    lines += ["### Vocabularies", ""]
    for name in contract()["vocabularies"]:
        described = vocabulary_descriptions(name)
        values = ", ".join(f"`{v}`" + (f" ({d})" if d else "") for v, d in described.items())
        lines.append(f"- **{name}**: {values}")
    return "\n".join(lines) + "\n"


def as_date(value: Any) -> dt.date | None:
    if value is None or (not isinstance(value, (dt.date, str)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
