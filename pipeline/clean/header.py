"""The page header: breadcrumbs, title, byline and dateline, and a wire dateline opening the text.

The header is read before the body is classified because what it yields
(the title, the authors, the publisher, the date) is metadata of the document
and its lines must not reach the article text; a standfirst under the title
is article, so the header ends at the first prose line.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.clean.boilerplate import (
    classify_line,
    is_teaser_link,
    matching_drop_rule,
    section_marker,
    shape_noise_reason,
)
from pipeline.clean.bylines import (
    _AGENCY_DATELINE_RE,
    _RELATIVE_TIME_RE,
    _WIRE_DATELINE_RE,
    Byline,
    Dateline,
    find_date,
    parse_byline,
    parse_dateline,
)
from pipeline.clean.layout import (
    CLOSERS,
    Line,
    capitalised_ratio,
    ends_sentence,
    is_all_caps,
    is_sentence_like,
    make_line,
)
from pipeline.clean.lexicon import Lexicon

# ---------------------------------------------------------------------------
# Tunables (general, not per outlet)
# ---------------------------------------------------------------------------
MAX_HEADER_LINES = 40  # breadcrumbs, title and byline come before this
MAX_TITLE_WORDS = 25
DATELINE_PARAGRAPHS = 3  # a wire dateline opens one of the first paragraphs (after a standfirst)

_CAMEL_SEGMENT_RE = re.compile(r"[A-Z][a-z]+")


# ---------------------------------------------------------------------------
# Header
# ---------------------------------------------------------------------------
@dataclass
class Header:
    """Metadata read from the page: the title, byline and dateline."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    published_date: dt.date | None = None
    end: int = 0  # index of the first line after the header

    def take_byline(self, byline: Byline | None) -> None:
        """Keep the first byline's names and organisation."""
        if byline is None:
            return
        if not self.authors and byline.authors:
            self.authors = byline.authors
        if self.publisher is None and byline.publisher:
            self.publisher = byline.publisher


def header_end(lines: list[Line], lex: Lexicon) -> int:
    """Index of the first prose line: title, breadcrumbs and byline all come before it."""
    for line in lines[:MAX_HEADER_LINES]:
        if (
            is_sentence_like(line)
            and capitalised_ratio(line, lex.stop_words) < 0.6
            and not matching_drop_rule(line, lex, in_tail=False)
            and not parse_dateline(line, lex)
        ):
            return line.index
    return min(1, len(lines)) if len(lines) > MAX_HEADER_LINES else len(lines)


def looks_like_title(line: Line, lex: Lexicon) -> bool:
    """Headline shape: short, and either unpunctuated, title-cased or a question/exclamation."""
    if not 2 <= line.n_words <= MAX_TITLE_WORDS or len(line.text) > 250:
        return False
    if line.text.endswith(":"):
        return False
    return (
        not ends_sentence(line.text)
        or line.text.rstrip(CLOSERS).endswith(("?", "!"))
        or capitalised_ratio(line, lex.stop_words) >= 0.6
    )


def peeled_breadcrumb(line: Line, lex: Lexicon) -> str | None:
    """The headline left after stripping navigation words glued before it ("HomeNewsBriefPeru X" -> "Peru X")."""
    first = line.text.split(" ", 1)[0]
    position, peeled = 0, []
    while True:
        match = _CAMEL_SEGMENT_RE.match(first, position)
        if not match or match.group().lower() not in lex.navigation_words or match.end() >= len(first):
            break
        peeled.append(match.group().lower())
        position = match.end()
    enough = len(peeled) >= 2 or (peeled and peeled[0] in ("home", "inicio"))
    if not enough or not first[position:position + 1].isupper():
        return None
    remainder = line.text[position:].strip()
    return remainder if len(remainder.split()) >= 2 else None


def strip_site_suffix(title: str) -> str:
    """'Headline | Outlet' -> 'Headline' (page titles often carry the site name)."""
    parts = re.split(r"\s+\|\s+", title)
    if len(parts) > 1 and len(parts[-1].split()) <= 4 and len(parts[0].split()) >= 3:
        return " | ".join(parts[:-1])
    return title


