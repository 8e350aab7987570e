"""What an event counts: the figure a trigger's object carries, its unit, and coordinated objects.

"destroyed ten airstrips" counts 10 airstrips; "dismantled a laboratory" counts
one. Separate from trigger matching because it reads the sentence's numbers,
never its verbs' tense or modality.
"""
from __future__ import annotations

import re
from dataclasses import replace

from pipeline.extract.document import Sentence
from pipeline.extract.lexicon import CURRENCIES, EventType, event_lexicon
from pipeline.extract.triggers import COUNTABLE, Trigger, kind_of
from pipeline.text.numbers import Quantity

UNIT_WORDS = {"ha": "hectares", "t": "tons", "kg": "kilograms", "percent": "percent", "m": "meters", "km": "kilometers"}
CANONICAL_UNIT_WORDS = {"t": "tons", "ha": "hectares"}
# a mass or an area set against another period's is a series of totals; counted things stay events
SERIES_UNITS = {"t", "kg", "ha"}


SHARED_OBJECT_VERB = re.compile(r"\s+(?:or|and)\s+(?:\w+ed|\w+en|shot|hit|struck|caught|seized|sank)\b(?:\s+(?:down|up|off|out))?",
                                re.I)


RELATIVE_SUBJECT_GAP = re.compile(r"\s+(?:that\s+|which\s+)?(?:it|they|he|she|we|the\s+[a-z]+|[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})"
                                  r"\s+(?:had\s+|has\s+|have\s+)?")


def _quantity_for(trigger: Trigger, quantities: list[Quantity], text: str) -> Quantity | None:
    """The figure attached to the trigger's object ("destroyed ten airstrips" -> 10); never a percentage."""
    quantities = [q for q in quantities if q.unit != "percent" and q.unit not in CURRENCIES]
    kind = kind_of(trigger.type)
    for q in quantities:   # "the 24,950 hectares it removed last year": the object of a relative clause
        if q.end <= trigger.start and RELATIVE_SUBJECT_GAP.fullmatch(text, q.end, trigger.start) and kind.objects is not None \
                and kind.objects.search(text, q.start, q.end) and trigger.form == "past":
            return q
    if trigger.object_span:
        o_start, o_end = trigger.object_span
        holding = [q for q in quantities if q.start <= o_start < q.end + 1 or q.start <= o_end <= q.end]
        if holding:
            return holding[0]   # "About 300 officers destroyed 12 laboratories": the count of the object
        for q in quantities:
            if q.noun and q.end <= o_start and re.search(r"\b(?:a|an|one)\b|\d", text[q.end:o_start], re.I):
                continue  # "three laboratories and a clandestine airstrip": a count of another noun
            gap = text[q.end:o_start]
            # "seized 7.8 tonnes and eradicated 300 ha of coca": never a count across the verb or another count
            active = trigger.form not in ("passive", "participle")
            across = active and (q.end <= trigger.start < o_start and re.search(r"\b(?:and|or|but)\b|,", text[q.end:trigger.start])
                                 or any(q.end <= other.start and other.end <= o_start for other in quantities))
            if 0 <= o_start - q.end <= 40 and len(gap.split()) <= 3 and not re.search(r"[.;:]", gap) and not across:
                return q
        return None
    if trigger.form == "noun" and not trigger.object_span:
        # "two clashes last Sunday": the count right before the noun; "the seizure of 2 tons": after "of"
        for q in reversed(quantities):
            if q.start < trigger.start < q.end:
                return q  # "two clashes": the count's noun is the trigger
            if q.end <= trigger.start and re.fullmatch(r"\s*(?:[\w-]+\s+)?", text[q.end:trigger.start]) \
                    and (q.noun is None or q.end >= trigger.end - 1 or trigger.start < q.end):
                return q
        for q in quantities:
            if q.start >= trigger.end and q.noun == "times" and len(text[trigger.end:q.start].split()) <= 3:
                return q  # "came under attack at least seven times"
            if q.start >= trigger.end and re.fullmatch(r"\s+of\s+(?:(?:some|about|around|nearly|more\s+than|at\s+least)\s+)?",
                                                       text[trigger.end:q.start], re.I):
                return q
        return None
    inside = [q for q in quantities if trigger.start < q.start and q.end <= trigger.end]
    if inside:
        return inside[0]  # "deployed 3,600 soldiers": the trigger phrase holds its count
    object_after = any(q.start >= trigger.end and not text[trigger.end:q.start].strip() for q in quantities)
    if trigger.form in ("participle", "past") and not trigger.object_span and not object_after:
        # "left 14 people detained and 22 laboratories destroyed": the count right before a verb with
        # no object after it is what it acted on
        for q in reversed(quantities):
            if q.end <= trigger.start and not text[q.end:trigger.start].strip():
                return q
    # "shot down or forced down at least 25 aircraft": a second verb shares the object
    verb_end = trigger.end + (m.end() if (m := SHARED_OBJECT_VERB.match(text[trigger.end:])) else 0)
    for q in quantities:
        if 0 <= q.start - verb_end <= 25 and len(text[verb_end:q.start].split()) <= 2 \
                and not re.search(r"[:;,]", text[verb_end:q.start]):   # "Four people were detained: three port workers …"
            return q
    if trigger.form in ("passive", "participle", "past"):
        # "two port workers were detained", "17 people were killed"
        for q in reversed(quantities):
            # "four people, including a Peruvian citizen, were detained": an aside between commas
            gap = re.sub(r",\s*(?:including|among\s+them|among\s+whom|all\s+of\s+them)\b[^,;:.]{0,60},", " ", text[q.end:trigger.start])
            # "Four (4) members of the criminal organization “Los Injertos” were arrested": what they belong to
            gap = re.sub(r"^\s+of\s+(?:the\s+|a\s+|an\s+)?[^,;:.]{0,70}?(?=\s+(?:were|was|have|has|had)\b)", " ", gap)
            if q.end <= trigger.start and len(gap.split()) <= 5 and not re.search(r"[.;:,]", gap):
                return q
    return None


