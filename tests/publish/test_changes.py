"""Change lists between releases: exact ids, exact fields, articles, first release."""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from pipeline import contract
from pipeline.publish import changes, release
from tests.fixtures import tables

NOW = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
EVENT_1 = "ev_" + "1" * 16
EVENT_NEW = "ev_" + "4" * 16
ESTIMATE_1 = "es_" + "2" * 16
BUDGET_1 = "bu_" + "3" * 16


def publish(outputs, t, inputs, now):
    return release.publish(t, outputs, input_hashes=inputs, code_version="test", skipped=[], now=now,
                           after_write=changes.write_changes)


def changed_tables() -> dict[str, pd.DataFrame]:
    """The fixture with one event added, the budget dropped and two estimate fields changed."""
    t = tables()
    extra = t["events"].iloc[0].to_dict() | {"event_id": EVENT_NEW, "event_type": "seizure", "quantity": None,
                                             "quantity_unit": None, "summary": "seized <script>x</script>"}
    t["events"] = contract.frame("events", [*t["events"].to_dict("records"), extra])
    t["budgets"] = t["budgets"].iloc[0:0]
    t["estimates"] = t["estimates"].assign(value_high=7.0, geography="Peru")
    return t


def two_releases(tmp_path):
    first = publish(tmp_path, tables(), {"a.txt": "0" * 64, "b.txt": "1" * 64}, NOW)
    second = publish(tmp_path, changed_tables(), {"a.txt": "f" * 64, "c.txt": "2" * 64},
                     NOW + dt.timedelta(minutes=1))
    return first, second


def test_first_release_has_everything_added(tmp_path):
    first = publish(tmp_path, tables(), {"a.txt": "0" * 64}, NOW)
    data = json.loads((first.path / "changes.json").read_text())
    assert data["first_release"] is True and data["previous_version"] is None
    assert data["version"] == first.version
    assert data["articles"] == {"added": ["a.txt"], "changed": [], "removed": []}
    for table, row_id in (("events", EVENT_1), ("estimates", ESTIMATE_1), ("budgets", BUDGET_1), ("documents", "d1")):
        assert data["tables"][table]["added"] == [row_id]
        assert data["tables"][table]["removed"] == [] and data["tables"][table]["changed"] == []
    assert "First release" in (first.path / "CHANGES.md").read_text()


def test_added_removed_and_changed_rows_are_exact(tmp_path):
    first, second = two_releases(tmp_path)
    data = json.loads((second.path / "changes.json").read_text())
    assert data["previous_version"] == first.version and data["first_release"] is False
    assert data["tables"]["events"]["added"] == [EVENT_NEW]
    assert data["tables"]["events"]["removed"] == []
    assert data["tables"]["events"]["changed"] == []
    assert data["tables"]["budgets"]["added"] == []
    assert data["tables"]["budgets"]["removed"] == [BUDGET_1]
    assert data["tables"]["budgets"]["changed"] == []
    assert data["tables"]["estimates"]["added"] == [] and data["tables"]["estimates"]["removed"] == []
    assert data["tables"]["estimates"]["changed"] == [
        {"id": ESTIMATE_1, "doc_id": "d1", "quote": "Four to six planes a day land.",
         "fields": {"geography": {"old": None, "new": "Peru"}, "value_high": {"old": 6.0, "new": 7.0}}}]
    assert data["tables"]["documents"] == {"id_column": "doc_id", "rows": 1, "rows_before": 1,
                                           "added": [], "removed": [], "changed": [], "moved": []}
    assert data["articles"] == {"added": ["c.txt"], "changed": ["a.txt"], "removed": ["b.txt"]}
    assert data["summary"]["estimates"] == {"added": 0, "removed": 0, "changed": 1, "moved": 0}
    assert data["summary"]["articles"] == {"added": 1, "changed": 1, "removed": 1}


