"""Long alternations of literal phrases, laid out so that Python's regex engine scans them fast.

``re`` tries the branches of an alternation one after the other at every
position, and under IGNORECASE it cannot even reject a branch by its first
character without entering it. A lexicon of 50 or 500 phrases therefore
costs 50 or 500 branch attempts at every word of every sentence.

The helpers here write the same alternation so that the engine rejects most
positions at once, and each says when its result matches exactly what the
plain alternation matches (same spans, same branch winning):

- ``grouped``: the phrases gathered by first character, behind a
  case-sensitive test of that character (checked before a branch is entered);
- ``scannable``: the same with that character opening each top-level branch,
  so that the search skips in C to the positions where a phrase can start;
- ``first_chars``: a class of the possible opening characters, for a
  lookahead in front of a longer pattern;
- ``any_of``: for yes/no gates only (where any order of branches will do).

Why the order of branches does not change: phrases that begin with different
characters can never match at the same position (the character classes below
are disjoint), so moving them relative to each other changes nothing, and
phrases that share a first character keep their order. A first letter is
tested with every character ``re`` treats as equal to it under IGNORECASE
(``[kK\u212a]``, ``[sS\u017f]``, ``[iI\u0130\u0131]``: the Kelvin sign, the long
s and the Turkish i's; no other code point case-folds to an ASCII letter).
When that cannot be guaranteed (a first character that is a non-ASCII cased
character under IGNORECASE, or a phrase that does not start with a literal
character) the helpers return None and the caller keeps the plain alternation.

Nothing here imports Dagster.
"""
from __future__ import annotations

import re
import unicodedata

# False: every helper returns None, so each caller builds its plain alternation. The tests
# compare both forms on every article (tests/text/test_alternation.py); set before importing.
FAST = True

# Code points other than the letter itself and its other case that ``re`` with IGNORECASE matches.
_IGNORECASE_EXTRAS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _case_variants(letter: str, ascii: bool = False) -> str:
    """Every character ``re`` matches for an ASCII ``letter`` under IGNORECASE (only its two cases with ASCII)."""
    low = letter.lower()
    return low + low.upper() + ("" if ascii else _IGNORECASE_EXTRAS.get(low, ""))


def _first_char_test(char: str, ignorecase: bool, ascii: bool = False) -> str | None:
    """A case-sensitive regex for exactly the characters a literal ``char`` matches, or None.

    ``ascii``: IGNORECASE is combined with ASCII, which folds ASCII letters only.
    """
    if not ignorecase:
        return re.escape(char)
    if not char.isascii():
        # Symbols, punctuation, digits and spaces without case ("€") are matched as written.
        uncased = char.lower() == char == char.upper() and unicodedata.category(char)[0] in "NPSZ"
        return re.escape(char) if uncased else None
    if not char.isalpha():
        return re.escape(char)  # digits and symbols are matched as written even under IGNORECASE
    return "(?-i:[" + _case_variants(char, ascii) + "])"


def grouped(alternatives: list[tuple[str, str, str]], *, ignorecase: bool, ascii: bool = False) -> str | None:
    """``(?:guard first rest|...)`` for (guard, first character, rest) triples in priority order,
    grouped by first character; None when that is not safe (use the plain alternation then).

    ``guard`` is a zero-width assertion (or "") placed before the first
    character; it must depend only on the first character, so that it can be
    tested once per group. ``ignorecase`` and ``ascii`` must say whether the
    pattern is compiled with IGNORECASE and ASCII.
    """
    if not FAST:
        return None
    groups: dict[str, tuple[str, list[str]]] = {}   # first-character test -> (guard, rests)
    for guard, first, rest in alternatives:
        test = _first_char_test(first, ignorecase, ascii) if len(first) == 1 else None
        if test is None:
            return None
        if test in groups and groups[test][0] != guard:
            return None
        groups.setdefault(test, (guard, []))[1].append(rest)
    by_guard: dict[str, list[str]] = {}
    for test, (guard, rests) in groups.items():
        by_guard.setdefault(guard, []).append(test + "(?:" + "|".join(rests) + ")")
    return "(?:" + "|".join(guard + "(?:" + "|".join(branches) + ")" for guard, branches in by_guard.items()) + ")"


