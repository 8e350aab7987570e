"""The resources every asset shares: one typed settings resource, and the store of values between steps."""
from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from pipeline import process
from pipeline.settings import ENV, Settings


class PipelineSettings(dg.ConfigurableResource):
    """Where articles are read and releases written, batch size, shrink limit; empty means the default.

    Built by ``from_env`` with ``dg.EnvVar`` for every ``$PIPELINE_*`` that is
    set, so the launchpad shows the variable, and a run config can override
    any field.
    """

    raw_dir: str | None = None
    outputs_dir: str | None = None          # a folder or an fsspec URL (s3://bucket/prefix)
    cache_dir: str | None = None
    batch_size: int | None = None           # articles per step; default 1000
    max_shrink: str | None = None           # fraction of a table's rows a release may lose; default 0.5
    s3_endpoint_url: str | None = None

    @classmethod
    def from_env(cls, environ=None) -> PipelineSettings:
        environ = os.environ if environ is None else environ
        kinds = {"batch_size": dg.EnvVar.int}
        given = {name: kinds.get(name, dg.EnvVar)(ENV[name]) for name in cls.model_fields
                 if environ.get(ENV[name], "").strip()}
        return cls(**given)

    def resolved(self) -> Settings:
        given = {name: getattr(self, name) for name in type(self).model_fields}
        return Settings.from_env(**{k: v for k, v in given.items() if v not in (None, "")})

    def raw(self) -> Path:
        return self.resolved().raw()

    def outputs(self) -> Path:
        return self.resolved().outputs()

    def remote_url(self) -> str | None:
        return self.resolved().remote_url()

    def cache(self) -> process.ResultCache:
        return process.ResultCache(self.resolved().cache())


class _StoredValueContext:
    """An output context that files the IO manager's ``path`` metadata as ``stored_value``."""

    def __init__(self, context: dg.OutputContext):
        self._context = context

    def __getattr__(self, name):
        return getattr(self._context, name)

    def add_output_metadata(self, metadata) -> None:
        metadata = dict(metadata)
        if "path" in metadata:
            metadata["stored_value"] = metadata.pop("path")
        self._context.add_output_metadata(metadata)


class _StepValues(dg.IOManager):
    def __init__(self, inner: dg.IOManager):
        self._inner = inner

    def handle_output(self, context: dg.OutputContext, obj) -> None:
        self._inner.handle_output(_StoredValueContext(context), obj)

    def load_input(self, context: dg.InputContext):
        return self._inner.load_input(context)


class StepValuesIOManager(dg.FilesystemIOManager):
    """Dagster's pickling filesystem IO manager for the values between steps, whose ``path``
    metadata is called ``stored_value``: in the UI a table's ``path`` is its released Parquet
    file (logged by the release), not a pickle in Dagster's storage.
    """

    def create_io_manager(self, context) -> dg.IOManager:
        return _StepValues(super().create_io_manager(context))


