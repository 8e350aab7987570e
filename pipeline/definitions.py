"""The Dagster code location: ``defs``, loaded by workspace.yaml and ``python -m pipeline``."""
from __future__ import annotations

import dagster as dg

from pipeline.assets import ASSETS, PipelinePaths
from pipeline.automation import AUTOMATION_JOBS, SCHEDULES, SENSORS
from pipeline.checks import CHECKS

defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=AUTOMATION_JOBS,
    sensors=SENSORS,
    schedules=SCHEDULES,
    resources={"paths": PipelinePaths()},
)
