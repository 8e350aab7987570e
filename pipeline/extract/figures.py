"""Figures: the estimate-like numbers of a sentence, with their metric, subject and range.

Every figure of a sentence that is not a date and not the count of an event
becomes a row. Its metric comes from the counted noun first, then from cue
words in its clause (``metrics``); what money pays for is read in ``money``,
who pays it in ``attribution``, and when and where a figure is about in
``figure_scope``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract import clauses
from pipeline.extract.document import LABELLED_FIGURE, Sentence
from pipeline.extract.lexicon import CURRENCIES, MetricLexicon, metric_lexicon
from pipeline.extract.metrics import classify
from pipeline.text.numbers import Quantity, find_quantities

# "each carrying around 350 kilos", "each leaving with 300 to 400 kilos"
EACH_LOAD_BEFORE = re.compile(r"\b(?:each|every)\s+(?:one\s+)?(?:carrying|carries|loaded\s+with|with|transporting|holding|laden\s+with|\w+ing\s+with)\s+(?:\w+\s+){0,3}$", re.I)
# "thirty flights a week, with three hundred kilos each"
EACH_LOAD_AFTER = re.compile(r"^\s*(?:of\s+\w+\s+)?(?:each|apiece|on\s+(?:each|every)\s+(?:one|flight|plane|trip))\b", re.I)
AIRCRAFT = re.compile(r"\b(?:planes?|airplanes?|aircraft|cessnas?|avionetas?|narco-?planes?|flights?|jets?|helicopters?|"
                      r"twin-engines?|single-engines?)\b", re.I)
# "The bigger twin-engines can take up to five hundred": what an aircraft carries is one flight's load
AIRCRAFT_CARRIES = re.compile(r"\b(?:carr(?:y|ies|ied)|takes?|took|loads?|loaded\s+with|holds?|lifts?)\s+(?:up\s+to\s+|about\s+|some\s+|"
                              r"around\s+|nearly\s+|at\s+most\s+)?$", re.I)
NOUN_AFTER_RE = re.compile(r"^[\s“”\"'‘’]*((?:[A-Za-z][\w-]*[\s“”\"'‘’]*){1,6})")
OF_THE_RE = re.compile(r"^\s+of\s+(?:the|these|those)\s+")


@dataclass
class Figure:
    quantity: Quantity
    metric: str
    unit: str
    value: float
    low: float
    high: float
    subject: str
    derived: bool
    per: str | None = None


NOT_A_NOUN_START = re.compile(r"^(?:in|per|of|at|for|between|each|every|a|an|the|to|from|by|on|with|and|or|is|are|was|"
                              r"were|has|have|had|will|would|can|could|that|which|who|than|more|less|greater|"
                              r"higher|lower|percent|carrying|transported|according)\b")


def _noun_of(q: Quantity, text: str) -> str | None:
    """The counted or measured thing: the figure's own noun, else the words right after it."""
    if q.noun:
        return q.noun
    rest = text[q.end:]
    if OF_THE_RE.match(rest):
        return rest[OF_THE_RE.match(rest).end():][:60]
    m = NOUN_AFTER_RE.match(rest)
    if m:
        words = " ".join(m.group(1).replace("“", " ").replace("”", " ").split())
        return None if NOT_A_NOUN_START.match(words.lower()) else words
    return None


def _subject(q: Quantity, noun: str | None, metric: str, text: str) -> str:
    """What is measured, as written where the sentence says it, else the metric's plain name."""
    if q.noun:
        return q.noun
    if q.unit == "percent":
        m = re.match(r"^\s*(?:%|percent|per\s+cent)?\s+of\s+((?:[\w’'-]+\s*){1,6})", text[q.number_end:])
        if m:
            return m.group(1).strip()
    if noun and not NOT_A_NOUN_START.match(noun.lower()):
        return " ".join(noun.split()[:5])
    if metric == "price":
        priced = _priced(q, text)
        if priced:
            return priced
    return metric_lexicon().default_subjects.get(metric, metric)


PAYMENT_OF = re.compile(r"\b(bribes?|payments?|wages?|salar(?:y|ies)|fees?|commissions?)\s+of\s+(?:up\s+to\s+|about\s+|some\s+|between\s+)?$",
                        re.I)
PAID_SUBJECT = re.compile(r"(?:^|[,;:]\s+|\b(?:and|but)\s+)((?:[A-Z]?[a-z]+\s+){0,2}[a-z]*[A-Za-z]+s)\s+(?:were|are|was|is|get|got|gets)\s+paid\b")


