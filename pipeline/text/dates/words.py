"""Vocabulary and regex building blocks of the grammar, and the look-around that tells a
date from a quantity ("$2013", "2013 tons") or finds the word before a match.
"""
from __future__ import annotations

import re

from pipeline.text.alternation import grouped, literal_alternation
from pipeline.text.calendar import (
    FULL_MONTH_NUMBERS,
    FULL_WEEKDAY_NUMBERS,
    MONTH_ABBREVIATIONS,
    SPANISH_MONTHS,
    SPANISH_WEEKDAYS,
    WEEKDAY_ABBREVIATIONS,
)

# --------------------------------------------------------------------------- vocabulary

# Months that may open a sentence on their own ("October was ..."); May, March,
# April, June and August are also verbs or given names.
_SENTENCE_OPENING_MONTHS = {1, 2, 7, 9, 10, 11, 12}

_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                 "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                 "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
                 "thirty": 30, "forty": 40, "fifty": 50, "a dozen": 12, "a hundred": 100}
# Vague counts read as (fewest, most) units: "a couple of weeks ago" = 1..3 weeks ago.
_VAGUE_COUNTS = {"a couple of": (1, 3), "a couple": (1, 3), "a few": (2, 4), "several": (3, 6)}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1, "final": -1}

# Words after a number that make it a quantity, not a year or a day.
_UNIT_WORDS = ("percent", r"per\s*cent", "pct", "tons?", "tonnes?", "kilos?", "kilograms?", "kgs?",
               "grams?", "pounds", "lbs", "hectares?", "ha", "acres?", "km", "kilomet(?:er|re)s?",
               "miles?", "met(?:er|re)s?", "dollars?", "euros?", "soles", "pesos", "usd", "eur",
               "pen", "barrels?", "lit(?:er|re)s?", "gallons?", "million", "billion", "thousand",
               "hundred", "times", "hours?", "minutes?", "seconds?")
_UNIT = rf"(?ai:(?:{'|'.join(_UNIT_WORDS)})\b)"

# Words before a bare year / bare month that show it is a date.
_YEAR_CUES = {"in", "since", "by", "during", "of", "until", "till", "before", "after", "from",
              "between", "and", "to", "for", "through", "throughout", "year", "circa"}
_MONTH_CUES = {"in", "since", "by", "during", "of", "until", "till", "before", "after", "from",
               "between", "through", "throughout"}
# Cues that also introduce quantities ("a force of 2000 soldiers"): not enough before a plural
# noun (nor is an opening parenthesis).
_WEAK_YEAR_CUES = {"of", "for", "to", "by", "and", "from"}
_DETERMINERS = {"a", "an", "the", "its", "their", "his", "her", "our", "this", "that", "these",
                "those", "whose", "every", "each"}


# --------------------------------------------------------------------------- regex building blocks

def _names(words, *, lowercase: bool = False) -> str:
    """Alternation of the Capitalised and UPPER forms, longest first, so 'may' the verb is never May."""
    forms = set()
    for word in words:
        forms.update((word.capitalize(), word.upper()))
        if lowercase:
            forms.add(word)
    # Case-sensitive: grouped by first letter, the same matches (see grouped).
    return literal_alternation(sorted(forms, key=len, reverse=True), ignorecase=False)


def _phrases(words) -> str:
    """Alternation of (multi-word) phrases, longest first, any run of spaces between words.

    Only used under IGNORECASE with ASCII, as which it is grouped by first letter.
    """
    pairs = sorted(((word, re.escape(word).replace(r"\ ", r"\s+")) for word in words), key=lambda wp: len(wp[1]),
                   reverse=True)
    if all(word and pattern.startswith(re.escape(word[0])) and word[0] != " " for word, pattern in pairs):
        fast = grouped([("", word[0], pattern[len(re.escape(word[0])):]) for word, pattern in pairs],
                       ignorecase=True, ascii=True)
        if fast:
            return fast
    return "|".join(pattern for _, pattern in pairs)


_YEAR4 = r"(?:1[89][0-9]{2}|20[0-9]{2})"
_MONTH_NAME = (rf"(?:(?:{_names(FULL_MONTH_NUMBERS)}|{_names(SPANISH_MONTHS, lowercase=True)})\b"
               rf"|(?:{_names(MONTH_ABBREVIATIONS)})\b\.?)")
