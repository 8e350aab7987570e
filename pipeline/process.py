"""Cleaning and extraction of whole batches, with a cache keyed by content.

An article is cleaned again only when its bytes, its manifest row or the
cleaning code change, and extracted again only when its cleaned text, its
publication facts or the extraction code change. Code versions are hashes
of the source files and lexicons that decide the result, so editing a
trigger list re-extracts everything, and editing the README re-extracts
nothing. Nothing here imports Dagster.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from pipeline import contract
from pipeline.ingest import Problem, RawArticle

PACKAGE_DIR = Path(__file__).resolve().parent
CLEAN_SOURCES = ("cleaning.py", "sentences.py", "ingest.py")
CLEAN_DATA = ("lexicon/boilerplate.yaml", "lexicon/abbreviations.yaml")
MIN_ARTICLE_CHARS = 80


def _hash_paths(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        if path.is_file():
            digest.update(path.relative_to(PACKAGE_DIR.parent).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def clean_code_version() -> str:
    return _hash_paths([PACKAGE_DIR / p for p in CLEAN_SOURCES] + [contract.SCHEMAS_DIR / p for p in CLEAN_DATA])


@cache
def extract_code_version() -> str:
    paths = list((PACKAGE_DIR / "extract").rglob("*.py")) + list((PACKAGE_DIR / "grammar").rglob("*.py"))
    paths += [PACKAGE_DIR / "sentences.py", PACKAGE_DIR / "contract.py"]
    paths += list(contract.SCHEMAS_DIR.rglob("*.yaml"))
    return _hash_paths(paths)


def code_version() -> str:
    return hashlib.sha256(f"{clean_code_version()}:{extract_code_version()}".encode()).hexdigest()[:16]


class ResultCache:
    """JSON files named by a content key; writes are atomic renames."""

    def __init__(self, root: Path | None):
        self.root = Path(root) if root else None

    def _path(self, namespace: str, key: str) -> Path:
        return self.root / namespace / key[:2] / f"{key}.json"

    def get(self, namespace: str, key: str) -> dict | None:
        if self.root is None:
            return None
        try:
            return json.loads(self._path(namespace, key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, namespace: str, key: str, value: dict) -> None:
        if self.root is None:
            return
        path = self._path(namespace, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str), encoding="utf-8")
        os.replace(tmp, path)


def _key(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class BatchResult:
    rows: list[dict]
    problems: list[Problem]
    reused: int
    computed: int


# --- cleaning -------------------------------------------------------------------

def document_row(article: RawArticle) -> dict | Problem:
    """The documents row of one article, or the problem that keeps it out."""
    from pipeline.cleaning import clean_article
    from pipeline.sentences import split_sentences

    cleaned = clean_article(article.text)
    n_sentences = len(split_sentences(cleaned.text))
    if len(cleaned.text) < MIN_ARTICLE_CHARS or n_sentences == 0:
        return Problem(article.source_path, f"no article text left after removing boilerplate "
                                            f"({cleaned.removed_chars} characters removed); skipped")
    from pipeline.extract.document import dateline_date, header_date

    manifest = article.manifest
    published = (manifest.published_date or cleaned.published_date or dateline_date(cleaned.text)
                 or header_date(cleaned.removed))
    return {
        "doc_id": article.doc_id,
        "source_path": article.source_path,
        "title": cleaned.title,
        "publisher": manifest.publisher or cleaned.publisher,
        "author": manifest.author or cleaned.author,
        "url": manifest.url,
        "published_date": published.isoformat() if published else None,
        "raw_sha256": article.raw_sha256,
        "text": cleaned.text,
        "n_sentences": n_sentences,
        "removed_chars": int(cleaned.removed_chars),
    }


def clean_batch(articles: list[RawArticle], cache: ResultCache) -> BatchResult:
    rows, problems, reused = [], [], 0
    version = clean_code_version()
    for article in articles:
        key = _key(version, article.raw_sha256, article.doc_id, article.source_path, asdict(article.manifest))
        hit = cache.get("clean", key)
        if hit is not None:
            reused += 1
        else:
            result = document_row(article)
            hit = {"problem": asdict(result)} if isinstance(result, Problem) else {"row": result}
            cache.put("clean", key, hit)
        if "problem" in hit:
            problems.append(Problem(**hit["problem"]))
        else:
            rows.append(hit["row"])
    return BatchResult(rows, problems, reused, len(articles) - reused)


# --- extraction -----------------------------------------------------------------

def extract_rows(document: dict) -> dict[str, list[dict]]:
    from pipeline.extract import extract_document

    published = document.get("published_date")
    return extract_document(
        doc_id=document["doc_id"],
        text=document["text"],
        published_date=dt.date.fromisoformat(published) if published else None,
        publisher=document.get("publisher"),
    )


def extract_batch(documents: list[dict], cache: ResultCache) -> tuple[dict[str, list[dict]], int, int]:
    """Rows of every table for these documents; returns (rows, reused, computed)."""
    tables: dict[str, list[dict]] = {t: [] for t in contract.ROW_TABLES}
    reused = 0
    version = extract_code_version()
    for doc in documents:
        key = _key(version, doc["doc_id"], doc["text"], doc.get("published_date"), doc.get("publisher"))
        hit = cache.get("extract", key)
        if hit is not None:
            reused += 1
        else:
            hit = extract_rows(doc)
            cache.put("extract", key, hit)
        for table in contract.ROW_TABLES:
            tables[table].extend(hit.get(table, []))
    return tables, reused, len(documents) - reused
