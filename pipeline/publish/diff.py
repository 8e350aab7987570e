"""Comparing two releases: their tables row by row, their articles and manifests by hash.

The comparison only: ``changes`` writes the result as changes.json and
CHANGES.md. Rows are read from the Parquet files, which keep exact values,
and only rows whose fingerprint (``fingerprints``) differs are read and
compared field by field (``row_diff``). Nothing here imports Dagster.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline import contract
from pipeline.common.package import read_package_or_empty
from pipeline.ingest import CORRECTIONS_NAME, MANIFEST_NAME
from pipeline.publish.fingerprints import file_digest, row_fingerprints
from pipeline.publish.row_diff import DIFF_TOTAL_CHARS, json_value, table_changes

MANIFEST_FILES = frozenset({MANIFEST_NAME, CORRECTIONS_NAME})
SKIPPED_LISTED = 100         # skipped sources listed in changes.json (all are in datapackage.json)


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
    return {row[id_column]: {k: json_value(v) for k, v in row.items()} for row in data.to_pylist()}


def article_changes(old_inputs: dict[str, str], new_inputs: dict[str, str],
                    old_skipped: Iterable[str] = (), new_skipped: Iterable[str] = ()) -> dict[str, list[str]]:
    """Articles added, changed (other sha256) and removed: released articles only.

    The manifest and the corrections file are not articles (``input_changes``
    lists them), and neither is a file skipped in that build (empty, binary,
    a duplicate...): a file skipped before and readable now is added.
    """
    old = {k: v for k, v in old_inputs.items() if k not in MANIFEST_FILES and k not in set(old_skipped)}
    new = {k: v for k, v in new_inputs.items() if k not in MANIFEST_FILES and k not in set(new_skipped)}
    return {
        "added": sorted(set(new) - set(old)),
        "changed": sorted(k for k in set(old) & set(new) if old[k] != new[k]),
        "removed": sorted(set(old) - set(new)),
    }


def manifest_changes(old_inputs: dict[str, str], new_inputs: dict[str, str]) -> dict[str, list[str]]:
    """sources.csv and corrections.yaml added, changed and removed."""
    old = {k: v for k, v in old_inputs.items() if k in MANIFEST_FILES}
    new = {k: v for k, v in new_inputs.items() if k in MANIFEST_FILES}
    return {
        "added": sorted(set(new) - set(old)),
        "changed": sorted(k for k in set(old) & set(new) if old[k] != new[k]),
        "removed": sorted(set(old) - set(new)),
    }


def skipped_names(package: dict) -> set[str]:
    """The sources a release (or a scan) skipped, by name."""
    return {str(s.get("source")) for s in package.get("skipped_sources") or [] if isinstance(s, dict)}


def summary(changes: dict) -> dict[str, dict[str, int]]:
    """Counts only: what a catalog or a log line shows."""
    counts = {t: {k: len(c.get(k, [])) for k in ("added", "removed", "changed", "moved")}
              for t, c in changes["tables"].items()}
    counts["articles"] = {k: len(v) for k, v in changes["articles"].items()}
    return counts

def _table_diff(old: Path | None, new: Path, table: str, old_digest: str | None = None,
                new_digest: str | None = None, store: Path | None = None,
                diff_budget: list[int] | None = None) -> dict:
    """``table_changes`` of one table, reading only the rows whose fingerprints differ."""
    before, after = row_fingerprints(old, table, old_digest, store), row_fingerprints(new, table, new_digest, store)
    common = before.index.intersection(after.index)
    differing = set(common[before.loc[common].to_numpy() != after.loc[common].to_numpy()])
    ids = set(before.index).symmetric_difference(after.index) | differing
    # rows equal in both releases only count: keep them out of the field-by-field comparison
    result = table_changes(table, rows_by_id(old, table, ids), rows_by_id(new, table, ids), diff_budget)
    result["rows"], result["rows_before"] = len(after), len(before)
    return result


def release_changes(old: Path | None, new: Path, new_package: dict, store: Path | None = None) -> dict:
    """The whole changes document from ``old`` (None: nothing) to ``new``, described by ``new_package``.

    ``new_package`` is passed in because ``new`` may still be a temporary
    folder whose manifest the caller holds; ``store`` keeps row fingerprints.
    """
    old_package = read_package_or_empty(old)
    budget = [DIFF_TOTAL_CHARS]
    tables = {t: _table_diff(old, new, t, file_digest(old_package, t), file_digest(new_package, t), store, budget)
              for t in contract.TABLES}
    old_inputs, new_inputs = dict(old_package.get("inputs") or {}), dict(new_package.get("inputs") or {})
    skipped = sorted(new_package.get("skipped_sources") or [], key=lambda s: (str(s.get("source")), str(s.get("problem"))))
    changes = {
        "version": new_package.get("version", Path(new).name),
        "previous_version": Path(old).name if old is not None else None,
        "first_release": old is None,
        "tables": tables,
        "articles": article_changes(old_inputs, new_inputs, skipped_names(old_package), skipped_names(new_package)),
        "manifest": manifest_changes(old_inputs, new_inputs),
        "skipped": {"count": len(skipped), "sources": skipped[:SKIPPED_LISTED]},
    }
    changes["summary"] = summary(changes)
    return changes


def diff_releases(old: Path | None, new: Path) -> dict:
    """Rows and articles added, changed and removed from ``old`` (None: nothing) to ``new``."""
    return release_changes(Path(old) if old is not None else None, Path(new), read_package_or_empty(new))

