"""The timeline: events found by trigger words, their objects, numbers and dates.

A trigger counts only as something that happened: a past or perfect verb
("destroyed", "have killed"), a passive with was/were, an infinitive after a
reported attempt ("tried to purchase"), or a noun ("the destruction of",
"a press conference") that the sentence dates or quantifies. Generic,
future, negated and modal statements are not events.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from itertools import islice

from pipeline.extract import clauses, entities
from pipeline.extract.document import DocumentContext, Sentence
from pipeline.extract.figures import CURRENCIES, SPEECH_DATE_BEFORE
from pipeline.extract.lexicon import EventType, event_lexicon
from pipeline.text.dates import Anchor, DateMention
from pipeline.text.numbers import Quantity

WINDOW_WORDS = 8
PHYSICAL = {"airstrip_destruction", "lab_destruction", "eradication", "seizure", "arrest", "armed_clash",
            "security_operation"}
# "Following the signing, the police incinerated …": the sentence happens on the day just told
FOLLOWS_AN_EVENT = re.compile(r"^\W*(?:\d{1,2}[.)]\s+)?(?:Following|After|During|At|Upon|On|Later\s+(?:that|the\s+same)\s+day,?)\s+"
                              r"(?:the|that|this|its)\s+[\w -]{0,40}?,", re.I)
TEMPORAL_REFERENCE = re.compile(r"\b(?:before|until|till|prior\s+to|ahead\s+of)\s+(?:the|its|their|this|that)\s+(?:[\w-]+\s+)?$"
                                r"|\b(?:during|amid|in\s+the\s+course\s+of)\s+(?:(?:the|its|their|this|that|these|those)\s+)?"
                                r"(?:[\w-]+\s+)?$", re.I)   # "detained nine workers during raids": the time of the arrests
COUNTABLE = {"airstrip_destruction", "lab_destruction", "procurement", "seizure"}
CONSUMING = {"airstrip_destruction", "lab_destruction", "eradication", "seizure", "arrest", "procurement", "other"}
UNIT_WORDS = {"ha": "hectares", "t": "tons", "kg": "kilograms", "percent": "percent", "m": "meters", "km": "kilometers"}
WORD_RE = re.compile(r"\S+")
CANONICAL_UNIT_WORDS = {"t": "tons", "ha": "hectares"}


@dataclass
class Trigger:
    type: str
    start: int
    end: int
    form: str                  # past, passive, base, gerund, noun
    object_span: tuple[int, int] | None = None
    dated_only: bool = False   # its type makes an event only when the sentence dates it


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


def _words_before(text: str, position: int, n: int) -> str:
    words = text[:position].split()
    return " ".join(words[-n:])


def _window_after(text: str, position: int, n: int = WINDOW_WORDS) -> tuple[int, int]:
    words = list(islice(WORD_RE.finditer(text, position), n))
    return position, (words[-1].end() if words else position)


def _window_before(text: str, position: int, n: int = WINDOW_WORDS) -> tuple[int, int]:
    words = list(WORD_RE.finditer(text[:position]))[-n:]
    return (words[0].start() if words else position), position


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
    words right before it: "…, surpassing the annual goal, the minister reported" was said."""
    lex = event_lexicon()
    before = _words_before(text, start, 3)
    return bool(lex.blockers.search(before)) or (kind != "statement" and clauses.unrealised(text, start))


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


def _triggers_of(kind: EventType, text: str) -> list[Trigger]:
    lex = event_lexicon()
    found: list[Trigger] = []
    for m in kind.past.finditer(text):
        if _blocked(text, m.start(), kind.name) or ADJECTIVAL_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
            continue  # "the dismantled laboratories": a description, not a report
        passive = _passive_kind(text, m.start())
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
        if kind.objects is not None and obj is None:
            continue
        found.append(Trigger(kind.reports, m.start(), m.end(), form, obj, kind.dated_only))
    def licensed_base(m: re.Match) -> bool:  # "tried to purchase", "decided to acquire"
        return bool(re.search(rf"(?:{lex.licensing.pattern})\s+(?:not\s+)?to\s*$", text[:m.start()], re.IGNORECASE))

    def licensed_gerund(m: re.Match) -> bool:  # "in the process of acquiring", ", pulling up"
        return bool(lex.progressive.search(_words_before(text, m.start(), 4))
                    or text[:m.start()].rstrip().endswith(","))

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