def breadcrumb_titles(zone: list[Line], lex: Lexicon) -> dict[int, str]:
    """Breadcrumb lines of the header and the headline each one carries."""
    crumbs: dict[int, str] = {}
    for line in zone:
        for later in zone:
            if later.index > line.index and later.n_words >= 2 and line.text != later.text and line.text.endswith(later.text):
                crumbs[line.index] = later.text
                break
        else:
            peeled = peeled_breadcrumb(line, lex)
            if peeled:
                crumbs[line.index] = peeled
            elif re.match(r"^(?:home|inicio)\s*[>»›/|]", line.key) or sum(line.text.count(s) for s in ">»›") >= 2:
                crumbs[line.index] = ""
    return crumbs


def read_header(lines: list[Line], lex: Lexicon) -> Header:
    """Title, byline and dateline from the lines before the first prose paragraph; marks them dropped."""
    header = Header(end=header_end(lines, lex))
    zone = lines[: header.end]
    crumbs = breadcrumb_titles(zone, lex)
    candidates: list[Line] = []
    in_sidebar = False  # a "Related" box or teaser before the article: its lines are not the header
    for line in zone:
        if line.index in crumbs:
            line.kind, line.reason = "drop", "breadcrumb"
            continue
        if is_teaser_link(line, lex) or section_marker(line, lex):
            line.kind, line.reason, in_sidebar = "drop", f"section:{line.bare}", True
            continue
        if in_sidebar:
            line.kind, line.reason = "drop", "sidebar"
            continue
        byline = parse_byline(line, lex)
        dateline = None if byline else parse_dateline(line, lex)
        if not (byline or dateline) and re.search(r"\s[|·•]\s", line.text):
            byline, dateline = piped_byline(line, lex)
        if byline or dateline:
            header.take_byline(byline)
            take_dateline(header, dateline)
            line.kind, line.reason = "drop", "byline" if byline else "dateline"
            continue
        rule = matching_drop_rule(line, lex, in_tail=False) or shape_noise_reason(line, lex)
        if rule in ("keyword-list", "label") and line.n_words >= 4 and looks_like_title(line, lex):
            rule = None  # a headline without function words, or a shouted one
        if rule:
            line.kind, line.reason = "drop", rule
            continue
        if looks_like_title(line, lex):
            candidates.append(line)
        else:
            line.kind, line.reason = classify_line(line, lex, in_tail=False)
    header.title = choose_title(candidates, set(filter(None, crumbs.values())), lex)
    mark_header_candidates(candidates, header.title, lex)
    return header


CLOCK_TIME_RE = re.compile(r"^[\s,·-]*(?:(?:at\s+)?\d{1,2}[:.h]\d{2}\s*(?:a\.?m\.?|p\.?m\.?|hrs?|h)?)?\s*"
                           r"(?:GMT|UTC|ET|EST|EDT|PT|PET|BOT|COT|CET|CEST|BRT|local time)?\s*(?:[+-]\d{1,2}(?::?\d{2})?)?\s*$", re.I)


def timestamp(segment: str) -> Dateline | None:
    """ "14 May 2025, 10:42 GMT-4": a date with a clock time after it."""
    found = find_date(segment)
    if found is None or segment[:found[1].start()].strip(" ,·-"):
        return None
    return Dateline(found[0], None) if CLOCK_TIME_RE.match(segment[found[1].end():]) else None


PUBLISHED_STAMP = re.compile(r"(?i)^(?:first\s+)?(?:published|posted)(?:\s+on)?:?\s+")
STAMP_NOTE_WORDS = 8


def _published_stamp(segments: list[str]) -> Dateline | None:
    """ "Published 13 March 2025 · 41 min · Recorded in Lima on Tuesday": a line opened by its
    publication date, the rest short notes about the page, is page furniture with that date.
    """
    if len(segments) < 2 or not PUBLISHED_STAMP.match(segments[0]):
        return None
    found = find_date(PUBLISHED_STAMP.sub("", segments[0]))
    if found is None or any(len(s.split()) > STAMP_NOTE_WORDS for s in segments[1:]):
        return None
    return Dateline(found[0], None)


