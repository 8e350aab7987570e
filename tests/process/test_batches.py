"""Batches and the choice of executor: what makes a rebuild cost the change, not the corpus."""
from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

from pipeline import process
from pipeline.ingest import scan_raw, watched_files
from pipeline.process import ResultCache, articles_to_process, clean_batch, content_batches, extract_batch

REPO = Path(__file__).resolve().parents[2]


def _ids(n: int, prefix: str = "doc") -> list[str]:
    return [f"{prefix}_{i:05d}" for i in range(n)]


def _batches(ids: list[str], size: int) -> list[list[str]]:
    return content_batches(ids, lambda x: x, size)


def test_batches_keep_every_item_in_order_within_bounds():
    ids = _ids(5000)
    batches = _batches(ids, 200)
    assert [x for b in batches for x in b] == ids
    assert all(150 <= len(b) <= 300 for b in batches[:-1])
    assert 20 <= len(batches) <= 30          # about 5000 / 200
    assert _batches([], 200) == [[]]         # the graph always has one (empty) batch
    assert _batches(ids[:3], 1) == [[i] for i in ids[:3]]


def test_adding_or_removing_an_article_changes_only_its_own_batch():
    ids = _ids(5000)
    before = _batches(ids, 200)
    for changed in (ids[:2500] + ["doc_02500a"] + ids[2500:], ids[:1234] + ids[1235:]):
        after = _batches(changed, 200)
        differing = [b for b in after if b not in before]
        assert 1 <= len(differing) <= 2, differing   # its batch, or that batch split or merged with the next


def test_fixed_size_slices_would_have_moved_every_later_batch():
    """Why content-defined cuts: the same insertion shifts all later slices of a fixed size."""
    ids = _ids(5000)
    changed = ids[:100] + ["doc_00100a"] + ids[100:]
    slices = lambda xs: [xs[i:i + 200] for i in range(0, len(xs), 200)]  # noqa: E731
    assert sum(b not in slices(ids) for b in slices(changed)) > 20
    assert sum(b not in _batches(ids, 200) for b in _batches(changed, 200)) <= 2


def test_an_unchanged_batch_comes_whole_from_the_cache_and_an_edit_reprocesses_one_article(tmp_path):
    cache = ResultCache(tmp_path / "cache")
    articles = scan_raw(REPO / "raw").articles
    first = clean_batch(articles, cache)
    rows, _, computed = extract_batch(first.rows, cache)
    assert (first.computed, computed) == (len(articles), len(articles))

    again = clean_batch(articles, cache)
    assert (again.reused, again.computed) == (len(articles), 0) and again.rows == first.rows
    assert extract_batch(again.rows, cache) == (rows, len(articles), 0)

    edited = [dataclasses.replace(articles[0], raw_sha256="0" * 64, text=articles[0].text + "\n\nPolice "
                                  "destroyed 12 airstrips in Ucayali on March 3, 2015.")] + articles[1:]
    third = clean_batch(edited, cache)
    assert (third.reused, third.computed) == (len(articles) - 1, 1)
    new_rows, reused, computed = extract_batch(third.rows, cache)
    assert (reused, computed) == (len(articles) - 1, 1)
    assert len(new_rows["events"]) == len(rows["events"]) + 1

    # an unchanged batch comes whole: the per-article results are not even read
    for folder in ("clean", "extract"):
        shutil.rmtree(tmp_path / "cache" / folder)
    whole = clean_batch(articles, cache)
    assert (whole.reused, whole.computed) == (len(articles), 0) and whole.rows == first.rows
    assert extract_batch(whole.rows, cache) == (rows, len(articles), 0)


def _release(raw: Path, outputs: Path, cache: Path) -> None:
    from pipeline.cli import run_release

    run_release(str(raw), str(outputs), str(cache), executor="in_process")


