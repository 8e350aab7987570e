"""Change lists between releases: exact ids, exact fields, articles, first release."""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from pipeline import changes, contract, release
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
        {"id": ESTIMATE_1, "fields": {"geography": {"old": None, "new": "Peru"},
                                      "value_high": {"old": 6.0, "new": 7.0}}}]
    assert data["tables"]["documents"] == {"id_column": "doc_id", "rows": 1, "rows_before": 1,
                                           "added": [], "removed": [], "changed": []}
    assert data["articles"] == {"added": ["c.txt"], "changed": ["a.txt"], "removed": ["b.txt"]}
    assert data["summary"]["estimates"] == {"added": 0, "removed": 0, "changed": 1}
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
