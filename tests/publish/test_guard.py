"""A release never shrinks by accident: missing or empty raw folders, sharp drops against latest."""
from __future__ import annotations

import datetime as dt
import functools
import json
import shutil
from pathlib import Path

import dagster as dg
import pytest

from pipeline.cli import run_release
from pipeline.defs import automation
from pipeline.defs.resources import PipelineSettings
from pipeline.publish import guard, release
from pipeline.settings import CACHE_ENV, OUTPUTS_ENV, RAW_ENV, Settings
from tests import fixtures

NOW = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)


# --- pure rules -------------------------------------------------------------------

def test_raw_folder_problem_names_the_folder(tmp_path):
    missing = tmp_path / "no" / "such" / "folder"
    assert guard.raw_folder_problem(missing) == f"raw folder {missing} does not exist"
    (tmp_path / "file").write_text("x")
    assert "is not a folder" in guard.raw_folder_problem(tmp_path / "file")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert str(empty) in guard.raw_folder_problem(empty) and "empty" in guard.raw_folder_problem(empty)
    (empty / "sources.csv").write_text("file,url,publisher,author,published_date\n")
    (empty / "corrections.yaml").write_text("corrections: []\n")
    (empty / "notes.pdf").write_bytes(b"%PDF")
    assert "empty" in guard.raw_folder_problem(empty), "a manifest without articles is still empty"
    (empty / "sub").mkdir()
    (empty / "sub" / "a.txt").write_text("An article.")
    assert guard.raw_folder_problem(empty) is None


def test_shrink_problems_counts_each_table_against_the_threshold():
    before = {"documents": 10, "events": 100, "estimates": 40, "budgets": 0}
    assert guard.shrink_problems(before, {"documents": 5, "events": 50, "estimates": 20, "budgets": 0}) == []
    assert guard.shrink_problems(before, {"documents": 4, "events": 120, "estimates": 20, "budgets": 3}) == [
        "documents: 10 -> 4 rows (-60%)"]
    assert guard.shrink_problems(before, {"documents": 10, "events": 49, "estimates": 0, "budgets": 0}) == [
        "events: 100 -> 49 rows (-51%)", "estimates: 40 -> 0 rows (-100%)"]
    assert guard.shrink_problems(before, {"documents": 6, "events": 100, "estimates": 40}, limit=0.3) == [
        "documents: 10 -> 6 rows (-40%)"]
    assert guard.shrink_problems({}, {"documents": 0}) == []        # nothing to compare with


def test_max_shrink_setting(monkeypatch):
    from pipeline.settings import ENV, SettingError, Settings

    monkeypatch.delenv(ENV["max_shrink"], raising=False)
    assert Settings.from_env().max_shrink == guard.MAX_SHRINK == 0.5
    monkeypatch.setenv(ENV["max_shrink"], "0.2")
    assert Settings.from_env().max_shrink == 0.2
    for bad in ("half", "1.5"):
        monkeypatch.setenv(ENV["max_shrink"], bad)
        with pytest.raises(SettingError, match=ENV["max_shrink"]):
            Settings.from_env()


def _shrunk_tables() -> dict:
    t = fixtures.tables()
    t["estimates"] = t["estimates"].iloc[0:0]
    return t


def test_publish_refuses_a_shrink_under_the_lock_and_keeps_latest(tmp_path):
    first = release.publish(fixtures.tables(), tmp_path, input_hashes={}, code_version="t", skipped=[], now=NOW)
    hook = functools.partial(guard.refuse_shrink, allow=False)
    with pytest.raises(guard.ShrinkRefused, match=r"estimates: 1 -> 0 rows \(-100%\)") as refused:
        release.publish(_shrunk_tables(), tmp_path, input_hashes={}, code_version="t", skipped=[],
                        now=NOW + dt.timedelta(minutes=1), before_write=hook)
    assert first.version in str(refused.value) and "--allow-shrink" in str(refused.value)
    assert release.latest_release(tmp_path) == first.path
    assert release.list_releases(tmp_path) == [first.path]
    assert not [p for p in release.releases_dir(tmp_path).iterdir() if p.name.startswith(release.TMP_PREFIX)]
    allowed = release.publish(_shrunk_tables(), tmp_path, input_hashes={}, code_version="t", skipped=[],
                              now=NOW + dt.timedelta(minutes=2),
                              before_write=functools.partial(guard.refuse_shrink, allow=True))
    assert allowed.created and release.latest_release(tmp_path) == allowed.path


# --- the command line and the assets --------------------------------------------------

def test_missing_raw_folder_is_an_error_and_latest_stays(tmp_path, capsys):
    out = tmp_path / "out"
    first = release.publish(fixtures.tables(), out, input_hashes={}, code_version="t", skipped=[], now=NOW)
    missing = tmp_path / "no-such-folder"
    with pytest.raises(SystemExit) as exit_:
        run_release(str(missing), str(out), str(tmp_path / "cache"))
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert f"raw folder {missing} does not exist" in err and "nothing was published" in err
    assert release.latest_release(out) == first.path and release.list_releases(out) == [first.path]


