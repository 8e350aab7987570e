"""Boilerplate lines and fragments: what on a page is not the article, line by line.

A line is judged from its shape and from the lexicon's phrases, never from one
site's strings, so the rules carry over to outlets not seen yet. Fragments
glued to a line's end (caption tokens, signatures) are cut before the line is
judged, because they hide its shape.
"""
from __future__ import annotations

import re
from collections import defaultdict

from pipeline.clean.bylines import _RELATIVE_TIME_RE, parse_byline, parse_dateline
from pipeline.clean.layout import (
    _CAPTION_TOKEN_RE,
    SENTENCE_END_CHARS,
    SHORT_LINE_TOKENS,
    Line,
    ends_sentence,
    is_all_caps,
    is_quoted,
    make_line,
    unwrapped_lines,
)
from pipeline.clean.lexicon import Lexicon
from pipeline.text import tables

# ---------------------------------------------------------------------------
# Tunables (general, not per outlet)
# ---------------------------------------------------------------------------
MAX_HEADING_WORDS = 20  # a line without sentence punctuation longer than this is prose
CAPTION_MAX_WORDS = 40
LINK_BAR_RULES = frozenset({"share", "follow", "navigation"})  # rules whose pipe-separated lines are bars, not table heads
GALLERY_MIN_CAPTIONS = 3  # credited captions that, outweighing the other prose, make a page a gallery
EMBED_MAX_WORDS = 80  # an embedded social post under its header line, with its translation
FRAGMENT_WINDOW = 260  # glued captions and signatures are searched in a paragraph's last characters

_BULLET_RE = re.compile(r"^(?:[•▪◦●‣∙·*–—-]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+\S")  # list items are content, not headings
# The same glued to the end of a sentence: "destroyed).pistas2", "touched. photo3".
_GLUED_CAPTION_RE = re.compile(
    r"(?<=[.!?…)\]”\"’])(?:[A-Za-z][A-Za-z_-]{0,24}\d{1,4}[a-z]?|\d{2,4}[-_]\d{2}[-_]\d{2}[\w-]*)$"
    r"|(?<=[.!?…)\]”\"’])\s+[a-z][a-z_-]{0,24}\d{1,4}$"
)


# ---------------------------------------------------------------------------
# Lines without glued fragments
# ---------------------------------------------------------------------------
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
    if tables.is_data_row(line.text) or (tables.is_header_row(line.text)
                                         and matching_drop_rule(line, lex, in_tail) not in LINK_BAR_RULES):
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


def keep_gallery_captions(lines: list[Line], fragments: dict[int, list[str]], lex: Lexicon) -> None:
    """On a gallery page the credited captions are the article: keep them, without their credits.

    A caption under a story only describes a photo, but a page of captions that
    outweigh the rest of its prose has no other article ("In pictures: …").
    """
    captions = [line for line in lines if line.reason == "caption_credit"]
    prose = sum(len(line.text) for line in lines if line.kind == "body" and line.reason != "table")
    if len(captions) < GALLERY_MIN_CAPTIONS or sum(len(line.text) for line in captions) <= prose:
        return
    credit = next(rule.pattern for rule in lex.drop_rules if rule.name == "caption_credit")
    for line in captions:
        match = credit.search(line.key)
        caption = line.text[: match.start()].rstrip() if match else line.text
        if not ends_sentence(caption):
            continue  # a credit with a label, not a described scene
        fragments[line.index].append(line.text[len(caption):].strip())
        kept = make_line(line.index, line.offset, caption, lex.stop_words)
        kept.reason = "gallery-caption"
        lines[line.index] = kept


def drop_labelled_lines(lines: list[Line], lex: Lexicon) -> None:
    """The line after a label such as "Image caption" is the caption, unless it is a prose paragraph."""
    labels = {rule.name for rule in lex.drop_rules if rule.drops_next}
    for line, following in zip(lines, lines[1:]):
        limit = EMBED_MAX_WORDS if line.reason == "embed_label" else CAPTION_MAX_WORDS  # a post runs longer
        if line.reason in labels and following.kind != "drop" and following.n_words <= limit:
            following.kind, following.reason = "drop", "caption"
