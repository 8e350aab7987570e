"""Modules every step process needs, imported once by the multiprocess executor's forkserver.

Each step of a multiprocess run is a process forked from a server that
imported these modules (and set the CLI's garbage-collector thresholds, see
pipeline/__main__.py): without them, every step imports Dagster's SQLite
storage (sqlalchemy, alembic) and the extraction code again, which cost 2.7
to 4 s per step on a 2-core machine. Beyond imports and the thresholds,
nothing here has side effects; the list is a list of names so that a
missing optional module is skipped, not fatal.
"""
import gc
import importlib

from pipeline.settings import GC_THRESHOLDS

MODULES = (
    "pipeline.defs.definitions",
    "pipeline.process.batches",
    "pipeline.process.clean_stage",
    "pipeline.process.extract_stage",
    "pipeline.process.work",
    "pipeline.extract",
    "pipeline.clean.cleaning",
    "dagster._core.storage.runs",
    "dagster._core.storage.event_log",
    "dagster._core.storage.schedules",
    "dagster._core.storage.local_compute_log_manager",
    "dagster._core.storage.root",
    "dagster._core.storage.sqlite_storage",
    "dagster._core.instance.factory",
    "dagster._core.secrets.env_file",
    "dagster._core.storage.migration.utils",
    "dagster._core.execution.api",
    "dagster._core.execution.plan.execute_plan",
    "sqlalchemy",
    "alembic",
    "fsspec",
    "upath",
    "dotenv",
    "pyarrow.parquet",
)

for _name in MODULES:
    try:
        importlib.import_module(_name)
    except ImportError:  # an optional backend (k8s, celery) or a module Dagster moved: imported on first use instead
        pass

gc.set_threshold(*GC_THRESHOLDS)
