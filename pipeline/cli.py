"""``python -m pipeline``: the headless release and the release tools.

``release`` materializes the same assets as the UI, in process, and prints
the published release folder as the last line of its output. ``releases``
lists the published releases; ``export`` copies one table file out of one.
"""
from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from pipeline.common.files import replacing
from pipeline.common.hashing import sha256_file
from pipeline.common.package import read_package
from pipeline.settings import CACHE_ENV, OUTPUTS_ENV, RAW_ENV, Settings


def _instance(in_process: bool):
    """$DAGSTER_HOME's instance; else an in-memory one for a run in this process, or a temporary
    SQLite one (removed when the run is over) that step processes can open.
    """
    import dagster as dg

    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    if in_process:
        return dg.DagsterInstance.ephemeral()
    folder = tempfile.mkdtemp(prefix="pipeline-dagster-")
    atexit.register(shutil.rmtree, folder, True)
    return dg.DagsterInstance.local_temp(folder)


def _failure_messages(result) -> list[str]:
    import dagster as dg

    messages = []
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.error:
            err = event.step_failure_data.error
            while err.cause is not None and "DagsterExecutionStepExecutionError" in err.cls_name:
                err = err.cause
            messages.append(f"step {event.step_key} failed: {err.message.strip()}")
    for evaluation in result.get_asset_check_evaluations():
        if not evaluation.passed and evaluation.severity != dg.AssetCheckSeverity.WARN:
            meta = evaluation.metadata
            rows = meta["failing_rows_json"].value if "failing_rows_json" in meta else []
            shown = "\n".join("  " + " | ".join(f"{k}={v}" for k, v in row.items()) for row in rows)
            messages.append(f"check {evaluation.check_name} on {evaluation.asset_key.to_user_string()} failed "
                            f"({meta['failures'].value if 'failures' in meta else '?'} failures):\n{shown}")
    return messages


def release_job():
    """The release job, importable by name so other processes can rebuild it (multiprocess executor)."""
    from pipeline.defs.definitions import defs

    return defs().resolve_job_def("release_job")


def choose_executor(settings: Settings) -> str:
    """One process when the articles to clean and extract fit one batch, else one process per step."""
    from pipeline import process

    return process.executor_for_the_work(settings.raw(), settings.outputs(), settings.cache(), settings.batch_size)


def _run_config(allow_shrink: bool, quiet: bool) -> dict:
    """The release asset's config, and with ``quiet`` a console logger that shows nothing below errors."""
    run_config: dict = {"ops": {"release": {"config": {"allow_shrink": allow_shrink}}}}
    if quiet:
        run_config["loggers"] = {"console": {"config": {"log_level": "CRITICAL"}}}
    return run_config


def _quiet_python() -> None:
    """No warnings or library log lines on stderr, here and in step processes (they read the environment)."""
    import logging
    import warnings

    warnings.simplefilter("ignore")
    os.environ["PYTHONWARNINGS"] = "ignore"
    logging.getLogger("dagster").setLevel(logging.CRITICAL)


@contextlib.contextmanager
def _stderr_into(path: Path):
    """File descriptor 2 of this process, and of the step processes it starts, into ``path`` for a while."""
    sys.stderr.flush()
    saved = os.dup(2)
    with path.open("wb") as fh:
        os.dup2(fh.fileno(), 2)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def _execute(paths_config: dict, executor: str, allow_shrink: bool = False, quiet: bool = False):
    """Run every asset and check, in this process or in one process per step."""
    import dagster as dg

    from pipeline.defs.assets import ASSETS
    from pipeline.defs.checks import CHECKS
    from pipeline.defs.resources import PipelineSettings, StepValuesIOManager

    instance = _instance(executor == "in_process")
    run_config = _run_config(allow_shrink, quiet)
    if executor == "in_process":
        resources = {"settings": PipelineSettings(**paths_config)}
        # nothing outlives an ephemeral instance's run: intermediate values stay in memory
        resources["io_manager"] = dg.mem_io_manager if instance.is_ephemeral else StepValuesIOManager()
        return instance, dg.materialize([*ASSETS, *CHECKS], resources=resources, instance=instance,
                                        run_config=run_config, raise_on_error=False)
    run_config |= {"resources": {"settings": {"config": paths_config}},
                   "execution": {"config": {"multiprocess": {"max_concurrent": os.cpu_count() or 2}}}}
    return instance, dg.execute_job(dg.reconstructable(release_job), instance=instance, run_config=run_config,
                                    raise_on_error=False)