def literal_alternation(words, *, ignorecase: bool, ascii: bool = False) -> str:
    """``(?:w1|w2|...)`` matching the strings as written (escaped), tried in the given order."""
    words = list(words)
    fast = grouped([("", w[0], re.escape(w[1:])) for w in words], ignorecase=ignorecase, ascii=ascii) \
        if all(words) else None
    return fast or "(?:" + "|".join(map(re.escape, words)) + ")"


def any_of(alternatives: list[tuple[str, str]], *, word_start: bool = False) -> str | None:
    r"""A pattern that matches somewhere exactly when ``(?i:first rest|...)`` (Unicode IGNORECASE)
    does, for (first character, rest) pairs: for yes/no questions only (which branch wins may differ).

    Each branch starts with one case-sensitive character, so the search jumps straight to the
    positions where some branch can start instead of entering the pattern at every one.
    ``word_start``: as ``\b(?i:...)``; each phrase must then start with a letter or digit.
    Compile the result without IGNORECASE. None when a first character is not ASCII (or, with
    ``word_start``, not a letter or digit).
    """
    if not FAST:
        return None
    rests: dict[str, list[str]] = {}   # opening character -> the rests that may follow it
    for first, rest in alternatives:
        if len(first) != 1 or not first.isascii() or (word_start and not first.isalnum()):
            return None
        for variant in set(_case_variants(first) if first.isalpha() else first):
            rests.setdefault(variant, []).append(rest)
    # (?<!\w.) after the first character: no word character before it, as \b before it says.
    guard = r"(?<!\w.)" if word_start else ""
    return "|".join(re.escape(c) + guard + "(?i:" + "|".join(r) + ")" for c, r in sorted(rests.items())) or None


def first_chars(phrases, *, ignorecase: bool, ascii: bool = False) -> str | None:
    """A case-sensitive class of every character one of the phrases can start with (as
    ``grouped`` tests them), for a lookahead before a pattern whose every match starts
    with one of the phrases; None if some first character cannot be written so.
    """
    if not FAST:
        return None
    chars: set[str] = set()
    for phrase in phrases:
        if not phrase:
            return None
        first = phrase[0]
        if ignorecase and first.isascii() and first.isalpha():
            chars |= set(_case_variants(first, ascii))
        elif _first_char_test(first, ignorecase, ascii) is not None:
            chars.add(first)
        else:
            return None
    if not chars:
        return None
    return "(?-i:[" + "".join(re.escape(c) for c in sorted(chars)) + "])"


def scannable(alternatives: list[tuple[str, str]], *, not_after: str, ignorecase: bool,
              ascii: bool = False) -> str | None:
    """``(?<!not_after)(?:first rest|...)`` written so that every top-level branch opens with one
    case-sensitive character; compile the result WITHOUT IGNORECASE (other flags as before).

    The regex engine then skips in C to the characters a match can open with, instead of
    entering the pattern at every position. Same matches, same branch winning: a character
    opens exactly one branch (with all the rests it can start, in their order), the rests keep
    ``ignorecase`` through an inline flag, and the guard ``(?<!not_after)`` (a one-character
    class) is tested after the first character as ``(?<!not_after.)``. None when a first
    character is not ASCII (under IGNORECASE) or is a line break.
    """
    if not FAST:
        return None
    rests: dict[str, list[str]] = {}
    for first, rest in alternatives:
        if len(first) != 1 or first == "\n" or (ignorecase and not first.isascii()):
            return None
        for variant in _case_variants(first, ascii) if ignorecase and first.isalpha() else first:
            rests.setdefault(variant, []).append(rest)
    if not rests:
        return None
    inline = "(?i:" if ignorecase else "(?:"
    return "(?:" + "|".join(re.escape(c) + f"(?<!{not_after}.)" + inline + "|".join(r) + ")"
                            for c, r in rests.items()) + ")"
