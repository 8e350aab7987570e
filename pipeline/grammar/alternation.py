"""Long alternations of literal phrases, laid out so that Python's regex engine scans them fast.

``re`` tries the branches of an alternation one after the other at every
position, and under IGNORECASE it cannot even reject a branch by its first
character without entering it. A lexicon of 50 or 500 phrases therefore
costs 50 or 500 branch attempts at every word of every sentence.

``grouped`` writes the same alternation with the phrases gathered by their
first character, behind a case-sensitive test of that character (which the
engine checks before entering a branch). The result matches exactly what the
plain alternation matches, with the same branch winning:

- phrases that begin with different characters can never match at the same
  position (the character classes below are disjoint), so moving them
  relative to each other changes nothing, and phrases that share a first
  character keep their order;
- a first letter is tested with every character ``re`` treats as equal to it
  under IGNORECASE (``[kK\\u212a]``, ``[sS\\u017f]``, ``[iI\\u0130\\u0131]``: the
  Kelvin sign, the long s and the Turkish i's; no other code point case-folds
  to an ASCII letter);
- when that cannot be guaranteed (a phrase whose first character is not
  ASCII under IGNORECASE, or that does not start with a literal character),
  ``grouped`` returns None and the caller keeps the plain alternation.

Nothing here imports Dagster.
"""
from __future__ import annotations

import re
import unicodedata

# Code points other than the letter itself and its other case that ``re`` with IGNORECASE matches.
_IGNORECASE_EXTRAS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _first_char_test(char: str, ignorecase: bool) -> str | None:
    """A case-sensitive regex for exactly the characters a literal ``char`` matches, or None."""
    if not ignorecase:
        return re.escape(char)
    if not char.isascii():
        # Symbols, punctuation, digits and spaces without case ("€") are matched as written.
        uncased = char.lower() == char == char.upper() and unicodedata.category(char)[0] in "NPSZ"
        return re.escape(char) if uncased else None
    if not char.isalpha():
        return re.escape(char)  # digits and symbols are matched as written even under IGNORECASE
    low = char.lower()
    return "(?-i:[" + low + low.upper() + _IGNORECASE_EXTRAS.get(low, "") + "])"


def grouped(alternatives: list[tuple[str, str, str]], *, ignorecase: bool) -> str | None:
    """``(?:guard first rest|...)`` for (guard, first character, rest) triples in priority order,
    grouped by first character; None when that is not safe (use the plain alternation then).

    ``guard`` is a zero-width assertion (or "") placed before the first
    character; it must depend only on the first character, so that it can be
    tested once per group. ``ignorecase`` must say whether the pattern is
    compiled with IGNORECASE.
    """
    groups: dict[str, tuple[str, list[str]]] = {}   # first-character test -> (guard, rests)
    for guard, first, rest in alternatives:
        test = _first_char_test(first, ignorecase) if len(first) == 1 else None
        if test is None:
            return None
        if test in groups and groups[test][0] != guard:
            return None
        groups.setdefault(test, (guard, []))[1].append(rest)
    by_guard: dict[str, list[str]] = {}
    for test, (guard, rests) in groups.items():
        by_guard.setdefault(guard, []).append(test + "(?:" + "|".join(rests) + ")")
    return "(?:" + "|".join(guard + "(?:" + "|".join(branches) + ")" for guard, branches in by_guard.items()) + ")"


def literal_alternation(words, *, ignorecase: bool) -> str:
    """``(?:w1|w2|...)`` matching the strings as written (escaped), tried in the given order."""
    words = list(words)
    fast = grouped([("", w[0], re.escape(w[1:])) for w in words], ignorecase=ignorecase) if all(words) else None
    return fast or "(?:" + "|".join(map(re.escape, words)) + ")"