def test_changes_json_equals_diff_releases_and_is_deterministic(tmp_path):
    first, second = two_releases(tmp_path)
    again = changes.diff_releases(first.path, second.path)
    assert again == changes.diff_releases(first.path, second.path)
    written = (second.path / "changes.json").read_text()
    assert written == json.dumps(again, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_changes_markdown_lists_rows_and_escapes_article_text(tmp_path):
    t = changed_tables()
    first = publish(tmp_path, tables(), {"a.txt": "0" * 64}, NOW)
    t["events"] = t["events"].assign(summary="<script>alert(1)</script>")
    second = publish(tmp_path, t, {"a.txt": "0" * 64}, NOW + dt.timedelta(minutes=1))
    md = (second.path / "CHANGES.md").read_text()
    assert f"Compared with release `{first.version}`" in md
    assert BUDGET_1 in md and EVENT_NEW in md
    assert "value_high: 6.0 → 7.0" in md
    assert "<script>" not in md and "&lt;script&gt;" in md


def test_nan_equals_nan_and_none():
    row = {"event_id": "x", "quantity": float("nan"), "location": None}
    assert changes.changed_fields("events", row, {**row, "quantity": None}) == {}
    assert changes.changed_fields("events", row, {**row, "quantity": 1.0}) == {"quantity": {"old": None, "new": 1.0}}


def test_diff_against_nothing_and_same_release(tmp_path):
    first = publish(tmp_path, tables(), {"a.txt": "0" * 64}, NOW)
    same = changes.diff_releases(first.path, first.path)
    assert all(not c["added"] and not c["removed"] and not c["changed"] for c in same["tables"].values())
    assert changes.diff_releases(None, first.path)["tables"]["events"]["added"] == [EVENT_1]


def test_fingerprints_kept_in_the_store_give_the_same_changes(tmp_path):
    """The store saves re-reading the previous tables; a corrupt entry is computed again."""
    import functools

    store = tmp_path / "store"
    hook = functools.partial(changes.write_changes, fingerprint_store=store)
    outputs = tmp_path / "out"
    release.publish(tables(), outputs, input_hashes={"a.txt": "0" * 64}, code_version="test", skipped=[],
                    now=NOW, after_write=hook)
    assert len(list(store.glob("*.parquet"))) == len(contract.TABLES)
    for entry in store.glob("*.parquet"):           # damaged entries must not change the result
        entry.write_bytes(b"not parquet")
    second = release.publish(changed_tables(), outputs, input_hashes={"a.txt": "f" * 64}, code_version="test",
                             skipped=[], now=NOW + dt.timedelta(minutes=1), after_write=hook)
    stored = json.loads((second.path / changes.CHANGES_JSON).read_text(encoding="utf-8"))
    plain_first, plain_second = two_releases(tmp_path / "plain")
    plain = json.loads((plain_second.path / changes.CHANGES_JSON).read_text(encoding="utf-8"))
    assert stored["tables"] == plain["tables"]
    assert stored["tables"]["events"]["added"] == [EVENT_NEW]
    assert len(list(store.glob("*.parquet"))) == 2 * len(contract.TABLES) - 1  # documents did not change


# --- readable changes: same sentence, text diffs, articles only -----------------------

def one_number_edited() -> dict[str, pd.DataFrame]:
    """The article's '10 airstrips' became '12 airstrips': new text, new quote, so a new event id."""
    t = tables(fixtures_text().replace("10 airstrips", "12 airstrips"))
    t["events"] = t["events"].assign(event_id=EVENT_NEW, quantity=12.0, summary="destroyed 12 airstrips")
    t["documents"] = t["documents"].assign(raw_sha256="b" * 64)
    return t


def fixtures_text() -> str:
    from tests.fixtures import TEXT
    return TEXT


def test_a_one_number_edit_is_one_changed_row_with_old_and_new_values(tmp_path):
    publish(tmp_path, tables(), {"a.txt": "0" * 64}, NOW)
    second = publish(tmp_path, one_number_edited(), {"a.txt": "1" * 64}, NOW + dt.timedelta(minutes=1))
    data = json.loads((second.path / "changes.json").read_text())
    events = data["tables"]["events"]
    assert events["added"] == [] and events["removed"] == [] and events["moved"] == []
    assert events["changed"] == [{
        "id": EVENT_NEW, "old_id": EVENT_1, "doc_id": "d1", "quote": "The army destroyed 12 airstrips in 2013.",
        "fields": {"event_id": {"old": EVENT_1, "new": EVENT_NEW},
                   "quantity": {"old": 10.0, "new": 12.0},
                   "summary": {"old": "destroyed 10 airstrips", "new": "destroyed 12 airstrips"},
                   "quote": {"old": "The army destroyed 10 airstrips in 2013.",
                             "new": "The army destroyed 12 airstrips in 2013."}}}]
    for table in ("estimates", "budgets"):
        assert data["tables"][table]["changed"] == [] and data["tables"][table]["added"] == []
    (doc,) = data["tables"]["documents"]["changed"]
    assert doc["id"] == "d1" and "text" not in doc["fields"]
    assert doc["fields"]["raw_sha256"] == {"old": "a" * 64, "new": "b" * 64}
    assert "-Four to six planes a day land. The army destroyed 10 airstrips" in doc["text_diff"]["diff"]
    assert "+Four to six planes a day land. The army destroyed 12 airstrips" in doc["text_diff"]["diff"]
    md = (second.path / "CHANGES.md").read_text()
    assert f"`{EVENT_NEW}` (was `{EVENT_1}`) in `d1`: quantity: 10.0 → 12.0;" in md
    assert "quantity: 10.0 → 12.0" in md and "quote before: “The army destroyed 10 airstrips in 2013.”" in md
    assert "```diff" in md and "+Four to six planes a day land. The army destroyed 12 airstrips" in md


def test_same_quote_pairs_and_unrelated_rows_stay_added_and_removed():
    quote = "Peru destroyed 10 airstrips."
    old = {"ev_a": {"event_id": "ev_a", "doc_id": "d1", "quote": quote, "quantity": 10.0},
           "ev_b": {"event_id": "ev_b", "doc_id": "d1", "quote": "Police seized two tons of cocaine in Callao.",
                    "quantity": 2.0},
           "ev_c": {"event_id": "ev_c", "doc_id": "d2", "quote": quote, "quantity": 10.0}}
    new = {"ev_x": {"event_id": "ev_x", "doc_id": "d1", "quote": quote, "quantity": 11.0},  # same sentence, new value
           "ev_y": {"event_id": "ev_y", "doc_id": "d1", "quote": "A law on coca growing was passed today.",
                    "quantity": None},
           "ev_z": {"event_id": "ev_z", "doc_id": "d3", "quote": quote, "quantity": 10.0}}  # another document
    result = changes.table_changes("events", old, new)
    assert [(c["old_id"], c["id"]) for c in result["changed"]] == [("ev_a", "ev_x")]
    assert result["changed"][0]["fields"]["quantity"] == {"old": 10.0, "new": 11.0}
    assert result["added"] == ["ev_y", "ev_z"] and result["removed"] == ["ev_b", "ev_c"]


def test_rows_that_only_moved_are_counted_not_listed_as_changed():
    row = {"event_id": "ev_a", "doc_id": "d1", "quote": "Q.", "char_start": 10, "char_end": 12}
    result = changes.table_changes("events", {"ev_a": row}, {"ev_a": {**row, "char_start": 20, "char_end": 22}})
    assert result["moved"] == ["ev_a"] and result["changed"] == []


def test_text_diff_is_cut_to_size():
    old = "\n".join(f"Line {i} of the article, long enough to matter." for i in range(500))
    new = "\n".join(f"Line {i} of the article, now edited." for i in range(500))
    diff = changes.text_diff(old, new)
    assert diff["truncated"] and len(diff["diff"]) <= changes.DIFF_MAX_CHARS
    assert len(diff["diff"].splitlines()) <= changes.DIFF_MAX_LINES
    assert diff["old_chars"] == len(old) and diff["new_chars"] == len(new)
    long_line = changes.text_diff("a" * 5000, "b" * 5000)["diff"]
    assert max(len(line) for line in long_line.splitlines()) <= changes.DIFF_LINE_CHARS


def test_manifest_and_skipped_files_are_never_articles(tmp_path):
    inputs = {"a.txt": "0" * 64, "sources.csv": "1" * 64}
    release.publish(tables(), tmp_path, input_hashes=inputs, code_version="test", now=NOW,
                    skipped=[], after_write=changes.write_changes)
    second = release.publish(changed_tables(), tmp_path, code_version="test", now=NOW + dt.timedelta(minutes=1),
                             input_hashes={**inputs, "sources.csv": "2" * 64, "corrections.yaml": "3" * 64,
                                           "empty.txt": "4" * 64, "copy.txt": "5" * 64},
                             skipped=[{"source": "empty.txt", "problem": "empty file; skipped"},
                                      {"source": "copy.txt", "problem": "duplicate of a.txt (same text); released once"},
                                      {"source": "sources.csv", "problem": "line 3: empty 'file'; row ignored"}],
                             after_write=changes.write_changes)
    assert second.created
    data = json.loads((second.path / "changes.json").read_text())
    assert data["articles"] == {"added": [], "changed": [], "removed": []}
    assert data["manifest"] == {"added": ["corrections.yaml"], "changed": ["sources.csv"], "removed": []}
    assert data["skipped"]["count"] == 3 and {s["source"] for s in data["skipped"]["sources"]} == {
        "empty.txt", "copy.txt", "sources.csv"}
    md = (second.path / "CHANGES.md").read_text()
    assert "## Skipped sources (3)" in md and "sources.csv (changed)" in md


def test_changes_json_stays_small_at_10000_articles(tmp_path):
    """Every one of 10,000 articles edited: no whole text in changes.json, and the diffs within their budget."""
    n = 10_000
    paragraphs = [f"Paragraph {k} of the story tells of coca fields and airstrips near the river." * 3
                  for k in range(12)]

    def docs(edit: str) -> pd.DataFrame:
        rows = [{"doc_id": f"doc{i:05d}", "source_path": f"doc{i:05d}.txt", "title": "T", "publisher": "P",
                 "author": None, "url": None, "published_date": "2015-01-01", "raw_sha256": f"{i:064d}",
                 "text": "\n\n".join(paragraphs[:6] + [f"Police seized {i} kilos, {edit}."] + paragraphs[6:]),
                 "n_sentences": 13, "removed_chars": 0} for i in range(n)]
        return contract.frame("documents", rows)

    old, new = tmp_path / "old", tmp_path / "new"
    for folder, edit in ((old, "officials said"), (new, "the ministry said")):
        folder.mkdir()
        release.write_parquet(docs(edit), "documents", folder / "documents.parquet")
    data = changes.diff_releases(old, new)
    texts = int(docs("x")["text"].str.len().sum())
    size = len(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
    print(f"changes.json of {n} edited articles: {size} bytes for {texts} characters of text")
    assert len(data["tables"]["documents"]["changed"]) == n
    assert size < 4_000_000 and size < texts / 2, (size, texts)
    assert paragraphs[0] not in json.dumps(data)
    diffs = [c["text_diff"] for c in data["tables"]["documents"]["changed"]]
    assert sum(len(d["diff"] or "") for d in diffs) <= changes.DIFF_TOTAL_CHARS
    assert "-Police seized 0 kilos, officials said." in diffs[0]["diff"]
    assert diffs[-1]["diff"] is None and diffs[-1]["omitted"]


def test_a_number_edited_in_an_article_is_one_changed_row_in_a_real_release(raw_copy, tmp_path):
    """Through the whole pipeline: one number edited in raw/ gives one changed estimate, old -> new."""
    import re

    from pipeline.cli import run_release

    out, cache = tmp_path / "out", tmp_path / "cache"
    first = run_release(str(raw_copy), str(out), str(cache))
    tables_before = {t: pd.read_parquet(first / f"{t}.parquet") for t in contract.TABLES}
    quotes = pd.concat([tables_before[t]["quote"] for t in contract.ROW_TABLES]).value_counts()
    paths = tables_before["documents"].set_index("doc_id")["source_path"]

    def once(token: str, text: str) -> bool:
        return len(re.findall(rf"(?<![\d.,]){token}(?![\d.,])", text)) == 1

    for row in tables_before["estimates"].itertuples():   # a number said once, in a sentence of one row
        token = str(int(row.value)) if row.value == row.value and float(row.value).is_integer() else ""
        article = raw_copy / paths[row.doc_id]
        if len(token) >= 2 and quotes[row.quote] == 1 and once(token, row.quote) and once(token, article.read_text()):
            break
    else:
        pytest.fail("no estimate with a number said once in raw/")
    edited = str(int(token) + 1)
    article.write_text(re.sub(rf"(?<![\d.,]){token}(?![\d.,])", edited, article.read_text()), encoding="utf-8")
    second = run_release(str(raw_copy), str(out), str(cache))
    data = json.loads((second / "changes.json").read_text())
    estimates = data["tables"]["estimates"]
    assert estimates["added"] == [] and estimates["removed"] == [], estimates
    (change,) = estimates["changed"]
    assert change["old_id"] == row.estimate_id and change["doc_id"] == row.doc_id
    assert change["fields"]["value"] == {"old": float(token), "new": float(edited)}
    assert change["fields"]["quote"]["old"] == row.quote and edited in change["quote"]
    for table in ("events", "budgets"):
        assert data["tables"][table]["added"] == data["tables"][table]["removed"] == []
    (doc,) = data["tables"]["documents"]["changed"]
    assert doc["id"] == row.doc_id and "+" in doc["text_diff"]["diff"] and edited in doc["text_diff"]["diff"]
    assert data["articles"] == {"added": [], "changed": [paths[row.doc_id]], "removed": []}


def test_new_ids_for_the_same_sentences_pair_every_row():
    """A code change that renames every id: each row is changed (only its id), none added or removed."""
    old, new = {}, {}
    for d in range(2000):
        for k in range(5):
            quote = f"Sentence {k} of document {d} says {k * 10} planes landed."
            old[f"ev_old_{d}_{k}"] = {"event_id": f"ev_old_{d}_{k}", "doc_id": f"d{d}", "quote": quote, "quantity": k}
            new[f"ev_new_{d}_{k}"] = {"event_id": f"ev_new_{d}_{k}", "doc_id": f"d{d}", "quote": quote, "quantity": k}
    result = changes.table_changes("events", old, new)
    assert result["added"] == [] and result["removed"] == [] and len(result["changed"]) == 10_000
    assert all(c["old_id"] == c["id"].replace("new", "old") and set(c["fields"]) == {"event_id"}
               for c in result["changed"])