def piped_byline(line: Line, lex: Lexicon) -> tuple[Byline | None, Dateline | None]:
    """ "By Ana Quispe | 14 May 2025, 10:42 GMT-4 | Updated 2 hours ago": a byline and a date
    in the segments of one line; both None unless every segment is one of them or a time note.
    """
    byline = dateline = None
    segments = [part.strip() for part in re.split(r"\s[|·•]\s", line.text) if part.strip()]
    stamped = _published_stamp(segments)
    if stamped is not None:
        return None, stamped
    for segment in segments:
        piece = make_line(line.index, 0, segment, lex.stop_words)
        found_by = parse_byline(piece, lex)
        found_date = None if found_by else parse_dateline(piece, lex) or timestamp(segment)
        if found_by or found_date:
            byline = byline or found_by
            dateline = dateline or found_date
        elif not (_RELATIVE_TIME_RE.match(piece.key) or matching_drop_rule(piece, lex, in_tail=False)
                  or re.match(r"(?i)^(?:updated|published|posted|last updated)\b", segment)):
            return None, None
    return byline, dateline


def choose_title(candidates: list[Line], crumb_titles: set[str], lex: Lexicon) -> str | None:
    """A headline repeated by a breadcrumb wins; then one glued to a breadcrumb; then the first
    unshouted candidate with 4+ words; then any with 2+.
    """
    for line in candidates:
        if line.text in crumb_titles:
            return line.text
    if crumb_titles:  # a headline carried by a glued breadcrumb ("HomeNewsBriefPeru ...")
        return strip_site_suffix(sorted(crumb_titles, key=len, reverse=True)[0])
    # a site banner ("ALN | Agencia Latina de Noticias") is piped; a headline is not, nor is it shouted
    ranked = sorted(candidates, key=lambda line: (is_all_caps(line.text), "|" in line.text))
    for minimum in (4, 2):
        for line in ranked:
            if line.n_words >= minimum:
                return strip_site_suffix(line.text)
    return None


def mark_header_candidates(candidates: list[Line], title: str | None, lex: Lexicon) -> None:
    """The title line goes; short labels before or after it go; a longer standfirst after it stays."""
    seen_title = False
    for line in candidates:
        if title is not None and (line.text == title or strip_site_suffix(line.text) == title):
            line.kind, line.reason = "drop", "title"
            seen_title = True
        elif seen_title and line.n_words >= 4:
            line.kind, line.reason = classify_line(line, lex, in_tail=False)
        else:
            line.kind, line.reason = "drop", "header-label"


def take_dateline(header: Header, dateline: Dateline | None) -> None:
    """Keep the first dateline's date and byline."""
    if dateline is not None:
        header.take_byline(dateline.byline)
        if header.published_date is None:
            header.published_date = dateline.date


# ---------------------------------------------------------------------------
# Wire dateline
# ---------------------------------------------------------------------------
def strip_opening_dateline(lines: list[Line], header: Header, fragments: dict[int, list[str]]) -> None:
    """Remove a wire dateline ("LIMA, March 3 (Reuters) - ") opening one of the article's first paragraphs."""
    kept = [line for line in lines if line.kind != "drop"]
    for line in kept[:DATELINE_PARAGRAPHS]:
        piece = strip_wire_dateline(line, header)
        if piece:
            fragments[line.index].insert(0, piece)
            return


def strip_wire_dateline(line: Line, header: Header) -> str | None:
    """Remove a 'LIMA, March 3 (Reuters) - ' opening; keep the agency and a full date as metadata."""
    match = _AGENCY_DATELINE_RE.match(line.text)
    if not match:
        match = _WIRE_DATELINE_RE.match(line.text)
        if not match or not (match.group("agency") or match.group("date") or match.group("dash") in ("—", "–", "--")):
            return None
    if match.group("agency") and header.publisher is None:
        header.publisher = match.group("agency").strip()
    if match.group("date") and header.published_date is None:
        found = find_date(match.group("date"))
        if found:
            header.published_date = found[0]
    piece = line.text[: match.end()]
    line.text = line.text[match.end():]
    return piece
