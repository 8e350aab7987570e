"""Publishing: immutable versioned folders, hashes, latest moved last, no duplicates."""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from pipeline.common.hashing import sha256_file
from pipeline.publish import release
from tests.fixtures import tables

NOW = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)


def publish(outputs, t=None, now=NOW, **kw):
    return release.publish(t or tables(), outputs, input_hashes={"a.txt": "0" * 64}, code_version="test",
                           skipped=[{"source": "bad.txt", "problem": "empty file; skipped"}], now=now, **kw)


def test_publish_writes_every_file_and_moves_latest(tmp_path):
    pub = publish(tmp_path)
    assert pub.created and pub.path.parent.name == "releases"
    names = sorted(p.name for p in pub.path.iterdir())
    assert names == sorted([f"{t}.{f}" for t in ("documents", "events", "estimates", "budgets") for f in ("csv", "parquet")]
                           + ["README.md", "datapackage.json"])
    assert release.latest_release(tmp_path) == pub.path
    package = json.loads((pub.path / "datapackage.json").read_text())
    assert package["version"] == pub.version == "2026-01-02T030405Z-" + pub.content_hash[:8]
    assert package["skipped_sources"][0]["source"] == "bad.txt"
    for res in package["resources"]:
        assert res["hash"] == "sha256:" + sha256_file(pub.path / res["path"])
        assert res["rows"] == 1
        assert ("bytes" in res) == (res["format"] == "csv")


def test_same_content_is_not_published_twice(tmp_path):
    first = publish(tmp_path)
    again = publish(tmp_path, now=NOW + dt.timedelta(hours=1))
    assert not again.created and again.version == first.version
    assert len(release.list_releases(tmp_path)) == 1


def test_changed_content_gives_a_new_later_version(tmp_path):
    first = publish(tmp_path)
    t = tables()
    t["budgets"] = t["budgets"].iloc[0:0]
    second = publish(tmp_path, t, now=NOW + dt.timedelta(minutes=1))
    assert second.created and second.version > first.version and second.previous == first.version
    assert release.latest_release(tmp_path) == second.path
    assert first.path.exists()


def test_tables_are_byte_identical_across_builds(tmp_path):
    a = publish(tmp_path / "a")
    b = publish(tmp_path / "b", now=NOW + dt.timedelta(days=3))
    for name in ("events.parquet", "events.csv", "documents.parquet", "budgets.csv"):
        assert (a.path / name).read_bytes() == (b.path / name).read_bytes()


def test_parquet_types_and_exact_text(tmp_path):
    pub = publish(tmp_path)
    events = pd.read_parquet(pub.path / "events.parquet")
    assert str(events["date_start"].iloc[0]) == "2013-01-01"
    estimates = pd.read_parquet(pub.path / "estimates.parquet")
    assert estimates["attributed_to"].iloc[0] == "=cmd|' /C calc'!A0"


def test_csv_neutralises_formulas_and_writes_iso_dates(tmp_path):
    pub = publish(tmp_path)
    with (pub.path / "estimates.csv").open() as fh:
        row = next(csv.DictReader(fh))
    assert row["attributed_to"] == "'=cmd|' /C calc'!A0"
    assert row["derived"] == "false" and row["value_low"] == "4"
    with (pub.path / "events.csv").open() as fh:
        assert next(csv.DictReader(fh))["date_start"] == "2013-01-01"


@pytest.mark.parametrize("value, expected", [("=1+1", "'=1+1"), ("+3", "'+3"), ("-2", "'-2"), ("@SUM", "'@SUM"),
                                             ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), ("a=b", "a=b")])
def test_neutralise_formula(value, expected):
    assert release.neutralise_formula(value) == expected


def test_failed_write_leaves_nothing_and_keeps_latest(tmp_path):
    first = publish(tmp_path)

    def boom(folder, package):
        raise OSError(28, "No space left on device")
    t = tables()
    t["budgets"] = t["budgets"].iloc[0:0]
    with pytest.raises(release.PublishError, match="disk is full"):
        publish(tmp_path, t, now=NOW + dt.timedelta(minutes=5), after_write=boom)
    assert release.latest_release(tmp_path) == first.path
    assert [p.name for p in (tmp_path / "releases").iterdir() if p.name.startswith(".tmp")] == []
    assert release.list_releases(tmp_path) == [first.path]


def test_frictionless_validates_the_release(tmp_path):
    pub = publish(tmp_path)
    frictionless = os.path.join(os.path.dirname(sys.executable), "frictionless")
    result = subprocess.run([frictionless, "validate", str(pub.path / "datapackage.json")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_input_changes():
    changes = release.input_changes({"a": "1", "b": "2", "c": "3"}, {"a": "1", "b": "9", "d": "4"})
    assert changes == {"added": ["d"], "changed": ["b"], "removed": ["c"]}
