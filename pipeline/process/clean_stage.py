"""The clean stage over a batch: documents rows, from the cache when nothing that decides them changed.

A batch whose articles are all unchanged comes back whole from the cache;
inside a changed batch, an article is cleaned again only when its bytes,
its manifest row or the cleaning code change. Extraction lives in
extract_stage so that this stage's code version does not cover it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from pipeline.ingest import Problem, RawArticle
from pipeline.process import versions
from pipeline.process.cache import ResultCache, content_key

MIN_ARTICLE_CHARS = 80


@dataclass
class BatchResult:
    rows: list[dict]
    problems: list[Problem]
    reused: int
    computed: int


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
    version = versions.clean_code_version()
    batch_key = content_key("clean-batch", version, [_article_identity(a) for a in articles])
    hit = cache.get("clean-batch", batch_key)
    if hit is not None:
        return BatchResult(hit["rows"], [Problem(**p) for p in hit["problems"]], len(articles), 0)
    result = _clean_articles(articles, cache, version)
    cache.put("clean-batch", batch_key, {"rows": result.rows, "problems": [asdict(p) for p in result.problems]})
    return result


def _article_identity(article: RawArticle) -> list:
    return [article.raw_sha256, article.doc_id, article.source_path, vars(article.manifest)]  # every field


def _cache_entry(result: dict | Problem) -> dict:
    return {"problem": asdict(result)} if isinstance(result, Problem) else {"row": result}


def _clean_articles(articles: list[RawArticle], cache: ResultCache, version: str) -> BatchResult:
    rows, problems, reused = [], [], 0
    for article in articles:
        hit, cached = cache.fetch("clean", content_key(version, *_article_identity(article)),
                                  lambda: _cache_entry(document_row(article)))
        reused += cached
        if "problem" in hit:
            problems.append(Problem(**hit["problem"]))
        else:
            rows.append(hit["row"])
    return BatchResult(rows, problems, reused, len(articles) - reused)