def _refuse(messages: list[str]) -> None:
    for message in messages:
        print(f"error: {message}", file=sys.stderr)
    print("error: nothing was published; latest is unchanged", file=sys.stderr)
    raise SystemExit(1)


SUMMARY_KEYS = ("version", "note", "rows_documents", "rows_events", "rows_estimates", "rows_budgets",
                "skipped_sources")


def run_release(raw_dir: str | None, outputs_dir: str | None, cache_dir: str | None = None,
                executor: str = "auto", allow_shrink: bool = False, quiet: bool = False) -> Path:
    """Materialize every asset and check; returns the release folder or raises SystemExit.

    A missing or empty raw folder stops here, before Dagster starts; a release
    that loses more than half of a table's rows is refused unless ``allow_shrink``.
    ``quiet``: only the summary (and errors) are printed, no run log.
    """
    from pipeline.publish import guard

    settings = Settings.from_env(raw_dir=raw_dir, outputs_dir=outputs_dir,
                                 cache_dir=str(Path(cache_dir).resolve()) if cache_dir else None)
    raw = settings.raw()
    problem = guard.raw_folder_problem(raw)
    if problem:
        _refuse([problem])
    if quiet:
        _quiet_python()
    paths_config = {"raw_dir": str(raw), "outputs_dir": settings.outputs_location(),
                    "cache_dir": settings.cache_dir or None}
    if executor == "auto":
        executor = choose_executor(settings)
    if quiet:  # the run log (step processes print theirs too) goes to a file, kept if the run fails
        log = Path(tempfile.mkstemp(prefix="pipeline-release-", suffix=".log")[1])
        with _stderr_into(log):
            instance, result = _execute(paths_config, executor, allow_shrink, quiet)
    else:
        log, (instance, result) = None, _execute(paths_config, executor, allow_shrink, quiet)
    with instance:
        if not result.success:
            where = f"the run log is in {log}" if log else "see the log above"
            _refuse(_failure_messages(result) or [f"the run failed ({where})"])
        if log:
            log.unlink(missing_ok=True)
        meta = result.asset_materializations_for_node("release")[-1].metadata
    for key in SUMMARY_KEYS:
        print(f"{key}: {meta[key].value}")
    return Path(meta["path"].value)


EXPORT_FORMATS = ("csv", "parquet")


def _fail(message: str) -> None:
    """A usage problem (unknown version, table, format): exit status 2, like argparse."""
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(2)


def releases_table(outputs: Path) -> list[str]:
    """One aligned line per release, newest first, under a header."""
    from pipeline import contract
    from pipeline.publish import release
    from pipeline.publish.catalog import release_rows

    latest = release.latest_release(outputs)
    rows = [["version", "created", *contract.TABLES, ""]]
    for folder in reversed(release.list_releases(outputs)):
        package = read_package(folder)
        counts = release_rows(package)
        rows.append([folder.name, str(package.get("created", "?")), *(str(counts[t]) for t in contract.TABLES),
                     "(latest)" if folder == latest else ""])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]


def run_releases(outputs_dir: str | None) -> None:
    outputs = Settings.from_env(outputs_dir=outputs_dir).outputs()
    lines = releases_table(outputs)
    print("\n".join(lines) if len(lines) > 1 else f"no releases in {outputs}")


