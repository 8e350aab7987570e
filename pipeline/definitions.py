"""The Dagster code location: ``defs``, loaded by workspace.yaml and ``python -m pipeline``.

The executor comes from $PIPELINE_EXECUTOR: unset, Dagster's default (one
process per step in the UI, in process for the CLI's small runs); ``k8s`` or
``celery`` run the same steps, one batch of articles each, on a cluster (see
deploy/). Cluster executors need the ``cluster`` extra and shared storage for
intermediate values ($PIPELINE_IO_DIR, a volume every worker mounts).
"""
import os

import dagster as dg

from pipeline.assets import ASSETS, PipelinePaths
from pipeline.automation import AUTOMATION_JOBS, SCHEDULES, SENSORS
from pipeline.checks import CHECKS

EXECUTOR_ENV = "PIPELINE_EXECUTOR"


def executor_from_env() -> dg.ExecutorDefinition | None:
    name = os.environ.get(EXECUTOR_ENV, "").strip().lower()
    if name in ("", "default"):
        return None
    if name == "multiprocess":
        return dg.multiprocess_executor
    if name == "k8s":
        from dagster_k8s import k8s_job_executor

        return k8s_job_executor
    if name == "celery":
        from dagster_celery import celery_executor

        return celery_executor
    raise ValueError(f"${EXECUTOR_ENV}={name!r}: expected default, multiprocess, k8s or celery")


def resources() -> dict:
    shared = os.environ.get("PIPELINE_IO_DIR")
    io = {"io_manager": dg.FilesystemIOManager(base_dir=shared)} if shared else {}
    return {"paths": PipelinePaths(), **io}


defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=AUTOMATION_JOBS,
    sensors=SENSORS,
    schedules=SCHEDULES,
    resources=resources(),
    executor=executor_from_env(),
)
