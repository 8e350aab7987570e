"""``python -m pipeline`` with a fault hook in the publisher, for tests that kill or race runs.

Usage: python hooked_cli.py HOOK MARKER release --raw-dir ... --outputs-dir ...

HOOK is one of:
  stall-mid-write     after the events table files are written into the hidden temporary
                      folder, touch MARKER and sleep (the test kills the process there)
  stall-before-latest after the release folder is renamed into place, before ``latest``
                      moves, touch MARKER and sleep
  slow-publish        hold the publish lock 1.5 s longer (touch MARKER once inside it),
                      so that two runs started together really contend for it
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from pipeline import cli
from pipeline.publish import release

STALL_S = 600


def install(hook: str, marker: Path) -> None:
    if hook == "stall-mid-write":
        original = release.write_csv

        def write_csv(df, table, path):
            original(df, table, path)
            if table == "events":
                marker.touch()
                time.sleep(STALL_S)
        release.write_csv = write_csv
    elif hook == "stall-before-latest":
        original_point = release._point_latest

        def point_latest(root, version):
            marker.touch()
            time.sleep(STALL_S)
            original_point(root, version)
        release._point_latest = point_latest
    elif hook == "slow-publish":
        original_tables = release.write_tables

        def write_tables(tables, folder):
            marker.touch()
            hashes = original_tables(tables, folder)
            time.sleep(1.5)
            return hashes
        release.write_tables = write_tables
    else:
        raise SystemExit(f"unknown hook {hook!r}")


if __name__ == "__main__":
    install(sys.argv[1], Path(sys.argv[2]))
    cli.main(sys.argv[3:])
