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
  heading, boilerplate, section marker) -> drop captions after their labels ->
  cut related-content sections and teasers -> drop trailing headings -> strip
  a wire dateline -> drop repeated paragraphs and pull quotes -> repair glued
  sentences -> join the kept lines as paragraphs.

``removed_chars`` counts the characters of every removed line and fragment
(line breaks and collapsed white space are normalisation, not removal), and
``removed`` lists those pieces in page order.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Pattern

import ftfy
import yaml

from pipeline.common.paths import LEXICON_DIR
from pipeline.text import tables

# The C parser when PyYAML has it: the same data as yaml.safe_load, read several times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

BOILERPLATE_PATH = LEXICON_DIR / "boilerplate.yaml"

# ---------------------------------------------------------------------------
# Tunables (general, not per outlet)
# ---------------------------------------------------------------------------
MAX_HEADER_LINES = 40  # breadcrumbs, title and byline come before this
MAX_TITLE_WORDS = 25
MAX_HEADING_WORDS = 20  # a line without sentence punctuation longer than this is prose
BODY_MIN_STOP_RATIO = 0.15
SENTENCE_MIN_WORDS = 6
PROSE_MIN_WORDS = 20
TEASER_LINE_MAX_WORDS = 12  # a teaser's headline/label above its summary is at most this long
TAIL_PROSE_RATIO = 0.35  # after a section heading, less prose than this share of the article = page tail
WEAK_CUT_POSITION = 0.5  # ambiguous section headings cut only in the second half
TAIL_POSITION = 0.75  # tail_only rules (author bios) apply after this point of the page
TAIL_LINES = 4  # ... or to its last lines
PULL_QUOTE_MIN_WORDS = 6  # shorter quoted paragraphs must be contained word for word
SHORT_QUOTE_MIN_WORDS = 3
PROBE_TOKENS = 4
PULL_QUOTE_SHINGLE = 5
PULL_QUOTE_OVERLAP = 0.8
CAPTION_MAX_WORDS = 40
WRAPPED_LINE_MIN_CHARS = 30  # shorter lines are labels, not wrapped prose
SHORT_LINE_TOKENS = 40  # lines up to this many tokens get exact word tokenisation
BARE_MAX_WORDS = 14  # longest line compared whole against the lexicon's line lists
EMBED_MAX_WORDS = 80  # an embedded social post under its header line, with its translation
DATELINE_PARAGRAPHS = 3  # a wire dateline opens one of the first paragraphs (after a standfirst)
LISTING_LOOKAHEAD = 6  # two date lines this close after the article = a teaser listing
FRAGMENT_WINDOW = 260  # glued captions and signatures are searched in a paragraph's last characters

CLOSERS = "\"'”’»)]}"
SENTENCE_END_CHARS = ".!?…\"'”’»"  # a paragraph ending in one of these has no glued fragment
EDGE_CHARS = " :;|»«›‹→←•·*#-–—.>\"'()[]{}…/\\!?,_~=+"
QUOTE_CHARS = "\"“”„«»"
PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’„«»‹›…–—·•¿¡"
TLDS = frozenset("com org net gov edu mil int info biz io co pe uk us es br mx ar cl bo ec ve tv me ly".split())

_WORD_RE = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
_SPACES_RE = re.compile(r" {2,}")
# Mojibake: UTF-8 read as Latin-1/cp1252 leaves "Ã©", "â€™", "Â " ...; C1 controls too.
_MOJIBAKE_RE = re.compile(
    "[\x80-\x9f]|[ÂÃâÐðï][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_HTML_ENTITY_RE = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});")
_CAMEL_SEGMENT_RE = re.compile(r"[A-Z][a-z]+")
_BULLET_RE = re.compile(r"^(?:[•▪◦●‣∙·*–—-]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+\S")  # list items are content, not headings
_QUOTE_SET = frozenset(QUOTE_CHARS)

# Characters fixed while normalising (regex substitutions run in C, unlike str.translate with a dict).
_LINE_SEPARATOR_RE = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ODD_SPACE_RE = re.compile("[\t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE_RE = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\xad\u200b-\u200d\u2060\ufeff]")
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb06": "st"}
_LIGATURE_RE = re.compile("[" + "".join(_LIGATURES) + "]")

# --- dates -----------------------------------------------------------------
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
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

