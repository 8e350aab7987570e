"""Regex building blocks every part of the number grammar shares.

Spaces that never cross a line, the quote and hyphen characters, and phrase
alternations written longest-first (so "a little more than" beats "more
than") and grouped by first character for speed (see ``alternation``).
Lexicon phrases are looked up by ``_key``, the same folding everywhere.
"""
from __future__ import annotations

import re

from pipeline.text.alternation import grouped

_SP = r"[^\S\n]*"  # optional spaces, never a line break
_SP1 = r"[^\S\n]+"
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014"
_OPEN_QUOTES = "\"'\u201c\u2018\u00ab"
_CLOSE_QUOTES = "\"'\u201d\u2019\u00bb"


def _key(phrase: str) -> str:
    """Lookup key for a matched phrase: case-folded, spaces collapsed."""
    return " ".join(phrase.casefold().split())


def _phrase(phrase: str, *, bounded_start: bool = True, symbol_guard: bool = False) -> str:
    """Regex for one phrase; word boundaries only where the phrase has word ends."""
    body = _SP1.join(re.escape(part) for part in phrase.split())
    if phrase[0].isalnum() and bounded_start:
        body = r"(?<![\w])" + body
    elif symbol_guard and not phrase[0].isalnum():
        body = r"(?<![A-Za-z])" + body  # "$" but not "R$"
    if phrase[-1].isalnum():
        body += r"(?![\w])"
    return body


def _phrase_parts(phrase: str, *, bounded_start: bool = True, symbol_guard: bool = False) -> tuple[str, str, str]:
    """``_phrase`` split into (guard, first character, rest), for ``grouped``."""
    full = _phrase(phrase, bounded_start=bounded_start, symbol_guard=symbol_guard)
    if phrase[0].isalnum() and bounded_start:
        guard = r"(?<![\w])"
    elif symbol_guard and not phrase[0].isalnum():
        guard = r"(?<![A-Za-z])"
    else:
        guard = ""
    first = phrase.split()[0][0]
    head = guard + re.escape(first)
    assert full.startswith(head)
    return guard, first, full[len(head):]


def _alternation(phrases, **options) -> str:
    """Longest-first alternation, so "a little more than" beats "more than".

    For patterns compiled with IGNORECASE (all of this package's): the phrases
    are grouped by first character, which matches the same (see ``grouped``).
    """
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not ordered:
        return r"(?!x)x"
    fast = grouped([_phrase_parts(p, **options) for p in ordered], ignorecase=True)
    return fast or "(?:" + "|".join(_phrase(p, **options) for p in ordered) + ")"


def _case_sensitive(words) -> str:
    """Alternation matched exactly as written (ISO codes, month names)."""
    ordered = sorted(set(words), key=len, reverse=True)
    return r"(?-i:(?<![\w])(?:" + "|".join(re.escape(w) for w in ordered) + r")(?![\w]))"


def _char(text: str, i: int) -> str:
    return text[i] if 0 <= i < len(text) else ""
