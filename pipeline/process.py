"""Cleaning and extraction of whole batches, with a cache keyed by content.

A batch whose articles are all unchanged comes back whole from the cache.
Inside a changed batch, an article is cleaned again only when its bytes,
its manifest row or the cleaning code change, and extracted again only
when its cleaned text, its publication facts or the extraction code
change. Code versions are hashes of the source files and lexicons that
decide the result, so editing a trigger list re-extracts everything, and
editing the README re-extracts nothing. Nothing here imports Dagster.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from pipeline import contract
from pipeline.common.files import write_atomically
from pipeline.common.hashing import sha256_text
from pipeline.common.versions import files_version, module_closure
from pipeline.ingest import MANIFEST_NAME, Problem, RawArticle

# The stages' entry modules: each stage's version covers them and everything they import.
CLEAN_ENTRIES = ("pipeline.process", "pipeline.clean.cleaning", "pipeline.text.sentences",
                 "pipeline.extract.document")   # publication dates from datelines come from the date grammar
EXTRACT_ENTRIES = ("pipeline.process", "pipeline.extract")
CLEAN_DATA = ("lexicon/boilerplate.yaml", "lexicon/abbreviations.yaml", "lexicon/units.yaml")
MIN_ARTICLE_CHARS = 80


@cache
def clean_code_version() -> str:
    return files_version([*module_closure(CLEAN_ENTRIES), *(contract.SCHEMAS_DIR / p for p in CLEAN_DATA)])


@cache
def extract_code_version() -> str:
    return files_version([*module_closure(EXTRACT_ENTRIES), *contract.SCHEMAS_DIR.rglob("*.yaml")])


def code_version() -> str:
    return sha256_text(f"{clean_code_version()}:{extract_code_version()}")[:16]


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
        write_atomically(path,
                          json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def _key(*parts: object) -> str:
    return sha256_text(json.dumps(parts, sort_keys=True, default=str))


@dataclass
class BatchResult:
    rows: list[dict]
    problems: list[Problem]
    reused: int
    computed: int


# --- batches --------------------------------------------------------------------

DEFAULT_BATCH_SIZE = 1000


def _cut_here(doc_id: str, size: int) -> bool:
    return int(sha256_text(doc_id)[:12], 16) % max(1, size // 4) == 0


def content_batches(items: list, doc_id: Callable[[object], str], size: int) -> list[list]:
    """Items in order, cut into batches of about ``size`` where their ids say so.

    A batch ends, once it holds three quarters of ``size``, after an item
    whose id hashes to a cut point (one in a quarter of ``size``), or at one
    and a half times ``size``. Cut points depend on the ids alone, so adding
    or removing an article changes its own batch and leaves the others, and
    their cached results, as they were; fixed-size slices would shift every
    batch after it. Sizes stay close to ``size``, so parallel steps finish
    together. At least one batch, even an empty one, so the graph always
    completes.
    """
    smallest, largest = max(1, 3 * size // 4), max(1, 3 * size // 2)
    batches, current = [], []
    for item in items:
        current.append(item)
        if len(current) >= largest or (len(current) >= smallest and _cut_here(doc_id(item), size)):
            batches.append(current)
            current = []
    if current or not batches:
        batches.append(current)
    return batches


# --- cleaning -------------------------------------------------------------------

def document_row(article: RawArticle) -> dict | Problem:
    """The documents row of one article, or the problem that keeps it out."""
    from pipeline.clean.cleaning import clean_article
    from pipeline.text.sentences import split_sentences

    cleaned = clean_article(article.text)
    n_sentences = len(split_sentences(cleaned.text))
    if len(cleaned.text) < MIN_ARTICLE_CHARS or n_sentences == 0:
        return Problem(article.source_path, f"no article text left after removing boilerplate "
                                            f"({cleaned.removed_chars} characters removed); skipped")
    from pipeline.text.published import dateline_date, header_date

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
    """Documents rows of a batch: the whole batch from the cache when none of its articles changed."""
    version = clean_code_version()
    batch_key = _key("clean-batch", version, [_article_identity(a) for a in articles])
    hit = cache.get("clean-batch", batch_key)
    if hit is not None:
        return BatchResult(hit["rows"], [Problem(**p) for p in hit["problems"]], len(articles), 0)
    result = _clean_articles(articles, cache, version)
    cache.put("clean-batch", batch_key, {"rows": result.rows, "problems": [asdict(p) for p in result.problems]})
    return result


def _article_identity(article: RawArticle) -> list:
    return [article.raw_sha256, article.doc_id, article.source_path, vars(article.manifest)]  # every field


def _clean_articles(articles: list[RawArticle], cache: ResultCache, version: str) -> BatchResult:
    rows, problems, reused = [], [], 0
    for article in articles:
        key = _key(version, *_article_identity(article))
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


def _document_identity(doc: dict) -> list:
    return [doc["doc_id"], doc["text"], doc.get("published_date"), doc.get("publisher")]


def extract_batch(documents: list[dict], cache: ResultCache) -> tuple[dict[str, list[dict]], int, int]:
    """Rows of every table for these documents; returns (rows, reused, computed).

    The whole batch comes from the cache when none of its documents changed.
    """
    version = extract_code_version()
    batch_key = _key("extract-batch", version, [_key(*_document_identity(d)) for d in documents])
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
        key = _key(version, *_document_identity(doc))
        hit = cache.get("extract", key)
        if hit is not None:
            reused += 1
        else:
            hit = extract_rows(doc)
            cache.put("extract", key, hit)
        for table in contract.ROW_TABLES:
            tables[table].extend(hit.get(table, []))
    return tables, reused, len(documents) - reused


# --- how much work a run has -------------------------------------------------------

HASH_MEMO = "raw-hashes.json"
PROCESSED = "processed.json"


def articles_to_process(raw_dir: Path, outputs_dir: Path, cache_dir: Path | None) -> int:
    """Raw files the last successful run did not process with this code: what a run must clean and extract.

    Decides between one process and one process per step, so it must be
    cheap: file hashes are remembered by path, size and modification time
    in the cache folder, and only files written since are read again. A
    wrong guess costs time, never correctness: the run itself hashes
    every file.
    """
    from pipeline.ingest import fingerprint_raw
    from pipeline.publish.release import latest_release, read_package

    memo = _load_memo(cache_dir)
    known = set(memo)
    current = fingerprint_raw(raw_dir, memo)
    if set(memo) != known:
        _write_json(cache_dir, HASH_MEMO, sorted([*key, digest] for key, digest in memo.items()))
    package = _last_processed(cache_dir)
    if package is None:
        latest = latest_release(outputs_dir)
        try:
            package = read_package(latest) if latest else {}
        except (OSError, ValueError):
            package = {}
    if not isinstance(package, dict) or package.get("code_version") != code_version():
        return len(current)
    built_from = package.get("inputs") if isinstance(package.get("inputs"), dict) else {}
    if built_from.get(MANIFEST_NAME) != current.get(MANIFEST_NAME):  # may touch every article's facts
        return len(current)
    return sum(1 for name, digest in current.items() if built_from.get(name) != digest)


def executor_for_the_work(raw_dir: Path, outputs_dir: Path, cache_dir: Path | None, batch_size: int) -> str:
    """``in_process`` when the articles to clean and extract fit one batch, else ``multiprocess``:
    the one rule of the CLI and of the UI's default executor.
    """
    pending = articles_to_process(raw_dir, outputs_dir, cache_dir)
    return "multiprocess" if pending > batch_size else "in_process"


def record_processed(cache_dir: Path | None, input_hashes: dict[str, str]) -> None:
    """Remember what the last successful run processed, with which code, for the next choice of executor.

    The latest release says the same unless the run published nothing new
    (same content), which leaves the release's code version behind.
    """
    _write_json(cache_dir, PROCESSED, {"code_version": code_version(), "inputs": input_hashes})


def _last_processed(cache_dir: Path | None) -> dict | None:
    try:
        value = json.loads((Path(cache_dir) / PROCESSED).read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return None
    if isinstance(value, dict) and isinstance(value.get("inputs"), dict):
        return value
    return None  # not what record_processed writes: the latest release decides instead


def _write_json(cache_dir: Path | None, name: str, value) -> None:
    if cache_dir is None:
        return
    try:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        write_atomically(Path(cache_dir) / name, json.dumps(value, sort_keys=True))
    except OSError:
        pass  # a read-only cache only makes the next guess slower


def _load_memo(cache_dir: Path | None) -> dict:
    try:
        entries = json.loads((Path(cache_dir) / HASH_MEMO).read_text(encoding="utf-8"))
        return {(path, size, mtime): digest for path, size, mtime, digest in entries}
    except (OSError, ValueError, TypeError):
        return {}