# --- bylines ---------------------------------------------------------------
_BYLINE_RE = re.compile(
    r"^(?:by|por|written by|words by|reporting by|story by|text by|texto de|authors?|autor(?:es)?|byline)"
    r"\s*[:\-–—]?\s+(?P<names>.+)$",
    re.I,
)
_NAME_SPLIT_RE = re.compile(r"\s*(?:,|;|\||/|&|(?i:\band\b)|\by\b|\s[-–—]\s|\s(?i:for)\s)\s*")
WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday lunes martes miércoles jueves viernes sábado domingo".split()
)

# --- wire datelines at the start of the first paragraph ---------------------
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

# --- caption tokens --------------------------------------------------------
# "pistas1", "po 2", "IMG_2041", "16-09-12-Peru-VRAEM", "photo.jpg" alone on a line.
_CAPTION_TOKEN_RE = re.compile(
    r"^(?:[A-Za-z][A-Za-z_-]{0,30}\d{1,5}[A-Za-z]?|[a-z]{1,6} \d{1,4}|\d{2,4}[-_]\d{1,2}[-_]\d{1,4}(?:[-_][\w-]*)?|"
    r"[\w-]+\.(?:jpe?g|png|gif|webp|svg|tiff?|bmp|mp4|pdf))$",
    re.I,
)
# The same glued to the end of a sentence: "destroyed).pistas2", "touched. photo3".
_GLUED_CAPTION_RE = re.compile(
    r"(?<=[.!?…)\]”\"’])(?:[A-Za-z][A-Za-z_-]{0,24}\d{1,4}[a-z]?|\d{2,4}[-_]\d{2}[-_]\d{2}[\w-]*)$"
    r"|(?<=[.!?…)\]”\"’])\s+[a-z][a-z_-]{0,24}\d{1,4}$"
)
# Sentences glued together by the scraper: "article.There", 'bid.”The'.
_GLUED_SENTENCE_RE = re.compile(r"([.!?…]+[" + re.escape(CLOSERS) + r"]*)(?=[“‘\"]?[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ])")


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
# Lexicon
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class DropRule:
    """One category of boilerplate lines from the lexicon (appeal, footer, caption...)."""

    name: str
    max_words: int
    lines: frozenset[str]  # whole-line matches (bare keys)
    phrases: tuple[str, ...]  # looked up through Lexicon.phrase_index
    start_pattern: Pattern[str] | None  # the rule's regexes anchored at the line start, combined (matched)
    pattern: Pattern[str] | None  # its other regexes, combined (searched)
    skip_if_quoted: bool
    tail_only: bool
    drops_next: bool  # a label whose content is the next line ("Image caption" + the caption)


@dataclass(frozen=True)
class Lexicon:
    """boilerplate.yaml, compiled."""

    strong_cut_lines: frozenset[str]
    weak_cut_lines: frozenset[str]
    weak_cut_prefixes: tuple[str, ...]
    teaser_links: frozenset[str]
    drop_rules: tuple[DropRule, ...]
    # first word of a phrase -> (rule number, phrase, regex): a line only tries the
    # phrases whose first word it contains, instead of one big alternation.
    phrase_index: dict[str, tuple[tuple[int, str, Pattern[str]], ...]]
    phrase_first_words: frozenset[str]
    trailing_fragments: tuple[Pattern[str], ...]
    navigation_words: frozenset[str]
    social_words: frozenset[str]
    language_codes: frozenset[str]
    organisation_words: frozenset[str]
    staff_words: frozenset[str]
    name_particles: frozenset[str]
    stop_words: frozenset[str]


def phrase_pattern(phrase: str) -> str:
    """A regex for a literal phrase, anchored on word boundaries where it starts/ends with a word character."""
    escaped = re.escape(phrase.lower())
    head = r"\b" if re.match(r"\w", phrase) else ""
    tail = r"\b" if re.search(r"\w$", phrase) else ""
    return head + escaped + tail


