"""Fixtures of the robustness suite: a first release to fail against, and private raw/outputs copies."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from .helpers import RAW, copy_outputs, run_pipeline


@dataclass(frozen=True)
class Workspace:
    raw: Path
    outputs: Path
    cache: Path


@pytest.fixture(scope="session")
def baseline(tmp_path_factory) -> Workspace:
    """One release of the seed articles, built once; copy it with ``published`` before changing it."""
    root = tmp_path_factory.mktemp("baseline")
    raw = root / "raw"
    shutil.copytree(RAW, raw)
    ws = Workspace(raw, root / "outputs", root / "cache")
    run = run_pipeline(ws.raw, ws.outputs, ws.cache)
    assert run.success, run.failures
    return ws


@pytest.fixture
def published(baseline, tmp_path) -> Workspace:
    """A private raw folder and an outputs folder that already has a ``latest`` release.

    The cache is shared with the baseline: it is keyed by content, so sharing only saves time.
    """
    raw = tmp_path / "raw"
    shutil.copytree(baseline.raw, raw)
    return Workspace(raw, copy_outputs(baseline.outputs, tmp_path / "outputs"), baseline.cache)


@pytest.fixture
def fresh(tmp_path, baseline) -> Workspace:
    """A private copy of raw/ and an empty outputs folder (cache shared with the baseline)."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    return Workspace(raw, tmp_path / "outputs", baseline.cache)
