"""Page text as lines: Unicode normalised, hard wraps re-joined, each line's shape measured.

Every cleaning rule judges a line by its shape (length, sentence punctuation,
function-word density, capitalisation), so the features are computed once
here, in one representation (``Line``), before any rule runs. Whitespace and
encoding damage are fixed first, as they would change those shapes; offsets
then point into the normalised page.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import ftfy

from pipeline.text import tables

# ---------------------------------------------------------------------------
# Tunables (general, not per outlet)
# ---------------------------------------------------------------------------
SENTENCE_MIN_WORDS = 6
BODY_MIN_STOP_RATIO = 0.15
WRAPPED_LINE_MIN_CHARS = 30  # shorter lines are labels, not wrapped prose
SHORT_LINE_TOKENS = 40  # lines up to this many tokens get exact word tokenisation
BARE_MAX_WORDS = 14  # longest line compared whole against the lexicon's line lists

CLOSERS = "\"'”’»)]}"
SENTENCE_END_CHARS = ".!?…\"'”’»"  # a paragraph ending in one of these has no glued fragment
EDGE_CHARS = " :;|»«›‹→←•·*#-–—.>\"'()[]{}…/\\!?,_~=+"
QUOTE_CHARS = "\"“”„«»"
TLDS = frozenset("com org net gov edu mil int info biz io co pe uk us es br mx ar cl bo ec ve tv me ly".split())

_WORD_RE = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
_SPACES_RE = re.compile(r" {2,}")
# Mojibake: UTF-8 read as Latin-1/cp1252 leaves "Ã©", "â€™", "Â " ...; C1 controls too.
_MOJIBAKE_RE = re.compile(
    "[\x80-\x9f]|[ÂÃâÐðï][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_HTML_ENTITY_RE = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});")
_QUOTE_SET = frozenset(QUOTE_CHARS)

# Characters fixed while normalising (regex substitutions run in C, unlike str.translate with a dict).
_LINE_SEPARATOR_RE = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ODD_SPACE_RE = re.compile("[\t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE_RE = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\xad\u200b-\u200d\u2060\ufeff]")
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb06": "st"}
_LIGATURE_RE = re.compile("[" + "".join(_LIGATURES) + "]")

# "pistas1", "po 2", "IMG_2041", "16-09-12-Peru-VRAEM", "photo.jpg" alone on a line.
_CAPTION_TOKEN_RE = re.compile(
    r"^(?:[A-Za-z][A-Za-z_-]{0,30}\d{1,5}[A-Za-z]?|[a-z]{1,6} \d{1,4}|\d{2,4}[-_]\d{1,2}[-_]\d{1,4}(?:[-_][\w-]*)?|"
    r"[\w-]+\.(?:jpe?g|png|gif|webp|svg|tiff?|bmp|mp4|pdf))$",
    re.I,
)
# Sentences glued together by the scraper: "article.There", 'bid.”The'.
_GLUED_SENTENCE_RE = re.compile(r"([.!?…]+[" + re.escape(CLOSERS) + r"]*)(?=[“‘\"]?[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ])")


# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------
def needs_ftfy(text: str) -> bool:
    """Whether the text may hold mojibake or HTML entities (ftfy is slow; most text is clean)."""
    if "&" in text and _HTML_ENTITY_RE.search(text):
        return True
    return not text.isascii() and bool(_MOJIBAKE_RE.search(text))


def normalise_text(raw_text: str) -> str:
    """NFC, mojibake fixed (curly quotes kept), odd spaces and controls removed, lines stripped, LF only."""
    text = raw_text.replace("\r\n", "\n").replace("\r", "\n")
    if needs_ftfy(text):
        text = ftfy.fix_text(text, uncurl_quotes=False)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        text = _LINE_SEPARATOR_RE.sub("\n", text)
        text = _ODD_SPACE_RE.sub(" ", text)
        text = _INVISIBLE_RE.sub("", text)
        text = _LIGATURE_RE.sub(lambda m: _LIGATURES[m.group()], text)
    else:
        text = _INVISIBLE_RE.sub("", _LINE_SEPARATOR_RE.sub("\n", text.replace("\t", "  ")))  # a tab separates columns
    return "\n".join(_collapsed(line) for line in text.split("\n"))


def _collapsed(line: str) -> str:
    """Runs of spaces made one; a whitespace-aligned table row keeps its columns, joined by tabs."""
    if "  " not in line and "\t" not in line:
        return line.strip()
    return tables.aligned_as_cells(line) or _SPACES_RE.sub(" ", line).strip()


# ---------------------------------------------------------------------------
# Line features
# ---------------------------------------------------------------------------
# a wiki heading's edit link: "References [edit]"
_EDIT_LINK = re.compile(r"\s*\[\s*(?:edit|edit source|editar|modifier|bearbeiten)\s*\]$")


def bare_key(key: str) -> str:
    """A lower-cased key without surrounding punctuation and symbols, for whole-line matches."""
    if key.endswith("]"):
        key = _EDIT_LINK.sub("", key)
    return key.strip(EDGE_CHARS)


def lexicon_key(entry: str) -> str:
    """A lexicon entry in the form lines are compared in (lower case, straight quotes, single spaces)."""
    return bare_key(" ".join(line_key(str(entry)).split()))


@dataclass
class Line:
    """One non-blank line of the page and what the cleaner decided about it."""

    index: int  # position among non-blank lines
    offset: int  # character offset in the normalised page
    text: str
    key: str  # lower-cased, straight quotes
    bare: str  # key without surrounding punctuation ("" for long lines: never a whole-line match)
    n_words: int
    stop_ratio: float  # share of English function words
    kind: str = "body"  # body | heading | drop
    reason: str = ""
    _words: list[str] | None = None

    @property
    def words(self) -> list[str]:
        """Word tokens (computed lazily for long lines: tokenising prose is the costly part)."""
        if self._words is None:
            self._words = _WORD_RE.findall(self.text)
        return self._words


def line_key(text: str) -> str:
    """Lower-cased text with straight quotes: what phrase rules are matched against."""
    key = text.lower()
    if not key.isascii():
        key = key.replace("“", '"').replace("”", '"').replace("„", '"').replace("‘", "'").replace("’", "'")
    return key


def make_line(index: int, offset: int, text: str, stop_words: frozenset[str]) -> Line:
    """A Line with the features every rule needs, computed once."""
    key = line_key(text)
    tokens = key.split()
    if len(tokens) <= SHORT_LINE_TOKENS:
        words = _WORD_RE.findall(text)
        n_words = len(words)
        stops = sum(map(stop_words.__contains__, map(str.lower, words)))
    else:  # prose: white-space tokens are a close enough count, and much cheaper
        words, n_words = None, len(tokens)
        stops = sum(map(stop_words.__contains__, tokens))
    bare = bare_key(key) if n_words <= BARE_MAX_WORDS else ""  # whole-line matches are short
    return Line(index, offset, text, key, bare, n_words, stops / n_words if n_words else 0.0, _words=words)


def unwrapped_lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with their offsets, hard-wrapped prose re-joined.

    A line that does not end a sentence, directly followed by a line that starts
    in lower case, is one paragraph broken by a fixed-width scrape or a PDF:
    no paragraph of news prose starts with a lower-case word.
    """
    lines: list[tuple[int, str]] = []
    offset = 0
    previous_blank = True
    vocabulary: set[str] | None = None
    for raw in text.split("\n"):
        if raw and not previous_blank and lines and continues_previous(lines[-1][1], raw):
            start, before = lines[-1]
            joiner = "" if before.endswith("-") and before[-2:-1].isalpha() else " "
            if joiner == "":
                vocabulary = vocabulary if vocabulary is not None else set(re.findall(r"[^\W\d_]+", text.lower()))
                before = _dehyphenated(before, raw, vocabulary)
            lines[-1] = (start, before + joiner + raw)
        elif raw:
            lines.append((offset, raw))
        previous_blank = not raw
        offset += len(raw) + 1
    return lines


