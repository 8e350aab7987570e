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
