"""The table files of a release: Parquet with the contract's types, CSV safe to open.

Kept apart from publishing so the writers can be read, tested and changed on
their own; ``release.write_tables`` calls them (and re-exports them, so tests
can replace ``release.write_parquet``/``release.write_csv``). The bytes must
not depend on when or where they are written: releases are compared by hash.
Nothing here imports Dagster.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import contract

# Characters that make a spreadsheet treat a cell as a formula (OWASP, CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PARQUET_ROW_GROUP = 50_000


def write_parquet(df: pd.DataFrame, table: str, path: Path) -> None:
    """Parquet with the contract's types, in row groups, with no wall-clock metadata."""
    schema = contract.arrow_schema(table).with_metadata({"table": table, "contract": "schemas/contract.yaml"})
    with pq.ParquetWriter(path, schema, compression="zstd", write_statistics=True) as writer:
        for start in range(0, max(len(df), 1), PARQUET_ROW_GROUP):
            chunk = df.iloc[start:start + PARQUET_ROW_GROUP]
            arrays = [_arrow_array(chunk[f.name], f.type) for f in schema]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))


def _arrow_array(series: pd.Series, typ: pa.DataType) -> pa.Array:
    """One column in the contract's Arrow type, converted in bulk (dates arrive as midnight timestamps)."""
    if pa.types.is_date32(typ):
        return pa.array(series.to_numpy(dtype="datetime64[ns]"), from_pandas=True).cast(typ)
    if pa.types.is_string(typ):
        try:  # the frame holds text or None: converted in one call
            return pa.array(series, type=typ, from_pandas=True)
        except (pa.ArrowTypeError, pa.ArrowInvalid):
            pass
        values = series.to_numpy(dtype=object)
        odd = [i for i, v in enumerate(values) if v is not None and not isinstance(v, str)]
        if odd:  # numbers or NaN in a text column: NaN is missing, anything else its text
            values = values.copy()
            for i in odd:
                values[i] = None if isinstance(values[i], float) and pd.isna(values[i]) else str(values[i])
        return pa.array(values, type=typ, from_pandas=True)
    return pa.array(series.to_numpy(), type=typ, from_pandas=True)


def neutralise_formula(value: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula with a quote (OWASP)."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _number_text(number: float) -> str:
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


def csv_column(series: pd.Series, kind: str) -> list[str]:
    """One column's CSV cells: empty for missing, ISO dates, lower-case booleans, formulas neutralised.

    Column at a time: a release of 10,000 articles has about a million cells.
    """
    missing = series.isna().to_numpy()
    if kind == "date":
        cells = series.dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
    elif kind == "boolean":
        cells = ["true" if v else "false" for v in series.to_numpy()]
    elif kind == "number":
        cells = [_number_text(float(v)) for v in series.to_numpy()]
    elif kind == "integer":
        cells = [str(int(v)) for v in series.to_numpy()]
    else:
        text = series.where(missing, series.astype(str)) if not missing.all() else series
        formula = text.str.startswith(FORMULA_PREFIXES, na=False).to_numpy()
        cells = text.to_numpy(dtype=object)
        if formula.any():
            cells = cells.copy()
            cells[formula] = [neutralise_formula(v) for v in cells[formula]]
    if missing.any():
        cells = ["" if gone else cell for cell, gone in zip(cells, missing)]
    return list(cells)


def write_csv(df: pd.DataFrame, table: str, path: Path) -> None:
    """UTF-8 CSV, ISO dates, lower-case booleans, formula-looking text neutralised.

    Written in the Parquet writer's row groups: the cells of one group at a
    time are held as text, not the whole table's.
    """
    kinds = [(c.name, c.type) for c in contract.columns(table)]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        # With "\n" line ends the csv module leaves a bare "\r" unquoted, and readers
        # then split the row there: such rows are written with every cell quoted.
        quoted = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow([name for name, _ in kinds])
        for start in range(0, len(df), PARQUET_ROW_GROUP):
            chunk = df.iloc[start:start + PARQUET_ROW_GROUP]
            columns = [csv_column(chunk[name], kind) for name, kind in kinds]
            with_cr = {i for column, (_, kind) in zip(columns, kinds) if kind == "string"
                       for i, cell in enumerate(column) if "\r" in cell}
            if not with_cr:
                writer.writerows(zip(*columns))
                continue
            for i, cells in enumerate(zip(*columns)):
                (quoted if i in with_cr else writer).writerow(cells)