def _priced(q: Quantity, text: str) -> str | None:
    """What a sum is the price of: "bribes of up to 15,000 soles", "Pilots were paid US$40,000", else
    the good nearest it in its sentence ("a kilo of cocaine base … for US$900").
    """
    m = PAYMENT_OF.search(text, max(0, q.start - 40), q.start)
    if m:
        return m.group(1).lower()
    m = PAID_SUBJECT.search(text, 0, q.start)
    if m and q.start - m.end() <= 20:
        return m.group(1).strip()
    goods = [g for g in metric_lexicon().priced_goods.finditer(text)]
    if goods:
        return min(goods, key=lambda g: abs(g.start() - q.start)).group(0)
    return None


TOTAL_OF_PART = re.compile(r"\s+(?:out\s+)?of\s+(?:the|its|their|all|some|an\s+estimated)?\s*", re.I)
ELLIPSIS_AFTER_RE = re.compile(r"^\s*(?:were|was|are|is|have|had|has|of\s+them|each|in\s+all|[,;.)])", re.I)
# "… up from 22,000 last year": a bare number, its unit left to the figure before, then its time
BARE_BEFORE_TIME = re.compile(r"^\s*(?:in|during|last|the\s+(?:previous|year\s+before)|a\s+year\s+(?:earlier|before|ago))\b",
                              re.I)


def _is_derived(q: Quantity, sentence: Sentence, index: int) -> bool:
    """The article computed it: "X equal Y", "X — Y a month", "At X per flight, Y", "by our calculation",
    "That is roughly US$ 1,700" after the figure it restates.
    """
    lex = metric_lexicon()
    if lex.own_calculation.search(sentence.text):
        return True
    if index == 0:
        opener = lex.restating_opener.match(sentence.text.lstrip())
        return bool(opener) and len(sentence.text.lstrip()[opener.end():q.start].split()) <= 3
    previous = sentence.quantities[index - 1]
    between = sentence.text[previous.end:q.start]
    if lex.derivation.search(between):
        return True
    if re.search(r"[—–]", between) and previous.unit == q.unit and previous.per != q.per:
        return True
    first = sentence.quantities[0]
    return bool(re.match(r"^\s*(?:At|With)\s+$", sentence.text[:first.start]))


LABEL_BEFORE_BRACKET = re.compile(r"((?:[A-ZÁÉÍÓÚÑ][\w’'.-]*\s+){0,3}[A-ZÁÉÍÓÚÑa-z][\w’'.-]*)\s*\(\s*$")
LABEL_AFTER = re.compile(r"^\s*(?:%|percent|per\s+cent)?\s*(?:(?:go|goes|went|is|are|was|were|ends\s+up|heads?)\s+)?"
                         r"((?:to|for|in|from|into|through)\s+(?:the\s+)?(?:[A-ZÁÉÍÓÚÑ][\w’'.-]*\s*){1,4})")
HEAD_NOISE = re.compile(r"^\W*(?:(?:of|the|a|an|and)\s+)+|\b(?:is|are|was|were|goes|go|went|as\s+follows)\b\s*|[:,]\s*$",
                        re.IGNORECASE)


def _is_lab_input(unit: str, subject: str, lex: MetricLexicon) -> bool:
    """A volume counted as a count, or a weight of a chemical: a laboratory's inputs."""
    if unit == "count":
        return bool(lex.lab_input_volume.match(subject))
    return unit in ("kg", "t") and bool(lex.lab_input.search(subject)) and not lex.priced_goods.search(subject)


def _list_item_subject(sentence: Sentence, index: int) -> str | None:
    """A share in a list is about its own item: "The cocaine is destined for Europa (79%), North America
    (9%) …" -> "cocaine destined for Europa"; "4% to Europe, 5% to Africa" -> "<what is shared> to Europe".
    """
    shares = [q for q in sentence.quantities if q.unit == "percent"]
    q = sentence.quantities[index]
    if q.unit != "percent" or len(shares) < 2:
        return None
    text = sentence.text
    before = LABEL_BEFORE_BRACKET.search(text[max(0, q.start - 60):q.start])
    after = LABEL_AFTER.match(text[q.number_end:])
    label = before.group(1) if before else after.group(1).strip() if after else None
    if not label:
        return None
    first = shares[0]
    first_label = LABEL_BEFORE_BRACKET.search(text[max(0, first.start - 60):first.start])
    head_end = first.start - (len(first_label.group(0)) if first_label else 0)
    head_start, _ = clauses.clause_of(text, head_end)
    head = text[head_start:head_end]
    head = " ".join(HEAD_NOISE.sub(" ", head).split()[-8:])
    label = label.strip(" .,;")
    return f"{head} {label}".strip() if head else label