def compile_rule(name: str, spec: dict) -> DropRule:
    """One drop rule from its YAML entry; its regexes are combined into one."""
    patterns = [str(p) for p in spec.get("patterns") or ()]
    # Anchored patterns are tried at position 0 only: a combined alternation would be scanned along the whole line.
    anchored = [p[1:] for p in patterns if p.startswith("^")]
    floating = [p for p in patterns if not p.startswith("^")]
    return DropRule(
        name=name,
        max_words=int(spec.get("max_words", 40)),
        lines=frozenset(lexicon_key(s) for s in spec.get("lines") or ()),
        phrases=tuple(line_key(str(p)) for p in spec.get("phrases") or ()),
        start_pattern=re.compile("|".join(f"(?:{p})" for p in anchored)) if anchored else None,
        pattern=re.compile("|".join(f"(?:{p})" for p in floating)) if floating else None,
        skip_if_quoted=bool(spec.get("skip_if_quoted", False)),
        tail_only=bool(spec.get("tail_only", False)),
        drops_next=bool(spec.get("drops_next", False)),
    )


def build_phrase_index(rules: tuple[DropRule, ...]) -> dict[str, tuple[tuple[int, str, Pattern[str]], ...]]:
    """Map each phrase's first word to the rules, phrases and word-boundary patterns that start with it."""
    index: dict[str, list[tuple[int, str, Pattern[str]]]] = defaultdict(list)
    for number, rule in enumerate(rules):
        for phrase in rule.phrases:
            words = _WORD_RE.findall(phrase)
            if words:
                index[words[0]].append((number, phrase, re.compile(phrase_pattern(phrase))))
    return {word: tuple(entries) for word, entries in index.items()}


def lowered_set(items) -> frozenset[str]:
    """A YAML list as a set of lower-case strings."""
    return frozenset(str(i).lower() for i in items or ())


@lru_cache(maxsize=4)
def load_lexicon(path: str | Path = BOILERPLATE_PATH) -> Lexicon:
    """The boilerplate lexicon, read and compiled once per process."""
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
    cuts = data.get("cut_sections") or {}
    rules = tuple(compile_rule(n, s or {}) for n, s in (data.get("drop_lines") or {}).items())
    return Lexicon(
        strong_cut_lines=frozenset(lexicon_key(s) for s in cuts.get("strong_lines") or ()),
        weak_cut_lines=frozenset(lexicon_key(s) for s in cuts.get("weak_lines") or ()),
        weak_cut_prefixes=tuple(str(s).lower() + " " for s in cuts.get("weak_prefixes") or ()),
        teaser_links=frozenset(lexicon_key(s) for s in data.get("teaser_links") or ()),
        drop_rules=rules,
        phrase_index=(index := build_phrase_index(rules)),
        phrase_first_words=frozenset(index),
        trailing_fragments=tuple(re.compile(p) for p in data.get("trailing_fragments") or ()),
        navigation_words=lowered_set(data.get("navigation_words")),
        social_words=lowered_set(data.get("social_words")),
        language_codes=frozenset(str(c).upper() for c in data.get("language_codes") or ()),
        organisation_words=lowered_set(data.get("organisation_words")),
        staff_words=lowered_set(data.get("byline_staff_words")),
        name_particles=lowered_set(data.get("name_particles")),
        stop_words=lowered_set(data.get("stop_words")),
    )


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
    """Runs of spaces made one; a whitespace-aligned table row keeps its columns as " | "."""
    if "  " not in line and "\t" not in line:
        return line.strip()
    return tables.aligned_as_pipes(line) or _SPACES_RE.sub(" ", line).strip()


# ---------------------------------------------------------------------------
# Line features
# ---------------------------------------------------------------------------
def bare_key(key: str) -> str:
    """A lower-cased key without surrounding punctuation and symbols, for whole-line matches."""
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


def split_lines(text: str, lex: Lexicon) -> tuple[list[Line], dict[int, list[str]]]:
    """Non-blank lines with their offsets (each a candidate paragraph), without glued trailing fragments.

    Fragments go first because they hide a line's shape: "…in 2020. (J.P./dpa)"
    does not end like a sentence until the signature is gone.
    """
    lines: list[Line] = []
    fragments: dict[int, list[str]] = defaultdict(list)
    for offset, raw in unwrapped_lines(text):
        kept, pieces = strip_trailing_fragments(raw, lex)
        if pieces:
            fragments[len(lines)].extend(pieces)
        lines.append(make_line(len(lines), offset, kept, lex.stop_words))
    return lines, fragments