SHARED_OBJECT_VERB = re.compile(r"\s+(?:or|and)\s+(?:\w+ed|\w+en|shot|hit|struck|caught|seized|sank)\b(?:\s+(?:down|up|off|out))?",
                                re.I)


def _quantity_for(trigger: Trigger, quantities: list[Quantity], text: str) -> Quantity | None:
    """The figure attached to the trigger's object ("destroyed ten airstrips" -> 10); never a percentage."""
    quantities = [q for q in quantities if q.unit != "percent" and q.unit not in CURRENCIES]
    if trigger.object_span:
        o_start, o_end = trigger.object_span
        for q in quantities:
            if q.start <= o_start < q.end + 1 or q.start <= o_end <= q.end:
                return q
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
    # "shot down or forced down at least 25 aircraft": a second verb shares the object
    verb_end = trigger.end + (m.end() if (m := SHARED_OBJECT_VERB.match(text[trigger.end:])) else 0)
    for q in quantities:
        if 0 <= q.start - verb_end <= 25 and len(text[verb_end:q.start].split()) <= 2:
            return q
    if trigger.form in ("passive", "participle", "past"):
        # "two port workers were detained", "17 people were killed"
        for q in reversed(quantities):
            # "four people, including a Peruvian citizen, were detained": an aside between commas
            gap = re.sub(r",\s*(?:including|among\s+them|among\s+whom|all\s+of\s+them)\b[^,;:.]{0,60},", " ", text[q.end:trigger.start])
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
    if trigger.object_span:
        return text[trigger.object_span[0]:trigger.object_span[1]].strip("“”\"'‘’").lower()
    return q.noun


# not "that": in "the package that cleared the Senate" it is a relative pronoun, and its verb a report
ADJECTIVAL_BEFORE = re.compile(r"\b(?:the|a|an|its|their|these|those|this|recently|newly)\s+$", re.IGNORECASE)
CUMULATIVE_OPENING = re.compile(r"^\W*(?:\d{1,2}[.)]\s+)?(?:Since|Over the (?:past|last)|In the (?:past|last))\b[^,]{0,40},",
                                re.IGNORECASE)
RATE_PERIODS = {"day", "week", "month", "year"}
# a mass or an area set against another period's is a series of totals; counted things stay events
SERIES_UNITS = {"t", "kg", "ha"}
SINCE_BEFORE = re.compile(r"\bsince\b[^,;:.]{0,30}$", re.IGNORECASE)
PLAIN_SPEECH = re.compile(r"^(?:said|says|told|stated|explained|noted|warned|indicated|confirmed)$", re.I)


def _is_interjected(text: str, trigger: Trigger) -> bool:
    """ "“…,” he said," or "said Cateriano": the verb frames a quotation, it is not news itself."""
    before = text[max(0, trigger.start - 25):trigger.start]
    after = text[trigger.end:trigger.end + 40]
    if re.search(r"[”\"’],?\s*(?:\w+\s+){0,3}$", before):
        return True
    return bool(re.match(r"^\s+(?:the\s+)?[A-Z]", after)) and bool(re.search(r",\s*$", before))