def _total_after(sentence: Sentence, index: int) -> Quantity | None:
    """The whole a part is counted in ("ten of the 130 members" -> 130 members)."""
    if index + 1 >= len(sentence.quantities):
        return None
    q, total = sentence.quantities[index], sentence.quantities[index + 1]
    m = TOTAL_OF_PART.match(sentence.text, q.end)
    return total if m and m.end() == total.start else None


ATTRIBUTIVE_MEASURE = re.compile(r"-(?:metre|meter|m|km|kilometre|kilometer|day|week|month|year|hour|minute|second|"
                                 r"person|man|member|seat|storey|story|page|point|inch|foot|feet|mile)s?\b", re.I)
SCALED = re.compile(r"\b(?:million|billion|bn|mn|m)\b", re.I)
ANAPHORIC_BEFORE = re.compile(r"\b(?:those|these|that|the\s+same)\s+$", re.I)


def _elided_currency(sentence: Sentence, index: int, context: str) -> str | None:
    """ "118 million soles went to CORAH and 74 million to DIRANDRO": a bare sum in millions takes the
    currency of the sum before it in the sentence, else of the sentence before ("Of those 540 million").
    """
    q = sentence.quantities[index]
    if q.unit is not None or q.noun is not None or not SCALED.search(q.text):
        return None
    before = [p for p in sentence.quantities[:index] if p.unit in CURRENCIES]
    if before:
        return before[-1].unit
    if context and ANAPHORIC_BEFORE.search(sentence.text[max(0, q.start - 20):q.start]):
        earlier = [p for p in find_quantities(context) if p.unit in CURRENCIES]
        if earlier:
            return earlier[-1].unit
    return None


def _elided_measure(sentence: Sentence, index: int, context: str) -> str | None:
    """ "We eradicated 18,500 hectares. This year the target is 20,000.": a bare figure that closes its
    clause, in a sentence without other figures, is in the unit of the area or mass just told.
    """
    q = sentence.quantities[index]
    if q.unit is not None or q.noun is not None or not context or len(sentence.quantities) > 1 \
            or not re.match(r"\s*(?:[,;.)]|$)", sentence.text[q.end:]) or q.high < 100:
        return None
    earlier = [p for p in find_quantities(context) if p.unit is not None]
    return earlier[-1].unit if earlier and earlier[-1].unit in ("ha", "t", "kg") else None


def _elided_noun(sentence: Sentence, index: int, context: str) -> str | None:
    """ "… 172 active clandestine strips. An NGO mapped more than 60 in Puerto Inca alone.": a bare count,
    alone in its sentence, counts what the count just before it counted.
    """
    q = sentence.quantities[index]
    if q.unit is not None or q.noun is not None or not context or len(sentence.quantities) > 1:
        return None
    if not re.match(r"\s+(?:in|of\s+them|alone|across|along|on|at|there)\b", sentence.text[q.end:]):
        return None
    earlier = [p for p in find_quantities(context) if p.unit is None and p.noun]
    return earlier[-1].noun if earlier else None


def _label_noun(sentence: Sentence, q: Quantity) -> str | None:
    """ "• Clandestine airstrips destroyed since 2020: 412": a fact box's figure counts what its label names."""
    m = LABELLED_FIGURE.match(sentence.text)
    if m is None or q.start < sentence.text.index(":") or q.noun or q.unit:
        return None
    label = re.sub(r"^\s*[•▪·*-]\s*", "", sentence.text[:sentence.text.index(":")])
    return " ".join(label.split()[:6])


def _states_value(context: str, value: float) -> bool:
    return any(p.value == value for p in find_quantities(context)) if context else False


COORDINATED = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and|or|as\s+well\s+as|plus|along\s+with)\s*", re.I)


AGE_AFTER_NAME = re.compile(r"[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+,\s*(?:aged\s+)?$")


