"""Reading the raw folder: manifest, decoding, hashes, and problems instead of crashes."""
from __future__ import annotations

import datetime as dt

from pipeline.ingest import fingerprint_raw, read_manifest, safe_doc_id, scan_raw

TODAY = dt.date(2026, 11, 22)


def test_seeds_scan_cleanly(raw_copy):
    scan = scan_raw(raw_copy, TODAY)
    assert scan.problems == []
    assert len(scan.articles) == 5
    by_id = {a.doc_id: a for a in scan.articles}
    assert by_id["002_e7e36930e98251f6"].manifest.published_date == dt.date(2016, 9, 12)
    assert by_id["002_e7e36930e98251f6"].manifest.author == "David Gagne"
    assert "sources.csv" in scan.input_hashes and "corrections.yaml" in scan.input_hashes


def test_manifest_problems_name_the_line(tmp_path):
    (tmp_path / "sources.csv").write_text("file,url,publisher,author,published_date\n"
                                          "a.txt,,,,2016-02-30\n"
                                          "missing.txt,,,,\n"
                                          "b.txt,,,,2099-01-01\n")
    (tmp_path / "a.txt").write_text("Some article text. " * 10)
    (tmp_path / "b.txt").write_text("Another article text. " * 10)
    scan = scan_raw(tmp_path, TODAY)
    messages = [f"{p.source}: {p.problem}" for p in scan.problems]
    assert any("line 2 (a.txt): impossible published_date" in m for m in messages)
    assert any("line 4 (b.txt): impossible published_date" in m for m in messages)
    assert any("'missing.txt', which is not in the raw folder" in m for m in messages)
    assert len(scan.articles) == 2


def test_malformed_manifest_is_reported_and_ignored(tmp_path):
    (tmp_path / "sources.csv").write_text('url;publisher\n"unterminated\n')
    manifest, problems = read_manifest(tmp_path, TODAY)
    assert manifest == {} and "malformed manifest" in problems[0].problem


def test_doc_ids_are_safe():
    assert safe_doc_id("Informe Perú (2014) $(rm -rf)") == "informe-peru-2014-rm-rf"
    assert safe_doc_id("../../etc/passwd") == "etc-passwd"
    assert safe_doc_id("…") == "doc"


def test_fingerprint_ignores_touch_but_sees_edits(raw_copy):
    memo = {}
    before = fingerprint_raw(raw_copy, memo)
    article = sorted(raw_copy.glob("*.txt"))[0]
    article.touch()
    assert fingerprint_raw(raw_copy, memo) == before
    article.write_text(article.read_text() + "\nOne more sentence.")
    after = fingerprint_raw(raw_copy, memo)
    assert after[article.name] != before[article.name]


def test_article_paths_skip_hidden_entries_and_read_suffixes_in_any_case(tmp_path):
    from pipeline.ingest import _article_paths

    for name in ("a.txt", "B.TXT", "c.md", "d.text", "e.csv", ".hidden.txt", "sub/f.txt", ".git/g.txt",
                 "sub/.h/i.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "looped").symlink_to(tmp_path, target_is_directory=True)   # never followed
    found = [p.relative_to(tmp_path).as_posix() for p in _article_paths(tmp_path)]
    assert found == ["B.TXT", "a.txt", "c.md", "d.text", "link.txt", "sub/f.txt"]
