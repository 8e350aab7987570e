from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
RAW = REPO / "raw"
SHARED = REPO.parent / "shared"


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A private copy of raw/ that a test may change."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target
