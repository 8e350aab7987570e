"""The whole pipeline in process: a release from raw/, reproducible, validated, blocked when bad."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import run_release
from pipeline.publish.release import latest_release
from tests.conftest import REPO, SHARED

TABLE_FILES = [f"{t}.{f}" for t in ("documents", "events", "estimates", "budgets") for f in ("parquet", "csv")]


@pytest.fixture(scope="module")
def first_release(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    return run_release(str(REPO / "raw"), str(out), str(out / "cache"))


def test_release_has_every_file_and_rows_in_every_table(first_release):
    for name in TABLE_FILES + ["datapackage.json", "README.md"]:
        assert (first_release / name).is_file(), name
    for table in ("events", "estimates", "budgets"):
        df = pd.read_parquet(first_release / f"{table}.parquet")
        assert len(df) > 0, table
    docs = pd.read_parquet(first_release / "documents.parquet").set_index("doc_id")["text"]
    for table in ("events", "estimates", "budgets"):
        df = pd.read_parquet(first_release / f"{table}.parquet")
        for row in df.itertuples():
            assert docs[row.doc_id][row.char_start:row.char_end] == row.quote


def test_rebuild_elsewhere_is_byte_identical(first_release, tmp_path):
    second = run_release(str(REPO / "raw"), str(tmp_path), str(tmp_path / "fresh-cache"))
    for name in TABLE_FILES:
        assert (first_release / name).read_bytes() == (second / name).read_bytes(), name


def test_frictionless_validates(first_release):
    exe = Path(sys.executable).parent / "frictionless"
    result = subprocess.run([str(exe), "validate", str(first_release / "datapackage.json")],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]


def test_manifest_records_inputs_and_code_version(first_release):
    package = json.loads((first_release / "datapackage.json").read_text())
    assert set(package["inputs"]) >= {"sources.csv", "000_7b2e60dfd0d90bdd.txt"}
    assert len(package["code_version"]) == 16
    assert package["skipped_sources"] == []


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared not beside the repo")
def test_scorer_runs_on_the_release(first_release):
    result = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(first_release),
                             str(SHARED / "gold" / "seeds.yaml")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "macro F1" in result.stdout


def test_failing_check_blocks_the_release_and_keeps_latest(raw_copy, tmp_path, capsys):
    out = tmp_path / "out"
    first = run_release(str(raw_copy), str(out), str(out / "cache"))
    estimate_id = pd.read_parquet(first / "estimates.parquet")["estimate_id"].iloc[0]
    (raw_copy / "corrections.yaml").write_text(
        f"corrections:\n  - id: {estimate_id}\n    action: set\n    set: {{quote: 'Words this article never says.'}}\n"
        f"    reason: test of the blocking provenance check\n")
    with pytest.raises(SystemExit):
        run_release(str(raw_copy), str(out), str(out / "cache"))
    err = capsys.readouterr().err
    assert "estimates_quotes_in_documents" in err and estimate_id in err
    assert "nothing was published" in err
    assert latest_release(out) == first


def test_unknown_correction_id_fails_the_run(raw_copy, tmp_path, capsys):
    (raw_copy / "corrections.yaml").write_text(
        "corrections:\n  - {id: es_ffffffffffffffff, action: drop, reason: test}\n")
    with pytest.raises(SystemExit):
        run_release(str(raw_copy), str(tmp_path), str(tmp_path / "cache"))
    assert "es_ffffffffffffffff" in capsys.readouterr().err
    assert latest_release(tmp_path) is None


def test_cli_prints_release_path_last(tmp_path):
    env = {**os.environ, "PIPELINE_OUTPUTS_DIR": str(tmp_path)}
    env.pop("DAGSTER_HOME", None)
    result = subprocess.run([sys.executable, "-m", "pipeline", "release"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    assert Path(last).parent == tmp_path / "releases" and (Path(last) / "datapackage.json").exists()


def test_quiet_release_prints_only_the_summary(raw_copy, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    command = [sys.executable, "-m", "pipeline", "release", "--quiet", "--raw-dir", str(raw_copy),
               "--outputs-dir", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache")]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    from pipeline.cli import SUMMARY_KEYS
    assert [line.split(":")[0] for line in lines[:-1]] == list(SUMMARY_KEYS)
    assert Path(lines[-1]) == latest_release(tmp_path / "out")
    for path in sorted(raw_copy.glob("*.txt"))[:3]:
        path.unlink()
    refused = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert refused.returncode == 1 and refused.stdout == ""
    errors = refused.stderr.splitlines()
    assert errors and all(line.startswith("error: ") for line in errors), errors
    assert any("documents: 5 -> 2 rows (-60%)" in line for line in errors)
    assert latest_release(tmp_path / "out") == Path(lines[-1])
