"""``python -m pipeline``: the headless release and the release tools.

``release`` materializes the same assets as the UI, in process, and prints
the published release folder as the last line of its output.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from pipeline import config


def _instance():
    import dagster as dg

    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.local_temp(tempfile.mkdtemp(prefix="pipeline-dagster-"))


def _failure_messages(result) -> list[str]:
    messages = []
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.error:
            err = event.step_failure_data.error
            while err.cause is not None and "DagsterExecutionStepExecutionError" in err.cls_name:
                err = err.cause
            messages.append(f"step {event.step_key} failed: {err.message.strip()}")
    for evaluation in result.get_asset_check_evaluations():
        if not evaluation.passed:
            meta = evaluation.metadata
            shown = meta.get("failing_rows")
            messages.append(f"check {evaluation.check_name} on {evaluation.asset_key.to_user_string()} failed "
                            f"({meta['failures'].value if 'failures' in meta else '?'} failures):\n"
                            f"{shown.value if shown is not None else ''}")
    return messages


def run_release(raw_dir: str | None, outputs_dir: str | None, cache_dir: str | None = None) -> Path:
    """Materialize every asset and check; returns the release folder or raises SystemExit."""
    import dagster as dg

    from pipeline.assets import ASSETS, PipelinePaths
    from pipeline.checks import CHECKS

    paths = PipelinePaths(raw_dir=str(config.raw_dir(raw_dir)), outputs_dir=str(config.outputs_dir(outputs_dir)),
                          cache_dir=str(Path(cache_dir).resolve()) if cache_dir else None)
    with _instance() as instance:
        result = dg.materialize([*ASSETS, *CHECKS], resources={"paths": paths}, instance=instance,
                                raise_on_error=False)
        if not result.success:
            for message in _failure_messages(result) or ["the run failed (see the log above)"]:
                print(f"error: {message}", file=sys.stderr)
            print("error: nothing was published; latest is unchanged", file=sys.stderr)
            raise SystemExit(1)
        meta = result.asset_materializations_for_node("release")[-1].metadata
    for key in ("version", "note", "rows_documents", "rows_events", "rows_estimates", "rows_budgets", "skipped_sources"):
        print(f"{key}: {meta[key].value}")
    return Path(meta["path"].value)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rel = sub.add_parser("release", help="build and publish a release from the raw folder")
    rel.add_argument("--raw-dir", help=f"articles and sources.csv (default ${config.RAW_ENV} or raw/)")
    rel.add_argument("--outputs-dir", help=f"where releases go (default ${config.OUTPUTS_ENV} or outputs/)")
    rel.add_argument("--cache-dir", help=f"per-article cache (default ${config.CACHE_ENV} or <outputs>/.cache)")
    args = parser.parse_args(argv)
    if args.command == "release":
        path = run_release(args.raw_dir, args.outputs_dir, args.cache_dir)
        print(path)
