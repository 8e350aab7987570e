"""The raw folder's names and limits, the problems it reports, and the sources manifest.

Bad input never raises here: each problem becomes a ``Problem`` naming the
file, so one bad row is reported and ignored while the rest is used.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest.decode import decode_bytes

MANIFEST_NAME = "sources.csv"
CORRECTIONS_NAME = "corrections.yaml"
ARTICLE_SUFFIXES = (".txt", ".text", ".md")
MANIFEST_COLUMNS = ("file", "url", "publisher", "author", "published_date")
# Articles are a few kB; anything this large is a dump or an accident, and is
# refused before it is read so it can never exhaust memory.
MAX_ARTICLE_BYTES = 2_000_000
EARLIEST_PLAUSIBLE_DATE = dt.date(1950, 1, 1)


@dataclass(frozen=True)
class Problem:
    source: str
    problem: str

    def as_dict(self) -> dict[str, str]:
        return {"source": self.source, "problem": self.problem}


@dataclass(frozen=True)
class ManifestRow:
    file: str
    url: str | None = None
    publisher: str | None = None
    author: str | None = None
    published_date: dt.date | None = None


def safe_doc_id(stem: str) -> str:
    """A file stem as an id that is safe in paths, URLs and spreadsheets."""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9_.]+", "-", ascii_stem.lower())
    slug = re.sub(r"-{2,}", "-", re.sub(r"\.{2,}", ".", slug)).strip("-._")
    return slug or "doc"


def _blank_to_none(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _parse_manifest_date(value: str | None, today: dt.date) -> dt.date:
    value = (value or "").strip()
    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError as err:  # 2016-02-30, 12/09/2016
        raise ValueError(f"{value!r} is not a real YYYY-MM-DD date ({err})") from None
    if not EARLIEST_PLAUSIBLE_DATE <= parsed <= today:
        raise ValueError(f"{value} is outside {EARLIEST_PLAUSIBLE_DATE}..{today}")
    return parsed


def read_manifest(raw_dir: Path, today: dt.date | None = None) -> tuple[dict[str, ManifestRow], list[Problem]]:
    """The sources manifest keyed by file name; problems instead of exceptions."""
    path = raw_dir / MANIFEST_NAME
    if not path.exists():
        return {}, []
    today = today or dt.date.today()
    try:
        text = decode_bytes(path.read_bytes())[0]
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        header = [h.strip() for h in (reader.fieldnames or [])]
        if "file" not in header:
            return {}, [Problem(MANIFEST_NAME, f"malformed manifest: no 'file' column (header: {header}); manifest ignored")]
        # DictReader files the fields beyond the header under the key None: keep that mark.
        rows = [{(k.strip() if isinstance(k, str) else k): v for k, v in row.items()} for row in reader]
    except (csv.Error, UnicodeDecodeError, ValueError) as err:
        return {}, [Problem(MANIFEST_NAME, f"malformed manifest: {err}; manifest ignored")]
    manifest: dict[str, ManifestRow] = {}
    problems: list[Problem] = []
    for line_no, row in enumerate(rows, start=2):
        if None in row:
            problems.append(Problem(MANIFEST_NAME, f"line {line_no}: more fields than the header; row ignored"))
            continue
        name = _blank_to_none(row.get("file"))
        if not name:
            problems.append(Problem(MANIFEST_NAME, f"line {line_no}: empty 'file'; row ignored"))
            continue
        published = None
        if _blank_to_none(row.get("published_date")):
            try:
                published = _parse_manifest_date(row.get("published_date"), today)
            except ValueError as err:
                problems.append(Problem(MANIFEST_NAME, f"line {line_no} ({name}): impossible published_date: {err}; date ignored"))
        manifest[name] = ManifestRow(file=name, url=_blank_to_none(row.get("url")),
                                     publisher=_blank_to_none(row.get("publisher")),
                                     author=_blank_to_none(row.get("author")), published_date=published)
    return manifest, problems
