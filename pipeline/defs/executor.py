"""The executor choice: like the CLI by default, or the one $PIPELINE_EXECUTOR names.

Unset, Dagster's default executor choosing like the CLI (in process for up
to one batch of articles to clean and extract, one forked process per step
above); ``k8s`` or ``celery`` run the same steps, one batch of articles
each, on a cluster (see deploy/). Cluster executors need the ``cluster``
extra and shared storage for intermediate values ($PIPELINE_IO_DIR, a
volume every worker mounts).
"""
import multiprocessing
import time

import dagster as dg

from pipeline.settings import ENV, SettingError, Settings


def _default_execution(config: dict | None) -> dict:
    """Dagster's default executor, choosing like the CLI when the run config does not.

    Without execution config, a run with up to one batch of articles to clean
    and extract (new, edited, or all when the code changed) runs in process,
    a larger one runs one process per step. Each step process
    forks from a server that imported the pipeline and Dagster's storage once
    (pipeline/preload.py): a fresh interpreter per
    step re-imports dagster, pandas and the pipeline (7 s a step on a quiet
    2-core machine, 30 s under load), which made a five-article release take
    minutes in the UI. Config given in the launchpad or a run request wins.
    """
    config = dict(config) if config else _executor_for_the_work()
    if "multiprocess" in config:
        forkserver = {"forkserver": {"preload_modules": ["pipeline.defs.preload"]}}
        config["multiprocess"] = {"start_method": forkserver, **(config["multiprocess"] or {})}
    return config


_DECISIONS: dict[tuple, tuple[float, str]] = {}
DECISION_TTL_S = 10.0


def _executor_for_the_work() -> dict:
    """In process for up to one batch of articles to process, else one process per step.

    Dagster resolves the run config several times per run and once more in
    every step process: a step process exists only under the multiprocess
    executor, so it needs no count, and a count is reused for a few seconds
    (the code server lives long, so not for longer).
    """
    if multiprocessing.parent_process() is not None:
        return {"multiprocess": {}}
    from pipeline import process

    settings = Settings.from_env()
    key = (settings.raw(), settings.outputs(), settings.cache(), settings.batch_size)
    when, decided = _DECISIONS.get(key, (float("-inf"), ""))
    if time.monotonic() - when > DECISION_TTL_S:
        decided = process.executor_for_the_work(*key)
        _DECISIONS[key] = (time.monotonic(), decided)
    return {decided: {}}


DEFAULT_EXECUTOR = dg.multi_or_in_process_executor.configured(_default_execution)


def executor_named(name: str) -> dg.ExecutorDefinition:
    """The executor ``$PIPELINE_EXECUTOR`` names (validated by the settings)."""
    if name in ("", "default"):
        return DEFAULT_EXECUTOR
    if name == "multiprocess":
        return dg.multiprocess_executor
    if name == "k8s":
        from dagster_k8s import k8s_job_executor

        return k8s_job_executor
    if name == "celery":
        from dagster_celery import celery_executor

        return celery_executor
    raise SettingError(f"${ENV['executor']}={name!r}: expected default, multiprocess, k8s or celery")
