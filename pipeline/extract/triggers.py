"""Trigger words: where a sentence reports that something of an event type happened.

A trigger counts only as something that happened: a past or perfect verb
("destroyed", "have killed"), a passive with was/were, an infinitive after a
reported attempt ("tried to purchase"), or a noun ("the destruction of",
"a press conference") that the sentence dates or quantifies. Generic,
future, negated and modal statements are not events. Kept apart from the
counts, dates and actors so the lexicon matching can be read on its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from pipeline.extract import clauses
from pipeline.extract.lexicon import EventType, event_lexicon
from pipeline.text.calendar import MONTH_ALTERNATION

WINDOW_WORDS = 8
TEMPORAL_REFERENCE = re.compile(r"\b(?:before|until|till|prior\s+to|ahead\s+of)\s+(?:the|its|their|this|that)\s+(?:[\w-]+\s+)?$"
                                r"|\b(?:during|amid|in\s+the\s+course\s+of)\s+(?:(?:the|its|their|this|that|these|those)\s+)?"
                                r"(?:[\w-]+\s+)?$", re.I)   # "detained nine workers during raids": the time of the arrests
WORD_RE = re.compile(r"\S+")
# not "that": in "the package that cleared the Senate" it is a relative pronoun, and its verb a report
ADJECTIVAL_BEFORE = re.compile(r"\b(?:the|a|an|its|their|these|those|this|recently|newly|of|with)\s+$", re.IGNORECASE)


# An entry of a chronology: a date, then a dash or colon ("14 July 2022 —", "2021:", "March 2019 –")
CHRONOLOGY_ENTRY = re.compile(rf"^\W*(?:(?:\d{{1,2}}\s+)?(?:{MONTH_ALTERNATION})\s+(?:\d{{1,2}},?\s+)?)?(?:1[89]|20)\d\d"
                              r"\s*(?:[—–:]|--?)\s")


# An entry of a live page or a minute-by-minute account: "06:10 —", "[07:45]", "11.20 h:"
TIMESTAMP_ENTRY = re.compile(r"^\W*\[?\d{1,2}[:.h]\d{2}\s*(?:a\.?m\.?|p\.?m\.?|h|hrs)?\]?\s*(?:[—–:|-]|--)\s")
NOTHING_AFTER = re.compile(r"\s+(?:no|nothing|none|neither)\b", re.I)


# Event types that are acts in the field, and those whose object can be counted one by one
PHYSICAL = {"airstrip_destruction", "lab_destruction", "eradication", "seizure", "arrest", "armed_clash",
            "security_operation"}
COUNTABLE = {"airstrip_destruction", "lab_destruction", "procurement", "seizure"}


@dataclass
class Trigger:
    type: str
    start: int
    end: int
    form: str                  # past, passive, base, gerund, noun
    object_span: tuple[int, int] | None = None
    dated_only: bool = False   # its type makes an event only when the sentence dates it
    antecedent: str | None = None  # what a pronoun object stands for ("disabled it": the airstrip told before)


def _words_before(text: str, position: int, n: int) -> str:
    words = text[:position].split()
    return " ".join(words[-n:])


def _window_after(text: str, position: int, n: int = WINDOW_WORDS) -> tuple[int, int]:
    words = list(islice(WORD_RE.finditer(text, position), n))
    return position, (words[-1].end() if words else position)


def _window_before(text: str, position: int, n: int = WINDOW_WORDS) -> tuple[int, int]:
    words = list(WORD_RE.finditer(text[:position]))[-n:]
    return (words[0].start() if words else position), position


# "disabled it", "intercepted 17 of them": a pronoun object stands for a noun told before
PRONOUN_OBJECT = re.compile(r"\s+(?:(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|all|both|most|some|many)"
                            r"\s+of\s+)?(it|them)\b(?!\s+(?:to|was|were|is|are)\b)", re.I)


def _antecedent(kind: EventType, told_before: str) -> str | None:
    """The last noun of the trigger's objects in what was told before: what "it" or "them" stands for."""
    if kind.objects is None:
        return None
    found = list(kind.objects.finditer(told_before))
    return found[-1].group(0).lower() if found else None


