"""The result cache: JSON files named by a key over their inputs' content.

A key hashes what decides a result (bytes, manifest row, code version), so
a hit is always the result the code would compute again, and no entry
ever needs invalidating.
"""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.common.files import write_atomically
from pipeline.common.hashing import sha256_text


class ResultCache:
    """JSON files named by a content key; writes are atomic renames."""

    def __init__(self, root: Path | None):
        self.root = Path(root) if root else None

    def _path(self, namespace: str, key: str) -> Path:
        return self.root / namespace / key[:2] / f"{key}.json"

    def get(self, namespace: str, key: str) -> dict | None:
        if self.root is None:
            return None
        try:
            return json.loads(self._path(namespace, key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, namespace: str, key: str, value: dict) -> None:
        if self.root is None:
            return
        path = self._path(namespace, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path,
                          json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))

    def fetch(self, namespace: str, key: str, compute) -> tuple[dict, bool]:
        """The cached value of ``key``, else ``compute()`` stored under it; and whether it was cached."""
        value = self.get(namespace, key)
        if value is not None:
            return value, True
        value = compute()
        self.put(namespace, key, value)
        return value, False


def content_key(*parts: object) -> str:
    """The cache key of ``parts``: the same JSON-able parts, the same key."""
    return sha256_text(json.dumps(parts, sort_keys=True, default=str))