def resolve_version(outputs: Path, version: str) -> Path:
    """The release folder named ``version`` (or ``latest``); exits 2 naming the problem."""
    from pipeline.publish import release

    folders = {f.name: f for f in release.list_releases(outputs)}
    if not folders:
        _fail(f"no releases in {outputs}")
    if version == release.LATEST:
        return release.latest_release(outputs) or folders[max(folders)]
    if version not in folders:
        _fail(f"unknown version {version!r} in {outputs / release.RELEASES} (newest: {max(folders)}; "
              "run `python -m pipeline releases` for all)")
    return folders[version]


def run_export(outputs_dir: str | None, version: str, table: str, fmt: str, to: str) -> Path:
    """Copy one table file out of a release, checked against the manifest's SHA-256."""
    folder = resolve_version(Settings.from_env(outputs_dir=outputs_dir).outputs(), version)
    name = f"{table}.{fmt}"
    expected = {r["path"]: r["hash"] for r in read_package(folder)["resources"]}.get(name)
    source = folder / name
    if expected is None or not source.is_file():
        _fail(f"release {folder.name} has no {name}")
    target = Path(to).expanduser()
    target = target / name if target.is_dir() else target
    target.parent.mkdir(parents=True, exist_ok=True)
    with replacing(target) as tmp:
        shutil.copyfile(source, tmp)
        if f"sha256:{sha256_file(tmp)}" != expected:
            print(f"error: {source} does not match its SHA-256 in datapackage.json", file=sys.stderr)
            raise SystemExit(1)
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rel = sub.add_parser("release", help="build and publish a release from the raw folder")
    rel.add_argument("--raw-dir", help=f"articles and sources.csv (default ${RAW_ENV} or raw/)")
    rel.add_argument("--outputs-dir", help=f"where releases go (default ${OUTPUTS_ENV} or outputs/)")
    rel.add_argument("--cache-dir", help=f"results per article and per batch (default ${CACHE_ENV} or <outputs>/.cache)")
    rel.add_argument("--executor", choices=("auto", "in_process", "multiprocess"), default="auto",
                     help="auto: one process when the articles to (re)process fit one batch, else one process per step")
    rel.add_argument("--allow-shrink", action="store_true",
                     help="publish even if a table loses more than half of the rows of latest (refused otherwise)")
    rel.add_argument("--quiet", action="store_true", help="print only the summary (and errors), no run log")
    lst = sub.add_parser("releases", help="list the published releases, newest first")
    lst.add_argument("--outputs-dir", help=f"where releases are (default ${OUTPUTS_ENV} or outputs/)")
    exp = sub.add_parser("export", help="copy one table file out of a release")
    exp.add_argument("--version", required=True, help="a version from `releases`, or latest")
    exp.add_argument("--table", required=True, choices=_table_names(), help="which table")
    exp.add_argument("--format", required=True, choices=EXPORT_FORMATS, help="csv or parquet")
    exp.add_argument("--to", required=True, help="target file, or an existing folder")
    exp.add_argument("--outputs-dir", help=f"where releases are (default ${OUTPUTS_ENV} or outputs/)")
    sub.add_parser("dictionary", help="print the data dictionary generated from schemas/contract.yaml")
    args = parser.parse_args(argv)
    if args.command == "dictionary":
        from pipeline.contract import data_dictionary_markdown

        print("# Data dictionary\n\nGenerated from `schemas/contract.yaml` by `python -m pipeline dictionary`; "
              "do not edit by hand.\n\n" + data_dictionary_markdown(), end="")
        return
    if args.command == "release":
        path = run_release(args.raw_dir, args.outputs_dir, args.cache_dir, args.executor,
                           allow_shrink=args.allow_shrink, quiet=args.quiet)
        print(path)
    elif args.command == "releases":
        run_releases(args.outputs_dir)
    elif args.command == "export":
        print(run_export(args.outputs_dir, args.version, args.table, args.format, args.to))


def _table_names() -> tuple[str, ...]:
    from pipeline.contract import TABLES

    return TABLES