def test_emptied_raw_folder_is_an_error(raw_copy, tmp_path, capsys):
    for path in raw_copy.iterdir():
        if path.suffix == ".txt":
            path.unlink()
    with pytest.raises(SystemExit) as exit_:
        run_release(str(raw_copy), str(tmp_path / "out"), str(tmp_path / "cache"))
    assert exit_.value.code == 1
    assert f"raw folder {raw_copy} is empty" in capsys.readouterr().err
    assert release.latest_release(tmp_path / "out") is None


def test_folder_of_unreadable_files_fails_in_the_raw_articles_asset(tmp_path):
    """What the UI runs: the asset itself refuses, with the folder in the failure."""
    from pipeline.defs.assets import raw_articles
    from pipeline.defs.resources import PipelineSettings

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("")
    (raw / "b.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = dg.materialize([raw_articles], raise_on_error=False, resources={
        "settings": PipelineSettings(raw_dir=str(raw), outputs_dir=str(tmp_path / "out"))})
    assert not result.success
    failure = [e for e in result.all_events if e.is_step_failure][0].step_failure_data.user_failure_data
    assert f"raw folder {raw} has no readable article" in failure.description
    missing = dg.materialize([raw_articles], raise_on_error=False, resources={
        "settings": PipelineSettings(raw_dir=str(tmp_path / "gone"), outputs_dir=str(tmp_path / "out"))})
    failure = [e for e in missing.all_events if e.is_step_failure][0].step_failure_data.user_failure_data
    assert f"raw folder {tmp_path / 'gone'} does not exist" in failure.description


def test_a_sharp_shrink_is_refused_naming_the_counts_and_allowed_on_request(raw_copy, tmp_path, capsys):
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = run_release(str(raw_copy), str(out), str(cache))
    before = json.loads((first / "datapackage.json").read_text())
    articles = sorted(p for p in raw_copy.iterdir() if p.suffix == ".txt")
    assert len(articles) == 5
    for path in articles[:3]:            # 5 -> 2 documents: 60% gone
        path.unlink()
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        run_release(str(raw_copy), str(out), str(cache))
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "documents: 5 -> 2 rows (-60%)" in err and "--allow-shrink" in err and first.name in err
    assert "nothing was published" in err
    assert release.latest_release(out) == first and release.list_releases(out) == [first]
    allowed = run_release(str(raw_copy), str(out), str(cache), allow_shrink=True)
    assert allowed != first and release.latest_release(out) == allowed
    rows = guard.release_rows(allowed)
    assert rows["documents"] == 2 and before["resources"]


# --- the sensor ---------------------------------------------------------------------

@pytest.fixture
def watched(raw_copy, tmp_path, monkeypatch) -> Path:
    automation._MEMO.clear()
    monkeypatch.setenv(RAW_ENV, str(raw_copy))
    monkeypatch.setenv(OUTPUTS_ENV, str(tmp_path / "outputs"))
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    yield raw_copy
    automation._MEMO.clear()


def _tick(cursor):
    context = dg.build_sensor_context(cursor=cursor, instance=dg.DagsterInstance.ephemeral(),
                                      resources={"settings": PipelineSettings()})
    return automation.automation(Settings.from_env())[1][0](context), context.cursor


@pytest.mark.parametrize("how", ["vanished", "emptied"])
def test_sensor_requests_nothing_for_a_vanished_or_empty_folder(watched, how):
    result, cursor = _tick(None)
    assert isinstance(result, dg.RunRequest) and cursor
    moved = watched.with_name("raw-moved")
    if how == "vanished":
        watched.rename(moved)
    else:
        for path in watched.glob("*.txt"):
            path.unlink()
    result, after = _tick(cursor)
    assert isinstance(result, dg.SkipReason), result
    assert str(watched) in result.skip_message and "no release requested" in result.skip_message
    assert after == cursor, "the cursor stays, so a folder that comes back unchanged requests nothing"
    if how == "vanished":
        moved.rename(watched)
        result, _ = _tick(after)
        assert isinstance(result, dg.SkipReason) and "unchanged" in result.skip_message


def test_schedule_requests_nothing_for_a_vanished_folder(watched):
    context = dg.build_schedule_context(instance=dg.DagsterInstance.ephemeral(),
                                        resources={"settings": PipelineSettings()})
    schedule = automation.automation(Settings.from_env())[2][0]
    assert isinstance(schedule.evaluate_tick(context).run_requests[0], dg.RunRequest)
    shutil.rmtree(watched)
    data = schedule.evaluate_tick(context)
    assert not data.run_requests and str(watched) in data.skip_message