def _statement_date(trigger: Trigger, sentence: Sentence, triggers: list[Trigger]) -> DateMention | None:
    """A statement is an event only when the sentence dates the statement itself.

    "In May 2016, the head of DIRANDRO said" dates the saying; in "“Seven
    years ago,” he said" the date belongs to what was said.
    """
    text = sentence.text
    if _is_interjected(text, trigger):
        return None
    plain = bool(PLAIN_SPEECH.match(text[trigger.start:trigger.end]))
    others = [t for t in triggers if t.type != "statement"]
    for m in sentence.dates:  # "announced at a press conference on Jan. 4, 2014", "reported this Friday"
        between = text[trigger.end:m.start]
        if m.start >= trigger.end and len(between.split()) <= 6 and not re.search(r"\bthat\b|[;.]", between) \
                and _dates_the_saying(between, m):
            return m
    for m in sentence.dates:  # "In May 2016, the head of DIRANDRO said": a date opening the clause
        if m.end > trigger.start or (plain and len(text[:m.start].split()) > 3
                                     and not SPEECH_OCCASION.search(text[:m.start])):
            continue
        between = text[m.end:trigger.start]
        owned_by_other = any(t.start < trigger.start and (m.end <= t.start or t.start < m.start) for t in others)
        if len(between.split()) <= 18 and not owned_by_other and not re.search(r"[.;]|\bthat\b", between):
            return m
    return None


# "At a press conference held this morning, the minister stated": the occasion's date is the saying's
SPEECH_OCCASION = re.compile(r"\b(?:press|news)\s+conference|\b(?:interview|briefing|speech|address)\b(?:\s+\w+)?\s*$"
                             r"|\b(?:conference|interview|briefing|speech|hearing)\s+(?:held|given|on|in)\b", re.IGNORECASE)
SAID_CONTENT = re.compile(r"\d|^\s*\w+ing\b|\b(?:could|would|will|may|might|should|can|must|to)\b", re.IGNORECASE)


def _dates_the_saying(between: str, m: DateMention) -> bool:
    """A date after a speech verb dates the saying only when nothing said comes between them:
    "reported removing 18,200 hectares in 2023" and "said another €3 million could follow in
    2026" date what was said; a bare year after more than a word or two is the content's too."""
    if SAID_CONTENT.search(between):
        return False
    return m.precision in ("day", "month") or len(between.split()) <= 1


def _dated_right_after(trigger: Trigger, dates: list[DateMention], text: str) -> bool:
    return any((m.precision in ("day", "month") or (m.precision == "range" and not m.relative)) and 0 <= m.start - trigger.end
               and len(text[trigger.end:m.start].split()) <= 4 and not re.search(r"[,;:.]", text[trigger.end:m.start])
               for m in dates)


WHEN_CLAUSE = re.compile(r"\s*(?:when|as)\b", re.IGNORECASE)


def _dates_another_participle(trigger: Trigger, m: DateMention, text: str) -> bool:
    """ "incinerated 12.6 tonnes of drugs seized over the past year": the date right after a later
    participle is that participle's, not the trigger's."""
    if not text or m.start <= trigger.end:
        return False
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", text[trigger.end:m.start])]
    if words and words[-1] in DATE_PREPOSITIONS:
        words = words[:-1]
    return len(words) >= 2 and words[-1].endswith("ed") and words[-1] not in PARTICIPLE_EXCEPTIONS


PARTICIPLE_EXCEPTIONS = {"started", "ended", "based"}
DATE_PREPOSITIONS = {"in", "on", "over", "during", "since", "between", "from", "by", "at", "last", "this"}