def _unit_of(q: Quantity, trigger: Trigger, text: str) -> str | None:
    """What the quantity counts, as written ("tonnes", "kilos"), unless it was converted."""
    if q.unit in CANONICAL_UNIT_WORDS:
        return CANONICAL_UNIT_WORDS[q.unit]  # "tonnes", "tons", "metric tons": the codebook's "tons"
    if q.unit:
        written = re.match(r"^\s*([A-Za-z]+)", text[q.number_end:q.end])
        digits = re.sub(r"[^\d.]", "", text[q.number_start:q.number_end])
        same_value = digits.replace(".", "", 1).isdigit() and float(digits) == q.value
        if written and same_value and written.group(1).lower() not in ("million", "thousand", "billion"):
            return written.group(1).lower()
        return UNIT_WORDS.get(q.unit, q.unit)
    if trigger.antecedent:
        return trigger.antecedent  # "intercepted 17 of them": the semi-submersibles told before
    if trigger.object_span:
        return text[trigger.object_span[0]:trigger.object_span[1]].strip("“”\"'‘’").lower()
    return q.noun


ARTICLE_BEFORE = re.compile(r"\b(?:a|an|one)\s+(?:[\w-]+\s+){0,4}$", re.IGNORECASE)


def _counts_one(text: str, span: tuple[int, int]) -> bool:
    """ "dismantled a laboratory" is one; "intercepted just a few drug planes" is no count at all."""
    m = ARTICLE_BEFORE.search(text[max(0, span[0] - 60):span[0]])
    if m is None:
        return False
    words = {w.lower() for w in re.findall(r"[\w-]+", m.group(0))[1:]}
    # "a network of river radars", "a first tender for scanners": the article counts another noun
    return not words & event_lexicon().vague_quantifiers and not words & {"of", "for", "with", "from", "in", "on", "at"}


def _one(text: str, span: tuple[int, int]) -> Quantity:
    m = ARTICLE_BEFORE.search(text[max(0, span[0] - 60):span[0]])
    start = max(0, span[0] - 60) + m.start()
    return Quantity(start, span[1], text[start:span[1]], 1.0, 1.0, 1.0, "exact", None,
                    text[span[0]:span[1]].lower(), None, start, start + len(m.group(0).split()[0]))


ONE_AFTER = re.compile(r"\s+(?:a|an|one)\s+((?:(?!(?:on|in|at|for|with|and|who|after|near|from|during)\b)[\w-]+\s*){1,4})",
                       re.I)
FUNCTION_WORD = re.compile(r"(?i)they|who|that|which|he|she|it|we|as|was|is|had|has|described|identified|named|known|"
                           r"alias|suspected|accused|believed|said|whom|whose")
SINGULAR_PASSIVE = re.compile(r"\b(?:was|has\s+been|had\s+been)\s+(?:also\s+|later\s+|then\s+)?$", re.I)


