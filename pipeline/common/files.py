"""Writing a file so that a reader sees the old file or the whole new one, never a part."""
from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

TMP_PREFIX = ".tmp-"   # hidden, and swept by the releases folder's clean-up of a killed run


def temporary_sibling(target: Path) -> Path:
    """A fresh name beside ``target``: hidden, and unique across processes and machines sharing a folder."""
    return target.with_name(f"{TMP_PREFIX}{os.getpid()}-{uuid.uuid4().hex}-{target.name}")


@contextlib.contextmanager
def replacing(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on a normal exit it replaces ``target`` (``os.replace``).

    On any exception (``SystemExit`` and ``KeyboardInterrupt`` included) the
    temporary file is removed and ``target`` is left as it was.
    """
    target = Path(target)
    tmp = temporary_sibling(target)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomically(target: str | os.PathLike, data: str | bytes, *, fsync: bool = False) -> Path:
    """Write ``data`` (text as UTF-8) to ``target`` through a temporary file and a rename; returns ``target``.

    The folder must exist. With ``fsync`` the data reach the disk before the rename.
    """
    target = Path(target)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with replacing(target) as tmp:
        with tmp.open("wb") as fh:
            fh.write(payload)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
    return target
