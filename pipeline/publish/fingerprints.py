"""Row hashes of a release's tables, kept between releases so unchanged rows are never read.

Comparing two releases field by field is slow; comparing one hash per row is
not. A published Parquet file never changes, so its row hashes are stored
under the file's sha256 (in the cache) and the next release reads those
instead of hashing the previous table again. Nothing here imports Dagster.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import contract
from pipeline.common.files import replacing


def file_digest(package: dict, table: str) -> str | None:
    """The sha256 of a release's Parquet file of ``table``, from its manifest."""
    for resource in package.get("resources", []):
        if resource.get("path") == f"{table}.parquet" and str(resource.get("hash", "")).startswith("sha256:"):
            return resource["hash"].removeprefix("sha256:")
    return None


def row_fingerprints(release: Path | None, table: str, digest: str | None = None,
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
    """Best effort: a failed write only costs the next release a hashing of the table."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path) as tmp:
            pq.write_table(pa.table({"id": pa.array(ids, type=pa.string()),
                                     "hash": pa.array(hashes, type=pa.uint64())}), tmp)
    except OSError:
        pass  # only a cache: the next release hashes the table again

