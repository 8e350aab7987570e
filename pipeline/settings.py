"""Every setting the pipeline reads from the environment, in one place, read when asked (never at import).

The CLI, the Dagster UI, the daemon and the cluster all resolve their
settings here: an argument wins, then ``$PIPELINE_*``, then the default.
Inside Dagster the same values reach the assets through the typed
``PipelineSettings`` resource (``pipeline/defs/resources.py``), built with
``dg.EnvVar`` so the launchpad shows where each came from.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from pipeline.common.paths import REPO_ROOT

# setting -> environment variable
ENV = {
    "raw_dir": "PIPELINE_RAW_DIR",
    "outputs_dir": "PIPELINE_OUTPUTS_DIR",          # a folder or an fsspec URL (s3://bucket/prefix)
    "cache_dir": "PIPELINE_CACHE_DIR",
    "batch_size": "PIPELINE_BATCH_SIZE",
    "max_shrink": "PIPELINE_MAX_SHRINK",
    "s3_endpoint_url": "PIPELINE_S3_ENDPOINT_URL",
    "io_dir": "PIPELINE_IO_DIR",                    # values between steps on a volume every worker mounts
    "executor": "PIPELINE_EXECUTOR",
    "rebuild_cron": "PIPELINE_REBUILD_CRON",
    "sensor_interval_s": "PIPELINE_SENSOR_INTERVAL_S",
}
RAW_ENV, OUTPUTS_ENV, CACHE_ENV = ENV["raw_dir"], ENV["outputs_dir"], ENV["cache_dir"]
EXECUTORS = ("default", "multiprocess", "k8s", "celery")
S3_PROTOCOLS = ("s3", "s3a")
# The garbage collector's thresholds for command-line runs and step processes (pipeline/__main__.py).
GC_THRESHOLDS = (50_000, 20, 100)


class SettingError(ValueError):
    """A setting with a value the pipeline cannot use; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    raw_dir: str = ""
    outputs_dir: str = ""
    cache_dir: str = ""
    batch_size: int = 1000
    max_shrink: float = 0.5
    s3_endpoint_url: str = ""
    io_dir: str = ""
    executor: str = "default"
    rebuild_cron: str = "0 3 * * *"
    sensor_interval_s: int = 15
    aws: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        _check(self.batch_size >= 1, "batch_size", self.batch_size, "a whole number of articles, at least 1")
        _check(0 <= self.max_shrink <= 1, "max_shrink", self.max_shrink, "a fraction between 0 and 1")
        _check(self.sensor_interval_s >= 1, "sensor_interval_s", self.sensor_interval_s, "seconds, at least 1")
        _check(self.executor in EXECUTORS, "executor", self.executor, "default, multiprocess, k8s or celery")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **given) -> Settings:
        """Arguments that are not None or empty, else the environment, else the defaults."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            if f.name == "aws":
                continue
            value = given.get(f.name)
            if value in (None, ""):
                value = environ.get(ENV[f.name], "").strip() or None
            if value is not None:
                values[f.name] = _typed(f.name, value, type(getattr(cls, f.name, "")) if f.name != "executor" else str)
        if "executor" in values:
            values["executor"] = values["executor"].lower() or "default"
        aws = {k: environ[k] for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                                       "AWS_REGION", "AWS_DEFAULT_REGION") if environ.get(k)}
        return cls(**values, aws=aws)

    def with_(self, **changes) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v not in (None, "")})

    # --- where things are ---------------------------------------------------------

    def raw(self) -> Path:
        return Path(self.raw_dir or REPO_ROOT / "raw").expanduser().resolve()

    def outputs_location(self) -> str:
        """The outputs location as given: a local folder or an fsspec URL such as ``s3://bucket/prefix``."""
        return os.fspath(self.outputs_dir or REPO_ROOT / "outputs")

    def remote_url(self) -> str | None:
        location = self.outputs_location()
        return location if is_url(location) else None

    def outputs(self) -> Path:
        """The local folder releases are written to; for a remote location, a local staging copy."""
        location = self.outputs_location()
        if is_url(location):
            slug = "".join(ch if ch.isalnum() else "-" for ch in location).strip("-")
            return (Path(self.cache_dir or REPO_ROOT / ".cache") / "remote-staging" / slug).resolve()
        return Path(location.removeprefix("file://")).expanduser().resolve()

    def cache(self) -> Path:
        """Results per article and per batch, keyed by content and code version: beside the releases by default."""
        return Path(self.cache_dir).expanduser().resolve() if self.cache_dir else self.outputs() / ".cache"

    def s3_storage_options(self, url: str) -> dict:
        """Fsspec options for an S3 URL: the endpoint from $PIPELINE_S3_ENDPOINT_URL, the standard AWS variables."""
        if url.split("://", 1)[0] not in S3_PROTOCOLS:
            return {}
        options: dict = {}
        client_kwargs = {}
        if self.s3_endpoint_url:
            client_kwargs["endpoint_url"] = self.s3_endpoint_url
        region = self.aws.get("AWS_REGION") or self.aws.get("AWS_DEFAULT_REGION")
        if region:
            client_kwargs["region_name"] = region
        if client_kwargs:
            options["client_kwargs"] = client_kwargs
        for option, variable in (("key", "AWS_ACCESS_KEY_ID"), ("secret", "AWS_SECRET_ACCESS_KEY"),
                                 ("token", "AWS_SESSION_TOKEN")):
            if self.aws.get(variable):
                options[option] = self.aws[variable]
        return options


def is_url(location: str) -> bool:
    return "://" in location and not location.startswith("file://")


def _typed(name: str, value, kind: type):
    try:
        return kind(value) if not isinstance(value, kind) else value
    except (TypeError, ValueError):
        raise SettingError(f"${ENV[name]}={value!r}: expected {'a number' if kind in (int, float) else 'text'}") from None


def _check(ok: bool, name: str, value, expected: str) -> None:
    if not ok:
        raise SettingError(f"${ENV[name]}={value!r}: expected {expected}")
