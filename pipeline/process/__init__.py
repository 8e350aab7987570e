"""Cleaning and extraction of whole batches, with a cache keyed by content, and the executor choice.

One job per module: versions (the stages' code versions), cache (the
result cache and its keys), batches (where batches are cut), clean_stage
and extract_stage (a batch through each stage), work (how much a run has
to do, hence the executor). Nothing here imports Dagster.

The names are re-exported lazily, by name, not by import statement: a
stage's code version covers its modules' packages and all they import
(pipeline.common.versions reads import statements), so an eager import of
every module here would put extraction and publishing into the clean
stage's version. Tests patch a name where it is defined (e.g.
``pipeline.process.versions``), which is where the callers look it up.
"""
from __future__ import annotations

import importlib

_HOMES = {
    "CLEAN_ENTRIES": "versions", "EXTRACT_ENTRIES": "versions", "CLEAN_DATA": "versions",
    "clean_code_version": "versions", "extract_code_version": "versions", "code_version": "versions",
    "ResultCache": "cache", "content_key": "cache",
    "DEFAULT_BATCH_SIZE": "batches", "content_batches": "batches",
    "BatchResult": "clean_stage", "MIN_ARTICLE_CHARS": "clean_stage", "document_row": "clean_stage",
    "clean_batch": "clean_stage",
    "extract_rows": "extract_stage", "extract_batch": "extract_stage",
    "HASH_MEMO": "work", "PROCESSED": "work", "articles_to_process": "work",
    "executor_for_the_work": "work", "record_processed": "work",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str):
    """The re-exported name from its module, imported on first use (and patched there, seen here)."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
