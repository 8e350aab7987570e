"""What a release folder holds, read for the pages: rows per table, the table files, the change list,
file sizes and the tables themselves; the manifest is the single source of these facts.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from pipeline import contract

DOCUMENT_COLUMNS = ["doc_id", "title", "publisher", "url", "published_date"]  # not the texts: the largest column


def release_rows(package: dict) -> dict[str, int]:
    """Rows per table, from the manifest."""
    rows = {r["name"]: r.get("rows") for r in package.get("resources", []) if r.get("format") == "csv"}
    return {t: rows.get(t) for t in contract.TABLES}


def table_files(package: dict) -> dict[tuple[str, str], dict]:
    """(table, format) -> resource, for the Parquet and CSV files of each table."""
    by_path = {r["path"]: r for r in package.get("resources", [])}
    return {(t, fmt): by_path[f"{t}.{fmt}"] for t in contract.TABLES for fmt in ("parquet", "csv")
            if f"{t}.{fmt}" in by_path}


def release_changes(folder: Path, package: dict) -> dict | None:
    """changes.json when the release has one, else the manifest's article changes (or None)."""
    path = folder / "changes.json"
    if path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            pass
    articles = package.get("changes_since_previous")
    return {"articles": articles} if articles else None


def human_size(size: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"


def _size(resource: dict) -> int | None:
    size = resource.get("bytes", resource.get("file_bytes"))
    return size if isinstance(size, int) else None



def _read_table(folder: Path, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    path = folder / f"{table}.parquet"
    return (pd.read_parquet(path, columns=columns) if path.exists()
            else pd.DataFrame(columns=columns or contract.column_names(table)))