def one_arrested(trigger: Trigger, text: str) -> Quantity | None:
    """ "arrested one man", "detained a Colombian pilot", "The driver, a Bolivian national, was
    arrested": one person, though no figure is written.
    """
    m = ONE_AFTER.match(text, trigger.end)
    if SINGULAR_PASSIVE.search(text, 0, trigger.start):
        return Quantity(trigger.start, trigger.end, text[trigger.start:trigger.end], 1.0, 1.0, 1.0, "exact", None,
                        "person", None, trigger.start, trigger.start)
    if m and trigger.form not in ("passive", "participle"):
        words = m.group(1).split()
        if {w.lower() for w in words} & event_lexicon().vague_quantifiers:
            return None
        cut = next((i for i, w in enumerate(words) if i and FUNCTION_WORD.fullmatch(w)), len(words))
        noun = " ".join(words[:cut])
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        return Quantity(start, start + len(m.group(0).strip()), m.group(0).strip(), 1.0, 1.0, 1.0, "exact", None,
                        noun.split()[-1].lower(), None, start, start)
    return None


CARRYING = re.compile(r"\s*(?:,\s*)?(?:containing|contained|with|holding|carrying|transporting|loaded\s+with|packed\s+with|totall?ing|"
                      r"weighing|that\s+(?:contained|held|carried|weighed))\s+(?:about\s+|some\s+|nearly\s+|around\s+)?$", re.I)


def load_of(q: Quantity | None, trigger: Trigger, quantities: list[Quantity], text: str) -> Quantity | None:
    """ "found 1,134 packages containing 1.26 tonnes", "seized a semi-submersible carrying 3.2 tonnes":
    a seizure counts the drug's mass, not what held it.
    """
    if q is not None and q.unit is not None:
        return q
    if trigger.form == "passive":
        # "… and 86 kilograms of cocaine, a hydraulic press and US$ 23,400 in cash were seized": the first of
        # the things seized, when it is a mass
        start = max(text.rfind(";", 0, trigger.start), text.rfind(" and ", 0, max(0, trigger.start - 80)), 0)
        masses = [o for o in quantities if start <= o.start and o.end <= trigger.start and o.unit in ("t", "kg")]
        if masses and not re.search(r"[.;:]", text[masses[0].end:trigger.start]):
            return masses[0]
    holder_end = q.end if q is not None else trigger.object_span[1] if trigger.object_span else trigger.end
    for end in (holder_end, trigger.end):   # "a lorry … was intercepted transporting 312 kilograms"
        for other in quantities:
            if other.start >= end and other.unit in ("t", "kg") and CARRYING.fullmatch(text[end:other.start]):
                return other
    return q


CONJUNCT_GAP = re.compile(r"^[^.;:!?]{0,120}?\s(?:and|as\s+well\s+as)\s+$")


def _first_conjunct(t: Trigger, q: Quantity | None, quantities: list[Quantity], text: str,
                    kind: EventType) -> tuple[Quantity, Trigger] | None:
    """The first of coordinated subjects of a passive ("Fourteen (14) laboratories … and 31 maceration
    pits were destroyed"), with its own object, when an earlier figure counts one of the type's objects.
    """
    if q is None or kind.objects is None:
        return None
    for q0 in quantities:
        if q0.end > q.start:
            break
        gap = text[q0.end:q.start]
        if q0.unit in CURRENCIES or q0.unit == "percent" or not CONJUNCT_GAP.match(gap) or len(gap.split()) > 14:
            continue
        obj = kind.objects.search(text, q0.start, min(q.start, q0.end + 40))
        if obj is None or len(text[q0.end:obj.start()].split()) > 3:
            continue
        if any(q0.end <= other.start and other.end <= q.start for other in quantities):
            continue  # a list of three or more is read elsewhere
        return q0, replace(t, object_span=(obj.start(), obj.end()))
    return None


def compared_figures(sentence: Sentence) -> set[tuple[int, int]]:
    """Spans of masses or areas set against another period's: "seized 49 tonnes in 2024, down from 116
    tonnes the year before" is a statistic of a series, kept as estimates besides the event ("intercepted
    26 aircraft in 2023, against 14 in 2022" counts events).
    """
    cue = event_lexicon().series_comparison
    text, out = sentence.text, set()
    figures = [q for q in sentence.quantities if q.unit in SERIES_UNITS]
    for a, b in zip(figures, figures[1:]):
        between = text[a.end:b.start]
        if a.unit == b.unit and len(between.split()) <= 12 and not re.search(r"[;:]", between) \
                and re.search(f"(?:{cue.pattern})" + r"\s+(?:\S+\s+){0,2}$", between, cue.flags):
            out |= {(a.start, a.end), (b.start, b.end)}
    return out


