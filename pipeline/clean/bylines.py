"""Bylines and datelines: who wrote the article, for whom, and when, read from one line.

The header, the body classifier (a late byline is boilerplate) and the wire
dateline all need the same grammar, so it lives here once, together with the
month names it depends on.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.clean.layout import _WORD_RE, EDGE_CHARS, Line
from pipeline.clean.lexicon import Lexicon
from pipeline.text.calendar import ALL_MONTH_NUMBERS

# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------
MONTHS = ALL_MONTH_NUMBERS   # every calendar word once: pipeline/text/calendar.py
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_DMY_RE = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:de\s+)?(?P<m>{_MONTH_ALT})\.?,?\s+(?:de\s+|del\s+)?(?P<y>\d{{4}})\b", re.I
)
_DATE_MDY_RE = re.compile(rf"\b(?P<m>{_MONTH_ALT})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.I)
_DATE_ISO_RE = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")
_DATELINE_FILLER_RE = re.compile(
    r"\b(?:published|updated|last updated|posted|modified|created|date|on|at|el|de|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|"
    r"lunes|martes|miércoles|jueves|viernes|sábado|domingo|"
    r"\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|h|hrs)?|"
    r"am|pm|a\.m\.|p\.m\.|gmt|utc|est|edt|pst|pdt|cet|cest|pet|bst)\b|[|/·•,:;–—()\[\]-]",
    re.I,
)
_RELATIVE_TIME_RE = re.compile(
    r"^(?:(?:updated|published|posted)\s*:?\s*)?(?:\d{1,3}|an?|one)\s+(?:sec|secs|seconds?|min|mins|minutes?|h|hrs?|hours?|days?|weeks?|months?)\s+ago$"
)
_DATELINE_BY_RE = re.compile(r"\b(?:by|por)\s+(?P<names>[^|•·/]+?)\s*(?=[|•·/]|$)", re.I)


# ---------------------------------------------------------------------------
# Bylines
# ---------------------------------------------------------------------------
_BYLINE_RE = re.compile(
    r"^(?:by|por|written by|words by|reporting by|story by|text by|texto de|authors?|autor(?:es)?|byline)"
    r"\s*[:\-–—]?\s+(?P<names>.+)$",
    re.I,
)
_NAME_SPLIT_RE = re.compile(r"\s*(?:,|;|\||/|&|(?i:\band\b)|\by\b|\s[-–—]\s|\s(?i:for)\s)\s*")
WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday lunes martes miércoles jueves viernes sábado domingo".split()
)


# ---------------------------------------------------------------------------
# Wire datelines at the start of the first paragraph
# ---------------------------------------------------------------------------
_WIRE_DATE = rf"(?i:{_MONTH_ALT})\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+(?i:{_MONTH_ALT})\.?(?:,?\s+\d{{4}})?"
# "Lima, Feb. 10 (ANDINA)." : a place written normally needs both a date and an agency.
_AGENCY_DATELINE_RE = re.compile(
    r"^(?P<place>[A-ZÀ-Þ][\w'’.\- ]{1,30}?(?:,\s*[A-ZÀ-Þ][\w'’.\- ]{1,30}?)?),\s*"
    rf"(?P<date>{_WIRE_DATE})\s*\((?P<agency>[A-Z][A-Za-z .&/-]{{1,30}})\)\s*[.:\-–—]*\s+"
)
_WIRE_DATELINE_RE = re.compile(
    r"^(?P<place>[A-ZÀ-Þ][A-ZÀ-Þ'’.\- ]{1,30}[A-ZÀ-Þ.](?:,\s*[A-ZÀ-Þ][A-Za-zÀ-ÿ'’.\- ]{1,30}?){0,2})"
    rf"(?:,\s*(?P<date>{_WIRE_DATE}))?"
    r"\s*(?:\((?P<agency>[A-Z][\w .&/-]{1,30})\))?"
    r"\s*(?P<dash>--|[-–—])\s+"
)


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------
def find_date(text: str) -> tuple[dt.date, re.Match] | None:
    """The first complete calendar date written in the text (day, month and year), or None."""
    best = None
    for regex in (_DATE_DMY_RE, _DATE_MDY_RE, _DATE_ISO_RE):
        for match in regex.finditer(text):
            month = match.group("m")
            month_number = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
            try:
                date = dt.date(int(match.group("y")), month_number or 0, int(match.group("d")))
            except ValueError:
                continue
            if 1900 <= date.year <= 2100 and (best is None or match.start() < best[1].start()):
                best = (date, match)
            break
    return best


@dataclass(frozen=True)
class Byline:
    """People and organisation named by a byline."""

    authors: tuple[str, ...]
    publisher: str | None


def title_case_if_shouted(name: str) -> str:
    """'DAVID GAGNE' -> 'David Gagne'; names written normally are kept as written."""
    return name.title() if name.isupper() and len(name) > 3 else name


def looks_like_names(names: str, lex: Lexicon) -> bool:
    """Byline text: capitalised words (particles and joiners allowed), no digits, not a sentence."""
    words = _WORD_RE.findall(names)
    if not words or len(words) > 12 or any(c.isdigit() for c in names):
        return False
    joiners = lex.name_particles | {"and", "y", "for"}
    return all(w[0].isupper() or w.lower() in joiners for w in words) and words[0][0].isupper()


def byline_from_names(names: str, lex: Lexicon) -> Byline | None:
    """Split byline names into people and at most one organisation."""
    names = names.strip(EDGE_CHARS)
    if not looks_like_names(names, lex):
        return None
    authors: list[str] = []
    publisher = None
    for part in _NAME_SPLIT_RE.split(names):
        tokens = [t for t in part.strip(EDGE_CHARS).split() if t.lower().strip(".,") not in WEEKDAYS]
        while len(tokens) > 1 and tokens[-1] in lex.language_codes:
            tokens.pop()
        if not tokens or all(t.lower() in lex.staff_words for t in tokens):
            continue
        lowered = [t.lower().strip(".,") for t in tokens]
        if lowered[0] in lex.staff_words:  # "Redacción ALN", "Staff Reuters": the outlet's desk, no person
            if publisher is None:
                publisher = title_case_if_shouted(" ".join(tokens[1:]))
            continue
        if len(tokens) == 1 or any(t in lex.organisation_words for t in lowered):
            while len(tokens) > 1 and tokens[-1].lower() in lex.staff_words:
                tokens.pop()
            if publisher is None:
                publisher = title_case_if_shouted(" ".join(tokens))
        elif len(tokens) <= 5 and all(t[0].isupper() or t.lower() in lex.name_particles for t in tokens):
            authors.append(title_case_if_shouted(" ".join(tokens)))
    if not authors and publisher is None:
        return None
    return Byline(tuple(authors), publisher)


def parse_byline(line: Line, lex: Lexicon) -> Byline | None:
    """A "By NAME" line (short, capitalised names), or None."""
    if line.n_words > 14 or line.text.endswith(("!", "?")):
        return None
    match = _BYLINE_RE.match(line.text)
    if not match:
        return None
    # "By Mariana Quiroga Ayala, in Villa Tunari and Cochabamba": where the reporter was is no name
    names = re.sub(r",?\s+(?:in|from|reporting\s+from|en|desde)\s+[A-ZÀ-Þ].*$", "", match.group("names"))
    # "…, Security desk": the section's desk is no name either
    names = re.sub(r",\s*(?:[A-Z][\w&-]*\s+){0,2}(?i:desk|team|staff|correspondents?|reporters?)\s*$", "", names)
    return byline_from_names(names, lex)


@dataclass(frozen=True)
class Dateline:
    """A date line, possibly with a byline in it."""

    date: dt.date
    byline: Byline | None


def parse_dateline(line: Line, lex: Lexicon) -> Dateline | None:
    """A line that is a date plus at most a section label and a byline ("COCAINE / 12 SEP 2016 BY X")."""
    if line.n_words > 20:
        return None
    found = find_date(line.text)
    if found is None:
        return None
    date, match = found
    rest = line.text[: match.start()] + " | " + line.text[match.end():]
    byline = None
    by_match = _DATELINE_BY_RE.search(rest)
    if by_match:
        byline = byline_from_names(by_match.group("names"), lex)
        rest = rest[: by_match.start()] + " " + rest[by_match.end():]
    leftover = _WORD_RE.findall(_DATELINE_FILLER_RE.sub(" ", rest))
    if len(leftover) > 4 or any(not w[0].isupper() for w in leftover):
        return None
    return Dateline(date, byline)
