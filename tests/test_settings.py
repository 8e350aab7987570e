"""Settings: an argument wins, then $PIPELINE_*, then the default; a bad value names its variable."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from pipeline.defs.resources import PipelineSettings
from pipeline.settings import ENV, REPO_ROOT, SettingError, Settings

REPO = Path(__file__).resolve().parents[1]


def test_defaults_environment_and_arguments_in_that_order(tmp_path):
    assert Settings.from_env({}).raw() == (REPO_ROOT / "raw").resolve()
    env = {ENV["raw_dir"]: str(tmp_path / "env"), ENV["batch_size"]: "7"}
    assert Settings.from_env(env).raw() == tmp_path / "env" and Settings.from_env(env).batch_size == 7
    assert Settings.from_env(env, raw_dir=str(tmp_path / "arg")).raw() == tmp_path / "arg"
    assert Settings.from_env(env, raw_dir="").raw() == tmp_path / "env"      # empty means not given


def test_remote_outputs_stage_locally_and_cache_sits_beside_the_releases(tmp_path):
    remote = Settings.from_env({ENV["outputs_dir"]: "s3://bucket/prefix", ENV["cache_dir"]: str(tmp_path)})
    assert remote.remote_url() == "s3://bucket/prefix"
    assert remote.outputs().is_relative_to(tmp_path / "remote-staging")
    local = Settings.from_env({ENV["outputs_dir"]: str(tmp_path / "out")})
    assert local.remote_url() is None and local.cache() == tmp_path / "out" / ".cache"


@pytest.mark.parametrize("name, value", [("batch_size", "many"), ("batch_size", "0"), ("max_shrink", "1.5"),
                                         ("executor", "spark"), ("sensor_interval_s", "-1")])
def test_a_bad_value_is_a_clear_error_naming_the_variable(name, value):
    with pytest.raises(SettingError, match=ENV[name]):
        Settings.from_env({ENV[name]: value})


def test_the_resource_takes_env_vars_and_resolves_like_the_cli(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV["raw_dir"], str(tmp_path))
    monkeypatch.setenv(ENV["batch_size"], "3")
    resource = PipelineSettings.from_env()

    @dg.asset
    def probe(settings: PipelineSettings):
        resolved = settings.resolved()
        return str(resolved.raw()), resolved.batch_size

    result = dg.materialize([probe], resources={"settings": resource})
    assert result.output_for_node("probe") == (str(tmp_path), 3)
    assert PipelineSettings(raw_dir=str(tmp_path / "x")).resolved().raw() == tmp_path / "x"


def test_no_module_reads_the_environment_when_imported():
    """Importing every module with a broken setting must not fail: settings are read when asked."""
    code = ("import pkgutil, importlib, pipeline\n"
            "for m in pkgutil.walk_packages(pipeline.__path__, 'pipeline.'):\n"
            "    if m.name != 'pipeline.__main__': importlib.import_module(m.name)\n")
    env = {ENV["sensor_interval_s"]: "soon", ENV["batch_size"]: "many", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