def _count_as_told(t: Trigger, q: Quantity | None, quantities: list[Quantity], text: str) -> Quantity | None:
    """The count once the words are read: "dismantled a laboratory" is one laboratory, "detained one
    man" one person, and a seizure counts the drug's mass, not the packages that held it.
    """
    if q is None and t.type in COUNTABLE and t.object_span and _counts_one(text, t.object_span):
        q = _one(text, t.object_span)
    if q is None and t.type in COUNTABLE and t.antecedent and t.object_span \
            and text[t.object_span[0]:t.object_span[1]].lower() == "it":
        # "Explosives experts disabled it": one of what it stands for
        q = Quantity(t.object_span[0], t.object_span[1], "it", 1.0, 1.0, 1.0, "exact", None, t.antecedent, None,
                     t.object_span[0], t.object_span[1])
    if q is None and t.type == "arrest":
        q = one_arrested(t, text)
    if q is not None and t.type == "arrest" and q.end <= t.start:
        q = _people_together(q, t, quantities, text)
    if q is not None and t.type == "arrest" and q.start >= t.end and NAMED_AND.match(text[t.end:q.start]) \
            and q.noun and OTHERS_ARRESTED.search(q.noun):
        q = replace(q, value=q.value + 1, low=q.low + 1, high=q.high + 1)  # "arrested Arévalo and four co-defendants"
    contract_end = t.end if CONTRACT_WORDS.search(text[t.start:t.end]) else \
        t.object_span[1] if t.object_span and CONTRACT_WORDS.fullmatch(text[t.object_span[0]:t.object_span[1]]) else None
    if t.type == "procurement" and contract_end is not None:
        # "signed a contract worth US$86.4 million with Airbus for six helicopters": what the contract buys
        bought = next((o for o in quantities if o.start >= contract_end and o.unit is None
                       and re.search(r"\bfor\s+(?:\w+\s+)?$", text[max(contract_end, o.start - 12):o.start])
                       and o.start - contract_end <= 120), None)
        q = bought or (None if q is not None and implied_one(q) else q)
    return load_of(q, t, quantities, text) if t.type == "seizure" else q


# "arrested Arévalo and four co-defendants": the one named and the others counted
NAMED_AND = re.compile(r"\s+(?:[A-ZÁÉÍÓÚÑ][\w'’.-]+\s+){1,4}and\s+$")
OTHERS_ARRESTED = re.compile(r"\b(?:co-?defendants|accomplices|associates|others|suspects|members|men|people)$", re.I)


PEOPLE_AND = re.compile(r"\s+and\s+(?:(?P<article>an?|one)\s+[A-Za-z][\w-]*|(?P<count>\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten)"
                        r"\s+[A-Za-z][\w-]*)\s+(?:were|was|have\s+been|had\s+been)\s+$", re.I)


def _people_together(q: Quantity, t: Trigger, quantities: list[Quantity], text: str) -> Quantity:
    """ "Three Peruvians and a Colombian were detained": the people arrested together, four."""
    earlier = next((o for o in reversed(quantities) if o.end <= q.start), None)
    if earlier is not None and earlier.noun and q.noun and earlier.unit is None \
            and event_lexicon().person_nouns.search(earlier.noun) and event_lexicon().person_nouns.search(q.noun) \
            and re.fullmatch(r"\s+and\s+", text[earlier.end:q.start]) and re.fullmatch(r"\s+(?:were|was|have\s+been|had\s+been)\s+",
                                                                                  text[q.end:t.start]):
        total = earlier.value + q.value   # "Five Colombians and two Ecuadorians were arrested"
        return replace(q, start=earlier.start, text=text[earlier.start:q.end], value=total, low=total, high=total,
                       noun="people", number_start=earlier.number_start)
    m = PEOPLE_AND.fullmatch(text, q.end, t.start)
    if m is None:
        return q
    other = next((o for o in quantities if q.end < o.start < t.start), None)
    extra = 1.0 if m.group("article") else (other.value if other is not None else None)
    if extra is None:
        return q
    total = q.value + extra
    return replace(q, end=t.start, text=text[q.start:t.start].strip(), value=total, low=total, high=total, noun="people")


CONTRACT_WORDS = re.compile(r"(?i)\b(?:contract|contracts|deal|agreement)\b")


def implied_one(q: Quantity) -> bool:
    """A count of one no figure wrote ("a laboratory", "one man")."""
    return q.value == 1 and not re.search(r"\d", q.text)
