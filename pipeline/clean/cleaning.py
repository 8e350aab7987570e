"""Article text out of a scraped news page.

Every extracted row quotes a sentence of the cleaned text, so whatever is not
the article (navigation, bylines, share bars, appeals, captions, teasers for
other stories, repeated pull quotes) must go before extraction, or its
numbers become rows. Outlets differ, so the rules are general: each line is
classified from its shape (length, sentence punctuation, stop-word density,
capitalisation, token shape) and from generic boilerplate phrases kept as
data in ``schemas/lexicon/boilerplate.yaml``; never from strings of one site.

Steps (``clean_article``):
  normalise Unicode -> split into lines (re-joining hard-wrapped prose, cutting
  captions and signatures glued to a line's end) -> read the header
  (breadcrumbs, title, byline, dateline) -> classify the other lines (body,
  heading, boilerplate, section marker) -> keep a gallery's captions -> drop
  captions after their labels ->
  cut related-content sections and teasers -> drop trailing headings -> strip
  a wire dateline -> drop repeated paragraphs and pull quotes -> repair glued
  sentences -> join the kept lines as paragraphs.

``removed_chars`` counts the characters of every removed line and fragment
(line breaks and collapsed white space are normalisation, not removal), and
``removed`` lists those pieces in page order.

Each step lives in the module of its job: ``layout`` (normalisation, lines,
glued-sentence repair), ``lexicon`` (boilerplate.yaml), ``bylines`` (dates,
bylines, datelines), ``boilerplate`` (line rules, glued fragments, captions),
``header``, ``sections`` (related content, teasers, tails) and ``repeats``
(pull quotes). This module only assembles them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.clean.boilerplate import classify_line, drop_labelled_lines, keep_gallery_captions, split_lines
from pipeline.clean.bylines import parse_byline, parse_dateline
from pipeline.clean.header import Header, read_header, strip_opening_dateline, take_dateline
from pipeline.clean.layout import Line, line_key, normalise_text, repair_glued_sentences
from pipeline.clean.lexicon import Lexicon, load_lexicon
from pipeline.clean.repeats import drop_repeated_paragraphs
from pipeline.clean.sections import apply_section_cuts, is_prose, position, trim_trailing_non_prose
from pipeline.text.calendar import MONTH_LINE

# ---------------------------------------------------------------------------
# Tunables (general, not per outlet)
# ---------------------------------------------------------------------------
TAIL_POSITION = 0.75  # tail_only rules (author bios) apply after this point of the page
TAIL_LINES = 4  # ... or to its last lines


# ---------------------------------------------------------------------------
# Public result
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CleanedDocument:
    """The article text that extraction offsets point into, and what the page said about it."""

    text: str  # cleaned article text: paragraphs joined by "\n\n"
    title: str | None
    author: str | None  # byline name(s), "; "-joined, title-cased if shouted
    publisher: str | None  # an organisation named in the byline or wire dateline
    published_date: dt.date | None  # from a dateline in the text, never guessed
    removed_chars: int  # characters of the normalised page that are not article text
    removed: tuple[str, ...]  # the removed lines/fragments, in page order


# ---------------------------------------------------------------------------
# Orchestration
# ---------------------------------------------------------------------------
def clean_article(raw_text: str) -> CleanedDocument:
    """The article text of a scraped page, its metadata, and what was removed."""
    lex = load_lexicon()
    text = normalise_text(raw_text)
    total = len(text)
    lines, fragments = split_lines(text, lex)
    header = read_header(lines, lex)
    classify_body(lines, header, lex, total)
    keep_month_headings(lines)
    keep_gallery_captions(lines, fragments, lex)
    drop_labelled_lines(lines, lex)
    apply_section_cuts(lines, total)
    trim_trailing_non_prose(lines)
    strip_opening_dateline(lines, header, fragments)
    drop_repeated_paragraphs(lines)
    kept = [line for line in lines if line.kind != "drop" and line.text]
    paragraphs = [repair_glued_sentences(line.text) for line in kept]
    removed = removed_pieces(lines, fragments)
    return CleanedDocument(
        text="\n\n".join(paragraphs),
        title=header.title,
        author="; ".join(header.authors) or None,
        publisher=header.publisher,
        published_date=header.published_date,
        removed_chars=sum(len(piece) for piece in removed),
        removed=tuple(removed),
    )


def classify_body(lines: list[Line], header: Header, lex: Lexicon, total: int) -> None:
    """Classify every line after the header; repeats of the title and late bylines go too."""
    title_key = line_key(header.title) if header.title else None
    article_started = False
    for line in lines[header.end:]:
        if title_key is not None and line.key == title_key:
            line.kind, line.reason = "drop", "title"
            continue
        in_tail = position(line, total) >= TAIL_POSITION or line.index >= len(lines) - TAIL_LINES
        line.kind, line.reason = classify_line(line, lex, in_tail=in_tail)
        if line.reason == "byline":
            header.take_byline(parse_byline(line, lex))
        elif line.reason == "dateline" and not article_started:
            take_dateline(header, parse_dateline(line, lex))  # under a standfirst, before the article
        article_started = article_started or is_prose(line)


MONTH_HEADINGS = 2  # a page with this many month headings is told month by month


def keep_month_headings(lines: list[Line]) -> None:
    """ "JANUARY … FEBRUARY …": the month headings of a year in review or a diary date the items under
    them, so they stay (as headings, not prose). A lone month line is a label or a caption's date.
    """
    months = [line for line in lines if line.kind == "drop" and line.reason in ("label", "caption-token")
              and MONTH_LINE.match(line.text)]
    if len(months) >= MONTH_HEADINGS:
        for line in months:
            line.kind, line.reason = "heading", "month"


def removed_pieces(lines: list[Line], fragments: dict[int, list[str]]) -> list[str]:
    """Removed lines and fragments in page order (a line's glued fragments right after it)."""
    pieces = []
    for line in lines:
        if line.kind == "drop" and line.text:
            pieces.append(line.text)
        pieces.extend(fragments.get(line.index, ()))
    return pieces
