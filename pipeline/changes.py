"""What changed between two releases: rows by stable id, and the articles read.

``write_changes`` runs inside ``release.publish`` (its ``after_write`` hook)
on the finished temporary folder, so every release ships ``changes.json``
(exact, for programs) and ``CHANGES.md`` (for people) beside its tables.
Rows are compared through the Parquet files, which keep exact values.
Nothing here imports Dagster.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import math
import os
import uuid
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline import contract

CHANGES_JSON = "changes.json"
CHANGES_MD = "CHANGES.md"
MD_LIST_LIMIT = 200      # items per list in CHANGES.md; changes.json always has them all
MD_VALUE_LIMIT = 160     # characters of a value shown in CHANGES.md


# --- reading a release -----------------------------------------------------------

def _json_value(value: Any) -> Any:
    """A Parquet cell as a JSON value: dates as ISO text, NaN as null."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def rows_by_id(release: Path | None, table: str, ids: set[str] | None = None) -> dict[str, dict[str, Any]]:
    """A table's rows (only ``ids``, if given) keyed by its id column; empty when the file is missing."""
    if release is None:
        return {}
    path = Path(release) / f"{table}.parquet"
    if not path.exists():
        return {}
    id_column = contract.ID_COLUMNS[table]
    data = pq.read_table(path)
    if ids is not None:
        data = data.filter(pc.is_in(data[id_column], value_set=pa.array(sorted(ids), type=pa.string())))
    return {row[id_column]: {k: _json_value(v) for k, v in row.items()} for row in data.to_pylist()}


