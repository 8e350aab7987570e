"""The timeline: one row per event a sentence reports, assembled from its parts.

Triggers (``triggers``) say what happened, ``event_counts`` how many,
``event_dates`` when and ``event_actors`` who and where; this module decides
which triggers of a sentence become rows and how coordinated clauses split
into several.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from pipeline.extract.announcements import _announced_deployment, _announced_purchase, scheduled_deployment, scheduled_purchase
from pipeline.extract.document import DocumentContext, Sentence
from pipeline.extract.event_actors import _actors, _places, _statement_actors
from pipeline.extract.event_context import _day_it_was_told, _so_far, _time_from_context, _year_told
from pipeline.extract.event_counts import (
    UNIT_WORDS,
    _count_as_told,
    _counts_one,
    _first_conjunct,
    _quantity_for,
    _unit_of,
)
from pipeline.extract.event_dates import (
    OTHER_CLAUSE,
    SPEECH_OCCASION,
    STARTED_TYPES,
    _dated_right_after,
    _nearest_date,
    _running_span,
    _running_total,
    _start_told,
    _statement_date,
    operation_dates,
)
from pipeline.extract.lexicon import CURRENCIES, EventType, event_lexicon
from pipeline.extract.triggers import (
    CHRONOLOGY_ENTRY,
    PHYSICAL,
    TIMESTAMP_ENTRY,
    Trigger,
    _triggers_of,
    kind_of,
)
from pipeline.text.dates import Anchor, DateMention
from pipeline.text.numbers import Quantity

# "Following the signing, the police incinerated …": the sentence happens on the day just told
FOLLOWS_AN_EVENT = re.compile(r"^\W*(?:\d{1,2}[.)]\s+)?(?:Following|After|During|At|Upon|On|Later\s+(?:that|the\s+same)\s+day,?)\s+"
                              r"(?:the|that|this|its)\s+[\w -]{0,40}?,", re.I)
CONSUMING = {"airstrip_destruction", "lab_destruction", "eradication", "seizure", "arrest", "procurement", "other"}
RATE_PERIODS = {"day", "week", "month", "year"}


@dataclass
class Event:
    type: str
    trigger: Trigger
    quantity: Quantity | None
    quantity_unit: str | None
    date: DateMention | None
    date_inherited: Anchor | None
    date_inherited_end: "dt.date | None"
    actors: list[str]
    location: list[str]
    summary: str
    object_text: str | None = None
    coordinated: bool = False
    inherited_text: str | None = None  # the expression that gave date_inherited, when not the narrative's


# "seized 2,5 tons of cocaine base paste (PBC) and 3,8 tons of chemical inputs": an acronym aside may
# close the first object
COORDINATION_GAP = re.compile(r"\s*(?:\([^()]{1,20}\)\s*)?(?:,\s*)?(?:and\s+)?")


def _coordinated(event: Event, sentence: Sentence, kind: EventType) -> list[Event]:
    """ "destroyed 32 laboratories and 118 maceration pits": one row per object counted."""
    if event.quantity is None or event.trigger.object_span is None or kind.objects is None:
        return []
    out = []
    position = max(event.quantity.end, event.trigger.object_span[1])
    for q in sentence.quantities:
        if q.start < position:
            continue
        gap = sentence.text[position:q.start]
        if not COORDINATION_GAP.fullmatch(gap) or q.unit == "percent" or q.unit in CURRENCIES:
            break
        obj = kind.objects.search(sentence.text, q.start, min(len(sentence.text), q.end + 30))
        if obj is None:
            break
        span = (obj.start(), obj.end())
        unit = q.unit and UNIT_WORDS.get(q.unit, q.unit) or sentence.text[span[0]:span[1]].lower()
        out.append(replace(event, quantity=q, quantity_unit=unit, coordinated=True,
                           trigger=replace(event.trigger, object_span=span),
                           summary=_summary(sentence.text, event.trigger, q),
                           object_text=sentence.text[span[0]:span[1]].lower()))
        position = max(q.end, span[1])
    return out


DATED_PART_GAP = re.compile(r"^[\s,]*(?:\w+\s+){0,4}?$")


def _unit_kind(unit: str | None) -> str | None:
    """Tonnes and kilos are both a mass: "seized 2 tonnes on Monday and 800 kilos on Tuesday"."""
    return "mass" if unit in ("t", "kg") else unit


def _dated_parts(t: Trigger, main: Quantity | None, main_date: DateMention | None, sentence: Sentence,
                 ctx: DocumentContext) -> list[Event]:
    """Other figures of the same kind with their own date: "…, after a record 210 tons in 2021",
    "including 119 in a single massacre in September 2021". Each is an event of its own.
    """
    if t.type not in CONSUMING | {"armed_clash"}:
        return []
    text = sentence.text
    out = []
    for q in sentence.quantities:
        if main is not None and (q is main or _unit_kind(q.unit) != _unit_kind(main.unit)) or q.unit == "percent" \
                or q.unit in CURRENCIES:
            continue
        if q.start < t.end or OTHER_CLAUSE.search(text, t.end, q.start):
            continue  # "removed 24,900 hectares …, while DEVIDA put the crop at 89,650 hectares in 2023"
        kind = kind_of(t.type)
        if q.unit is None and kind.objects is not None and q.noun and not kind.objects.search(q.noun):
            continue  # "dismantled 4,000 laboratories …, and … destroying 118 airstrips": not laboratories
        date = next((m for m in sentence.dates if m.start >= q.end and DATED_PART_GAP.match(text[q.end:m.start])
                     and m.precision != "unknown"), None)
        if date is None or (main_date is not None and (date.start, date.end) == (main_date.start, main_date.end)):
            continue
        unit = _unit_of(q, t, text)
        out.append(Event(t.type, t, q, unit, date, None, None, _actors(text, t), _places(text, ctx),
                         _summary(text, t, q), None, coordinated=True))
    return out


def _participle_reports_act(t: Trigger, sentence: Sentence) -> bool:
    """A reduced relative that is an act done: a result the sentence reports ("the raids left 14 people
    detained and 22 laboratories destroyed"), or the clause a "by the numbers" line abbreviates ("12 —
    airstrips destroyed … in January").
    """
    if t.form != "participle" or t.object_span is None or t.object_span[1] > t.start:
        return False
    if RESULTATIVE.search(sentence.text, 0, t.start):
        return True
    return sentence.figure_first and bool(sentence.quantities) and sentence.quantities[0].end >= t.object_span[0]


def _summary(text: str, trigger: Trigger, q: Quantity | None) -> str:
    points = [trigger.start, trigger.end]
    if trigger.object_span:
        points += list(trigger.object_span)
    if q is not None:
        points += [q.start, q.end]
    start, end = min(points), max(points)
    phrase = text[start:end].strip(" ,;:")
    words = phrase.split()
    phrase = " ".join(words[:14]) + ("…" if len(words) > 14 else "")  # one space between words, as a summary reads
    return phrase or text[trigger.start:trigger.end]


def _another_of_type(t: Trigger, events: list[Event], sentence: Sentence, statement_dates: set) -> bool:
    """ "In January police found 2.3 tonnes at Callao, and last month 1.1 tonnes were seized at Paita":
    a second clause with its own count and its own date is a second event of the type.
    """
    earlier = next((e for e in events if e.type == t.type and not e.coordinated), None)
    if earlier is None or t.type not in PHYSICAL or earlier.quantity is None or earlier.date is None:
        return False
    text = sentence.text
    if not re.search(r",\s*(?:and|while|whereas|but)\b|;", text[earlier.trigger.end:t.start]):
        return False
    q = _quantity_for(t, sentence.quantities, text)
    date = _nearest_date(t, sentence.dates, statement_dates, text)
    return q is not None and q is not earlier.quantity and q.start > earlier.quantity.end and date is not None \
        and (date.start, date.end) != (earlier.date.start, earlier.date.end)


RESULTATIVE = re.compile(r"\b(?:left|leaves|leaving|has\s+left|have\s+left)\s+(?![^.;:]*\b(?:to|for|from)\b)[^.;:]{2,90}$",
                         re.I)


OBJECTS_JOINED = re.compile(r"^[^.;:]{0,40}?(?:,\s*|\s)(?:and|as\s+well\s+as|plus)\s+[^.;:]{0,40}$", re.I)


def _counted(t: Trigger, quantities: list[Quantity], text: str) -> bool:
    """The trigger's object has a count of its own ("three laboratories", "a clandestine airstrip")."""
    o_start = t.object_span[0]
    return _counts_one(text, t.object_span) or any(
        q.start <= o_start <= q.end + 1 or q.end <= o_start and len(text[q.end:o_start].split()) <= 3
        and not re.search(r"[,;:.]", text[q.end:o_start]) for q in quantities)


def _claimed_triggers(triggers: list[Trigger], text: str, quantities: list[Quantity]) -> list[Trigger]:
    """A trigger word fits several types ("destroyed"): the object decides, the first listed type wins;
    a second type's object joined to the first ("destroyed three laboratories and a clandestine
    airstrip") makes an event of its own with the same verb.
    """
    order = [k.name for k in event_lexicon().types]
    claimed: list[Trigger] = []
    chosen: list[Trigger] = []
    for t in sorted(triggers, key=lambda t: (order.index(t.type), t.start)):
        holder = next((c for c in claimed if c.start <= t.start < c.end), None)
        if holder is None:
            claimed.append(t)
            chosen.append(t)
        elif t.type != holder.type and t.object_span and holder.object_span and all(c.type != t.type for c in chosen) \
                and t.object_span != holder.object_span and t.type in PHYSICAL and _counted(t, quantities, text) \
                and OBJECTS_JOINED.match(text[min(t.object_span[1], holder.object_span[1]):
                                              max(t.object_span[0], holder.object_span[0])]):
            chosen.append(t)
    return chosen


def _historical_present(sentence: Sentence, ctx: DocumentContext) -> bool:
    """A day the sentence writes out, before the text was published, puts its present tense in the past:
    "Soldiers destroy a cocaine laboratory on 13 March 2025" under a photo of 20 March.
    """
    return ctx.published is not None and any(
        d.precision == "day" and not d.relative and d.date_end is not None and d.date_end < ctx.published
        for d in sentence.dates)


def sentence_events(ctx: DocumentContext, sentence: Sentence) -> list[Event]:
    """One event per type in a sentence, the first trigger of each type that qualifies, unless a
    coordinated clause reports another with its own count and date.
    """
    if sentence.is_question or not event_lexicon().may_hold_event(sentence.text):
        return _scheduled_acts(sentence, ctx, set(), _told_before(ctx, sentence))  # "expected to arrive": no trigger word
    text = sentence.text
    triggers: list[Trigger] = []
    present = event_lexicon().types_in(text)
    first = ctx.opening_of(sentence).text
    if event_lexicon().editorial_note.match(first):
        return []  # "Correction, 19 August: An earlier version of this story misstated …"
    told_before = _told_before(ctx, sentence)
    chronology = bool(CHRONOLOGY_ENTRY.match(first) or TIMESTAMP_ENTRY.match(first)) \
        or _historical_present(sentence, ctx)   # an entry or a caption tells the past in the present
    for kind in event_lexicon().types:
        if present is None or kind.name in present:
            triggers += _triggers_of(kind, text, chronology, told_before)
    triggers.sort(key=lambda t: t.start)
    # A trigger word fits several types ("destroyed"): the object decides, the first listed type wins.
    chosen = _claimed_triggers(triggers, text, sentence.quantities)
    # "drugs seized over the past year", "cocaine seized at the port": a reduced relative
    # describes a thing; it does not report that something happened, unless it dates its
    # own verb to a month or a day ("two helicopters ordered last October").
    chosen = [replace(t, form="past") if _participle_reports_act(t, sentence) else t for t in chosen]
    chosen = [t for t in chosen if t.form != "participle" or _dated_right_after(t, sentence.dates, text)]
    events: list[Event] = []
    seen_types: set[str] = set()
    statement_dates: set[tuple[int, int]] = set()
    for t in sorted(chosen, key=lambda t: t.start):
        if t.type in seen_types and not _another_of_type(t, events, sentence, statement_dates):
            continue
        q = _quantity_for(t, sentence.quantities, text)
        if q is None and t.type in CONSUMING | {"armed_clash"}:
            # "an ambush on a patrol killed four officers": another trigger of the type carries the count
            q = next((q2 for t2 in triggers if t2.type == t.type and t2 is not t
                      and (q2 := _quantity_for(t2, sentence.quantities, text)) is not None), None)
        if t.type == "statement":
            if any(0 <= o.start - t.end <= 40 and len(text[t.end:o.start].split()) <= 4
                   for o in chosen if o.type != "statement"):
                continue  # "announced the purchase of scanners": the purchase is the event
            date = _statement_date(t, sentence, chosen)
            bought = _announced_purchase(t.end, sentence)
            if bought is not None and "procurement" not in seen_types:
                # "The United States announced in December that it will donate six helicopters"
                events.append(Event("procurement", replace(t, type="procurement"), bought, bought.noun, date, None,
                                    None, _statement_actors(text, t), _places(text, ctx), _summary(text, t, bought)))
                seen_types.add("procurement")
            deployed = _announced_deployment(t.end, sentence)
            if deployed is not None and "security_operation" not in seen_types:
                # "The ministry announced last week that 600 officers will be deployed": the deployment
                # decided, as of the day it was announced
                events.append(Event("security_operation", replace(t, type="security_operation"), deployed,
                                    deployed.noun, date, None, None, _statement_actors(text, t), _places(text, ctx),
                                    _summary(text, t, deployed)))
                seen_types.add("security_operation")
            if date is None:
                continue
            statement_dates.add((date.start, date.end))
            events.append(Event(t.type, t, None, None, date, None, None, _statement_actors(text, t), [],
                                _summary(text, t, None)))
            seen_types.add(t.type)
            continue
        date = _so_far(_nearest_date(t, sentence.dates, statement_dates, text), t, text)
        started = _start_told(t, sentence.dates, text) if t.form == "noun" and t.type in STARTED_TYPES else None
        if started is not None:
            # "The joint offensive … has destroyed 41 laboratories since its start on 28 March": the
            # offensive began that day
            date = started
        if t.dated_only and (date is None or date.precision == "unknown"):
            continue
        if t.form in ("noun", "participle") and date is None and q is None:
            continue
        if t.form == "participle" and (date is None or date.precision == "unknown"):
            continue  # "cocaine seized in Manaus": a reduced relative needs its own date to be news
        if t.type in PHYSICAL and q is not None and q.per in RATE_PERIODS:
            continue  # "eradicated more than 25,000 hectares a year": a rate is an estimate, not one act
        running = t.type in PHYSICAL and started is None and _running_total(text, sentence.dates, t)
        if running and t.type == "armed_clash":
            # "At least 375 inmates have been killed since February 2021": a toll is an estimate of
            # casualties; a dated part of it ("including 119 … in September") is an event.
            events += _dated_parts(t, q, date, sentence, ctx)
            continue
        if running:
            # "Since January the FELCN has seized 18.6 tonnes": a running total happened over its span,
            # from the date it counts from to the day it is told; "since its creation" gives no date, and
            # a date of a part ("including 9.4 tonnes in 2022") is that part's.
            date = _running_span(text, sentence.dates, t, ctx)
        follows = t.type != "statement" and bool(FOLLOWS_AN_EVENT.match(text))
        date, inherited, inherited_end, during = operation_dates(text, date, t.type in PHYSICAL, ctx)
        if not during and date is None and not running and (t.type in PHYSICAL or follows) and ctx.narrative is not None \
                and (ctx.paragraph_gap(sentence) <= 2 or follows) \
                and not (ctx.paragraph_gap(sentence) > 0 and _year_told(sentence, ctx) is not None):
            # (a year the paragraph's own figures are about outranks the day of an earlier paragraph:
            # "Now the year. In 2024 … CORAH eradicated 25,137 hectares")
            inherited, inherited_end = ctx.narrative, ctx.narrative_end
        asked = (_day_it_was_told(t, sentence) or _time_from_context(t, sentence, ctx)) \
            if date is None and inherited is None and not running else None
        if asked is not None:
            inherited, inherited_end = Anchor(asked.date_start, asked.precision), asked.date_end
        q = _count_as_told(t, q, sentence.quantities, text)
        later_conjunct: tuple[Quantity, Trigger] | None = None
        first = _first_conjunct(t, q, sentence.quantities, text, kind_of(t.type)) if t.form == "passive" else None
        if first is not None:
            later_conjunct = (q, t)  # "Fourteen laboratories and 31 maceration pits were destroyed": the first heads
            q, t = first
        unit = _unit_of(q, t, text) if q is not None else None
        obj = text[t.object_span[0]:t.object_span[1]].lower() if t.object_span else None
        event = Event(t.type, t, q, unit, date, inherited, inherited_end, _actors(text, t),
                      _places(text, ctx), _summary(text, t, q), obj,
                      inherited_text=ctx.operation.text if during else asked.text if asked is not None else None)
        events.append(event)
        if later_conjunct is not None:
            q2, t2 = later_conjunct
            events.append(replace(event, quantity=q2, quantity_unit=_unit_of(q2, t2, text), trigger=t2, coordinated=True,
                                  summary=_summary(text, t2, q2),
                                  object_text=text[t2.object_span[0]:t2.object_span[1]].lower() if t2.object_span else None))
        events += _coordinated(event, sentence, kind_of(t.type))
        events += _dated_parts(t, q, date, sentence, ctx)
        seen_types.add(t.type)
    events += _scheduled_acts(sentence, ctx, seen_types, told_before)
    return _without_framing_speech(events, text)


def _told_before(ctx: DocumentContext, sentence: Sentence) -> str:
    """The paragraph's two sentences before this one: what a pronoun object stands for."""
    return " ".join(s.text for s in ctx.sentences[max(0, sentence.index - 2):sentence.index]
                    if s.paragraph == sentence.paragraph)


def _scheduled_acts(sentence: Sentence, ctx: DocumentContext, seen_types: set[str], told_before: str) -> list[Event]:
    """What the text dates ahead and has already been decided: a purchase's delivery ("the first two
    H145s are expected to arrive in the second quarter of 2026"), a force's deployment ("from February,
    1,200 additional police officers will be deployed"). A plan without a date stays a plan.
    """
    if sentence.is_question:
        return []
    text, out = sentence.text, []
    found = [("procurement", scheduled_purchase(sentence, told_before)),
             ("security_operation", scheduled_deployment(sentence))]
    for kind, step in found:
        if kind in seen_types or step is None:
            continue
        m, count = step
        t = Trigger(kind, m.start(), m.end(), "past")
        date = _nearest_date(t, sentence.dates, set(), text)
        if date is None or date.precision == "unknown":
            continue
        out.append(Event(kind, t, count, count.noun if count is not None else None, date, None, None,
                         _actors(text, t), _places(text, ctx), _summary(text, t, count)))
    return out


def _without_framing_speech(events: list[Event], text: str) -> list[Event]:
    """ "…has destroyed 41 laboratories since 28 March, informed this morning the Joint Command": the
    saying frames what happened; the destruction is the row, the Joint Command its source.
    """
    if not any(e.type in PHYSICAL for e in events):
        return events
    framing = event_lexicon().framing_speech
    if SPEECH_OCCASION.search(text):
        return events  # "told reporters at a news conference on Wednesday": the conference is news too
    return [e for e in events if not (e.type == "statement" and e.trigger.form != "noun"
                                      and text[e.trigger.start:e.trigger.end].lower() in framing)]
