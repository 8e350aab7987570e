"""The extract stage over a batch: rows of every table, from the cache when nothing that decides them changed.

A document is extracted again only when its cleaned text, its publication
facts or the extraction code change. Apart from the clean stage, so that
cleaning's code version never covers the extraction package.
"""
from __future__ import annotations

import datetime as dt

from pipeline import contract
from pipeline.process import versions
from pipeline.process.cache import ResultCache, content_key


def extract_rows(document: dict) -> dict[str, list[dict]]:
    from pipeline.extract import extract_document

    published = document.get("published_date")
    return extract_document(
        doc_id=document["doc_id"],
        text=document["text"],
        published_date=dt.date.fromisoformat(published) if published else None,
        publisher=document.get("publisher"),
    )


def _document_identity(doc: dict) -> list:
    return [doc["doc_id"], doc["text"], doc.get("published_date"), doc.get("publisher")]


def extract_batch(documents: list[dict], cache: ResultCache) -> tuple[dict[str, list[dict]], int, int]:
    """Rows of every table for these documents; returns (rows, reused, computed).

    The whole batch comes from the cache when none of its documents changed.
    """
    version = versions.extract_code_version()
    batch_key = content_key("extract-batch", version, [content_key(*_document_identity(d)) for d in documents])
    hit = cache.get("extract-batch", batch_key)
    if hit is not None:
        return hit, len(documents), 0
    tables, reused, computed = _extract_documents(documents, cache, version)
    cache.put("extract-batch", batch_key, tables)
    return tables, reused, computed


def _extract_documents(documents: list[dict], cache: ResultCache, version: str) -> tuple[dict, int, int]:
    tables: dict[str, list[dict]] = {t: [] for t in contract.ROW_TABLES}
    reused = 0
    for doc in documents:
        hit, cached = cache.fetch("extract", content_key(version, *_document_identity(doc)), lambda: extract_rows(doc))
        reused += cached
        for table in contract.ROW_TABLES:
            tables[table].extend(hit.get(table, []))
    return tables, reused, len(documents) - reused
