"""The automation: the raw-folder sensor, the daily schedule, and incremental rebuilds.

The sensor is evaluated directly with Dagster's test context against a
private copy of raw/ and an empty outputs folder; ``_MEMO`` (the sensor's
per-process hash memo) is cleared around every test, and cleared again to
simulate a restart of the code server.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from pipeline.defs import automation
from pipeline.defs.automation import automation as automation_for
from pipeline.defs.automation import decide
from pipeline.defs.resources import PipelineSettings
from pipeline.ingest import fingerprint_raw
from pipeline.publish import release
from pipeline.settings import CACHE_ENV, OUTPUTS_ENV, RAW_ENV, Settings
from tests import fixtures

REPO = Path(__file__).resolve().parents[2]

ARTICLE = "003_ae942ebe4bb4cb0a.txt"
NEW_ARTICLE_TEXT = (
    "Police destroyed 12 airstrips in Ucayali on March 3, 2015, the Interior Ministry said.\n\n"
    "Officers said the clandestine runways were used by small planes flying cocaine to Bolivia.\n"
)


# --- helpers ---------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _fresh_memo():
    automation._MEMO.clear()
    yield
    automation._MEMO.clear()


@pytest.fixture
def folders(raw_copy: Path, tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """(raw, outputs): a private raw copy and an empty outputs folder, set in the environment."""
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    monkeypatch.setenv(RAW_ENV, str(raw_copy))
    monkeypatch.setenv(OUTPUTS_ENV, str(outputs))
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return raw_copy, outputs


def evaluate(cursor: str | None = None):
    """One sensor tick: (result, cursor after the tick)."""
    context = dg.build_sensor_context(cursor=cursor, instance=dg.DagsterInstance.ephemeral(),
                                      resources={"settings": PipelineSettings()})
    result = automation_for(Settings.from_env())[1][0](context)
    return result, context.cursor


def requests_run(result) -> bool:
    if isinstance(result, dg.RunRequest):
        return True
    assert isinstance(result, dg.SkipReason), f"unexpected sensor result {result!r}"
    return False


def settled(raw: Path) -> str:
    """The cursor after a first tick over this folder (which asks for a run: no release yet)."""
    result, cursor = evaluate(None)
    assert requests_run(result)
    assert cursor
    return cursor


# --- decide() --------------------------------------------------------------------

def test_decide_is_pure_and_covers_every_case():
    assert decide("abc", "abc", None) == (False, "abc")
    assert decide("abc", "def", None) == (True, "def")
    assert decide(None, "def", None) == (True, "def")
    released = {"a.txt": "1"}
    same = release.content_hash(released)
    assert decide(None, same, released) == (False, same)
    assert decide(None, same, {"a.txt": "2"}) == (True, same)
    # a cursor that differs wins over a release that matches: the cursor is the memory
    assert decide("old", same, released) == (True, same)


# --- the sensor -------------------------------------------------------------------

def test_first_tick_without_release_requests_a_run(folders):
    result, cursor = evaluate(None)
    assert requests_run(result)
    assert result.tags["trigger"] == "raw_folder"
    assert cursor == automation.raw_digest(folders[0])[0]
    assert result.tags["raw_digest"] == cursor[:16]


def test_unchanged_folder_requests_nothing(folders):
    raw, _ = folders
    cursor = settled(raw)
    for _ in range(3):
        result, cursor_after = evaluate(cursor)
        assert not requests_run(result)
        assert cursor_after == cursor
    assert "unchanged" in result.skip_message


def test_new_file_requests_a_run(folders):
    raw, _ = folders
    cursor = settled(raw)
    (raw / "005_new_article.txt").write_text(NEW_ARTICLE_TEXT, encoding="utf-8")
    result, new_cursor = evaluate(cursor)
    assert requests_run(result)
    assert new_cursor != cursor
    # and having asked once, the next tick is quiet
    assert not requests_run(evaluate(new_cursor)[0])


def test_new_file_in_subfolder_requests_a_run(folders):
    raw, _ = folders
    cursor = settled(raw)
    (raw / "2015").mkdir()
    (raw / "2015" / "ucayali.md").write_text(NEW_ARTICLE_TEXT, encoding="utf-8")
    assert requests_run(evaluate(cursor)[0])


def test_files_the_pipeline_ignores_request_nothing(folders):
    raw, _ = folders
    cursor = settled(raw)
    (raw / "notes.docx").write_bytes(b"binary")
    (raw / ".hidden.txt").write_text(NEW_ARTICLE_TEXT, encoding="utf-8")
    (raw / ".git").mkdir()
    (raw / ".git" / "HEAD.txt").write_text("ref", encoding="utf-8")
    assert not requests_run(evaluate(cursor)[0])


def test_touching_without_changing_bytes_requests_nothing(folders):
    raw, _ = folders
    cursor = settled(raw)
    for path in raw.iterdir():
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns + 10**9, stat.st_mtime_ns + 10**9))
        path.write_bytes(path.read_bytes())   # rewritten with the same bytes: a new mtime again
    result, cursor_after = evaluate(cursor)
    assert not requests_run(result)
    assert cursor_after == cursor
    assert len(automation._MEMO) == len(fingerprint_raw(raw)), "the memo kept entries of the files' old mtimes"


@pytest.mark.parametrize("change", ["edit_article", "same_size_edit", "delete_article", "rename_article",
                                    "edit_sources", "edit_corrections", "delete_corrections"])
def test_content_changes_request_a_run(folders, change):
    raw, _ = folders
    cursor = settled(raw)
    article = raw / ARTICLE
    if change == "edit_article":
        article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    elif change == "same_size_edit":
        data = bytearray(article.read_bytes())
        data[0] = ord("X") if data[0] != ord("X") else ord("Y")
        article.write_bytes(bytes(data))
    elif change == "delete_article":
        article.unlink()
    elif change == "rename_article":
        article.rename(raw / "003_renamed.txt")
    elif change == "edit_sources":
        with (raw / "sources.csv").open("a", encoding="utf-8") as fh:
            fh.write("005_not_yet_here.txt,,La Republica,,2015-03-04\n")
    elif change == "edit_corrections":
        path = raw / "corrections.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "# reviewed again\n", encoding="utf-8")
    elif change == "delete_corrections":
        (raw / "corrections.yaml").unlink()
    result, new_cursor = evaluate(cursor)
    assert requests_run(result), change
    assert new_cursor != cursor
    assert not requests_run(evaluate(new_cursor)[0])


def test_cursor_survives_a_restart(folders):
    raw, _ = folders
    cursor = settled(raw)
    automation._MEMO.clear()              # a restarted code server has no memo
    result, cursor_after = evaluate(cursor)
    assert not requests_run(result)
    assert cursor_after == cursor
    # ... and a change made while it was down is seen after the restart
    automation._MEMO.clear()
    (raw / ARTICLE).unlink()
    assert requests_run(evaluate(cursor)[0])


def _publish_for(raw: Path, outputs: Path, inputs: dict[str, str] | None = None) -> Path:
    pub = release.publish(fixtures.tables(), outputs, input_hashes=inputs if inputs is not None else fingerprint_raw(raw),
                          code_version="test", skipped=[])
    assert pub.created
    return pub.path


def test_no_cursor_but_latest_release_matching_folder_requests_nothing(folders):
    raw, outputs = folders
    _publish_for(raw, outputs)
    result, cursor = evaluate(None)
    assert not requests_run(result)
    assert cursor == automation.raw_digest(raw)[0]
    # the release's own inputs agree with what the pipeline itself hashes
    from pipeline.ingest import scan_raw
    assert release.read_inputs(release.latest_release(outputs)) == scan_raw(raw).input_hashes


def test_no_cursor_and_latest_release_of_other_inputs_requests_a_run(folders):
    raw, outputs = folders
    inputs = fingerprint_raw(raw)
    inputs.pop(ARTICLE)
    _publish_for(raw, outputs, inputs)
    assert requests_run(evaluate(None)[0])


def test_release_inputs_equal_sensor_hashes_after_a_real_scan(folders):
    """The sensor's hashes and the release's recorded inputs must be the same function of the folder."""
    from pipeline.ingest import scan_raw
    raw, _ = folders
    (raw / "005_new_article.txt").write_text(NEW_ARTICLE_TEXT, encoding="utf-8")
    (raw / "006_empty.txt").write_text("", encoding="utf-8")
    assert fingerprint_raw(raw) == scan_raw(raw).input_hashes


# --- the schedule, the definitions -----------------------------------------------

def _in_subprocess(code: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("PIPELINE_REBUILD_CRON", "PIPELINE_SENSOR_INTERVAL_S")}
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env={**clean, **env},
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_schedule_is_daily_at_three_by_default_and_running():
    from pipeline.defs.definitions import defs
    schedule = defs().get_schedule_def("daily_rebuild")
    assert schedule.job_name == "release_job"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    code = "from pipeline.defs.definitions import defs; print(defs().get_schedule_def('daily_rebuild').cron_schedule)"
    assert _in_subprocess(code) == "0 3 * * *"
    assert _in_subprocess(code, PIPELINE_REBUILD_CRON="30 6 * * 1") == "30 6 * * 1"


def test_sensor_is_running_by_default_and_interval_comes_from_env():
    from pipeline.defs.definitions import defs
    sensor = defs().get_sensor_def("raw_folder_sensor")
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert sensor.job_name == "release_job"
    code = "from pipeline.defs.definitions import defs; print(defs().get_sensor_def('raw_folder_sensor').minimum_interval_seconds)"
    assert _in_subprocess(code) == "15"
    assert _in_subprocess(code, PIPELINE_SENSOR_INTERVAL_S="5") == "5"


def test_release_job_selects_every_asset():
    from pipeline.defs.assets import ASSETS
    from pipeline.defs.definitions import defs
    job = defs().resolve_job_def("release_job")
    expected = {key for asset in ASSETS for key in asset.keys}
    assert expected <= set(job.asset_layer.executable_asset_keys)


def _execution(run_config: dict) -> dict:
    from dagster._core.system_config.objects import ResolvedRunConfig

    from pipeline.defs.definitions import defs
    job = defs().resolve_implicit_global_asset_job_def()     # what "Materialize all" in the UI runs
    return ResolvedRunConfig.build(job, run_config).execution.execution_engine_config


def test_ui_and_daemon_runs_choose_the_executor_like_the_cli(folders, monkeypatch):
    """Small folders run in process; larger ones fork one process per step from a preloaded server."""
    monkeypatch.delenv("PIPELINE_EXECUTOR", raising=False)
    monkeypatch.delenv("PIPELINE_BATCH_SIZE", raising=False)
    assert set(_execution({})) == {"in_process"}
    monkeypatch.setenv("PIPELINE_BATCH_SIZE", "2")
    forked = _execution({})["multiprocess"]
    assert forked["start_method"] == {"forkserver": {"preload_modules": ["pipeline.defs.preload"]}}
    # what the launchpad or a run request says wins
    assert set(_execution({"execution": {"config": {"in_process": {}}}})) == {"in_process"}
    explicit = _execution({"execution": {"config": {"multiprocess": {"max_concurrent": 3,
                                                                     "start_method": {"spawn": {}}}}}})
    assert explicit["multiprocess"]["max_concurrent"] == 3
    assert explicit["multiprocess"]["start_method"] == {"spawn": {}}


def test_definitions_validate(tmp_path):
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path)}
    out = subprocess.run([str(REPO / ".venv" / "bin" / "dagster"), "definitions", "validate", "-w", "workspace.yaml"],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Validation successful" in out.stdout + out.stderr


# --- incremental materialization -----------------------------------------------

def _build(raw: Path, outputs: Path, cache: Path, instance: dg.DagsterInstance):
    from pipeline.defs.assets import ASSETS
    from pipeline.defs.checks import CHECKS
    from pipeline.defs.resources import PipelineSettings
    paths = PipelineSettings(raw_dir=str(raw), outputs_dir=str(outputs), cache_dir=str(cache))
    result = dg.materialize([*ASSETS, *CHECKS], resources={"settings": paths}, instance=instance)
    assert result.success
    return result


def _meta(result, node: str) -> list[dict]:
    return [{k: v.value for k, v in m.metadata.items()} for m in result.asset_materializations_for_node(node)]


def test_rebuild_extracts_only_the_edited_article_and_no_change_publishes_nothing(raw_copy, tmp_path):
    outputs, cache = tmp_path / "outputs", tmp_path / "cache"
    with dg.DagsterInstance.ephemeral() as instance:
        first = _build(raw_copy, outputs, cache, instance)
        assert {m["documents_extracted"] for m in _meta(first, "extracted_tables")} == {5}
        (rel1,) = _meta(first, "release")
        assert rel1["new_release"] is True

        # a sentence in the body: text appended after the trailing "Read more" boilerplate,
        # or added to the title line, is cleaned away and would change nothing downstream
        article = raw_copy / ARTICLE
        text = article.read_text(encoding="utf-8")
        anchor = "According to UNODC"
        assert text.count(anchor) == 1
        article.write_text(text.replace(anchor, "Police destroyed 12 airstrips in Ucayali on March 3, 2015. " + anchor),
                           encoding="utf-8")
        second = _build(raw_copy, outputs, cache, instance)
        extracted = _meta(second, "extracted_tables")
        assert len(extracted) == 3                       # events, estimates, budgets
        for meta in extracted:
            assert meta["documents_extracted"] == 1
            assert meta["documents_reused"] == 4
        (docs,) = _meta(second, "documents")
        assert (docs["cleaned"], docs["reused"]) == (1, 4)
        (rel2,) = _meta(second, "release")
        assert rel2["new_release"] is True
        assert rel2["version"] != rel1["version"]
        assert rel2["previous_version"] == rel1["version"]
        assert rel2["articles_changed"] == 1

        third = _build(raw_copy, outputs, cache, instance)
        for meta in _meta(third, "extracted_tables"):
            assert (meta["documents_extracted"], meta["documents_reused"]) == (0, 5)
        (rel3,) = _meta(third, "release")
        assert rel3["new_release"] is False
        assert rel3["version"] == rel2["version"]

    releases = release.list_releases(outputs)
    assert [p.name for p in releases] == sorted([rel1["version"], rel2["version"]])
    assert release.latest_release(outputs).name == rel2["version"]
    package = json.loads((release.latest_release(outputs) / "datapackage.json").read_text(encoding="utf-8"))
    assert package["inputs"] == fingerprint_raw(raw_copy)
    import pandas as pd
    docs = pd.read_parquet(release.latest_release(outputs) / "documents.parquet")
    assert docs["text"].str.contains("12 airstrips in Ucayali", regex=False).sum() == 1


def test_the_executor_choice_counts_once_per_run_and_never_in_step_processes(folders, monkeypatch):
    """Dagster resolves run config many times per run, and in every step process: one count is enough."""
    from pipeline.defs import executor as definitions
    from pipeline.process import work

    calls = []
    monkeypatch.setattr(work, "articles_to_process", lambda *args: calls.append(args) or 0)
    monkeypatch.setattr(definitions, "_DECISIONS", {})
    for _ in range(5):
        assert set(definitions._default_execution({})) == {"in_process"}
    assert len(calls) == 1
    monkeypatch.setattr(definitions, "_DECISIONS", {})
    monkeypatch.setattr(definitions.multiprocessing, "parent_process", lambda: object())   # a step process
    assert set(definitions._default_execution({})) == {"multiprocess"}
    assert len(calls) == 1
