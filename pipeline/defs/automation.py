"""Rebuilds without anyone pressing a button.

A sensor polls the raw folder and requests a release run when the content
hash of any article, the manifest or the corrections file changes (touching
a file without changing its bytes does nothing); its cursor is that hash, so
it survives restarts. A daily schedule rebuilds too; a rebuild with nothing
new publishes no duplicate release. Neither asks for a run while the raw
folder is missing or empty (``guard.raw_folder_problem``).
"""

import os

import dagster as dg

from pipeline import config

from pipeline.publish import guard
from pipeline.ingest import fingerprint_raw
from pipeline.publish.release import content_hash, latest_release, read_inputs

CRON_ENV = "PIPELINE_REBUILD_CRON"
SENSOR_INTERVAL_S = int(os.environ.get("PIPELINE_SENSOR_INTERVAL_S", "15"))

release_job = dg.define_asset_job(
    "release_job", selection=dg.AssetSelection.all(),
    description="Everything from the raw folder to a published release, with every check.",
)

_MEMO: dict = {}


def raw_digest(raw_dir) -> tuple[str, dict[str, str]]:
    files = fingerprint_raw(raw_dir, _MEMO)
    return content_hash(files), files


def decide(cursor: str | None, digest: str, released_inputs: dict[str, str] | None) -> tuple[bool, str]:
    """Whether to request a run, and the new cursor.

    Without a cursor (first tick, or a fresh instance) the latest release is
    the memory: a folder that equals what was last released asks for nothing.
    """
    if cursor == digest:
        return False, digest
    if cursor is None and released_inputs is not None and content_hash(released_inputs) == digest:
        return False, digest
    return True, digest


@dg.sensor(job=release_job, minimum_interval_seconds=SENSOR_INTERVAL_S,
           default_status=dg.DefaultSensorStatus.RUNNING,
           description="Requests a release when an article, sources.csv or corrections.yaml changes content.")
def raw_folder_sensor(context: dg.SensorEvaluationContext):
    raw = config.raw_dir()
    problem = guard.raw_folder_problem(raw)
    if problem:  # the cursor stays: when the folder comes back unchanged, nothing is requested
        return dg.SkipReason(f"{problem}: no release requested")
    digest, files = raw_digest(raw)
    latest = latest_release(config.outputs_dir())
    released = read_inputs(latest) if latest else None
    run, cursor = decide(context.cursor, digest, released)
    context.update_cursor(cursor)
    if not run:
        return dg.SkipReason(f"raw folder unchanged ({len(files)} files, content {digest[:12]})")
    return dg.RunRequest(tags={"trigger": "raw_folder", "raw_digest": digest[:16]})


@dg.schedule(name="daily_rebuild", job=release_job, cron_schedule=os.environ.get(CRON_ENV, "0 3 * * *"),
             default_status=dg.DefaultScheduleStatus.RUNNING,
             description=f"Rebuilds every day (cron from ${CRON_ENV}); publishes nothing new when nothing changed, "
                         "and requests nothing while the raw folder is missing or empty.")
def rebuild_schedule(context: dg.ScheduleEvaluationContext):
    problem = guard.raw_folder_problem(config.raw_dir())
    if problem:
        return dg.SkipReason(f"{problem}: no rebuild requested")
    return dg.RunRequest(tags={"trigger": "daily_rebuild"})

AUTOMATION_JOBS = [release_job]
SENSORS = [raw_folder_sensor]
SCHEDULES = [rebuild_schedule]
