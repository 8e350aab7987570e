"""The scale-out configuration in deploy/ loads, though no cluster runs here."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def test_instance_config_is_valid_for_postgres_and_kubernetes(monkeypatch):
    pytest.importorskip("dagster_postgres")
    pytest.importorskip("dagster_k8s")
    from dagster._core.instance.config import dagster_instance_config

    for var in ("DAGSTER_PG_HOST", "DAGSTER_PG_USER", "DAGSTER_PG_PASSWORD", "DAGSTER_PG_DB",
                "DAGSTER_K8S_SERVICE_ACCOUNT", "DAGSTER_K8S_NAMESPACE", "DAGSTER_K8S_INSTANCE_CONFIG_MAP",
                "DAGSTER_K8S_PIPELINE_ENV_CONFIG_MAP"):
        monkeypatch.setenv(var, "x")
    config, _ = dagster_instance_config(str(DEPLOY))
    assert "postgres" in config["storage"]
    assert config["run_launcher"]["class"] == "K8sRunLauncher"


@pytest.mark.parametrize("executor, module", [("k8s", "dagster_k8s"), ("celery", "dagster_celery"),
                                              ("multiprocess", "dagster")])
def test_definitions_take_a_cluster_executor(monkeypatch, executor, module):
    pytest.importorskip(module)
    import pipeline.defs.definitions as definitions

    monkeypatch.setenv("PIPELINE_EXECUTOR", executor)
    monkeypatch.setenv("PIPELINE_IO_DIR", "/tmp/shared-io")
    job = definitions.defs().resolve_job_def("release_job")
    assert job.executor_def.name in {"k8s", "celery", "multiprocess"}


@pytest.mark.parametrize("name", ["celery.yaml", "k8s.yaml"])
def test_run_configs_parse(name):
    config = yaml.safe_load((DEPLOY / name).read_text())
    assert "execution" in config


def test_unknown_executor_is_a_clear_error(monkeypatch):
    import pipeline.defs.definitions as definitions

    monkeypatch.setenv("PIPELINE_EXECUTOR", "spark")
    with pytest.raises(ValueError, match="PIPELINE_EXECUTOR='spark': expected default, multiprocess, k8s or celery"):
        definitions.defs()