def _find_object(kind: EventType, text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    if kind.objects is None:
        return None
    m = kind.objects.search(text, span[0], span[1])
    if m is None:
        return None
    end = m.end()
    while (more := kind.objects.match(text, end + 1)) is not None and text[end:end + 1] == " ":
        end = more.end()  # the whole phrase: "drug planes", not "drug"
    return m.start(), end


def _blocked(text: str, start: int, kind: str = "") -> bool:
    """Future, modal, negated or intended: not something that happened. A statement is read by the
    words right before it: "…, surpassing the annual goal, the minister reported" was said.
    """
    lex = event_lexicon()
    before = _words_before(text, start, 3)
    if NO_SUBJECT_BEFORE.search(text, max(0, start - 60), start):
        return True  # "no police officer and no soldier was wounded"
    return bool(lex.blockers.search(before)) or (kind != "statement" and clauses.unrealised(text, start))


NO_SUBJECT_BEFORE = re.compile(r"(?:^|[\s,;:])(?:[Nn]o\s+(?:[a-z]+\s+){1,5}?|(?:[Nn]obody|[Nn]o\s+one|[Nn]one)\s+(?:[a-z]+\s+){0,5}?)"
                               r"(?:was|were|has\s+been|have\s+been|had\s+been)\s+$")


def _passive_kind(text: str, start: int) -> str | None:
    """'generic' for is/are/can be + participle, 'past' for was/were/had been, else None."""
    lex = event_lexicon()
    before = _words_before(text, start, 3)
    tail = re.sub(r"\b(?:also|then|later|reportedly|allegedly|accidently|accidentally|already|all|temporarily|recently|just|eventually|successfully)\b\s*", "", before, flags=re.I).strip()
    last_two = " ".join(tail.split()[-2:])
    if lex.passive_generic.search(last_two) and not lex.passive_past.search(last_two):
        return "generic"
    if lex.passive_past.search(last_two):
        return "past"
    return None


def _triggers_of(kind: EventType, text: str, chronology: bool = False, told_before: str = "") -> list[Trigger]:
    """``chronology``: the sentence is in an entry of a chronology or a live page, which tells the past in
    the present (the caller reads the entry's opening). ``told_before``: the sentence before, for what a
    pronoun object stands for.
    """
    lex = event_lexicon()
    found: list[Trigger] = []
    verbs = list(kind.past.finditer(text))
    if kind.present is not None and chronology:
        # "March 2019 — Congress approves Law 30339": a chronology tells what happened in the present
        verbs = sorted(verbs + [m for m in kind.present.finditer(text)   # not an infinitive ("allows it to shoot down")
                                if not re.search(r"\bto\s+$", text[max(0, m.start() - 4):m.start()])],
                       key=lambda m: m.start())
    for m in verbs:
        if _blocked(text, m.start(), kind.name) or ADJECTIVAL_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
            continue  # "the dismantled laboratories": a description, not a report
        if NOTHING_AFTER.match(text, m.end()):
            continue  # "Police found no evidence that …", "seized nothing"
        passive = _passive_kind(text, m.start())
        if passive is None and lex.passive_past.match(m.group(0)):
            passive = "past"  # the trigger holds its auxiliary: "2.4 tonnes were found"
        if passive == "generic" and chronology:
            passive = "past"  # "Over the next six years, at least 30 aircraft are downed"
        if passive == "generic":
            continue
        after = _window_after(text, m.end())
        before = _window_before(text, m.start())
        # the object after the trigger, else one the phrase holds ("ordered a pause")
        obj = (_find_object(kind, text, after) or _find_object(kind, text, (m.start(), m.end()))) if passive is None else None
        form = "past"
        if obj is None and kind.objects is not None:
            obj = _find_object(kind, text, before)
            form = "passive" if passive == "past" else "participle"
        antecedent = None
        if obj is None and passive is None and (pronoun := PRONOUN_OBJECT.match(text, m.end())) is not None:
            antecedent = _antecedent(kind, told_before + " " + text[:m.start()])
            obj, form = ((pronoun.start(1), pronoun.end(1)), "past") if antecedent else (None, form)
        if kind.objects is not None and obj is None:
            continue
        found.append(Trigger(kind.reports, m.start(), m.end(), form, obj, kind.dated_only, antecedent))

    def licensed_base(m: re.Match) -> bool:  # "tried to purchase", "decided to acquire"
        return bool(re.search(rf"(?:{lex.licensing.pattern})\s+(?:not\s+)?to\s*$", text[:m.start()], re.IGNORECASE))

    def licensed_gerund(m: re.Match) -> bool:  # "in the process of acquiring", ", pulling up"
        return bool(lex.progressive.search(_words_before(text, m.start(), 4))
                    or text[:m.start()].rstrip().endswith(",")
                    or lex.gerund_reporters is not None and re.search(rf"(?:{lex.gerund_reporters.pattern})\s*$",
                                                                      text[:m.start()], lex.gerund_reporters.flags))

    for regex, form, licensed in ((kind.base, "base", licensed_base), (kind.gerund, "gerund", licensed_gerund)):
        for m in regex.finditer(text):
            if not licensed(m):
                continue
            obj = _find_object(kind, text, _window_after(text, m.end()))
            if kind.objects is not None and obj is None:
                continue
            found.append(Trigger(kind.reports, m.start(), m.end(), form, obj, kind.dated_only))
    for m in kind.nouns.finditer(text):
        if TEMPORAL_REFERENCE.search(text, max(0, m.start() - 30), m.start()):
            continue  # "before the offensive", "since the raids": a time, not a report
        if kind.not_before is not None and kind.not_before.match(text, m.end() + 1 if m.end() < len(text) else m.end()):
            continue
        if _blocked(text, m.start(), kind.name):
            continue
        obj = _find_object(kind, text, _window_after(text, m.end(), 10))
        if kind.objects is not None and obj is None:
            continue
        found.append(Trigger(kind.reports, m.start(), m.end(), "noun", obj, kind.dated_only))
    return sorted(found, key=lambda t: (t.start, t.form != "past"))


def kind_of(name: str) -> EventType:
    return next(k for k in event_lexicon().types if k.name == name)
