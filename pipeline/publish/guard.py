"""What keeps a release from losing the dataset by accident. Nothing here imports Dagster.

- A missing or empty raw folder (a typo in ``--raw-dir``, an unmounted
  volume, a folder emptied while the sensor runs) is an error, not a release
  of nothing: ``raw_folder_problem`` names the folder and what is wrong.
- A release whose row counts drop sharply against ``latest`` is refused
  unless the user allows it: more than ``MAX_SHRINK`` (half) of the
  documents, or of any row table, gone. ``shrink_problems`` names the counts;
  ``refuse_shrink`` is the hook ``release.publish`` calls under its lock,
  with the release that is ``latest`` at that moment.
"""
from __future__ import annotations

from pathlib import Path

from pipeline import contract
from pipeline.common.package import read_package_or_empty
from pipeline.ingest import ARTICLE_SUFFIXES, CORRECTIONS_NAME, MANIFEST_NAME, RawScan, watched_files
from pipeline.publish.release import PublishError

# A table may lose at most this fraction of the rows of ``latest`` without an explicit allowance.
MAX_SHRINK = 0.5
ALLOW_HINT = ("pass --allow-shrink to `python -m pipeline release`, or set allow_shrink: true in the "
              "release asset's run config (ops: release: config:) in the UI, if this is intended")


class ShrinkRefused(PublishError):
    """The new release has far fewer rows than ``latest``; nothing was published."""


# --- the raw folder ----------------------------------------------------------------

def raw_folder_problem(raw_dir: Path) -> str | None:
    """Why this folder cannot be released from (missing, not a folder, no article file), or None."""
    raw_dir = Path(raw_dir)
    if not raw_dir.exists():
        return f"raw folder {raw_dir} does not exist"
    if not raw_dir.is_dir():
        return f"raw folder {raw_dir} is not a folder"
    articles = [p for p in watched_files(raw_dir) if p.parent != raw_dir or p.name not in (MANIFEST_NAME, CORRECTIONS_NAME)]
    if not articles:
        return (f"raw folder {raw_dir} is empty: no article file ({', '.join(ARTICLE_SUFFIXES)}) in it "
                "(was it emptied or unmounted?)")
    return None


def scan_problem(raw_dir: Path, scan: RawScan) -> str | None:
    """A folder whose every file was skipped is as empty as one without files."""
    problem = raw_folder_problem(raw_dir)
    if problem or scan.articles:
        return problem
    return (f"raw folder {Path(raw_dir)} has no readable article: all {len(scan.problems)} problems "
            f"reported above, first: {scan.problems[0].source}: {scan.problems[0].problem}" if scan.problems
            else f"raw folder {Path(raw_dir)} has no readable article")


# --- row counts against latest -------------------------------------------------------

def release_rows(release: Path | None) -> dict[str, int]:
    """Rows per table of a published release, from its manifest (empty when unreadable)."""
    package = read_package_or_empty(release)
    return {r["name"]: int(r["rows"]) for r in package.get("resources", [])
            if r.get("format") == "csv" and r.get("name") in contract.TABLES and isinstance(r.get("rows"), int)}


def shrink_problems(before: dict[str, int], after: dict[str, int], limit: float = MAX_SHRINK) -> list[str]:
    """One line per table that lost more than ``limit`` of its rows, e.g. ``documents: 5 -> 1 rows (-80%)``."""
    lines = []
    for table in contract.TABLES:
        old, new = before.get(table), after.get(table, 0)
        if not old or new >= old:
            continue
        lost = (old - new) / old
        if lost > limit:
            lines.append(f"{table}: {old} -> {new} rows (-{lost:.0%})")
    return lines


def refuse_shrink(latest: Path | None, rows: dict[str, int], *, allow: bool = False,
                  limit: float = MAX_SHRINK) -> None:
    """Raise ShrinkRefused when ``rows`` lose more than the limit against the ``latest`` release."""
    if allow or latest is None:
        return
    lines = shrink_problems(release_rows(latest), rows, limit)
    if lines:
        raise ShrinkRefused(
            f"refusing to publish: against latest release {Path(latest).name}, more than {limit:.0%} of the rows "
            f"would be gone ({'; '.join(lines)}); {ALLOW_HINT}")
