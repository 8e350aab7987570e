"""Reading a release's manifest (``datapackage.json``)."""
from __future__ import annotations

import json
from pathlib import Path

MANIFEST = "datapackage.json"


def read_package(release: str | Path) -> dict:
    """The manifest of the release folder ``release``; raises ``OSError`` or ``ValueError`` when unreadable."""
    return json.loads((Path(release) / MANIFEST).read_text(encoding="utf-8"))


def read_package_or_empty(release: str | Path | None) -> dict:
    """The manifest, or ``{}`` when there is no release or its manifest cannot be read."""
    if release is None:
        return {}
    try:
        return read_package(release)
    except (OSError, ValueError):
        return {}