_MONTH_FULL = rf"(?:{_names(FULL_MONTH_NUMBERS)})\b"
_WEEKDAY_NAME = (rf"(?:(?:{_names(FULL_WEEKDAY_NUMBERS)}|{_names(SPANISH_WEEKDAYS, lowercase=True)})\b"
                 rf"|(?:{_names(WEEKDAY_ABBREVIATIONS)})\b\.?)")
_WEEKDAY_FULL = rf"(?:{_names(FULL_WEEKDAY_NUMBERS)})\b"
_WEEKDAY_PREFIX = rf"(?:(?P<wd>{_WEEKDAY_NAME}),?\s+(?:(?ai:the)\s+)?)"
_ORDINAL_SUFFIX = r"(?:st|nd|rd|th)?"
_EXACT_COUNT = rf"(?:[0-9]{{1,3}}|{_phrases(_NUMBER_WORDS)})"
_ANY_COUNT = rf"(?:[0-9]{{1,3}}|{_phrases({**_NUMBER_WORDS, **_VAGUE_COUNTS})})"
# "late July", "mid-2015", "the end of 2014": kept in the text, precision unchanged.
_MODIFIER = (r"(?:(?ai:early|late|mid)(?:-|\s+)|(?ai:end|start)-"
             r"|(?ai:(?:the\s+)?(?:beginning|start|end|middle|close)\s+of)\s+)")
_CLAUSE_END = re.compile(r"\s*(?:[,.;:!?)\]\"”’]|[-–—]\s|\Z)")  # nothing more to the phrase

_BEFORE_QUANTITY = re.compile(r"(?:(?:[$€£¥]|US\$|S/\.?)\s*|[0-9][.,]|[A-Z]-|[#№])\Z")
_AFTER_QUANTITY = re.compile(
    rf"(?:[.,][0-9]|\s*%|\s*{_UNIT}|\s*(?:[-–—]|(?ai:to|and|or))\s*[0-9]{{4}}\s*(?:%|{_UNIT}))")
_LAST_WORD = re.compile(r"(\S+)[ \t\u00a0]+\Z")
_TIME_OF_DAY = re.compile(r"[:.h][0-9]{2}")
_LIST_GAP = re.compile(r"\s*(?:,|;|&|(?ai:and|or)|,\s*(?ai:and|or))\s*\Z")
_PLURAL_NOUN_AFTER = re.compile(r"\s+(?!(?:was|has|is|does|as|its|his|this|thus|plus|us|yes)\b)[a-z]+[^\Wsu]s\b")
_WORD_AFTER = re.compile(r"\s+[^\W\d_]")


def _lookup(table: dict, word: str | None):
    """Table value for a matched word (case and trailing dot ignored), None if absent."""
    if not word:
        return None
    return table.get(" ".join(word.lower().rstrip(".").split()))


def _count_range(word: str) -> tuple[int, int] | None:
    """(fewest, most) for a written count: '3' -> (3, 3), 'a couple of' -> (1, 3)."""
    if word.isdigit():
        return int(word), int(word)
    vague = _lookup(_VAGUE_COUNTS, word)
    if vague:
        return vague
    exact = _lookup(_NUMBER_WORDS, word)
    return (exact, exact) if exact else None


def _is_quantity(text: str, start: int, end: int) -> bool:
    """A number used as an amount: '$2013', '2,013', '2013 tons', '2013 percent', 'KT-2013'."""
    return bool(_BEFORE_QUANTITY.search(text[max(0, start - 4):start])
                or _AFTER_QUANTITY.match(text, end))


def _word_before(text: str, start: int) -> str:
    """The lower-cased word just before start ('' if none on the same line)."""
    match = _LAST_WORD.search(text, max(0, start - 30), start)
    return match.group(1).lstrip("\"'“‘([").lower() if match else ""


def _at_sentence_start(text: str, start: int) -> bool:
    """Nothing but sentence punctuation, quotes or a line break before start."""
    before = text[max(0, start - 40):start]
    trimmed = before.rstrip(" \t\u00a0\"'“‘([*•-–—")
    if not trimmed:
        return start <= 40 or not text[:start].strip()
    if "\n" in before[len(trimmed):]:
        return True
    return trimmed.rstrip("\"'”’)]")[-1:] in (".", "!", "?", ":", ";", "")