def unwrapped_lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with their offsets, hard-wrapped prose re-joined.

    A line that does not end a sentence, directly followed by a line that starts
    in lower case, is one paragraph broken by a fixed-width scrape or a PDF:
    no paragraph of news prose starts with a lower-case word.
    """
    lines: list[tuple[int, str]] = []
    offset = 0
    previous_blank = True
    for raw in text.split("\n"):
        if raw and not previous_blank and lines and continues_previous(lines[-1][1], raw):
            start, before = lines[-1]
            joiner = "" if before.endswith("-") and before[-2:-1].isalpha() else " "
            lines[-1] = (start, before + joiner + raw)
        elif raw:
            lines.append((offset, raw))
        previous_blank = not raw
        offset += len(raw) + 1
    return lines


def continues_previous(before: str, line: str) -> bool:
    """Whether `line` is the rest of the paragraph `before` (see unwrapped_lines)."""
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


def is_sentence_like(line: Line) -> bool:
    """Prose: enough words, sentence punctuation, function words (not a headline or label)."""
    return (
        line.n_words >= SENTENCE_MIN_WORDS
        and ends_sentence(line.text)
        and line.stop_ratio >= BODY_MIN_STOP_RATIO
    )


# ---------------------------------------------------------------------------
# Dates and bylines
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


# ---------------------------------------------------------------------------
# Line classification
# ---------------------------------------------------------------------------
def matching_drop_rule(line: Line, lex: Lexicon, in_tail: bool) -> str | None:
    """The name of the first boilerplate rule (YAML order) that the line matches, if any."""
    phrase_hits: set[int] | None = None
    for number, rule in enumerate(lex.drop_rules):
        if line.n_words > rule.max_words:
            continue
        if rule.tail_only and not (in_tail or line.text.startswith("*")):
            continue
        if rule.skip_if_quoted and is_quoted(line.text):
            continue
        if (
            line.bare in rule.lines
            or (rule.start_pattern is not None and rule.start_pattern.match(line.key))
            or (rule.pattern is not None and rule.pattern.search(line.key))
        ):
            return rule.name
        if rule.phrases:
            if phrase_hits is None:
                phrase_hits = matched_phrase_rules(line, lex)
            if number in phrase_hits:
                return rule.name
    return None


def matched_phrase_rules(line: Line, lex: Lexicon) -> set[int]:
    """Numbers of the rules with a phrase occurring in the line (only phrases whose first word occurs are tried).

    Short lines are tokenised properly; long ones (prose) only on white space, which is cheaper
    and enough for the notes that hide in them ("... originally appeared in ...").
    """
    key = line.key
    if line.n_words <= SHORT_LINE_TOKENS:
        tokens = [w.lower().replace("’", "'") for w in line.words]
    else:
        tokens = key.split()
    hits: set[int] = set()
    for word in lex.phrase_first_words.intersection(tokens):
        for number, phrase, regex in lex.phrase_index[word]:
            if number not in hits and phrase in key and regex.search(key):
                hits.add(number)
    return hits


def shape_noise_reason(line: Line, lex: Lexicon) -> str | None:
    """Why the line's shape says it is not prose (caption token, label, share bar), or None."""
    text = line.text
    if line.n_words == 0:
        return "no-words"
    if line.n_words <= 12 and all(w.lower() in lex.social_words for w in line.words):
        return "share"
    if sum(text.count(s) for s in "|•·") >= 2 and line.n_words <= 30:
        return "link-list"
    if _BULLET_RE.match(text) and line.n_words >= 2:
        return None  # a list item: short, but content
    if _CAPTION_TOKEN_RE.match(text) or (
        line.n_words <= 4 and line.stop_ratio == 0 and not ends_sentence(text) and any(c.isdigit() for c in text)
    ):
        return "caption-token"
    if not any(c.isalpha() for c in text):
        return "no-letters"
    if is_all_caps(text) and line.n_words <= 8:
        return "label"
    if line.n_words == 1 and not ends_sentence(text):
        return "label"
    if line.n_words >= 6 and line.stop_ratio == 0 and not ends_sentence(text) and not any(c.isdigit() for c in text):
        return "keyword-list"
    return None


