"""Paragraph and sentence spans with exact character offsets.

Every extracted row quotes one sentence of the cleaned text and records where
it sits (`text[start:end] == quote`), so segmentation only ever returns
offsets into the text it was given: it never rewrites characters.

Rules: a line break always ends a paragraph and therefore a sentence; inside
a paragraph a sentence ends at . ! ? or an ellipsis followed by white space
and something that can open a sentence (a capital, a digit, a currency sign,
an opening quote). Closing quotes and brackets right after the punctuation
belong to the sentence. Abbreviations listed in
``schemas/lexicon/abbreviations.yaml``, single capital initials and
"No. 5"-style references never end one; a piece that starts in lower case,
or a list number ("1.") at the start of a paragraph, is joined to its
neighbour.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.common.paths import LEXICON_DIR

# The C parser when PyYAML has it: the same data as yaml.safe_load, read several times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ABBREVIATIONS_PATH = LEXICON_DIR / "abbreviations.yaml"

# Characters that end a line (str.splitlines' set): every one is a paragraph boundary.
_LINE_RE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
CLOSERS = "\"'”’»)]}"
OPENERS = "\"'“‘«¿¡"
CURRENCY = "$€£¥"  # "$85 million was spent." can open a sentence
# Terminal punctuation, the closers that belong to it, then the gap to the next sentence.
# Closing quotes and brackets, and footnote markers ("killed.[4] Communities"), stay with the sentence.
# So does a bare footnote number after a word or a year ("the account.1 Congress", "in FY2023.2 In"):
# no decimal follows a letter, and a year has no decimals.
FOOTNOTE_AFTER_PERIOD = r"(?:(?<=[^\W\d_]\.)|(?<=(?:19|20)\d\d\.))\d{1,2}(?=\s|$)"
_BOUNDARY_RE = re.compile(
    r"([.!?…]+)((?:[" + re.escape(CLOSERS) + r"]|\[\d{1,3}\]|" + FOOTNOTE_AFTER_PERIOD + r")*)(\s+)")
# "J", "M.L", "U.S.A": capital initials written with periods.
_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")
# A list number or letter at the start of a paragraph: "1.", "2)", "(a)", "iv."
_ENUMERATOR_RE = re.compile(r"\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]")


@dataclass(frozen=True)
class Span:
    start: int  # offset in the text (inclusive)
    end: int  # exclusive
    text: str  # == source[start:end]


@dataclass(frozen=True)
class Abbreviations:
    always: frozenset[str]  # lower-cased, with the final period
    case_sensitive: frozenset[str]
    before_number: frozenset[str]  # lower-cased


@lru_cache(maxsize=4)
def load_abbreviations(path: str | Path = ABBREVIATIONS_PATH) -> Abbreviations:
    """The abbreviation lists, read once: segmentation runs per sentence."""
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
    return Abbreviations(
        always=frozenset(str(a).lower() for a in data.get("always") or ()),
        case_sensitive=frozenset(str(a) for a in data.get("case_sensitive") or ()),
        before_number=frozenset(str(a).lower() for a in data.get("before_number") or ()),
    )


def stripped_span(text: str, start: int, end: int) -> Span | None:
    """The span [start, end) without its surrounding white space, or None if blank."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return Span(start, end, text[start:end])


def split_paragraphs(text: str) -> list[Span]:
    """Every non-blank line is a paragraph (single line breaks count too)."""
    spans = []
    for match in _LINE_RE.finditer(text):
        span = stripped_span(text, match.start(), match.end())
        if span is not None:
            spans.append(span)
    return spans


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of the whole text; a line break always ends a sentence."""
    sentences: list[Span] = []
    for paragraph in split_paragraphs(text):
        sentences.extend(sentences_in_paragraph(text, paragraph))
    return sentences


def sentences_in_paragraph(text: str, paragraph: Span) -> list[Span]:
    """Split one paragraph at its sentence boundaries, then re-join false splits."""
    abbreviations = load_abbreviations()
    body = paragraph.text
    cuts = [m.end(2) for m in _BOUNDARY_RE.finditer(body) if is_sentence_boundary(body, m, abbreviations)]
    pieces: list[tuple[int, int]] = []
    start = 0
    for cut in cuts:
        pieces.append((start, cut))
        start = cut
    pieces.append((start, len(body)))
    merged = join_lowercase_continuations(body, pieces)
    spans = []
    for piece_start, piece_end in merged:
        span = stripped_span(text, paragraph.start + piece_start, paragraph.start + piece_end)
        if span is not None:
            spans.append(span)
    return spans


def is_sentence_boundary(body: str, match: re.Match, abbreviations: Abbreviations) -> bool:
    """Whether the punctuation in `match` ends a sentence (see module docstring)."""
    next_index = match.end()
    if next_index >= len(body) or not opens_sentence(body, next_index):
        return False
    punctuation, closers = match.group(1), match.group(2)
    if punctuation != "." or closers:
        # ! ? … "..." always end a sentence before a capital; so does a period
        # followed by a closing quote or bracket ('the U.S.” The').
        return True
    token = token_before(body, match.start(1))
    return not is_abbreviation(token, body[next_index], abbreviations)


def opens_sentence(body: str, index: int) -> bool:
    """A capital, a digit, a currency sign or an opening quote; a bracket only before one of those."""
    char = body[index]
    if char.isupper() or char.isdigit() or char in OPENERS or char in CURRENCY:
        return True
    if char in "([" and index + 1 < len(body):
        following = body[index + 1]
        return following.isupper() or following.isdigit() or following in OPENERS
    return False


def token_before(body: str, end: int) -> str:
    """The word right before a period, without leading quotes or brackets."""
    start = end
    while start > 0 and not body[start - 1].isspace():
        start -= 1
    return body[start:end].lstrip(OPENERS + "([{-–—/")


def is_abbreviation(token: str, next_char: str, abbreviations: Abbreviations) -> bool:
    """Whether `token` + "." is an abbreviation or an initial rather than a sentence end."""
    if not token:
        return False
    written = token + "."
    lowered = written.lower()
    if lowered in abbreviations.always or written in abbreviations.case_sensitive:
        return True
    if next_char.isdigit() and lowered in abbreviations.before_number:
        return True
    # Single capital initials ("J. Smith", "M.L.", "U.S.A."), but not a lone digit.
    return bool(_INITIALS_RE.fullmatch(token)) and token[-1].isupper() and all(
        part.isupper() for part in token.split(".") if part
    )


def join_lowercase_continuations(body: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Re-join false splits: a piece starting in lower case continues the previous sentence,
    and a list number ("1.", "(a)") belongs to the sentence after it.
    """
    merged: list[tuple[int, int]] = []
    for start, end in pieces:
        first_is_number = len(merged) == 1 and _ENUMERATOR_RE.fullmatch(body[merged[0][0]:merged[0][1]].strip())
        if merged and (first_is_number or starts_lowercase(body[start:end])):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def starts_lowercase(piece: str) -> bool:
    """Whether the first cased character of the piece is lower-case."""
    for char in piece:
        if char.isupper():
            return False
        if char.islower():
            return True
        if char.isdigit():
            return False
    return False