NUMBERED_HEADING_RE = re.compile(r"^\d+(?:\.\d+)*[.)]?\s+[A-Z]")
FUNCTION_WORD_END_RE = re.compile(r"\s(?:the|of|and|to|in|for|a|an|with|on|by|from|that|at|or)$")


def _dehyphenated(before: str, after: str, vocabulary: set[str]) -> str:
    """ "la-" / "boratories": a word a PDF broke at the margin loses its hyphen when the text writes it
    whole elsewhere ("laboratories"); a compound ("anti-" / "drug") keeps it.
    """
    head = re.search(r"([^\W\d_]+)-$", before)
    tail = re.match(r"[^\W\d_]+", after)
    if head and tail and (head.group(1) + tail.group(0)).lower() in vocabulary:
        return before[:-1]
    return before


def continues_previous(before: str, line: str) -> bool:
    """Whether `line` is the rest of the paragraph `before` (see unwrapped_lines); a bracket left open
    ("Table 3. Cooperation (in US dollars;" / "US federal fiscal years)") holds the next line too.
    """
    if len(before) >= WRAPPED_LINE_MIN_CHARS and before.count("(") > before.count(")") and ")" in line \
            and line.count(")") > line.count("("):
        return True
    if len(before) >= WRAPPED_LINE_MIN_CHARS and before[-1] not in SENTENCE_END_CHARS and before[-1] not in ":;)]" \
            and not _CAPTION_TOKEN_RE.match(line) and not NUMBERED_HEADING_RE.match(line):
        # a PDF's lines break anywhere: "… in fiscal year" / "2022 to S/ 497.8 million", "… by the Congress of the" /
        # "Republic on …"
        if line[0].isdigit() and re.search(r"\s[a-z]+$", before) and len(before.split()) >= 6 and "|" not in before \
                and re.match(r"^\d[\d.,/-]*\s+[a-z(]|^\d[\d.,/-]*-[A-Za-z]", line):
            return True
        if FUNCTION_WORD_END_RE.search(before) and line[0].isupper():
            return True
    return (
        line[0].islower()
        and len(before) >= WRAPPED_LINE_MIN_CHARS
        and before[-1] not in SENTENCE_END_CHARS
        and before[-1] not in ":;)]"
        and not _CAPTION_TOKEN_RE.match(line)
    )


