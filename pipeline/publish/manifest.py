"""A release's description of itself: ``datapackage.json`` and ``README.md``.

Pure text and dictionaries built from the contract, the row counts and the
file hashes, so what a release says about itself is decided in one place and
``release.publish`` only writes it. Nothing here imports Dagster.
"""
from __future__ import annotations

from pathlib import Path

from pipeline import contract
from pipeline.common.escaping import markdown_code, markdown_text
from pipeline.common.hashing import sha256_text

PACKAGE_NAME = contract.dataset()["name"]


def content_hash(file_hashes: dict[str, str]) -> str:
    """One hash of every table file: equal content means no new release."""
    joined = "\n".join(f"{name}:{digest}" for name, digest in sorted(file_hashes.items()))
    return sha256_text(joined)


def resource(table: str, path: Path, fmt: str, digest: str, rows: int) -> dict:
    """One file's entry in ``datapackage.json``: what it holds, its hash and size, its schema."""
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
    """The Frictionless data package: files, hashes, inputs and the release it follows."""
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
    """README.md for people: what the tables are, how to read them, licence, skipped sources."""
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
