"""Corrections by hand are data: a reviewed YAML file keyed by stable row ids.

Each entry drops a row or sets fields, with a reason. They are applied
before validation, so a correction that breaks the contract is caught like
any other bad row (a quote set to words its document does not contain
stops the release at the provenance check). An unknown id or field fails the run: a correction that
silently stops applying would hide the very error it was written to fix.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from pipeline import contract

PROTECTED = {"doc_id"}
ACTIONS = ("drop", "set")


class CorrectionError(ValueError):
    """The corrections file is wrong; nothing is published."""


@dataclass(frozen=True)
class Correction:
    id: str
    table: str
    action: str
    fields: dict
    reason: str
    where: str = "correction"   # "corrections.yaml: correction #3", for messages


def _table_of(row_id: str) -> str | None:
    prefix = row_id.split("_", 1)[0]
    return next((t for t, p in contract.ID_PREFIXES.items() if p == prefix), None)


def load_corrections(path: Path) -> list[Correction]:
    """The corrections in ``path`` (none when it does not exist), checked for shape."""
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise CorrectionError(f"{path.name}: not valid YAML: {err}") from err
    entries = data.get("corrections") if isinstance(data, dict) else None
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        raise CorrectionError(f"{path.name}: 'corrections' must be a list")
    out = []
    for n, entry in enumerate(entries, start=1):
        where = f"{path.name}: correction #{n}"
        if not isinstance(entry, dict):
            raise CorrectionError(f"{where}: must be a mapping with id, action, reason")
        row_id, action, reason = str(entry.get("id") or ""), entry.get("action"), entry.get("reason")
        table = _table_of(row_id)
        if table is None:
            raise CorrectionError(f"{where}: id {row_id!r} is not an events/estimates/budgets id")
        if action not in ACTIONS:
            raise CorrectionError(f"{where} ({row_id}): action must be one of {ACTIONS}, not {action!r}")
        if not reason or not str(reason).strip():
            raise CorrectionError(f"{where} ({row_id}): every correction needs a reason")
        fields = entry.get("set") or {}
        if action == "set":
            if not isinstance(fields, dict) or not fields:
                raise CorrectionError(f"{where} ({row_id}): 'set' needs a mapping of fields to values")
            unknown = sorted(set(fields) - set(contract.column_names(table)))
            if unknown:
                raise CorrectionError(f"{where} ({row_id}): fields {unknown} are not columns of {table}")
            protected = sorted(set(fields) & (PROTECTED | {contract.ID_COLUMNS[table]}))
            if protected:
                raise CorrectionError(f"{where} ({row_id}): fields {protected} identify the row and cannot be corrected")
        out.append(Correction(row_id, table, action, dict(fields), str(reason).strip(), where))
    return out


def apply_corrections(tables: dict[str, pd.DataFrame], corrections: list[Correction]) -> dict[str, pd.DataFrame]:
    """Tables with the corrections applied; raises for ids that match no row."""
    out = {name: df.copy() for name, df in tables.items()}
    for c in corrections:
        df = out[c.table]
        id_col = contract.ID_COLUMNS[c.table]
        hit = df[id_col] == c.id
        if not hit.any():
            raise CorrectionError(f"{c.where} ({c.id}): no {c.table} row has this id (was it re-extracted under another id?)")
        if c.action == "drop":
            out[c.table] = df[~hit].reset_index(drop=True)
            continue
        for name, value in c.fields.items():
            df[name] = df[name].astype(object)
            df.loc[hit, name] = value
        out[c.table] = contract.frame(c.table, df)
    return out