def section_marker(line: Line, lex: Lexicon) -> str | None:
    """'strong' or 'weak' if the line heads a non-article section (related content, comments)."""
    if line.n_words > 8:
        return None
    if line.bare in lex.strong_cut_lines:
        return "strong"
    if line.bare in lex.weak_cut_lines:
        return "weak"
    if line.n_words <= 6 and not ends_sentence(line.text) and line.bare.startswith(lex.weak_cut_prefixes):
        prefix = next(p for p in lex.weak_cut_prefixes if line.bare.startswith(p))
        named = line.words[len(prefix.split()):]
        # "About InSight Crime", "More from Reuters": a name follows, not a topic ("About the VRAEM");
        # late in the page, such a heading starts the outlet's own boilerplate.
        if named and all(w[0].isupper() for w in named):
            return "strong"
    return None


def is_teaser_link(line: Line, lex: Lexicon) -> bool:
    """A "Read more"-style link label alone on its line."""
    return line.n_words <= 5 and line.bare in lex.teaser_links


def classify_line(line: Line, lex: Lexicon, in_tail: bool) -> tuple[str, str]:
    """(kind, reason) for a line outside the header: body, heading, drop, cut-strong, cut-weak, teaser-link."""
    if is_teaser_link(line, lex):
        return "teaser-link", "teaser-link"
    if tables.is_data_row(line.text) or tables.is_header_row(line.text):
        return "body", "table"  # a text table's rows are figures of the article, not a link list
    marker = section_marker(line, lex)
    if marker:
        return f"cut-{marker}", f"section:{line.bare}"
    rule = matching_drop_rule(line, lex, in_tail)
    if rule:
        return "drop", rule
    if line.n_words <= 14 and parse_byline(line, lex):
        return "drop", "byline"
    if parse_dateline(line, lex) or _RELATIVE_TIME_RE.match(line.key):
        return "drop", "dateline"
    noise = shape_noise_reason(line, lex)
    if noise:
        return "drop", noise
    if not ends_sentence(line.text) and line.n_words <= MAX_HEADING_WORDS and not _BULLET_RE.match(line.text):
        return "heading", ""
    return "body", ""


# ---------------------------------------------------------------------------
# Header: breadcrumbs, title, byline, dateline
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


