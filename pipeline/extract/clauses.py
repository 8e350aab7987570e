"""Clause-level reading of a sentence: which clause a position belongs to, and what that clause asserts.

A number, a trigger word, a date and a place belong together only when they
stand in one clause; a figure in a negated clause ("his information did not
indicate that there were eight to 10 flights") is not claimed, and a trigger
under a plan, a modal or a condition ("are planning to increase eradication")
did not happen. The vocabulary is data in ``schemas/lexicon/clauses.yaml``;
this module only says how it is applied. Shallow by design: the boundaries
are punctuation and clause-opening words, not a parse (see the README for why
no parser).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.extract.lexicon import load, words_regex

# "…, the minister said on Monday": the day of the saying, not of the figure or the event told
SPEECH_DATE_BEFORE = re.compile(r"\b(?:said|says|told\s+(?:\w+\s+){0,2}|announced|stated|reported|explained|added|"
                                r"noted|confirmed|declared|warned|indicated|informed|detailed|assured)\s+(?:on\s+|last\s+|this\s+|earlier\s+)?$", re.I)


@dataclass(frozen=True)
class ClauseLexicon:
    openers: re.Pattern
    coordinators: re.Pattern
    interjected: frozenset[str]
    predicate_opening: re.Pattern
    subordinator_opening: re.Pattern
    negators: re.Pattern
    negator_exceptions: re.Pattern
    modality: re.Pattern
    modality_nouns: re.Pattern
    modality_noun_reach: int
    comparative_than: re.Pattern
    comparison_targets: re.Pattern
    said_content: re.Pattern


@cache
def lexicon() -> ClauseLexicon:
    data = load("clauses")
    openers = sorted(data["clause_openers"], key=len, reverse=True)
    subordinators = sorted(data["subordinators"], key=len, reverse=True)
    return ClauseLexicon(
        openers=re.compile("|".join(re.escape(o).replace(r"\ ", r"\s+") for o in openers), re.IGNORECASE),
        coordinators=re.compile(r"\W*(?:" + "|".join(re.escape(c).replace(r"\ ", r"\s+")
                                                     for c in sorted(data["coordinators"], key=len, reverse=True))
                                 + r")\b", re.IGNORECASE),
        interjected=frozenset(" ".join(o.lower().split()) for o in data["interjected"]),
        predicate_opening=re.compile(r"\s*(?:" + "|".join(map(re.escape, data["predicate_openers"])) + r"|[a-z]+ed)\b"),
        subordinator_opening=re.compile(r"^\W*(?:" + "|".join(map(re.escape, subordinators)) + r")\b", re.IGNORECASE),
        negators=_words(data["negators"]),
        negator_exceptions=_words(data["negator_exceptions"]),
        # case-sensitive: "may" is not "May 2016" nor "will" Will; other cues open a sentence capitalised ("Suppose", "If")
        modality=_words(data["modality_cues"] + [c[0].upper() + c[1:] for c in data["modality_cues"]
                                                 if c not in ("may", "will") and c[0].isalpha()], flags=0),
        modality_nouns=_words(data["modality_nouns"]),
        modality_noun_reach=int(data["modality_noun_reach"]),
        comparative_than=re.compile(r"\b(?:" + "|".join(map(re.escape, data["comparatives"])) + r")\s+than\s+", re.IGNORECASE),
        comparison_targets=_words(data["comparison_targets"]),
        said_content=re.compile(r"\b(?:" + "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in
                                                     sorted(data["speech_complements"], key=len, reverse=True))
                                + r")\s+that\b", re.IGNORECASE),
    )


def _words(phrases: list[str], flags: int = re.IGNORECASE) -> re.Pattern:
    """Phrases on word boundaries; "n't" and "'ll" attach to the word before them."""
    glued = [p for p in phrases if p[:1] in "'’"]
    plain = [p for p in phrases if p[:1] not in "'’"]
    regex = words_regex(plain, flags=flags)
    if not glued:
        return regex
    tails = "|".join(re.escape(p[1:]) for p in glued)
    return re.compile(rf"(?:{regex.pattern})|[’'](?:{tails})\b", regex.flags)


STRONG_BREAK = re.compile(r"[;:]|\s[—–-]\s|—|–")
BRACKET = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


CLAUSE_COMMA = re.compile(r",(?!\d{3}\b)")


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    sibling: bool  # opened by punctuation, a coordinator or nothing: parallel to the clause before
    resumes: bool = False  # the clause an aside interrupted, going on after it ("X, which …, has …")


def _masked(sentence: str) -> str:
    """Bracketed asides blanked out, so that "$85 million (USD) in 2014" stays one clause."""
    return BRACKET.sub(lambda m: " " * len(m.group(0)), sentence)


def clauses_of(sentence: str, protected: tuple[tuple[int, int], ...] = ()) -> tuple[Clause, ...]:
    """The clauses of a sentence outside brackets, in order (each bracket is read as a sentence of its own)."""
    return _clauses_of(sentence, protected)


@lru_cache(maxsize=4096)
def _clauses_of(sentence: str, protected: tuple[tuple[int, int], ...]) -> tuple[Clause, ...]:
    lex = lexicon()
    text = _masked(sentence)
    cuts: dict[int, bool] = {m.end(): True for m in STRONG_BREAK.finditer(text)}
    resumed: set[int] = set()
    for m in lex.openers.finditer(text):
        at = m.start() + (1 if text[m.start()] == "," else 0)
        inside = any(s <= at + 1 < e or s <= m.end() - 1 < e for s, e in protected)
        aside = " ".join(m.group(0).lower().split()) in lex.interjected
        date_next = not aside and any(m.end() <= s <= m.end() + 4 for s, _ in protected)
        if not inside and not date_next:
            cuts[at] = bool(lex.coordinators.match(text, m.start() + (1 if text[m.start()] == "," else 0)))
            comma = _aside_end(text, m.end(), protected)
            if aside and comma > 0 and comma + 1 not in cuts:
                cuts[comma + 1] = True  # the interrupted clause resumes
                if lex.predicate_opening.match(text, comma + 1):
                    resumed.add(comma + 1)
    for start in [0] + sorted(cuts):
        if lex.subordinator_opening.match(text, start):
            comma = text.find(",", start)
            if comma > 0:
                cuts.setdefault(comma + 1, True)
    offsets = sorted(c for c in cuts if 0 < c < len(text))
    bounds = [0] + offsets + [len(text)]
    return tuple(Clause(a, b, True if a == 0 else cuts[a], a in resumed) for a, b in zip(bounds, bounds[1:]))


def _aside_end(text: str, start: int, protected: tuple[tuple[int, int], ...]) -> int:
    """The comma that closes an aside opened before ``start``: not the comma of "48,000" nor of a
    date ("enacted on March 23, 2024, provided"); -1 when there is none.
    """
    for after in CLAUSE_COMMA.finditer(text, start):
        if not any(s <= after.start() < e for s, e in protected):
            return after.start()
    return -1


def _bracket_around(sentence: str, position: int) -> tuple[int, int] | None:
    for m in BRACKET.finditer(sentence):
        if m.start() < position < m.end():
            return m.start() + 1, m.end() - 1
    return None


def clause_of(sentence: str, position: int, protected: tuple[tuple[int, int], ...] = ()) -> tuple[int, int]:
    """The clause around ``position``: inside a bracket, the bracket's content."""
    inner = _bracket_around(sentence, position)
    if inner:
        return inner
    for c in clauses_of(sentence, protected):
        if c.start <= position < c.end:
            return c.start, c.end
    return 0, len(sentence)