def test_the_articles_left_to_process_are_the_new_and_edited_ones(raw_copy, tmp_path):
    outputs, cache = tmp_path / "outputs", tmp_path / "cache"
    files = len(watched_files(raw_copy))                              # articles, sources.csv, corrections.yaml
    assert articles_to_process(raw_copy, outputs, cache) == files     # nothing built yet
    _release(raw_copy, outputs, cache)
    assert articles_to_process(raw_copy, outputs, cache) == 0
    assert (cache / process.HASH_MEMO).exists() and (cache / process.PROCESSED).exists()

    article = sorted(raw_copy.glob("*.txt"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\nPolice destroyed 3 airstrips.\n", encoding="utf-8")
    shutil.copy(article, raw_copy / "copy_under_a_new_name.txt")
    assert articles_to_process(raw_copy, outputs, cache) == 2        # the edited one and the new one
    memo = json.loads((cache / process.HASH_MEMO).read_text(encoding="utf-8"))
    assert len(memo) == files + 1                                     # no entry for the article before the edit

    manifest = raw_copy / "sources.csv"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert articles_to_process(raw_copy, outputs, cache) == files + 1  # the manifest may touch every article


def test_new_code_means_every_article_is_left_to_process(raw_copy, tmp_path, monkeypatch):
    outputs, cache = tmp_path / "outputs", tmp_path / "cache"
    _release(raw_copy, outputs, cache)
    assert articles_to_process(raw_copy, outputs, cache) == 0
    monkeypatch.setattr(process.versions, "code_version", lambda: "other-code")
    assert articles_to_process(raw_copy, outputs, cache) == len(watched_files(raw_copy))


def test_choose_executor(raw_copy, tmp_path, monkeypatch):
    from pipeline.cli import choose_executor
    from pipeline.settings import Settings

    paths = {"raw_dir": str(raw_copy), "outputs_dir": str(tmp_path / "outputs"), "cache_dir": str(tmp_path / "cache")}
    monkeypatch.setenv("PIPELINE_BATCH_SIZE", "100")
    assert choose_executor(Settings.from_env(**paths)) == "in_process"
    monkeypatch.setenv("PIPELINE_BATCH_SIZE", "2")
    assert choose_executor(Settings.from_env(**paths)) == "multiprocess"


def test_a_manifest_edit_or_new_code_misses_the_batch_cache(tmp_path, monkeypatch):
    cache = ResultCache(tmp_path / "cache")
    articles = scan_raw(REPO / "raw").articles
    clean_batch(articles, cache)
    republished = [dataclasses.replace(articles[0], manifest=dataclasses.replace(articles[0].manifest,
                                                                                  publisher="Another Outlet"))]
    result = clean_batch(republished + articles[1:], cache)
    assert (result.reused, result.computed) == (len(articles) - 1, 1)
    assert result.rows[0]["publisher"] == "Another Outlet"

    monkeypatch.setattr(process.versions, "clean_code_version", lambda: "other-code")
    assert clean_batch(articles, cache).computed == len(articles)


def test_the_documents_depend_on_the_date_grammar_so_the_clean_version_does_too():
    """Publication dates read from datelines come from the date grammar: the clean stage's version covers it,
    found from the imports, not from a hand-kept list.
    """
    from pipeline.common import versions
    from pipeline.common.versions import module_closure

    files = {p.relative_to(versions.PACKAGE_DIR).as_posix() for p in module_closure(process.CLEAN_ENTRIES)}
    assert {"process/clean_stage.py", "text/dates/__init__.py", "text/dates/find.py", "text/sentences.py", "clean/cleaning.py"} <= files
    assert all((versions.PACKAGE_DIR / name).is_file() for name in files)


def test_a_new_module_joins_the_version_of_the_stage_that_imports_it(tmp_path, monkeypatch):
    from pipeline.common import versions

    pkg = tmp_path / "pipeline"
    (pkg / "stage").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "stage" / "__init__.py").write_text("")
    (pkg / "stage" / "entry.py").write_text("def f():\n    from pipeline.stage import helper\n")
    (pkg / "stage" / "helper.py").write_text("X = 1\n")
    (pkg / "other.py").write_text("Y = 1\n")
    monkeypatch.setattr(versions, "PACKAGE_DIR", pkg)
    closure = versions.module_closure.__wrapped__(("pipeline.stage.entry",))
    assert {p.name for p in closure} == {"__init__.py", "entry.py", "helper.py"}
    before = versions.files_version(closure, tmp_path)
    (pkg / "stage" / "helper.py").write_text("X = 2\n")
    assert versions.files_version(closure, tmp_path) != before
