"""What an announcement says will happen: a force to be deployed, things to be given or bought."""
from __future__ import annotations

import re

from pipeline.extract import clauses
from pipeline.extract.document import Sentence
from pipeline.extract.metrics import classify
from pipeline.extract.triggers import kind_of
from pipeline.text.numbers import Quantity

DEPLOYMENT_AHEAD = re.compile(r"\b(?:will|would|are\s+to|is\s+to|are\s+set\s+to|is\s+set\s+to|are\s+due\s+to|is\s+due\s+to|"
                              r"is\s+expected\s+to|are\s+expected\s+to)\s+(?:be\s+)?"
                              r"(?:deployed|sent|dispatched|mobili[sz]ed|stationed|flown|airlifted|deploy|send|dispatch|"
                              r"mobili[sz]e|station|fly|airlift)\b", re.I)


PURCHASE_AHEAD = re.compile(r"\b(?:will|would|is\s+to|are\s+to|is\s+set\s+to|plans\s+to|plan\s+to|is\s+expected\s+to)\s+"
                            r"(?:donate|buy|purchase|acquire|deliver|supply|provide|hand\s+over)\b", re.I)


# A delivery or installation scheduled for a date ("The first two H145s are expected to arrive in the second
# quarter of 2026", "is scheduled to be installed in Pichari before the end of the year"): the purchase is done,
# its next step dated. The thing arrives, so it is named before the verb.
ARRIVAL_AHEAD = re.compile(r"\b(?:will|is\s+to|are\s+to|is\s+set\s+to|are\s+set\s+to|is\s+due\s+to|are\s+due\s+to|"
                           r"is\s+expected\s+to|are\s+expected\s+to|is\s+scheduled\s+to|are\s+scheduled\s+to|should)\s+"
                           r"(?:arrive|be\s+delivered|be\s+installed|be\s+handed\s+over|enter\s+service|be\s+commissioned)\b",
                           re.I)
RECEIPT_AHEAD = re.compile(r"\b(?:will|is\s+to|are\s+to|is\s+expected\s+to|are\s+expected\s+to|is\s+scheduled\s+to|"
                           r"are\s+scheduled\s+to|is\s+due\s+to|are\s+due\s+to)\s+(?:receive|take\s+delivery\s+of)\b", re.I)


PROMISING = re.compile(r"\b(?:announced|unveiled|promised|pledged|offered)$", re.I)


def _announced_purchase(after: int, sentence: Sentence) -> Quantity | None:
    """The things an announcement says will be bought or given ("announced that it will donate six
    helicopters"): their count, when the announcement names things a purchase is of.
    """
    text = sentence.text
    objects = kind_of("procurement").objects
    if objects is not None and PROMISING.search(text, max(0, after - 12), after):
        # "In 2013 they announced four radars": what is announced outright is what will be had
        named = next((q for q in sentence.quantities if 0 <= q.start - after and len(text[after:q.start].split()) <= 1
                      and q.unit is None and q.noun and objects.search(q.noun)), None)
        if named is not None:
            return named
    ahead = PURCHASE_AHEAD.search(text, after)
    if ahead is None or objects is None or re.search(r"[.;]", text[after:ahead.start()]) \
            or clauses.negated(text, ahead.start(), ()):
        return None
    return next((q for q in sentence.quantities if ahead.end() <= q.start <= ahead.end() + 30 and q.unit is None
                 and q.noun and objects.search(q.noun)), None)


def _announced_deployment(after: int, sentence: Sentence) -> Quantity | None:
    """The force a sentence says will be deployed ("announced that 300 additional agents will be
    deployed in the VRAEM", "is expected to send an additional 600 soldiers"): its count.
    """
    text = sentence.text
    ahead = DEPLOYMENT_AHEAD.search(text, after)
    if ahead is None or re.search(r"[.;]", text[after:ahead.start()]) or clauses.negated(text, ahead.start(), ()):
        return None
    forces = [q for q in sentence.quantities if after <= q.start and q.unit is None and q.noun
              and abs(q.start - ahead.start()) <= 60 and classify(q, "count", q.noun, text) == "personnel"]
    return forces[0] if forces else None


def scheduled_purchase(sentence: Sentence, told_before: str = "") -> tuple[re.Match, Quantity | None] | None:
    """A purchase's dated next step ("The Air Force is expected to receive the first of three new radars in
    the first half of 2025"): the match of the step and the count of things, when the things are what a
    purchase is of and the sentence dates the step after it. A plan to buy is not one (no thing is had yet).
    """
    text = sentence.text
    objects = kind_of("procurement").objects
    if objects is None:
        return None
    for regex, before in ((ARRIVAL_AHEAD, True), (RECEIPT_AHEAD, False)):
        m = regex.search(text)
        if m is None or clauses.negated(text, m.start(), ()) or re.search(r"\bif\b", text[:m.start()], re.I):
            continue
        if not any(d.start >= m.end() and d.precision != "unknown" for d in sentence.dates):
            continue
        window = text[max(0, m.start() - 60):m.start()] if before else text[m.end():m.end() + 60]
        named = objects.search(window) or before and THINGS_NAMED.search(window) \
            or PRONOUN_SUBJECT.search(window) and objects.search(told_before)  # "The first of them will arrive"
        if not named:
            continue
        lo, hi = (m.start() - 60, m.start()) if before else (m.end(), m.end() + 60)
        count = next((q for q in sentence.quantities if lo <= q.start < hi and q.unit is None and q.value >= 1
                      and not FIRST_OF.search(text, max(0, q.start - 12), q.start)), None)
        return m, count
    return None


PRONOUN_SUBJECT = re.compile(r"(?:^|\W)(?:of\s+them|they|it)\s+$", re.I)
FIRST_OF = re.compile(r"\bfirst\s+of\s+(?:the\s+)?$", re.I)  # "the first of three radars": one of them

# "The first two H145s": an aircraft's model name counts the things a purchase is of
THINGS_NAMED = re.compile(r"\b[A-Z]{1,4}-?\d{2,4}[A-Z]?s\b")


def scheduled_deployment(sentence: Sentence) -> tuple[re.Match, Quantity] | None:
    """A force the sentence says will be deployed at a time it gives ("from February, 1,200 additional
    police officers will be deployed"): its count. Undated, it is a plan.
    """
    if not any(d.precision != "unknown" for d in sentence.dates) or re.search(r"\bif\b", sentence.text, re.I):
        return None
    force = _announced_deployment(0, sentence)
    ahead = DEPLOYMENT_AHEAD.search(sentence.text)
    return (ahead, force) if force is not None and ahead is not None else None