def siblings(sentence: str, position: int, protected: tuple[tuple[int, int], ...] = ()) -> list[tuple[int, int]]:
    """The clauses parallel to the one at ``position`` (joined to it by punctuation or a coordinator,
    with no subordinate clause opening between), nearest first.
    """
    if _bracket_around(sentence, position):
        return []
    chain = clauses_of(sentence, protected)
    here = next((i for i, c in enumerate(chain) if c.start <= position < c.end), None)
    if here is None:
        return []
    out = []
    k = here
    while k > 0 and chain[k].sibling:
        if chain[k].resumes:  # "The government, which declared … in January, has deployed": not the aside's
            if k < 2:
                break
            k -= 1
        out.append((chain[k - 1].start, chain[k - 1].end))
        k -= 1
    k = here + 1
    while k < len(chain) and chain[k].sibling and not chain[k].resumes:
        out.append((chain[k].start, chain[k].end))
        k += 1
    return out


def same_clause(sentence: str, a: int, b: int, protected: tuple[tuple[int, int], ...] = ()) -> bool:
    return clause_of(sentence, a, protected) == clause_of(sentence, b, protected)


def visible(sentence: str, position: int) -> str:
    """The sentence as the clause at ``position`` reads it: other brackets' asides blanked out."""
    return sentence if _bracket_around(sentence, position) else _masked(sentence)


