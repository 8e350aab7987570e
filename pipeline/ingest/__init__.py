"""Ingest: reading the raw folder into articles, the sources manifest and their hashes.

manifest (names, limits, problems, the manifest), decode (bytes to text),
scan (the folder walk, articles, fingerprints). The public names are
re-exported here, where the rest of the pipeline imports them. Nothing
here imports Dagster.
"""
from __future__ import annotations

from pipeline.ingest.decode import CONTROL_CHARS, PREFERRED_LEGACY_ENCODINGS, decode_bytes
from pipeline.ingest.manifest import (
                                      ARTICLE_SUFFIXES,
                                      CORRECTIONS_NAME,
                                      EARLIEST_PLAUSIBLE_DATE,
                                      MANIFEST_COLUMNS,
                                      MANIFEST_NAME,
                                      MAX_ARTICLE_BYTES,
                                      ManifestRow,
                                      Problem,
                                      read_manifest,
                                      safe_doc_id,
)
from pipeline.ingest.scan import RawArticle, RawScan, _article_paths, fingerprint_raw, scan_raw, watched_files

__all__ = ["ARTICLE_SUFFIXES", "CONTROL_CHARS", "CORRECTIONS_NAME", "EARLIEST_PLAUSIBLE_DATE", "MANIFEST_COLUMNS",
           "MANIFEST_NAME", "MAX_ARTICLE_BYTES", "PREFERRED_LEGACY_ENCODINGS", "ManifestRow", "Problem", "RawArticle",
           "RawScan", "_article_paths", "decode_bytes", "fingerprint_raw", "read_manifest", "safe_doc_id", "scan_raw",
           "watched_files"]
