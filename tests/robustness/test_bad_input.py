"""Bad input beside good articles: each problem named with its file, every good article released.

One run of the real pipeline reads a raw folder holding the seed articles, good
articles with awkward encodings and names, and every kind of bad file at once;
each test checks one promise against that run: the message is in the run's log
(warnings), in its Dagster metadata, and in the release's ``skipped_sources``.
"""
from __future__ import annotations

import os
import random
import shutil
import tracemalloc
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers the "sloppy-windows-1252" codec used to make mojibake)
import pandas as pd
import pytest

from pipeline import ingest
from pipeline.cli import run_release

from .articles import article, latin1_article
from .helpers import (
    REPO,
    SEED_DOC_IDS,
    assert_outputs_consistent,
    hidden_temporaries,
    latest_target,
    mentions,
    run_pipeline,
    start_cli,
    stderr_of,
    visible_entries,
)

FIFTY_MB = 50 * 1024 * 1024
SEED_000 = "000_7b2e60dfd0d90bdd.txt"

# Good articles, each with its own text; name -> (bytes, the Unicode text a reader must get back).
SHELL_NAME = "$(touch pwned) `id`; rm -rf ~ & | > x?*[a].txt"
ACCENT_NAME = "Informe Perú – 2016 (copia final).txt"
QUOTE_NAME = "-n 'quoted' \"name\".txt"
NEWLINE_NAME = "line\nbreak.txt"


def mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252, the usual mojibake: "Perú" -> "PerÃº"."""
    return text.encode("utf-8").decode("sloppy-windows-1252")


def good_files() -> dict[str, tuple[bytes, str]]:
    crlf = article(3).replace("\n", "\r\n")
    return {
        "windows-1252.txt": (article(0).encode("cp1252"), article(0)),
        "latin-1.txt": (latin1_article(1).encode("latin-1"), latin1_article(1)),
        "mojibake.txt": (mojibake(article(2)).encode("utf-8"), article(2)),
        "bom-crlf.txt": (b"\xef\xbb\xbf" + crlf.encode("utf-8"), article(3)),
        ACCENT_NAME: (article(4).encode("utf-8"), article(4)),
        SHELL_NAME: (article(5).encode("utf-8"), article(5)),
        QUOTE_NAME: (article(6).encode("utf-8"), article(6)),
        NEWLINE_NAME: (article(7).encode("utf-8"), article(7)),
    }


BOILERPLATE = """Share this article
Facebook
Twitter
WhatsApp
Subscribe to our newsletter
Sign up for our newsletter
Related articles
Read more
Cookie policy
Privacy policy
All rights reserved
© 2016 All rights reserved
"""


def write_huge(path: Path, size: int = FIFTY_MB) -> None:
    """A real text file (not sparse) a little over ``size`` bytes, written in large blocks."""
    line = "The police seized 300 kilos of cocaine in the VRAEM on Monday, officials said.\n"
    block = (line * (1024 * 1024 // len(line) + 1)).encode()
    with path.open("wb") as fh:
        written = 0
        while written <= size:
            fh.write(block)
            written += len(block)


def bad_files(raw: Path) -> None:
    rng = random.Random(20161209)
    (raw / "empty.txt").write_bytes(b"")
    (raw / "blank.txt").write_bytes(b"  \r\n\t\n \n")
    (raw / "boilerplate.txt").write_text(BOILERPLATE, encoding="utf-8")
    (raw / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(20_000))
    (raw / "noise.txt").write_bytes(bytes(rng.randrange(1, 256) for _ in range(20_000)))
    write_huge(raw / "huge.txt")
    seed = (raw / SEED_000).read_bytes()
    (raw / "000 copy.txt").write_bytes(seed)                                          # sorts before the original
    (raw / "000 crlf copy.txt").write_bytes(b"\xef\xbb\xbf" + seed.replace(b"\n", b"\r\n"))  # same text once decoded


def manifest_with_problems(raw: Path) -> None:
    lines = (raw / "sources.csv").read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines:
        if line.startswith("002_"):
            line = line.rsplit(",", 1)[0] + ",2016-02-30"       # no such day
        elif line.startswith("001_"):
            line = line.rsplit(",", 1)[0] + ",2999-01-01"       # in the future
        out.append(line)
    out.append("missing-article.txt,https://example.org/gone,Somebody,,2016-01-01")
    (raw / "sources.csv").write_text("\n".join(out) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory, baseline):
    root = tmp_path_factory.mktemp("bad-input")
    raw = root / "raw"
    shutil.copytree(baseline.raw, raw)
    for name, (data, _) in good_files().items():
        (raw / name).write_bytes(data)
    bad_files(raw)
    manifest_with_problems(raw)
    run = run_pipeline(raw, root / "outputs", baseline.cache)
    assert run.success, run.failures
    documents = pd.read_parquet(run.release / "documents.parquet")
    return run, documents, root


def document_for(documents: pd.DataFrame, source: str) -> pd.Series:
    hit = documents[documents["source_path"] == source]
    assert len(hit) == 1, f"{source!r} is not released once: {documents['source_path'].tolist()}"
    return hit.iloc[0]


def test_every_good_article_is_released(bad_run):
    run, documents, _ = bad_run
    released = set(documents["source_path"])
    assert {f"{d}.txt" for d in SEED_DOC_IDS} <= released
    assert set(good_files()) <= released
    assert len(released) == len(SEED_DOC_IDS) + len(good_files())
    for table in ("events", "estimates"):
        rows = pd.read_parquet(run.release / f"{table}.parquet")
        assert set(rows["doc_id"]) >= SEED_DOC_IDS, table
    assert_outputs_consistent(run.release.parent.parent)


def test_empty_file(bad_run):
    run, _, _ = bad_run
    mentions(run, "empty.txt", "empty file")
    mentions(run, "blank.txt", "empty file")


def test_file_with_only_boilerplate(bad_run):
    run, _, _ = bad_run
    mentions(run, "boilerplate.txt", "no article text", "boilerplate")


def test_binary_file_with_a_txt_name(bad_run):
    run, _, _ = bad_run
    mentions(run, "image.txt", "not readable as text", "binary")
    mentions(run, "noise.txt", "not readable as text")


@pytest.mark.parametrize("name", ["windows-1252.txt", "latin-1.txt"])
def test_legacy_encodings_are_decoded(bad_run, name):
    run, documents, _ = bad_run
    doc = document_for(documents, name)
    expected = good_files()[name][1]
    for word in ("Huánuco" if name == "windows-1252.txt" else "Ayacucho", "Perú", "Señor", "año", "niños", "región"):
        assert word in doc["text"], (name, word, doc["text"][:300])
    if name == "windows-1252.txt":
        assert "“It was the largest seizure this year,”" in doc["text"] and "—" in doc["text"]
    body = expected.split("\n\n", 1)[1].split("\n\n")[0]
    assert body in doc["text"]
    assert name not in run.skipped()


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_short_legacy_text_is_decoded_exactly(encoding):
    """Short Spanish text is where detectors guess a Central European code page ("año" -> "ańo")."""
    text = "Huánuco: el señor Pérez dijo que los niños de la región cultivan coca. ¿Cuántos años?\n"
    decoded, used = ingest.decode_bytes(text.encode(encoding))
    assert decoded == text, (used, decoded)


def test_mojibake_is_repaired(bad_run):
    run, documents, _ = bad_run
    text = document_for(documents, "mojibake.txt")["text"]
    assert "Perú’s" in text and "Señor" in text and "“It was the largest seizure this year,”" in text
    for broken in ("Ã", "â€", "Â"):
        assert broken not in text
    assert "mojibake.txt" not in run.skipped()


def test_bom_and_crlf_are_handled_silently(bad_run):
    run, documents, _ = bad_run
    doc = document_for(documents, "bom-crlf.txt")
    assert "\r" not in doc["text"] and "\ufeff" not in doc["text"]
    assert doc["title"] == article(3).splitlines()[0]
    assert "bom-crlf.txt" not in run.skipped()
    assert not any("bom-crlf.txt" in line for line in run.warnings)


def test_50_mb_file_is_refused_by_the_documented_size_limit(bad_run):
    run, documents, _ = bad_run
    mentions(run, "huge.txt", f"over the {ingest.MAX_ARTICLE_BYTES}-byte limit", "skipped")
    assert "huge.txt" not in set(documents["source_path"])
    assert ingest.MAX_ARTICLE_BYTES < FIFTY_MB


def test_size_limit_is_documented_for_users():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    limit = ingest.MAX_ARTICLE_BYTES
    spellings = {str(limit), f"{limit:,}", f"{limit / 1e6:g} MB", f"{limit / 1e6:g}MB", "MAX_ARTICLE_BYTES"}
    assert any(s in readme for s in spellings), f"README.md does not state the {limit}-byte article limit"


def test_oversized_file_is_never_read_into_memory(tmp_path):
    shutil.copy(REPO / "raw" / SEED_000, tmp_path / SEED_000)
    write_huge(tmp_path / "huge.txt")
    tracemalloc.start()
    try:
        scan = ingest.scan_raw(tmp_path)
        ingest.fingerprint_raw(tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [p.source for p in scan.problems] == ["huge.txt"]
    assert peak < 5 * 1024 * 1024, f"scanning allocated {peak} bytes at its peak"


@pytest.mark.slow
def test_50_mb_file_run_keeps_memory_modest(fresh, tmp_path):
    """The whole CLI run in a child process: its peak resident memory stays modest."""
    write_huge(fresh.raw / "huge.txt")
    log = tmp_path / "run.log"
    proc = start_cli(fresh.raw, fresh.outputs, fresh.cache, log)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0, stderr_of(log).read_text()[-3000:]
    peak_bytes = usage.ru_maxrss * 1024  # kilobytes on Linux
    assert peak_bytes < 1.5 * 1024 ** 3, f"peak RSS {peak_bytes / 1e6:.0f} MB"
    assert "huge.txt" in stderr_of(log).read_text()   # the run's log names it


def test_same_article_under_two_names_is_released_once(bad_run):
    run, documents, _ = bad_run
    mentions(run, "000 copy.txt", f"duplicate of {SEED_000}", "released once")
    mentions(run, "000 crlf copy.txt", f"duplicate of {SEED_000}", "released once")
    # The name the manifest lists keeps its id and its metadata, though the copy sorts first.
    doc = document_for(documents, SEED_000)
    assert doc["doc_id"] == "000_7b2e60dfd0d90bdd" and doc["publisher"] == "InSight Crime"
    assert doc["author"] == "Gustavo Gorriti"


@pytest.mark.parametrize("name", [SHELL_NAME, ACCENT_NAME, QUOTE_NAME, NEWLINE_NAME])
def test_file_names_with_spaces_accents_and_shell_characters(bad_run, name):
    run, documents, root = bad_run
    doc = document_for(documents, name)
    assert doc["doc_id"] == ingest.safe_doc_id(Path(name).stem)
    assert doc["text"].startswith(good_files()[name][1].split("\n\n")[1][:40])
    assert name not in run.skipped()
    # Shell characters were never run: nothing appeared beside the raw folder or in the repo.
    assert sorted(p.name for p in root.iterdir()) == ["outputs", "raw"]
    assert not (REPO / "pwned").exists() and not (root / "raw" / "pwned").exists()


def test_manifest_names_a_missing_file(bad_run):
    run, _, _ = bad_run
    mentions(run, "sources.csv", "missing-article.txt", "not in the raw folder")


def test_manifest_gives_an_impossible_date(bad_run):
    run, documents, _ = bad_run
    mentions(run, "sources.csv", "002_e7e36930e98251f6.txt", "impossible published_date", "2016-02-30")
    mentions(run, "sources.csv", "001_7d0a21258e06491d.txt", "impossible published_date", "2999-01-01")
    doc = document_for(documents, "001_7d0a21258e06491d.txt")
    assert pd.isna(doc["published_date"]) or doc["published_date"].year < 2999
    assert doc["publisher"] == "InSight Crime"   # the rest of the row still applies


MALFORMED_MANIFESTS = {
    "unterminated quote": 'file,url,publisher,author,published_date\n000_7b2e60dfd0d90bdd.txt,"https://x,P,,\n',
    "no file column": "name;link;outlet\n000_7b2e60dfd0d90bdd.txt;x;y\n",
    "more fields than the header": "file,url,publisher,author,published_date\n"
                                   "000_7b2e60dfd0d90bdd.txt,,P,A,2016-01-01,surplus,surplus\n",
    "empty": "",
    "binary": "\x00\x01\x02PK\x03\x04",
}


@pytest.mark.parametrize("kind", list(MALFORMED_MANIFESTS))
def test_malformed_manifest_is_reported_and_articles_still_read(tmp_path, kind):
    raw = tmp_path / "raw"
    shutil.copytree(REPO / "raw", raw)
    (raw / "sources.csv").write_text(MALFORMED_MANIFESTS[kind], encoding="utf-8")
    scan = ingest.scan_raw(raw)
    assert {a.doc_id for a in scan.articles} == SEED_DOC_IDS
    assert scan.problems and all(p.source == "sources.csv" for p in scan.problems), scan.problems
    message = scan.problems[0].problem
    assert "malformed manifest" in message or "more fields than the header" in message, message


def test_malformed_manifest_end_to_end(fresh):
    (fresh.raw / "sources.csv").write_text(MALFORMED_MANIFESTS["unterminated quote"], encoding="utf-8")
    run = run_pipeline(fresh.raw, fresh.outputs, fresh.cache)
    assert run.success, run.failures
    mentions(run, "sources.csv", "malformed manifest", "unexpected end of data")
    documents = pd.read_parquet(run.release / "documents.parquet")
    assert set(documents["doc_id"]) == SEED_DOC_IDS


# --- corrections: a bad file fails the run and publishes nothing ---------------------------

def failing_release(ws, capsys) -> str:
    before = (visible_entries(ws.outputs), latest_target(ws.outputs))
    with pytest.raises(SystemExit) as exc:
        run_release(str(ws.raw), str(ws.outputs), str(ws.cache))
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "nothing was published" in err
    assert (visible_entries(ws.outputs), latest_target(ws.outputs)) == before
    assert hidden_temporaries(ws.outputs) == []
    return err


def test_correction_with_an_unknown_row_id_fails_the_run(published, capsys):
    (published.raw / "corrections.yaml").write_text(
        "corrections:\n  - id: es_ffffffffffffffff\n    action: drop\n    reason: test of an unknown id\n",
        encoding="utf-8")
    err = failing_release(published, capsys)
    error_lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert any("corrections.yaml" in line and "es_ffffffffffffffff" in line and "no estimates row has this id" in line
               for line in error_lines), error_lines


def test_correction_of_a_field_not_in_the_schema_fails_the_run(published, capsys):
    estimate_id = pd.read_parquet(assert_outputs_consistent(published.outputs) / "estimates.parquet")["estimate_id"][0]
    (published.raw / "corrections.yaml").write_text(
        f"corrections:\n  - id: {estimate_id}\n    action: set\n    set: {{colour: red}}\n    reason: test\n",
        encoding="utf-8")
    err = failing_release(published, capsys)
    error_lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert any("corrections.yaml" in line and "colour" in line and "not columns of estimates" in line
               for line in error_lines), error_lines

