"""The noun a figure counts or measures: 'six drug planes', '1.2 tons of cocaine'.

A few words after the figure, stopping at stopwords, other numbers, calendar
words, names and verb forms; a measure takes its noun only after 'of'.
"""
from __future__ import annotations

from pipeline.text.numbers.grammar import _Grammar
from pipeline.text.numbers.patterns import _CLOSE_QUOTES, _HYPHENS, _OPEN_QUOTES, _char, _key

_MAX_NOUN_WORDS = 4


def _next_word(text: str, pos: int, g: _Grammar) -> tuple[str, str, int] | None:
    """(word as written, folded word, end incl. a closing quote) after pos."""
    m = g.noun_word.match(text, pos)
    if m is None:
        return None
    written = m.group("word").rstrip("'\u2019" + _HYPHENS)
    end = m.start("word") + len(written)
    if m.group("open") and _char(text, end) and _char(text, end) in _CLOSE_QUOTES:
        end += 1
    return written, _key(written), end


def _is_predicate(word: str, previous: str, following: str | None, g: _Grammar) -> bool:
    """A verb form ending the noun phrase: 'pits destroyed', 'aircraft are flying'."""
    if len(word) <= 4:
        return False
    participle = word.endswith(("ed", "ing"))
    ends_phrase = following is None or following in g.stopwords
    if participle and (previous.endswith("s") or ends_phrase):
        return True
    return word.endswith("ly") and ends_phrase


def _counted_noun(text: str, pos: int, g: _Grammar) -> tuple[str | None, int]:
    """The counted noun right after a bare count ('four to six drug planes' -> 'drug planes')."""
    if g.duration_after.match(text, pos):
        return None, pos   # "up from 22,000 last year": a time after the figure, not what it counts
    words: list[str] = []
    end, cursor = pos, pos
    while len(words) < _MAX_NOUN_WORDS:
        current = _next_word(text, cursor, g)
        if current is None:
            break
        written, word, word_end = current
        following = _next_word(text, word_end, g)
        following_word = following[1] if following else None
        if not words and (word in g.skip_leading or _adverb_before_participle(word, following_word)):
            cursor = word_end
            continue
        if word in ("and", "or") and len(words) == 1 and not words[0].endswith("s"):
            conjunct = _coordinated_head(text, word_end, g)
            if conjunct is not None:  # "32 counter-terrorism and anti-drug bases": both modify the head
                words += [written, *conjunct[0]]
                end = conjunct[1]
                break
        if word in g.stopwords or word in g.number_words or word in g.calendar_words:
            break
        if words and written[0].isupper() and words[-1][0].islower():
            break  # '23 airstrips Tuesday'
        if words and _is_predicate(word, _key(words[-1]), following_word, g):
            break
        words.append(written)
        end = cursor = word_end
    if not words:
        return None, pos
    return " ".join(" ".join(words).split()).strip(_OPEN_QUOTES + _CLOSE_QUOTES), end  # as written


def _coordinated_head(text: str, pos: int, g: _Grammar) -> tuple[list[str], int] | None:
    """The words after "and" up to a plural head ("anti-drug bases"), when no number or stopword comes first."""
    words: list[str] = []
    cursor = pos
    while len(words) < 2 and (current := _next_word(text, cursor, g)) is not None:
        written, word, cursor = current
        if word in g.stopwords or word in g.number_words or word in g.calendar_words or written[0].isupper():
            return None
        words.append(written)
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            return words, cursor
    return None


def _adverb_before_participle(word: str, following: str | None) -> bool:
    """'two recently constructed pits': skip 'recently'."""
    return word.endswith("ly") and following is not None and following.endswith(("ed", "en"))


def _measured_noun(text: str, pos: int, g: _Grammar) -> tuple[str | None, int]:
    """What a measure is of ('1.2 tons of cocaine' -> 'cocaine'); None without 'of'."""
    of = g.of_word.match(text, pos)
    if of is None:
        return None, pos
    cursor = of.end()
    while (current := _next_word(text, cursor, g)) is not None and current[1] in g.determiners:
        cursor = current[2]
    noun, end = _counted_noun(text, cursor, g)
    return (noun, end) if noun else (None, pos)
