"""The Dagster code location: ``defs``, loaded by workspace.yaml and ``python -m pipeline``.

Loaded lazily (``@dg.definitions``): the environment is read when Dagster
loads the code location, not when a module is imported.
"""
import dagster as dg

from pipeline.defs.assets import ASSETS
from pipeline.defs.automation import automation
from pipeline.defs.checks import CHECKS
from pipeline.defs.executor import executor_named
from pipeline.defs.resources import PipelineSettings, StepValuesIOManager
from pipeline.settings import Settings


def resources(settings: Settings) -> dict:
    """Values between steps in $PIPELINE_IO_DIR (a volume every worker mounts), else in the instance's storage."""
    return {"settings": PipelineSettings.from_env(),
            "io_manager": StepValuesIOManager(base_dir=settings.io_dir or None)}


@dg.definitions
def defs() -> dg.Definitions:
    settings = Settings.from_env()
    jobs, sensors, schedules = automation(settings)
    return dg.Definitions(assets=ASSETS, asset_checks=CHECKS, jobs=jobs, sensors=sensors, schedules=schedules,
                          resources=resources(settings), executor=executor_named(settings.executor))
