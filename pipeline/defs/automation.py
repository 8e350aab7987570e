"""Rebuilds without anyone pressing a button.

A sensor polls the raw folder and requests a release run when the content
hash of any article, the manifest or the corrections file changes (touching
a file without changing its bytes does nothing); its cursor is that hash, so
it survives restarts. A daily schedule rebuilds too; a rebuild with nothing
new publishes no duplicate release. Neither asks for a run while the raw
folder is missing or empty (``guard.raw_folder_problem``).
"""

import dagster as dg

from pipeline.defs.resources import PipelineSettings
from pipeline.ingest import fingerprint_raw
from pipeline.publish import guard
from pipeline.publish.release import content_hash, latest_release, read_inputs
from pipeline.settings import ENV, Settings

CRON_ENV = ENV["rebuild_cron"]

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


def raw_folder_sensor(context: dg.SensorEvaluationContext, settings: PipelineSettings):
    raw = settings.raw()
    problem = guard.raw_folder_problem(raw)
    if problem:  # the cursor stays: when the folder comes back unchanged, nothing is requested
        return dg.SkipReason(f"{problem}: no release requested")
    digest, files = raw_digest(raw)
    latest = latest_release(settings.outputs())
    released = read_inputs(latest) if latest else None
    run, cursor = decide(context.cursor, digest, released)
    context.update_cursor(cursor)
    if not run:
        return dg.SkipReason(f"raw folder unchanged ({len(files)} files, content {digest[:12]})")
    return dg.RunRequest(tags={"trigger": "raw_folder", "raw_digest": digest[:16]})


def rebuild_schedule(context: dg.ScheduleEvaluationContext, settings: PipelineSettings):
    problem = guard.raw_folder_problem(settings.raw())
    if problem:
        return dg.SkipReason(f"{problem}: no rebuild requested")
    return dg.RunRequest(tags={"trigger": "daily_rebuild"})

def automation(settings: Settings) -> tuple[list, list, list]:
    """The release job, the raw-folder sensor and the daily schedule, timed by ``settings``."""
    sensor = dg.sensor(job=release_job, name="raw_folder_sensor", minimum_interval_seconds=settings.sensor_interval_s,
                       default_status=dg.DefaultSensorStatus.RUNNING,
                       description="Requests a release when an article, sources.csv or corrections.yaml "
                                   "changes content.")(raw_folder_sensor)
    schedule = dg.schedule(name="daily_rebuild", job=release_job, cron_schedule=settings.rebuild_cron,
                           default_status=dg.DefaultScheduleStatus.RUNNING,
                           description=f"Rebuilds every day (cron from ${CRON_ENV}); publishes nothing new when "
                                       "nothing changed, and requests nothing while the raw folder is missing "
                                       "or empty.")(rebuild_schedule)
    return [release_job], [sensor], [schedule]
