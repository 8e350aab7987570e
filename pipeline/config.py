"""Where the pipeline reads and writes: one place for the CLI, the UI and the daemon."""
from __future__ import annotations

import os
from pathlib import Path

from pipeline.common.paths import REPO_ROOT

RAW_ENV = "PIPELINE_RAW_DIR"
OUTPUTS_ENV = "PIPELINE_OUTPUTS_DIR"
CACHE_ENV = "PIPELINE_CACHE_DIR"
# The garbage collector's thresholds for command-line runs and step processes (pipeline/__main__.py).
GC_THRESHOLDS = (50_000, 20, 100)


def raw_dir(value: str | os.PathLike | None = None) -> Path:
    return Path(value or os.environ.get(RAW_ENV) or REPO_ROOT / "raw").expanduser().resolve()


def outputs_location(value: str | os.PathLike | None = None) -> str:
    """The outputs location as given: a local folder or an fsspec URL such as ``s3://bucket/prefix``."""
    return os.fspath(value or os.environ.get(OUTPUTS_ENV) or REPO_ROOT / "outputs")


def is_url(location: str) -> bool:
    return "://" in location and not location.startswith("file://")


def outputs_dir(value: str | os.PathLike | None = None) -> Path:
    """The local folder releases are written to; for a remote location, a local staging copy."""
    location = outputs_location(value)
    if is_url(location):
        slug = "".join(ch if ch.isalnum() else "-" for ch in location).strip("-")
        return (Path(os.environ.get(CACHE_ENV) or REPO_ROOT / ".cache") / "remote-staging" / slug).resolve()
    return Path(location.removeprefix("file://")).expanduser().resolve()


def cache_dir(value: str | os.PathLike | None = None, outputs: Path | None = None) -> Path:
    """Results per article and per batch, keyed by content and code version: beside the releases by default."""
    explicit = value or os.environ.get(CACHE_ENV)
    return Path(explicit).expanduser().resolve() if explicit else (outputs or outputs_dir()) / ".cache"
