"""How much work a run has, and so which executor runs it: one process, or one per step.

The count compares the raw folder's hashes with what the last successful
run processed (processed.json) or, failing that, the latest release; file
hashes are remembered in raw-hashes.json so the count stays cheap.
"""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.common.files import write_atomically
from pipeline.ingest import MANIFEST_NAME
from pipeline.process import versions

HASH_MEMO = "raw-hashes.json"
PROCESSED = "processed.json"


def articles_to_process(raw_dir: Path, outputs_dir: Path, cache_dir: Path | None) -> int:
    """Raw files the last successful run did not process with this code: what a run must clean and extract.

    Decides between one process and one process per step, so it must be
    cheap: file hashes are remembered by path, size and modification time
    in the cache folder, and only files written since are read again. A
    wrong guess costs time, never correctness: the run itself hashes
    every file.
    """
    from pipeline.ingest import fingerprint_raw
    from pipeline.publish.release import latest_release, read_package

    memo = _load_memo(cache_dir)
    known = set(memo)
    current = fingerprint_raw(raw_dir, memo)
    if set(memo) != known:
        _write_json(cache_dir, HASH_MEMO, sorted([*key, digest] for key, digest in memo.items()))
    package = _last_processed(cache_dir)
    if package is None:
        latest = latest_release(outputs_dir)
        try:
            package = read_package(latest) if latest else {}
        except (OSError, ValueError):
            package = {}
    if not isinstance(package, dict) or package.get("code_version") != versions.code_version():
        return len(current)
    built_from = package.get("inputs") if isinstance(package.get("inputs"), dict) else {}
    if built_from.get(MANIFEST_NAME) != current.get(MANIFEST_NAME):  # may touch every article's facts
        return len(current)
    return sum(1 for name, digest in current.items() if built_from.get(name) != digest)


def executor_for_the_work(raw_dir: Path, outputs_dir: Path, cache_dir: Path | None, batch_size: int) -> str:
    """``in_process`` when the articles to clean and extract fit one batch, else ``multiprocess``:
    the one rule of the CLI and of the UI's default executor.
    """
    pending = articles_to_process(raw_dir, outputs_dir, cache_dir)
    return "multiprocess" if pending > batch_size else "in_process"


def record_processed(cache_dir: Path | None, input_hashes: dict[str, str]) -> None:
    """Remember what the last successful run processed, with which code, for the next choice of executor.

    The latest release says the same unless the run published nothing new
    (same content), which leaves the release's code version behind.
    """
    _write_json(cache_dir, PROCESSED, {"code_version": versions.code_version(), "inputs": input_hashes})


def _last_processed(cache_dir: Path | None) -> dict | None:
    try:
        value = json.loads((Path(cache_dir) / PROCESSED).read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return None
    if isinstance(value, dict) and isinstance(value.get("inputs"), dict):
        return value
    return None  # not what record_processed writes: the latest release decides instead


def _write_json(cache_dir: Path | None, name: str, value) -> None:
    if cache_dir is None:
        return
    try:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        write_atomically(Path(cache_dir) / name, json.dumps(value, sort_keys=True))
    except OSError:
        pass  # a read-only cache only makes the next guess slower


def _load_memo(cache_dir: Path | None) -> dict:
    try:
        entries = json.loads((Path(cache_dir) / HASH_MEMO).read_text(encoding="utf-8"))
        return {(path, size, mtime): digest for path, size, mtime, digest in entries}
    except (OSError, ValueError, TypeError):
        return {}
