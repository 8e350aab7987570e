"""What the UI shows: one lineage, warnings for skipped files, table paths at the released files."""
from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from pipeline import contract
from pipeline.publish.release import latest_release
from pipeline.settings import CACHE_ENV, OUTPUTS_ENV, RAW_ENV


@pytest.fixture(scope="module")
def ui_run(tmp_path_factory):
    """The release job as the UI runs it (the definitions' resources and IO manager, a real instance),
    over raw/ plus an empty article and a duplicate.
    """
    import shutil

    from tests.conftest import RAW

    tmp = tmp_path_factory.mktemp("ui")
    raw = tmp / "raw"
    shutil.copytree(RAW, raw)
    (raw / "zz_empty.txt").write_text("")
    first = sorted(raw.glob("*.txt"))[0]
    (raw / "zz_copy.txt").write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    patch = pytest.MonkeyPatch()
    patch.setenv(RAW_ENV, str(raw))
    patch.setenv(OUTPUTS_ENV, str(tmp / "out"))
    patch.setenv(CACHE_ENV, str(tmp / "cache"))
    try:
        from pipeline.defs.definitions import defs

        (tmp / "home").mkdir()
        with dg.DagsterInstance.local_temp(str(tmp / "home")) as instance:
            result = defs().resolve_job_def("release_job").execute_in_process(instance=instance, raise_on_error=False)
            observations = {
                t: instance.fetch_observations(dg.AssetKey(t), limit=1).records[0].asset_observation
                for t in contract.TABLES}
            yield result, observations, tmp / "out"
    finally:
        patch.undo()


def test_lineage_reads_raw_articles_documents_tables_release_in_one_group():
    from pipeline.defs.definitions import defs

    graph = defs().resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert keys == {"raw_articles", "documents", "events", "estimates", "budgets", "release"}
    assert len({graph.get(k).group_name for k in graph.get_all_asset_keys()}) == 1   # opens expanded, not as groups

    def parents(name: str) -> set[str]:
        return {p.to_user_string() for p in graph.get(dg.AssetKey(name)).parent_keys}

    assert parents("documents") == {"raw_articles"}
    assert all(parents(t) == {"documents"} for t in contract.ROW_TABLES)
    assert parents("release") == {"raw_articles", "documents", *contract.ROW_TABLES}


def test_skipped_and_duplicate_files_are_a_warning_on_the_run_and_the_assets(ui_run):
    result, _, _ = ui_run
    assert result.success, "a warning never blocks the release"
    evaluations = {(e.asset_key.to_user_string(), e.check_name): e for e in result.get_asset_check_evaluations()}
    for key in (("raw_articles", "all_files_released"), ("release", "no_skipped_sources")):
        evaluation = evaluations[key]
        assert not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.WARN, key
        assert evaluation.metadata["skipped"].value == 2 and evaluation.metadata["duplicates"].value == 1
        assert "zz&#95;empty.txt" in evaluation.metadata["problems"].value   # escaped Markdown
        assert "zz&#95;copy.txt" in evaluation.metadata["problems"].value
    raw_meta = result.asset_materializations_for_node("raw_articles")[0].metadata
    assert raw_meta["skipped"].value == 2 and raw_meta["duplicates"].value == 1
    assert raw_meta["articles_added"].value == 5, "skipped files and the manifest are not added articles"


def test_table_paths_point_at_the_released_parquet_files(ui_run):
    result, observations, out = ui_run
    released = latest_release(out)
    for table in contract.TABLES:
        path = Path(observations[table].metadata["path"].value)
        assert path == released / f"{table}.parquet" and path.is_file()
        assert observations[table].metadata["release_version"].value == released.name
    for node, table in (("documents", "documents"), ("extracted_tables", "events")):
        meta = next(m for m in result.asset_materializations_for_node(node)
                    if m.asset_key.to_user_string() == table).metadata
        assert "path" not in meta, "the pickle of the step value is not the table's path"
        assert "stored_value" in meta
    release_meta = result.asset_materializations_for_node("release")[0].metadata
    assert Path(release_meta["path_estimates"].value) == released / "estimates.parquet"


def test_a_clean_folder_passes_the_warnings(raw_copy, tmp_path):
    from pipeline.defs.assets import ASSETS
    from pipeline.defs.checks import CHECKS
    from pipeline.defs.resources import PipelineSettings

    result = dg.materialize([*ASSETS, *CHECKS], resources={
        "settings": PipelineSettings(raw_dir=str(raw_copy), outputs_dir=str(tmp_path), cache_dir=str(tmp_path / "c")),
        "io_manager": dg.mem_io_manager})
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks["all_files_released"] and checks["no_skipped_sources"]