def ends_sentence(text: str) -> bool:
    """Whether the line ends with sentence punctuation (closing quotes/brackets allowed after it)."""
    stripped = text.rstrip(CLOSERS + " ")
    return bool(stripped) and stripped[-1] in ".!?…"


def ends_with_ellipsis(text: str) -> bool:
    """A truncated teaser ends with "…" or "..."."""
    stripped = text.rstrip(CLOSERS + " ")
    return stripped.endswith("…") or stripped.endswith("...")


def is_all_caps(text: str) -> bool:
    """Shouted text: every cased character upper-case (str.isupper needs at least one)."""
    return len(text) >= 2 and text.isupper()


def capitalised_ratio(line: Line, stop_words: frozenset[str]) -> float:
    """Share of content words that start with a capital: high for headlines, low for prose."""
    content = [w for w in line.words if w.lower() not in stop_words and w[0].isalpha()]
    if not content:
        return 0.0
    return sum(1 for w in content if w[0].isupper()) / len(content)


def is_quoted(text: str) -> bool:
    """Whether the line holds quotation marks (reported speech is spared by appeal-like rules)."""
    return not _QUOTE_SET.isdisjoint(text)


CLAUSE_MIN_WORDS = 12  # a recital ending in ";" ("That, … reports that more than 70 airstrips …;") is prose too


def is_sentence_like(line: Line) -> bool:
    """Prose: enough words, sentence punctuation, function words (not a headline or label)."""
    return (
        line.n_words >= SENTENCE_MIN_WORDS
        and (ends_sentence(line.text) or line.text.rstrip().endswith(";") and line.n_words >= CLAUSE_MIN_WORDS)
        and line.stop_ratio >= BODY_MIN_STOP_RATIO
    )


# ---------------------------------------------------------------------------
# Repair
# ---------------------------------------------------------------------------
def repair_glued_sentences(text: str) -> str:
    """'article.There' -> 'article. There'; leaves U.S., No.1, 1.2, URLs and initials alone."""

    def space_after(match: re.Match) -> str:
        start = match.start()
        before = text[start - 1] if start else " "
        if not (before.isalnum() or before in ")]%") or before.isupper():
            return match.group(1)
        token_start = text.rfind(" ", 0, start) + 1
        token_end = text.find(" ", match.end())
        token = text[token_start: token_end if token_end != -1 else len(text)].lower()
        if "://" in token or "www." in token or "@" in token:
            return match.group(1)
        next_word = re.match(r"[^\W\d_]+", text[match.end():].lstrip("“‘\""))
        if next_word and next_word.group().lower() in TLDS:
            return match.group(1)
        return match.group(1) + " "

    return _GLUED_SENTENCE_RE.sub(space_after, text)