def figures(sentence: Sentence, skip: set[tuple[int, int]], context: str = "") -> list[Figure]:
    """The estimate-like figures of a sentence (money included, routed later)."""
    lex = metric_lexicon()
    out: list[Figure] = []
    previous: Figure | None = None
    for index, q in enumerate(sentence.quantities):
        if (q.start, q.end) in skip:
            continue
        unit = q.unit or _elided_currency(sentence, index, context) or _elided_measure(sentence, index, context) or "count"
        if unit in CURRENCIES and q.unit is None and ANAPHORIC_BEFORE.search(sentence.text[max(0, q.start - 20):q.start]) \
                and _states_value(context, q.value):
            continue  # "Of those 540 million, …": the sum of the sentence before, named again
        elided = q.noun is None and previous is not None and previous.unit == unit \
            and bool(ELLIPSIS_AFTER_RE.match(sentence.text[q.end:])
                     or q.end == q.number_end and BARE_BEFORE_TIME.match(sentence.text[q.end:]))
        noun = previous.subject if elided else _noun_of(q, sentence.text) or _elided_noun(sentence, index, context) \
            or _label_noun(sentence, q)
        following = sentence.quantities[index + 1].start if index + 1 < len(sentence.quantities) else None
        metric = previous.metric if elided else classify(q, unit, noun, sentence.text, context, following)
        kin = next((f for f in reversed(out) if f.unit == unit), None)  # "… 2,600 tons (at 100% purity), up from 2,300 tons"
        if metric is None and kin is not None and (kin is previous or q.noun is None) \
                and (q.noun is None or COORDINATED.fullmatch(sentence.text[kin.quantity.end:q.start])):
            # "450 marines and 20 prosecutors": one list; "450 marines searched 31 warehouses": not
            metric = kin.metric
            noun = noun if q.noun else kin.subject
        metric = metric or "other"
        per = q.per
        if per is None and unit in ("kg", "t") and (EACH_LOAD_BEFORE.search(sentence.text[max(0, q.start - 40):q.start])
                                                   or EACH_LOAD_AFTER.match(sentence.text[q.end:])
                                                   or AIRCRAFT_CARRIES.search(sentence.text[max(0, q.start - 30):q.start])) \
                and AIRCRAFT.search(sentence.text):
            per = "flight"  # "five small planes a day …, each carrying around 350 kilos"
        if per == "flight" and metric in ("other", "cocaine_trafficked", "cocaine_production"):
            metric = "flight_cargo"
        low, high, value = q.low, q.high, q.value
        if index > 0 and TOTAL_OF_PART.match(sentence.text, sentence.quantities[index - 1].end) \
                and TOTAL_OF_PART.match(sentence.text, sentence.quantities[index - 1].end).end() == q.start:
            metric = "other"  # "ten of the 130 members of parliament": 130 is the whole, not the count implicated
        if metric == "coca_area_change" and lex.decrease.search(sentence.text):
            low, high, value = -q.high, -q.low, -q.value
        if unit == "count" and q.noun is None and q.high < 110 and AGE_AFTER_NAME.search(sentence.text, 0, q.start) \
                and re.match(r"\s*(?:[,;.)]|and\b|$)", sentence.text[q.end:]):
            continue  # "Sub-officer Luz Marina Quispe Rojas, 34": an age
        if unit == "count" and q.noun in ("times", "time") and q.per is None:
            continue  # "attacked 14 times": how often, which the event counts
        if metric == "other" and unit == "count" and (q.high < lex.min_other_count or not re.search(r"\d", q.text)):
            continue  # a small count, or one spelled out ("the remaining ten", "fifteen working days"), says no figure
        if metric == "other" and ATTRIBUTIVE_MEASURE.match(sentence.text, q.number_end):
            continue  # "3-metre mosaics", "a 60-day state of emergency": a measure that describes a thing
        subject = previous.subject if elided else _subject(q, noun, metric, sentence.text)
        item = _list_item_subject(sentence, index)
        if item:
            subject = item
            metric = "market_share" if metric == "other" else metric  # labelled shares of one whole
        part_of = _total_after(sentence, index)
        if part_of is not None and not q.noun:
            subject = _subject(part_of, part_of.noun or _noun_of(part_of, sentence.text), metric, sentence.text)
        if metric == "other" and _is_lab_input(unit, subject, lex):
            continue  # "4,800 litres of gasoline", "1,100 kilos of cement": what a seizure counts, no figure
        if metric == "other" and unit == "percent" and lex.odds_after.match(sentence.text, q.end):
            continue  # "a sixty percent chance of rain": a forecast's odds
        if metric == "other" and unit in ("km", "m") and lex.place_distance_after.match(sentence.text, q.end):
            continue  # "about 40 kilometres downstream": where a thing is, not a figure
        figure = Figure(q, metric, unit, value, low, high, subject[:80], _is_derived(q, sentence, index), per)
        out.append(figure)
        previous = figure
    return _shared_predicates(out, sentence.text)


def _shared_predicates(out: list[Figure], text: str) -> list[Figure]:
    """ "Six police officers and two soldiers lost their lives": coordinated counts share their verb, so the
    first is casualties too, not a force.
    """
    for a, b in zip(out, out[1:]):
        if a.unit == b.unit == "count" and b.metric == "casualties" and a.metric in ("personnel", "other") \
                and COORDINATED.fullmatch(text[a.quantity.end:b.quantity.start]):
            a.metric = "casualties"
    return out