def _package(release: Path | None) -> dict:
    if release is None:
        return {}
    try:
        return json.loads((Path(release) / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


# --- comparing -------------------------------------------------------------------

def _same(a: Any, b: Any) -> bool:
    """Equality where NaN equals NaN (and None)."""
    a_missing = a is None or (isinstance(a, float) and math.isnan(a))
    b_missing = b is None or (isinstance(b, float) and math.isnan(b))
    if a_missing or b_missing:
        return a_missing and b_missing
    return a == b


def _field_order(table: str, old: dict, new: dict) -> list[str]:
    """Contract columns first, in contract order, then any others (an older contract) sorted."""
    names = contract.column_names(table)
    extra = sorted((set(old) | set(new)) - set(names))
    return names + extra


def changed_fields(table: str, old: dict, new: dict) -> dict[str, dict[str, Any]]:
    """Field name -> {"old", "new"} for every field whose value differs."""
    return {name: {"old": _json_value(old.get(name)), "new": _json_value(new.get(name))}
            for name in _field_order(table, old, new)
            if not _same(old.get(name), new.get(name))}


def table_changes(table: str, old_rows: dict[str, dict], new_rows: dict[str, dict]) -> dict:
    """Ids added and removed, and changed rows with their changed fields, all sorted by id."""
    changed = []
    for row_id in sorted(set(old_rows) & set(new_rows)):
        fields = changed_fields(table, old_rows[row_id], new_rows[row_id])
        if fields:
            changed.append({"id": row_id, "fields": fields})
    return {
        "id_column": contract.ID_COLUMNS[table],
        "rows": len(new_rows),
        "rows_before": len(old_rows),
        "added": sorted(set(new_rows) - set(old_rows)),
        "removed": sorted(set(old_rows) - set(new_rows)),
        "changed": changed,
    }


def article_changes(old_inputs: dict[str, str], new_inputs: dict[str, str]) -> dict[str, list[str]]:
    """Input files added, changed (other sha256) and removed."""
    return {
        "added": sorted(set(new_inputs) - set(old_inputs)),
        "changed": sorted(k for k in set(old_inputs) & set(new_inputs) if old_inputs[k] != new_inputs[k]),
        "removed": sorted(set(old_inputs) - set(new_inputs)),
    }


def summary(changes: dict) -> dict[str, dict[str, int]]:
    """Counts only: what a catalog or a log line shows."""
    counts = {t: {k: len(c[k]) for k in ("added", "removed", "changed")} for t, c in changes["tables"].items()}
    counts["articles"] = {k: len(v) for k, v in changes["articles"].items()}
    return counts


def _file_digest(package: dict, table: str) -> str | None:
    """The sha256 of a release's Parquet file of ``table``, from its manifest."""
    for resource in package.get("resources", []):
        if resource.get("path") == f"{table}.parquet" and str(resource.get("hash", "")).startswith("sha256:"):
            return resource["hash"].removeprefix("sha256:")
    return None


def _fingerprints(release: Path | None, table: str, digest: str | None = None,
                  store: Path | None = None) -> pd.Series:
    """One hash per row, indexed by id: equal hashes mean equal rows, so only the others are compared.

    With a ``store`` folder (the cache's), kept there as ``<sha256 of the
    Parquet file>.parquet``: a published file never changes, so the next
    release compares against the stored hashes instead of reading and
    hashing the whole previous table.
    """
    if release is None or not (Path(release) / f"{table}.parquet").exists():
        return pd.Series(dtype="uint64")
    stored = Path(store) / f"{digest}.parquet" if store is not None and digest else None
    if stored is not None and stored.exists():
        try:
            kept = pq.read_table(stored)
            return pd.Series(kept["hash"].to_numpy(), index=kept["id"].to_numpy(zero_copy_only=False))
        except (OSError, KeyError, pa.ArrowException):
            pass  # unreadable: computed again below
    df = pd.read_parquet(Path(release) / f"{table}.parquet")
    hashes = pd.util.hash_pandas_object(df[sorted(df.columns)], index=False).to_numpy()
    ids = df[contract.ID_COLUMNS[table]].to_numpy()
    if stored is not None:
        _store_fingerprints(stored, ids, hashes)
    return pd.Series(hashes, index=ids)


def _store_fingerprints(path: Path, ids, hashes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".tmp-{os.getpid()}-{uuid.uuid4().hex}-{path.name}")
        pq.write_table(pa.table({"id": pa.array(ids, type=pa.string()), "hash": pa.array(hashes, type=pa.uint64())}),
                       tmp)
        os.replace(tmp, path)
    except OSError:
        pass  # only a cache: the next release hashes the table again


def _table_diff(old: Path | None, new: Path, table: str, old_digest: str | None = None,
                new_digest: str | None = None, store: Path | None = None) -> dict:
    before, after = _fingerprints(old, table, old_digest, store), _fingerprints(new, table, new_digest, store)
    common = before.index.intersection(after.index)
    differing = set(common[before.loc[common].to_numpy() != after.loc[common].to_numpy()])
    ids = set(before.index).symmetric_difference(after.index) | differing
    # rows equal in both releases only count: keep them out of the field-by-field comparison
    result = table_changes(table, rows_by_id(old, table, ids), rows_by_id(new, table, ids))
    result["rows"], result["rows_before"] = len(after), len(before)
    return result


def _diff(old: Path | None, new: Path, new_package: dict, store: Path | None = None) -> dict:
    old_package = _package(old)
    tables = {t: _table_diff(old, new, t, _file_digest(old_package, t), _file_digest(new_package, t), store)
              for t in contract.TABLES}
    changes = {
        "version": new_package.get("version", Path(new).name),
        "previous_version": Path(old).name if old is not None else None,
        "first_release": old is None,
        "tables": tables,
        "articles": article_changes(dict(old_package.get("inputs") or {}), dict(new_package.get("inputs") or {})),
    }
    changes["summary"] = summary(changes)
    return changes


def diff_releases(old: Path | None, new: Path) -> dict:
    """Rows and articles added, changed and removed from ``old`` (None: nothing) to ``new``."""
    return _diff(Path(old) if old is not None else None, Path(new), _package(new))


# --- writing ---------------------------------------------------------------------

def _md_text(value: Any, limit: int = MD_VALUE_LIMIT) -> str:
    """A value as inert Markdown (punctuation backslashed, HTML as entities): article text is never markup."""
    text = "null" if value is None else value if isinstance(value, str) else json.dumps(value)
    text = text.replace("\n", " ")
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    for char in "\\`*_[]|#~":
        text = text.replace(char, "\\" + char)
    return html.escape(text, quote=True)


def _md_code(value: str) -> str:
    """An id or file name as a code span (shown literally; backticks cannot close it)."""
    return "`" + str(value).replace("`", "'").replace("\n", " ") + "`"


def _md_list(items: list, render=_md_code) -> list[str]:
    lines = [f"- {render(item)}" for item in items[:MD_LIST_LIMIT]]
    if len(items) > MD_LIST_LIMIT:
        lines.append(f"- … and {len(items) - MD_LIST_LIMIT} more (see `{CHANGES_JSON}`)")
    return lines or ["- none"]


def _md_changed_row(row: dict) -> str:
    fields = "; ".join(f"{name}: {_md_text(v['old'])} → {_md_text(v['new'])}" for name, v in row["fields"].items())
    return f"{_md_code(row['id'])}: {fields}"


def changes_markdown(changes: dict) -> str:
    """CHANGES.md: the same lists as changes.json, shortened for reading."""
    previous = changes["previous_version"]
    lines = [f"# Changes in {changes['version']}", "",
             f"Compared with release `{previous}`." if previous else "First release: every row and article is new.",
             "", "| table | rows | added | removed | changed |", "|---|---|---|---|---|"]
    for table, c in changes["tables"].items():
        lines.append(f"| `{table}` | {c['rows']} | {len(c['added'])} | {len(c['removed'])} | {len(c['changed'])} |")
    lines += ["", "## Articles", ""]
    for kind in ("added", "changed", "removed"):
        lines += [f"### {kind.capitalize()}", "", *_md_list(changes["articles"][kind]), ""]
    for table, c in changes["tables"].items():
        lines += [f"## `{table}` (by `{c['id_column']}`)", ""]
        lines += ["### Added", "", *_md_list(c["added"]), ""]
        lines += ["### Removed", "", *_md_list(c["removed"]), ""]
        lines += ["### Changed", "", *_md_list(c["changed"], _md_changed_row), ""]
    return "\n".join(lines)


def write_changes(folder: Path, package: dict, fingerprint_store: Path | None = None) -> dict:
    """The ``after_write`` hook: compare with ``package["previous_version"]`` and write both files.

    ``fingerprint_store``: a folder where row hashes are kept between releases (the cache's).
    """
    folder = Path(folder)
    previous = package.get("previous_version")
    old = folder.parent / previous if previous else None
    if old is not None and not old.is_dir():
        raise FileNotFoundError(f"previous release {previous} not found beside {folder}")
    changes = _diff(old, folder, package, fingerprint_store)
    (folder / CHANGES_JSON).write_text(json.dumps(changes, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    (folder / CHANGES_MD).write_text(changes_markdown(changes), encoding="utf-8")
    return changes