def piped_byline(line: Line, lex: Lexicon) -> tuple[Byline | None, Dateline | None]:
    """ "By Ana Quispe | 14 May 2025, 10:42 GMT-4 | Updated 2 hours ago": a byline and a date
    in the segments of one line; both None unless every segment is one of them or a time note."""
    byline = dateline = None
    for segment in (part.strip() for part in re.split(r"\s[|·•]\s", line.text)):
        if not segment:
            continue
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
    unshouted candidate with 4+ words; then any with 2+."""
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


# ---------------------------------------------------------------------------
# Sections, teasers and trailing material
# ---------------------------------------------------------------------------
def position(line: Line, total: int) -> float:
    """Where the line starts, as a share of the page (0 = top, 1 = bottom)."""
    return line.offset / total if total else 0.0


def teaser_run_start(lines: list[Line], link_index: int) -> int:
    """First line of the teaser closed by the link at `link_index` (headline, date, summary…)."""
    start = link_index
    took_summary = False
    for j in range(link_index - 1, -1, -1):
        line = lines[j]
        if line.kind == "drop" and not took_summary:
            start = j
            continue
        if not took_summary:
            took_summary, start = True, j
            continue
        if line.kind != "body" or ends_with_ellipsis(line.text) or line.n_words <= TEASER_LINE_MAX_WORDS:
            start = j  # the teaser's headline, date or category label
            continue
        break
    return start


def apply_section_cuts(lines: list[Line], total: int) -> None:
    """Drop related-content sections, teaser lists and comment blocks.

    A section heading ("Related Content") in the second half of the page, or any
    section heading or teaser after which little article prose follows, starts
    the page's tail: everything from it goes. Otherwise it is a box inside (or
    before) the article: it goes up to the next prose paragraph.
    """
    in_box = False
    for i, line in enumerate(lines):
        if line.kind.startswith("cut-"):
            late = position(line, total) >= WEAK_CUT_POSITION
            too_early = line.kind == "cut-weak" and not late
            if (line.kind == "cut-strong" and late and any(is_prose(x) for x in lines[:i])) or (
                not too_early and little_prose_after(lines, i)
            ):
                cut_from(lines, i, line.reason)
                return
            line.kind, in_box = "drop", not too_early
            continue
        if line.reason == "dateline" and position(line, total) >= WEAK_CUT_POSITION and starts_teaser_listing(lines, i):
            start = listing_start(lines, i)
            if little_prose_after(lines, start):
                cut_from(lines, start, "teaser-listing")
                return
            continue
        if line.kind == "teaser-link":
            start = teaser_run_start(lines, i)
            if little_prose_after(lines, start):
                cut_from(lines, start, "teaser-section")
                return
            for x in lines[start: i + 1]:
                if x.kind != "drop":
                    x.kind, x.reason = "drop", "teaser"
            continue
        if in_box:
            if is_prose(line):
                in_box = False
            elif line.kind != "drop":
                line.kind, line.reason = "drop", "teaser-box"


def is_prose(line: Line) -> bool:
    """A full paragraph of article prose (not a headline, label or truncated teaser)."""
    return (
        line.kind == "body"
        and line.n_words >= PROSE_MIN_WORDS
        and line.stop_ratio >= BODY_MIN_STOP_RATIO
        and not ends_with_ellipsis(line.text)
    )


def little_prose_after(lines: list[Line], start: int) -> bool:
    """Whether the prose after `start` is small next to the article prose before it (a tail, not a box).

    Teaser summaries (prose right before a "Read more" link) do not count as article.
    """
    before = sum(len(x.text) for x in lines[:start] if is_prose(x))
    after = 0
    for j in range(start + 1, len(lines)):
        x = lines[j]
        if is_prose(x) and not (j + 1 < len(lines) and lines[j + 1].kind == "teaser-link"):
            after += len(x.text)
    return after <= TAIL_PROSE_RATIO * before


def starts_teaser_listing(lines: list[Line], i: int) -> bool:
    """A date line followed closely by another one: a list of dated teasers, not the article."""
    following = [line for line in lines[i + 1: i + 1 + LISTING_LOOKAHEAD]]
    return any(line.reason == "dateline" for line in following)


def listing_start(lines: list[Line], i: int) -> int:
    """The listing starts at its first date line, or at the headline right before it."""
    j = i - 1
    while j >= 0 and lines[j].kind == "drop" and lines[j].reason != "dateline":
        j -= 1
    return j if j >= 0 and lines[j].kind == "heading" else i


def cut_from(lines: list[Line], start: int, reason: str) -> None:
    """Drop every line from `start` to the end of the page."""
    for line in lines[start:]:
        if line.kind != "drop":
            line.kind, line.reason = "drop", reason


def trim_trailing_non_prose(lines: list[Line]) -> None:
    """Headings and truncated teasers with no article text after them are not content."""
    for line in reversed(lines):
        if line.kind == "drop":
            continue
        if line.kind == "heading" or ends_with_ellipsis(line.text):
            line.kind, line.reason = "drop", "trailing"
            continue
        break


# ---------------------------------------------------------------------------
# Fragments inside kept lines
# ---------------------------------------------------------------------------
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


def strip_trailing_fragments(text: str, lex: Lexicon) -> tuple[str, list[str]]:
    """The line without caption tokens and signatures glued to its end ("destroyed).pistas2", "(M.L.)"), and those pieces."""
    pieces = []
    changed = True
    while changed and text[-1] not in SENTENCE_END_CHARS:
        changed = False
        tail_start = max(0, len(text) - FRAGMENT_WINDOW)  # fragments are short: search only the end
        for regex in (_GLUED_CAPTION_RE, *lex.trailing_fragments):
            match = regex.search(text, tail_start)
            if match and match.start() > 0:
                pieces.append(text[match.start():])
                text = text[: match.start()].rstrip()
                changed = True
                break
    return text, pieces


# ---------------------------------------------------------------------------
# Pull quotes
# ---------------------------------------------------------------------------
def normalised_paragraph(key: str) -> str:
    """Words separated by single spaces, punctuation around them dropped: quotes and case do not count."""
    return " ".join(filter(None, (token.strip(PUNCTUATION) for token in key.split())))


def shingles_of(words: list[str]) -> set[tuple[str, ...]]:
    """Every run of PULL_QUOTE_SHINGLE consecutive words."""
    return set(zip(*(words[k:] for k in range(PULL_QUOTE_SHINGLE))))


def plain_probe(tokens: list[str]) -> str | None:
    """A few consecutive punctuation-free tokens from the middle of a paragraph, to find copies of it cheaply."""
    size = min(PROBE_TOKENS, len(tokens))
    middle = max(0, (len(tokens) - size) // 2)
    for shift in range(0, len(tokens)):
        for start in (middle - shift, middle + shift):
            if 0 <= start <= len(tokens) - size and all(t.isalnum() for t in tokens[start: start + size]):
                return " ".join(tokens[start: start + size])
    return None


def repeated_paragraphs(texts: list[str]) -> set[int]:
    """Indices of paragraphs to drop: exact repeats after the first, and pull quotes mostly contained in a longer paragraph.

    Containment is the share of the short paragraph's 5-word shingles found in
    the longer one (so '…control,” X explained.' still matches '…control. It
    will…'); a short quoted paragraph must be contained word for word.
    Containers are looked for only when a few words from the paragraph's middle
    occur elsewhere in the page, so the cost stays near linear.
    """
    keys = [line_key(t) for t in texts]
    tokens = [k.split() for k in keys]
    drop: set[int] = set()
    first_seen: dict[str, int] = {}
    for i, key in enumerate(keys):
        if len(tokens[i]) >= SHORT_QUOTE_MIN_WORDS:
            if key in first_seen:
                drop.add(i)
            else:
                first_seen[key] = i
    joined = "\n".join(keys)
    words: dict[int, list[str]] = {}

    def words_of(j: int) -> list[str]:
        if j not in words:
            words[j] = normalised_paragraph(keys[j]).split(" ")
        return words[j]

    for i, key in enumerate(keys):
        if i in drop or len(tokens[i]) < SHORT_QUOTE_MIN_WORDS:
            continue
        probe = plain_probe(tokens[i])
        if probe is None or joined.count(probe) <= key.count(probe):
            continue  # the common case: nothing else shares these words
        containers = [j for j, other in enumerate(keys)
                      if j != i and j not in drop and len(other) > len(key) and probe in other]
        if containers and is_contained(i, containers, words_of, quoted=is_quoted(texts[i])):
            drop.add(i)
    return drop


def is_contained(i: int, containers: list[int], words_of, quoted: bool) -> bool:
    """Whether paragraph i is (mostly) inside one of the containers, judged on normalised words."""
    mine = words_of(i)
    if len(mine) < PULL_QUOTE_MIN_WORDS:
        padded = f" {' '.join(mine)} "
        return quoted and any(padded in f" {' '.join(words_of(j))} " for j in containers)
    shingles = shingles_of(mine)
    return any(len(shingles & shingles_of(words_of(j))) >= PULL_QUOTE_OVERLAP * len(shingles) for j in containers)


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


def take_dateline(header: Header, dateline: Dateline | None) -> None:
    """Keep the first dateline's date and byline."""
    if dateline is not None:
        header.take_byline(dateline.byline)
        if header.published_date is None:
            header.published_date = dateline.date


def drop_labelled_lines(lines: list[Line], lex: Lexicon) -> None:
    """The line after a label such as "Image caption" is the caption, unless it is a prose paragraph."""
    labels = {rule.name for rule in lex.drop_rules if rule.drops_next}
    for line, following in zip(lines, lines[1:]):
        limit = EMBED_MAX_WORDS if line.reason == "embed_label" else CAPTION_MAX_WORDS  # a post runs longer
        if line.reason in labels and following.kind != "drop" and following.n_words <= limit:
            following.kind, following.reason = "drop", "caption"


def strip_opening_dateline(lines: list[Line], header: Header, fragments: dict[int, list[str]]) -> None:
    """Remove a wire dateline ("LIMA, March 3 (Reuters) - ") opening one of the article's first paragraphs."""
    kept = [line for line in lines if line.kind != "drop"]
    for line in kept[:DATELINE_PARAGRAPHS]:
        piece = strip_wire_dateline(line, header)
        if piece:
            fragments[line.index].insert(0, piece)
            return


def drop_repeated_paragraphs(lines: list[Line]) -> None:
    """Drop repeated paragraphs and pull quotes among the lines still kept."""
    kept = [line for line in lines if line.kind != "drop"]
    for i in repeated_paragraphs([line.text for line in kept]):
        kept[i].kind, kept[i].reason = "drop", "repeated"


def removed_pieces(lines: list[Line], fragments: dict[int, list[str]]) -> list[str]:
    """Removed lines and fragments in page order (a line's glued fragments right after it)."""
    pieces = []
    for line in lines:
        if line.kind == "drop" and line.text:
            pieces.append(line.text)
        pieces.extend(fragments.get(line.index, ()))
    return pieces
