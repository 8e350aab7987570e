"""Publishing a release: immutable, versioned folders with a manifest of hashes.

A release is written to a hidden temporary folder and renamed into place, so
a reader never sees half of one; ``latest`` moves last, by an atomic rename
of a symlink. Publishers take a lock on the releases folder, so two runs at
once cannot interleave. Same content as ``latest`` means no new release.
The table writers live in ``tables_io`` and the manifest and README text in
``manifest``; their names are re-exported here, where callers and tests look
for them (tests replace ``release.write_parquet`` and friends, which
``write_tables`` looks up here at call time). Nothing here imports Dagster.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline import contract
from pipeline.common import files
from pipeline.common.hashing import sha256_file
from pipeline.common.package import MANIFEST, read_package, read_package_or_empty
from pipeline.publish.manifest import PACKAGE_NAME, content_hash, datapackage, release_readme, resource
from pipeline.publish.tables_io import (
    FORMULA_PREFIXES,
    PARQUET_ROW_GROUP,
    csv_column,
    neutralise_formula,
    write_csv,
    write_parquet,
)

# Re-exported: callers and tests import these from here.
__all__ = [
    "FORMULA_PREFIXES", "LATEST", "LOCK_NAME", "MANIFEST", "PACKAGE_NAME", "PARQUET_ROW_GROUP", "RELEASES",
    "TMP_PREFIX", "Publication", "PublishError", "content_hash", "csv_column", "datapackage", "input_changes",
    "latest_release", "list_releases", "neutralise_formula", "publish", "publish_lock", "read_inputs",
    "read_package", "read_package_or_empty", "release_readme", "releases_dir", "resource", "write_csv",
    "write_parquet", "write_tables",
]

RELEASES = "releases"
LATEST = "latest"
LOCK_NAME = ".publish.lock"
TMP_PREFIX = files.TMP_PREFIX



class PublishError(RuntimeError):
    """Publishing failed; nothing was published and ``latest`` did not move."""


@dataclass(frozen=True)
class Publication:
    path: Path
    version: str
    created: bool             # False when the content equals the latest release
    content_hash: str
    previous: str | None      # the version that was latest before this run
    rows: dict[str, int] = field(default_factory=dict)


def releases_dir(outputs_dir: Path) -> Path:
    return Path(outputs_dir) / RELEASES


def latest_release(outputs_dir: Path) -> Path | None:
    link = releases_dir(outputs_dir) / LATEST
    if not link.exists():
        return None
    return link.resolve()


def list_releases(outputs_dir: Path) -> list[Path]:
    root = releases_dir(outputs_dir)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir()
                  if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")
                  and (p / MANIFEST).exists())


# --- publishing ----------------------------------------------------------------

@contextlib.contextmanager
def publish_lock(root: Path, timeout_s: float = 600) -> Iterator[None]:
    """An exclusive lock on the releases folder, released even if the process dies."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / LOCK_NAME).open("a") as fh:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise PublishError(f"another run has held {root / LOCK_NAME} for {timeout_s:.0f} s") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _remove_stale_temporaries(root: Path) -> None:
    """Leftovers of a killed run: only ever touched while holding the lock."""
    for path in root.glob(TMP_PREFIX + "*"):
        if path.is_symlink() or path.is_file():
            path.unlink(missing_ok=True)
        else:
            shutil.rmtree(path, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _point_latest(root: Path, version: str) -> None:
    tmp_link = root / f"{TMP_PREFIX}latest-{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    os.symlink(version, tmp_link)
    os.replace(tmp_link, root / LATEST)
    _fsync_dir(root)


def _version_name(now: dt.datetime, digest: str) -> str:
    return f"{now.astimezone(dt.timezone.utc):%Y-%m-%dT%H%M%SZ}-{digest[:8]}"


def write_tables(tables: dict[str, pd.DataFrame], folder: Path) -> dict[str, str]:
    """The eight table files; returns file name -> sha256."""
    hashes = {}
    for table in contract.TABLES:
        df = contract.frame(table, tables[table])
        for fmt, writer in (("parquet", write_parquet), ("csv", write_csv)):
            path = folder / f"{table}.{fmt}"
            writer(df, table, path)
            hashes[path.name] = sha256_file(path)
    return hashes


def publish(tables: dict[str, pd.DataFrame], outputs_dir: Path, *, input_hashes: dict[str, str],
            code_version: str, skipped: list[dict], now: dt.datetime | None = None,
            extra: dict | None = None, after_write=None, before_write=None) -> Publication:
    """Write a release and move ``latest`` to it, or return the latest if nothing changed.

    ``before_write`` is called under the lock with the ``latest`` release (or
    None) and the new row counts, before anything is written: it may refuse
    the release by raising (``guard.refuse_shrink``). ``after_write`` is called
    with the finished temporary folder before it is renamed into place
    (catalog pages, change lists hook in there).
    """
    root = releases_dir(outputs_dir)
    now = now or dt.datetime.now(dt.timezone.utc)
    rows = {t: int(len(tables[t])) for t in contract.TABLES}
    try:
        with publish_lock(root):
            _remove_stale_temporaries(root)
            previous_path = latest_release(outputs_dir)
            previous = previous_path.name if previous_path else None
            if before_write:
                before_write(previous_path, rows)
            tmp = root / f"{TMP_PREFIX}{os.getpid()}-{now:%Y%m%d%H%M%S%f}"
            tmp.mkdir()
            try:
                hashes = write_tables(tables, tmp)
                digest = content_hash(hashes)
                if previous_path and read_package_or_empty(previous_path).get("content_hash") == f"sha256:{digest}":
                    shutil.rmtree(tmp)
                    return Publication(previous_path, previous, False, digest, previous, rows)
                interrupted = _interrupted_release(outputs_dir, previous, digest)
                if interrupted is not None:
                    shutil.rmtree(tmp)
                    _point_latest(root, interrupted.name)
                    return Publication(interrupted, interrupted.name, True, digest, previous, rows)
                version = _version_name(now, digest)
                final = root / version
                resources = [resource(t, tmp / f"{t}.{fmt}", fmt, hashes[f"{t}.{fmt}"], rows[t])
                             for t in contract.TABLES for fmt in ("csv", "parquet")]
                package = datapackage(version, now.astimezone(dt.timezone.utc).isoformat(timespec="seconds"),
                                      resources, digest, input_hashes, code_version, skipped, previous, extra)
                (tmp / MANIFEST).write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
                (tmp / "README.md").write_text(release_readme(version, rows, skipped, package["created"]), encoding="utf-8")
                if after_write:
                    after_write(tmp, package)
                for path in tmp.iterdir():
                    with path.open("rb") as fh:
                        os.fsync(fh.fileno())
                if final.exists():
                    raise PublishError(f"release {version} already exists; releases are immutable")
                os.rename(tmp, final)
                _fsync_dir(root)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            _point_latest(root, version)
            return Publication(final, version, True, digest, previous, rows)
    except OSError as err:
        reason = "the disk is full" if err.errno == errno.ENOSPC else err.strerror or str(err)
        raise PublishError(f"could not publish to {root}: {reason} ({err.filename or root})") from err


def _interrupted_release(outputs_dir: Path, previous: str | None, digest: str) -> Path | None:
    """The newest release, if a run killed between its rename and the move of ``latest`` left it
    complete but not latest, and it holds this very content: finishing that publication is
    better than publishing the same content a second time.
    """
    releases = list_releases(outputs_dir)
    if not releases or releases[-1].name == previous:
        return None
    try:
        package = read_package(releases[-1])
    except (OSError, ValueError):
        return None
    if package.get("content_hash") == f"sha256:{digest}" and package.get("previous_version") == previous:
        return releases[-1]
    return None


def read_inputs(release: Path) -> dict[str, str]:
    """The input file hashes a release was built from (empty if unreadable)."""
    return dict(read_package_or_empty(release).get("inputs") or {})


def input_changes(previous: dict[str, str], current: dict[str, str]) -> dict[str, list[str]]:
    """Input files added, changed and removed between two builds."""
    return {
        "added": sorted(set(current) - set(previous)),
        "changed": sorted(k for k in set(current) & set(previous) if current[k] != previous[k]),
        "removed": sorted(set(previous) - set(current)),
    }
