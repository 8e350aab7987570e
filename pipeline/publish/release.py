"""Publishing a release: immutable, versioned folders with a manifest of hashes.

A release is written to a hidden temporary folder and renamed into place, so
a reader never sees half of one; ``latest`` moves last, by an atomic rename
of a symlink. Publishers take a lock on the releases folder, so two runs at
once cannot interleave. Same content as ``latest`` means no new release.
Nothing here imports Dagster.
"""
from __future__ import annotations

import contextlib
import csv
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
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import contract
from pipeline.common import files
from pipeline.common.escaping import markdown_code, markdown_text
from pipeline.common.hashing import sha256_file, sha256_text
from pipeline.common.package import MANIFEST, read_package, read_package_or_empty

RELEASES = "releases"
LATEST = "latest"
LOCK_NAME = ".publish.lock"
TMP_PREFIX = files.TMP_PREFIX
PACKAGE_NAME = contract.dataset()["name"]
# Characters that make a spreadsheet treat a cell as a formula (OWASP, CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PARQUET_ROW_GROUP = 50_000


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




# --- table files ---------------------------------------------------------------

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


# --- the package -------------------------------------------------------------

def content_hash(file_hashes: dict[str, str]) -> str:
    joined = "\n".join(f"{name}:{digest}" for name, digest in sorted(file_hashes.items()))
    return sha256_text(joined)


def _resource(table: str, path: Path, fmt: str, digest: str, rows: int) -> dict:
    resource = {
        "name": table if fmt == "csv" else f"{table}_parquet",
        "title": contract.table_title(table),
        "description": contract.table_description(table),
        "path": path.name,
        "format": fmt,
        "hash": f"sha256:{digest}",
        "rows": rows,
        "schema": contract.frictionless_schema(table),
    }
    size = path.stat().st_size
    if fmt == "csv":
        resource.update({"mediatype": "text/csv", "encoding": "utf-8", "bytes": size})
    else:
        # frictionless 5 cannot count a Parquet file's bytes: keep the size in a custom property.
        resource.update({"mediatype": "application/vnd.apache.parquet", "file_bytes": size})
        for fk in resource["schema"].get("foreignKeys", []):
            fk["reference"]["resource"] += "_parquet"
    return resource


def datapackage(version: str, created: str, resources: list[dict], digest: str,
                input_hashes: dict[str, str], code_version: str, skipped: list[dict],
                previous: str | None, extra: dict | None = None) -> dict:
    return {
        "name": PACKAGE_NAME,
        "title": contract.dataset()["title"],
        "version": version,
        "created": created,
        "licenses": contract.frictionless_licenses(),
        "resources": resources,
        "content_hash": f"sha256:{digest}",
        "code_version": code_version,
        "previous_version": previous,
        "inputs": dict(sorted(input_hashes.items())),
        "skipped_sources": skipped,
        **(extra or {}),
    }


def release_readme(version: str, rows: dict[str, int], skipped: list[dict], created: str = "") -> str:
    lic = contract.licence()
    cite = contract.citation(version, created) if created else ""
    counts = "\n".join(f"| `{t}` | {rows.get(t, 0)} |" for t in contract.TABLES)
    skipped_md = "\n".join(f"- {markdown_code(s['source'])}: {markdown_text(s['problem'])}"
                           for s in skipped) or "- none"
    return f"""# Release {version}

Events, estimates and budgets about the cocaine trade and the fight against it
in Peru and its neighbours, extracted from news articles. Every row carries
its provenance: `doc_id`, the whole `quote` and its offsets in
`documents.text` (`text[char_start:char_end] == quote`).

| table | rows |
|---|---|
{counts}

Each table comes as Parquet (exact values, `date` columns) and CSV (UTF-8,
ISO dates, `true`/`false`). In the CSV files a text cell that a spreadsheet
would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
return) is prefixed with `'`; the Parquet files keep the exact text.
`datapackage.json` lists every file with its SHA-256 and row count.

```python
import pandas as pd
events = pd.read_parquet("events.parquet")
```

## Licence and citation

{lic['title']} (`{lic['name']}`, {lic['url']}). {lic['note']}

{cite}

## Sources skipped in this release

{skipped_md}

## Data dictionary

{contract.data_dictionary_markdown()}"""


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
                resources = [_resource(t, tmp / f"{t}.{fmt}", fmt, hashes[f"{t}.{fmt}"], rows[t])
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