def _nearest_date(trigger: Trigger, dates: list[DateMention], skip: set[tuple[int, int]],
                  text: str = "") -> DateMention | None:
    """The date of the trigger's own clause, else of a parallel clause, else one opening the sentence:
    a date in a subordinate clause belongs to that clause's verb."""
    candidates = [m for m in dates if (m.start, m.end) not in skip and not _dates_another_participle(trigger, m, text)
                  and not (text and trigger.type != "statement" and m.start > trigger.end
                           and SPEECH_DATE_BEFORE.search(text, max(0, m.start - 40), m.start))]
    if not candidates:
        return None
    if text:
        protected = tuple((m.start, m.end) for m in dates)
        own = clauses.clause_of(text, trigger.start, protected)
        scopes = [own] + clauses.siblings(text, trigger.start, protected)
        for c_start, c_end in scopes:
            in_scope = [m for m in candidates if c_start <= m.start and m.end <= c_end]
            if in_scope:
                candidates = in_scope
                break
        else:
            # "… ended in April 2001, when a jet fired on a plane": a when-clause happens at the
            # time of the clause it hangs on.
            if WHEN_CLAUSE.match(text, own[0]) and text[:own[0]].rstrip().endswith((",", "—", "–")):
                hung_on = [m for m in candidates if m.end <= own[0]]
                if hung_on:
                    return hung_on[-1]
            # "has destroyed 41 laboratories since its start on 28 March": a perfect counted from a date
            since = [m for m in candidates if m.start > trigger.end
                     and re.search(r"\bsince\b[^,;:.]{0,30}$", text[max(0, m.start - 40):m.start], re.I)
                     and re.search(r"\b(?:has|have)\s+(?:\w+\s+)?$", text[max(0, trigger.start - 20):trigger.start], re.I)]
            if since:
                return since[0]
            candidates = [m for m in candidates if clauses.fronted(text, m.start, m.end)]
            if not candidates:
                return None

    def distance(m: DateMention) -> int:
        return trigger.start - m.end if m.end <= trigger.start else m.start - trigger.end
    return min(candidates, key=distance)


