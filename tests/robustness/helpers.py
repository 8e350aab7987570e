"""Running the real pipeline in process or as a subprocess, and reading what it left behind."""
from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from pipeline.common.hashing import sha256_file
from pipeline.contract import TABLES
from pipeline.publish import release

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "raw"
HOOKED_CLI = Path(__file__).resolve().parent / "hooked_cli.py"
TABLE_FILES = {f"{t}.{fmt}" for t in TABLES for fmt in ("parquet", "csv")}
SEED_DOC_IDS = {p.stem for p in RAW.glob("*.txt")}


@dataclass
class PipelineRun:
    """What one in-process run showed a user: success, the log, the metadata, the release."""

    success: bool
    release: Path | None
    logs: list[str] = field(default_factory=list)          # every user message of the run's log
    warnings: list[str] = field(default_factory=list)      # the log messages at WARNING or above
    metadata_text: list[str] = field(default_factory=list)  # every text/Markdown metadata value, as shown
    failures: list[str] = field(default_factory=list)      # what the CLI would print after "error:"

    @property
    def package(self) -> dict:
        assert self.release is not None, "the run published nothing"
        return release.read_package(self.release)

    def skipped(self) -> dict[str, list[str]]:
        """Source -> the problems listed in the release's datapackage.json."""
        out: dict[str, list[str]] = {}
        for item in self.package["skipped_sources"]:
            out.setdefault(item["source"], []).append(item["problem"])
        return out


def run_pipeline(raw: Path, outputs: Path, cache: Path | None = None) -> PipelineRun:
    """Materialize every asset and check in process, exactly like ``python -m pipeline release``."""
    from pipeline.cli import _failure_messages
    from pipeline.defs.assets import ASSETS
    from pipeline.defs.checks import CHECKS
    from pipeline.defs.resources import PipelineSettings

    paths = PipelineSettings(raw_dir=str(raw), outputs_dir=str(outputs), cache_dir=str(cache) if cache else None)
    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize([*ASSETS, *CHECKS], resources={"settings": paths}, instance=instance,
                                raise_on_error=False)
        entries = instance.all_logs(result.run_id)
        logs = [e.user_message for e in entries if e.user_message]
        warnings = [e.user_message for e in entries if e.user_message and e.level >= 30]
        metadata = []
        for event in result.get_asset_materialization_events():
            for value in event.materialization.metadata.values():
                if isinstance(value, (dg.MarkdownMetadataValue, dg.TextMetadataValue)):
                    metadata.append(value.value)
        for evaluation in result.get_asset_check_evaluations():
            for value in evaluation.metadata.values():
                if isinstance(value, (dg.MarkdownMetadataValue, dg.TextMetadataValue)):
                    metadata.append(value.value)
        folder = None
        if result.success:
            meta = result.asset_materializations_for_node("release")[-1].metadata
            folder = Path(meta["path"].value)
        failures = [] if result.success else _failure_messages(result)
    return PipelineRun(result.success, folder, logs, warnings, metadata, failures)


def shown_text(markdown: str) -> str:
    """Markdown metadata as a reader sees it: entities decoded."""
    return html.unescape(markdown)


def mentions(run: PipelineRun, source: str, *words: str) -> None:
    """Assert the file and its problem are in the run's log, its metadata and the release manifest."""
    def ok(text: str) -> bool:
        return source in text and all(w.lower() in text.lower() for w in words)

    assert any(ok(line) for line in run.warnings), f"{source}: {words} not in the log warnings:\n" + "\n".join(run.warnings)
    assert any(ok(shown_text(m)) for m in run.metadata_text), f"{source}: {words} not in the run's metadata"
    problems = run.skipped().get(source, [])
    assert any(ok(f"{source}: {p}") for p in problems), f"{source}: {words} not in skipped_sources: {problems}"


# --- what is on disk -------------------------------------------------------------------

def releases_root(outputs: Path) -> Path:
    return release.releases_dir(outputs)


def visible_entries(outputs: Path) -> set[str]:
    """Names in the releases folder that a reader sees (hidden files excluded)."""
    root = releases_root(outputs)
    return {p.name for p in root.iterdir() if not p.name.startswith(".")} if root.is_dir() else set()


def hidden_temporaries(outputs: Path) -> list[str]:
    root = releases_root(outputs)
    return sorted(p.name for p in root.glob(release.TMP_PREFIX + "*")) if root.is_dir() else []


def latest_target(outputs: Path) -> str | None:
    link = releases_root(outputs) / release.LATEST
    return os.readlink(link) if link.is_symlink() else None


def assert_release_complete(folder: Path) -> dict:
    """Every resource of datapackage.json is in the folder with its SHA-256; returns the package."""
    package = release.read_package(folder)
    listed = {r["path"] for r in package["resources"]}
    assert listed == TABLE_FILES, listed ^ TABLE_FILES
    for resource in package["resources"]:
        path = folder / resource["path"]
        assert path.is_file(), path
        assert resource["hash"] == "sha256:" + sha256_file(path), f"{path} does not match its hash"
    assert package["version"] == folder.name
    return package


def assert_outputs_consistent(outputs: Path) -> Path:
    """Latest resolves to a complete release, every visible release is complete, no temporaries."""
    latest = release.latest_release(outputs)
    assert latest is not None and latest.is_dir(), "latest does not resolve to a release"
    for name in visible_entries(outputs) - {release.LATEST}:
        assert_release_complete(releases_root(outputs) / name)
    assert hidden_temporaries(outputs) == []
    return latest


def copy_outputs(source: Path, target: Path) -> Path:
    """A copy of an outputs folder with its relative ``latest`` symlink."""
    shutil.copytree(source, target, symlinks=True)
    return target


# --- subprocesses ------------------------------------------------------------------------

def subprocess_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), **extra}
    env.pop("DAGSTER_HOME", None)
    for name in ("PIPELINE_RAW_DIR", "PIPELINE_OUTPUTS_DIR", "PIPELINE_CACHE_DIR"):
        env.pop(name, None)
    return env


def cli_args(raw: Path, outputs: Path, cache: Path | None = None) -> list[str]:
    args = ["release", "--raw-dir", str(raw), "--outputs-dir", str(outputs)]
    return args + (["--cache-dir", str(cache)] if cache else [])


def start_cli(raw: Path, outputs: Path, cache: Path | None, log: Path, hook: str | None = None,
              marker: Path | None = None) -> subprocess.Popen:
    """``python -m pipeline release`` (optionally through a test hook): stdout to ``log``, stderr beside it."""
    command = [sys.executable]
    command += [str(HOOKED_CLI), hook, str(marker)] if hook else ["-m", "pipeline"]
    command += cli_args(raw, outputs, cache)
    with log.open("wb") as out, stderr_of(log).open("wb") as err:
        # TMPDIR: the CLI's throw-away Dagster instance goes beside the log, not in /tmp.
        return subprocess.Popen(command, cwd=REPO, env=subprocess_env(TMPDIR=str(log.parent)), stdout=out, stderr=err)


def stderr_of(log: Path) -> Path:
    return log.with_name(log.name + ".stderr")


def last_line(log: Path) -> str:
    lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
    return lines[-1] if lines else ""