def without_comparanda(sentence: str) -> str:
    """The sentence with each "than <another estimate> …" stretch blanked out to the next comma
    ("higher than that estimated by the U.S."): what a figure is compared with, not what it is about.
    """
    lex = lexicon()
    out = sentence
    for m in lex.comparative_than.finditer(sentence):
        if lex.comparison_targets.match(sentence, m.end()):
            stop = re.search(r"[,;:()]|$", sentence[m.end():])
            end = m.end() + stop.start()
            out = out[:m.end()] + " " * (end - m.end()) + out[end:]
    return out


def _lead(sentence: str, position: int, protected: tuple[tuple[int, int], ...]) -> str:
    """The words of the clause before ``position``: where its negation or modality is written."""
    start, _ = clause_of(sentence, position, protected)
    return visible(sentence, position)[start:position]


def _has(regex: re.Pattern, text: str, exceptions: re.Pattern | None = None) -> bool:
    spans = [(m.start(), m.end()) for m in exceptions.finditer(text)] if exceptions else []
    return any(not any(s <= m.start() < e for s, e in spans) for m in regex.finditer(text))


def negated(sentence: str, position: int, protected: tuple[tuple[int, int], ...] = ()) -> bool:
    """The clause denies what stands at ``position`` ("did not indicate that there were …", "no evidence that …")."""
    lex = lexicon()
    return _has(lex.negators, _lead(sentence, position, protected), lex.negator_exceptions)


NEGATED_PREDICATE = re.compile(r"[^,;:.()]{0,40}?\b(?:did|does|do|was|were|is|are|has|have|had)\s+(?:not|never)\b|"
                               r"[^,;:.()]{0,40}?\b(?:didn't|doesn't|don't|wasn't|weren't|isn't|aren't|hasn't|haven't|never)\b",
                               re.IGNORECASE)


def denied_as_subject(sentence: str, end: int) -> bool:
    """A figure whose own verb is negated ("the seized 1.2 tons did not belong to his client")."""
    return bool(NEGATED_PREDICATE.match(sentence, end))


def unrealised(sentence: str, position: int, protected: tuple[tuple[int, int], ...] = ()) -> bool:
    """What stands at ``position`` is planned, intended, possible or conditional, not done."""
    lex = lexicon()
    lead = _lead(sentence, position, protected)
    near = " ".join(lead.split()[-(lex.modality_noun_reach + 2):])
    said = list(lex.said_content.finditer(lead))
    wished = lead[said[-1].end():] if said else lead  # "I want to highlight that … seized": the seizure is told
    return _has(lex.modality, wished) or _has(lex.modality_nouns, near) \
        or _has(lex.negators, lead, lex.negator_exceptions)


# "In", "On the morning of", "Late last", after a list marker ("5. On Saturday 12, …")
FRONTED_DATE = re.compile(r"^\W*(?:(?:\d{1,2}|[a-zA-Z])[.)]\s+)?(?:[\w’'-]+\s+){0,4}$")


def fronted(sentence: str, start: int, end: int) -> bool:
    """A date that opens the sentence ("In 2013, …", "Last year, …") dates every clause of it."""
    return bool(FRONTED_DATE.match(sentence[:start])) and bool(re.match(r"\s*,", sentence[end:]))


def compares_estimates(sentence: str, end: int, dates: tuple[tuple[int, int], ...] = ()) -> bool:
    """ "36% greater than that calculated by UNODC": a figure set against another estimate, not against
    an earlier time ("up 14% from a year earlier", "higher than in 2019").
    """
    lex = lexicon()
    m = lex.comparative_than.match(sentence, _skip_unit(sentence, end)) or \
        lex.comparative_than.search(sentence, end, min(len(sentence), end + 40))
    if m is None:
        return False
    target = m.end()
    if any(s <= target + 4 and e > target for s, e in dates) or re.match(r"(?:in|during|a|the\s+(?:previous|same|prior))\b",
                                                                         sentence[target:], re.IGNORECASE):
        return False  # a time: a change
    return bool(lex.comparison_targets.match(sentence, target))


def _skip_unit(sentence: str, end: int) -> int:
    m = re.match(r"\s*(?:%|percent|per\s+cent)?\s*", sentence[end:])
    return end + (m.end() if m else 0)