ARTICLE_BEFORE = re.compile(r"\b(?:a|an|one)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


def _counts_one(text: str, span: tuple[int, int]) -> bool:
    """ "dismantled a laboratory" is one; "intercepted just a few drug planes" is no count at all."""
    m = ARTICLE_BEFORE.search(text[max(0, span[0] - 30):span[0]])
    if m is None:
        return False
    words = {w.lower() for w in re.findall(r"[\w-]+", m.group(0))[1:]}
    return not words & event_lexicon().vague_quantifiers


def _one(text: str, span: tuple[int, int]) -> Quantity:
    m = ARTICLE_BEFORE.search(text[max(0, span[0] - 30):span[0]])
    start = max(0, span[0] - 30) + m.start()
    return Quantity(start, span[1], text[start:span[1]], 1.0, 1.0, 1.0, "exact", None,
                    text[span[0]:span[1]].lower(), None, start, start + len(m.group(0).split()[0]))


def kind_of(name: str) -> EventType:
    return next(k for k in event_lexicon().types if k.name == name)


CONJUNCT_GAP = re.compile(r"^[^.;:!?]{0,120}?\s(?:and|as\s+well\s+as)\s+$")


def _first_conjunct(t: Trigger, q: Quantity | None, quantities: list[Quantity], text: str,
                    kind: EventType) -> tuple[Quantity, Trigger] | None:
    """The first of coordinated subjects of a passive ("Fourteen (14) laboratories … and 31 maceration
    pits were destroyed"), with its own object, when an earlier figure counts one of the type's objects."""
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


OTHER_CLAUSE = re.compile(r"\b(?:while|whereas|but|although|though|yet|which|who|whose|according\s+to)\b|[;:]", re.I)
DATED_PART_GAP = re.compile(r"^[\s,]*(?:\w+\s+){0,4}?$")


def _dated_parts(t: Trigger, main: Quantity | None, main_date: DateMention | None, sentence: Sentence,
                 ctx: DocumentContext) -> list[Event]:
    """Other figures of the same kind with their own date: "…, after a record 210 tons in 2021",
    "including 119 in a single massacre in September 2021". Each is an event of its own."""
    if t.type not in CONSUMING | {"armed_clash"}:
        return []
    text = sentence.text
    out = []
    for q in sentence.quantities:
        if main is not None and (q is main or q.unit != main.unit) or q.unit == "percent" or q.unit in CURRENCIES:
            continue
        if q.start < t.end or OTHER_CLAUSE.search(text, t.end, q.start):
            continue  # "removed 24,900 hectares …, while DEVIDA put the crop at 89,650 hectares in 2023"
        date = next((m for m in sentence.dates if m.start >= q.end and DATED_PART_GAP.match(text[q.end:m.start])
                     and m.precision != "unknown"), None)
        if date is None or (main_date is not None and (date.start, date.end) == (main_date.start, main_date.end)):
            continue
        unit = _unit_of(q, t, text)
        out.append(Event(t.type, t, q, unit, date, None, None, _actors(text, t), _places(text, ctx),
                         _summary(text, t, q), None, coordinated=True))
    return out


def _summary(text: str, trigger: Trigger, q: Quantity | None) -> str:
    points = [trigger.start, trigger.end]
    if trigger.object_span:
        points += list(trigger.object_span)
    if q is not None:
        points += [q.start, q.end]
    start, end = min(points), max(points)
    phrase = text[start:end].strip(" ,;:")
    words = phrase.split()
    if len(words) > 14:
        phrase = " ".join(words[:14]) + "…"
    return phrase or text[trigger.start:trigger.end]


def _actors(text: str, trigger: Trigger) -> list[str]:
    """Who acted: the subject before an active trigger; for a passive ("was captured by police"),
    its agent, never the people it was done to."""
    if _passive_kind(text, trigger.start) == "past":
        window = text[trigger.end:trigger.end + 120]
        by = event_lexicon().agent_marker.search(window)
        if by is not None and len(window[:by.start()].split()) <= 4:
            return entities.actors_in(window[by.end():])[:3]
        named = {p.name for p in entities.persons_in(text)}
        return [a for a in entities.actors_in(text) if a not in named][:3]
    if trigger.form == "noun":
        named = APPOSITION.match(text, trigger.end)
        if named is not None and entities.actors_in(named["name"]):
            return entities.actors_in(named["name"])[:3]  # "the government's eradication body, CORAH, reported"
    before = entities.actors_in(text[:trigger.start])
    if before:
        return before[-3:]
    return entities.actors_in(text)[:3]


# a body named by the trigger noun's phrase: "eradication agency, CORAH," / "anti-drug unit (DIRANDRO)"
APPOSITION = re.compile(r"(?:\s+[\w-]+){0,2}?\s+(?:body|agency|unit|office|commission|project|programme|program|"
                        r"team|squad|force|directorate|police)(?:\s*,\s*|\s*\()(?P<name>[^,()]{2,60})[,)]", re.IGNORECASE)


def _another_of_type(t: Trigger, events: list[Event], sentence: Sentence, statement_dates: set) -> bool:
    """ "In January police found 2.3 tonnes at Callao, and last month 1.1 tonnes were seized at Paita":
    a second clause with its own count and its own date is a second event of the type."""
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


def sentence_events(ctx: DocumentContext, sentence: Sentence) -> list[Event]:
    """One event per type in a sentence, the first trigger of each type that qualifies, unless a
    coordinated clause reports another with its own count and date."""
    if sentence.is_question or not event_lexicon().may_hold_event(sentence.text):
        return []
    text = sentence.text
    triggers: list[Trigger] = []
    present = event_lexicon().types_in(text)
    for kind in event_lexicon().types:
        if present is None or kind.name in present:
            triggers += _triggers_of(kind, text)
    triggers.sort(key=lambda t: t.start)
    # A trigger word fits several types ("destroyed"): the object decides, the first listed type wins.
    claimed: list[tuple[int, int]] = []
    chosen: list[Trigger] = []
    for t in sorted(triggers, key=lambda t: ([k.name for k in event_lexicon().types].index(t.type), t.start)):
        if any(s <= t.start < e for s, e in claimed):
            continue
        claimed.append((t.start, t.end))
        chosen.append(t)
    # "drugs seized over the past year", "cocaine seized at the port": a reduced relative
    # describes a thing; it does not report that something happened, unless it dates its
    # own verb to a month or a day ("two helicopters ordered last October").
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
            if date is None:
                continue
            statement_dates.add((date.start, date.end))
            events.append(Event(t.type, t, None, None, date, None, None, _statement_actors(text, t), [],
                                _summary(text, t, None)))
            seen_types.add(t.type)
            continue
        date = _nearest_date(t, sentence.dates, statement_dates, text)
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
        inherited = inherited_end = None
        follows = t.type != "statement" and bool(FOLLOWS_AN_EVENT.match(text))
        during = date is None and t.type in PHYSICAL and ctx.operation is not None and DURING_OPERATION.search(text)
        if during:
            # "23 persons have been detained during the operation": over the days of the operation told
            op = ctx.operation
            inherited = Anchor(op.date_start, "day", True)
            inherited_end = op.date_end if op.precision == "range" else (
                ctx.reference.date if ctx.reference is not None and ctx.reference.date >= op.date_start else op.date_end)
        elif date is None and not running and (t.type in PHYSICAL or follows) and ctx.narrative is not None \
                and (ctx.paragraph_gap(sentence) <= 2 or follows):
            inherited, inherited_end = ctx.narrative, ctx.narrative_end
        if q is None and t.type in COUNTABLE and t.object_span and _counts_one(text, t.object_span):
            q = _one(text, t.object_span)  # "dismantled a laboratory": one laboratory
        later_conjunct: tuple[Quantity, Trigger] | None = None
        first = _first_conjunct(t, q, sentence.quantities, text, kind_of(t.type)) if t.form == "passive" else None
        if first is not None:
            later_conjunct = (q, t)  # "Fourteen laboratories and 31 maceration pits were destroyed": the first heads
            q, t = first
        unit = _unit_of(q, t, text) if q is not None else None
        obj = text[t.object_span[0]:t.object_span[1]].lower() if t.object_span else None
        event = Event(t.type, t, q, unit, date, inherited, inherited_end, _actors(text, t),
                      _places(text, ctx), _summary(text, t, q), obj,
                      inherited_text=ctx.operation.text if during else None)
        events.append(event)
        if later_conjunct is not None:
            q2, t2 = later_conjunct
            events.append(replace(event, quantity=q2, quantity_unit=_unit_of(q2, t2, text), trigger=t2, coordinated=True,
                                  summary=_summary(text, t2, q2),
                                  object_text=text[t2.object_span[0]:t2.object_span[1]].lower() if t2.object_span else None))
        events += _coordinated(event, sentence, kind_of(t.type))
        events += _dated_parts(t, q, date, sentence, ctx)
        seen_types.add(t.type)
    return _without_framing_speech(events, text)


def _without_framing_speech(events: list[Event], text: str) -> list[Event]:
    """ "…has destroyed 41 laboratories since 28 March, informed this morning the Joint Command": the
    saying frames what happened; the destruction is the row, the Joint Command its source."""
    if not any(e.type in PHYSICAL for e in events):
        return events
    framing = event_lexicon().framing_speech
    if SPEECH_OCCASION.search(text):
        return events  # "told reporters at a news conference on Wednesday": the conference is news too
    return [e for e in events if not (e.type == "statement" and e.trigger.form != "noun"
                                      and text[e.trigger.start:e.trigger.end].lower() in framing)]


def compared_figures(sentence: Sentence) -> set[tuple[int, int]]:
    """Spans of masses or areas set against another period's: "seized 49 tonnes in 2024, down from 116
    tonnes the year before" is a statistic of a series, kept as estimates besides the event ("intercepted
    26 aircraft in 2023, against 14 in 2022" counts events)."""
    cue = event_lexicon().series_comparison
    text, out = sentence.text, set()
    figures = [q for q in sentence.quantities if q.unit in SERIES_UNITS]
    for a, b in zip(figures, figures[1:]):
        between = text[a.end:b.start]
        if a.unit == b.unit and len(between.split()) <= 12 and not re.search(r"[;:]", between) \
                and re.search(f"(?:{cue.pattern})" + r"\s+(?:\S+\s+){0,2}$", between, cue.flags):
            out |= {(a.start, a.end), (b.start, b.end)}
    return out


DURING_OPERATION = re.compile(r"\b(?:during|in\s+the\s+course\s+of|throughout)\s+the\s+(?:\w+\s+)?"
                              r"(?:operation|offensive|campaign|crackdown|intervention)\b", re.I)
STARTED_TYPES = {"security_operation", "policy"}
START_BEFORE = re.compile(r"\b(?:its|their)\s+(?:start|launch|beginning|onset|inception)\s+(?:on|in)\s+$", re.I)


def _start_told(trigger: Trigger, dates: list[DateMention], text: str) -> DateMention | None:
    """The date of "its start on 28 March" later in the sentence, for the operation the sentence opens with."""
    return next((m for m in dates if m.start > trigger.end and m.precision != "unknown"
                 and START_BEFORE.search(text, max(0, m.start - 30), m.start)), None)


NATIONWIDE = re.compile(r"\b(?:nationwide|across\s+the\s+country|throughout\s+the\s+country|in\s+the\s+national\s+territory)\b",
                        re.I)


def _places(text: str, ctx: DocumentContext) -> list[str]:
    """The most specific places the sentence names; "nationwide" is the country the text is about."""
    places = entities.most_specific_places(text)
    country = ctx.home_country or ctx.main_country
    if not places and country and NATIONWIDE.search(text):
        return [country]
    return places


def _running_total(text: str, dates: list[DateMention], trigger: Trigger) -> bool:
    """ "Since 2017, … has eradicated …", "has destroyed 41 laboratories since its start on 28 March":
    a total counted from a time, not one act."""
    opening = CUMULATIVE_OPENING.match(text)
    return bool(opening and opening.end() <= trigger.start) or _since_date(text, dates, trigger) is not None


def _since_date(text: str, dates: list[DateMention], trigger: Trigger) -> DateMention | None:
    """The date a total counts from, in the trigger's clause: "Since January the FELCN has seized"."""
    def same_clause(m: DateMention) -> bool:
        between = text[m.end:trigger.start] if m.end <= trigger.start else text[trigger.end:m.start]
        return not OTHER_CLAUSE.search(between)
    return next((m for m in dates if SINCE_BEFORE.search(text, max(0, m.start - 40), m.start) and same_clause(m)), None)


def _running_span(text: str, dates: list[DateMention], trigger: Trigger, ctx: DocumentContext) -> DateMention | None:
    """The span of a running total: from the date after "since" to the reference day, as a range."""
    since = _since_date(text, dates, trigger)
    if since is None or since.precision == "unknown" or since.date_start is None:
        return None
    end = ctx.reference.date if ctx.reference is not None else None
    if end is None or end < since.date_start:
        return since
    return replace(since, date_end=end, precision="range" if end != since.date_start else "day")


def _statement_actors(text: str, trigger: Trigger) -> list[str]:
    """The speaker the speech verb names ("the Minister of the Interior, Raúl Ormeño Vidal, stated"),
    else the actors around it."""
    for cue in entities.attributions_in(text):
        if cue.start <= trigger.start and trigger.end <= cue.end:
            people = entities.persons_in(cue.source)
            if people:
                return [people[-1].name]
            if entities.actors_in(cue.source):
                return entities.actors_in(cue.source)[-3:]
    before = entities.actors_in(text[:trigger.start])
    after = entities.actors_in(text[trigger.end:trigger.end + 80])
    return (before or after)[-3:]
