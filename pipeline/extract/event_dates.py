"""When an event happened: the date of its clause, of a statement, or the span of a running total.

A date in a subordinate clause belongs to that clause's verb; a total counted
"since" a date happened over the span up to the day it is told. Apart from
trigger matching because these rules read dates and clauses, not the lexicon
of event types.
"""
from __future__ import annotations

import re
from dataclasses import replace

from pipeline.extract import clauses
from pipeline.extract.clauses import SPEECH_DATE_BEFORE
from pipeline.extract.document import DocumentContext, Sentence
from pipeline.extract.lexicon import event_lexicon
from pipeline.extract.triggers import Trigger
from pipeline.text.dates import Anchor, DateMention

CUMULATIVE_OPENING = re.compile(r"^\W*(?:\d{1,2}[.)]\s+)?(?:Since|Over the (?:past|last)|In the (?:past|last))\b[^,]{0,40},",
                                re.IGNORECASE)
SINCE_BEFORE = re.compile(r"\bsince\b[^,;:.]{0,30}$", re.IGNORECASE)
PLAIN_SPEECH = re.compile(r"^(?:said|says|told|stated|explained|noted|warned|indicated|confirmed)$", re.I)
# "since last October, when three soldiers were killed": the when-clause tells the act the time was
WHEN_CLAUSE = re.compile(r"\s*,\s*when\b[^,;]*$", re.I)
OTHER_CLAUSE = re.compile(r"\b(?:while|whereas|but|although|though|yet|which|who|whose|according\s+to)\b|[;:]", re.I)


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
    2026" date what was said; a bare year after more than a word or two is the content's too.
    """
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
    participle is that participle's, not the trigger's.
    """
    if not text or m.start <= trigger.end:
        return False
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", text[trigger.end:m.start])]
    if words and words[-1] in DATE_PREPOSITIONS:
        words = words[:-1]
    return len(words) >= 2 and words[-1].endswith("ed") and words[-1] not in PARTICIPLE_EXCEPTIONS


PARTICIPLE_EXCEPTIONS = {"started", "ended", "based"}
DATE_PREPOSITIONS = {"in", "on", "over", "during", "since", "between", "from", "by", "at", "last", "this"}


# ("more than 200 laboratories this year": "more than" before a number qualifies it, it compares nothing)
COMPARED_WITH = re.compile(r"\b(?:compared\s+(?:with|to)|than(?!\s+(?:about\s+|some\s+|nearly\s+)?\d)|versus|vs\.?|against|"
                           r"up\s+from|down\s+from)\b"
                           r"(?:[^,;:.]|(?<=\d)[,.](?=\d)){0,50}$", re.I)


def _compared_with(text: str, after: int, start: int) -> bool:
    """ "eradicated 20,000 hectares, compared with more than 43,000 hectares in 2022": the year of the
    figure the act is compared with is not the act's.
    """
    cue = COMPARED_WITH.search(text, after, start)
    if cue is not None and cue.group(0).lower().startswith(("against", "versus", "vs")):
        # "declared a conflict against 22 criminal groups in January": set against a figure only
        return re.search(r"\d", text[:cue.start()]) is not None
    return cue is not None


BEGAN_BEFORE = re.compile(r"\b(?:began|begun|started|opened|launched)\b[^.;]{0,25}$", re.I)
ENDED_BEFORE = re.compile(r"\b(?:until|ended|end|finished|closed|concluded)\b[^.;]{0,25}$", re.I)


def _began_and_ended(candidates: list[DateMention], trigger: Trigger, text: str) -> DateMention | None:
    """ "In an operation that began on 3 March and did not end until 5 March, agents disabled …": the
    operation's days, from its first to its last.
    """
    before = [m for m in candidates if m.end <= trigger.start and m.date_start is not None and m.precision == "day"]
    began = next((m for m in before if BEGAN_BEFORE.search(text, max(0, m.start - 40), m.start)), None)
    ended = next((m for m in before if m is not began and ENDED_BEFORE.search(text, max(0, m.start - 40), m.start)
                  and began is not None and m.start > began.end), None)
    if began is None or ended is None or ended.date_end < began.date_start:
        return None
    return replace(began, end=ended.end, text=text[began.start:ended.end], date_end=ended.date_end, precision="range")


def _restated(candidates: list[DateMention], text: str) -> list[DateMention]:
    """ "Two days later, on 7 March": a counted time restated as a date is that date, where the count stands."""
    out = []
    for m in candidates:
        restating = next((o for o in candidates if o is not m and m.relative and not re.search(r"\d", m.text)
                          and re.search(r"\d", o.text) and 0 <= o.start - m.end <= 6
                          and re.fullmatch(r",?\s*(?:on|in)?\s*", text[m.end:o.start])), None)
        if restating is not None:
            out.append(replace(restating, start=m.start, text=text[m.start:restating.end]))
            continue
        if out and out[-1].end >= m.end:
            continue  # the date written out, already standing in for the count before it
        out.append(m)
    return out


def _nearest_date(trigger: Trigger, dates: list[DateMention], skip: set[tuple[int, int]],
                  text: str = "") -> DateMention | None:
    """The date of the trigger's own clause, else of a parallel clause, else one opening the sentence:
    a date in a subordinate clause belongs to that clause's verb.
    """
    candidates = [m for m in dates if (m.start, m.end) not in skip and not _dates_another_participle(trigger, m, text)
                  and not (text and trigger.type != "statement" and m.start > trigger.end
                           and SPEECH_DATE_BEFORE.search(text, max(0, m.start - 40), m.start))
                  and not (text and m.start > trigger.end and _compared_with(text, trigger.end, m.start))]
    # "Two days later, on 7 March": the date written out restates the counted one
    candidates = _restated(candidates, text) if text else candidates
    span = _began_and_ended(candidates, trigger, text) if text else None
    if span is not None:
        return span
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


DURING_OPERATION = re.compile(r"\b(?:during|in\s+the\s+course\s+of|throughout)\s+the\s+(?:\w+\s+)?"
                              r"(?:operations?|offensives?|campaigns?|crackdowns?|interventions?|raids?|sweeps?)\b", re.I)
STARTED_TYPES = {"security_operation", "policy"}
START_BEFORE = re.compile(r"\b(?:its|their)\s+(?:start|launch|beginning|onset|inception)\s+(?:on|in)\s+$", re.I)


def _start_told(trigger: Trigger, dates: list[DateMention], text: str) -> DateMention | None:
    """The date of "its start on 28 March" later in the sentence, for the operation the sentence opens with."""
    return next((m for m in dates if m.start > trigger.end and m.precision != "unknown"
                 and START_BEFORE.search(text, max(0, m.start - 30), m.start)), None)


def _running_total(text: str, dates: list[DateMention], trigger: Trigger) -> bool:
    """ "Since 2017, … has eradicated …", "has destroyed 41 laboratories since its start on 28 March":
    a total counted from a time, not one act.
    """
    opening = CUMULATIVE_OPENING.match(text)
    return bool(opening and opening.end() <= trigger.start) or _since_date(text, dates, trigger) is not None


def _since_date(text: str, dates: list[DateMention], trigger: Trigger) -> DateMention | None:
    """The date a total counts from, in the trigger's clause: "Since January the FELCN has seized"."""
    def same_clause(m: DateMention) -> bool:
        between = text[m.end:trigger.start] if m.end <= trigger.start else text[trigger.end:m.start]
        return not OTHER_CLAUSE.search(between) and not WHEN_CLAUSE.match(between)
    return next((m for m in dates if SINCE_BEFORE.search(text, max(0, m.start - 40), m.start) and same_clause(m)
                 and not event_lexicon().record_since.search(text, max(0, m.start - 60), m.start)), None)


def _running_span(text: str, dates: list[DateMention], trigger: Trigger, ctx: DocumentContext) -> DateMention | None:
    """The span of a running total: from the date after "since" to the reference day, as a range."""
    since = _since_date(text, dates, trigger)
    if since is None or since.precision == "unknown" or since.date_start is None:
        return None
    end = ctx.reference.date if ctx.reference is not None else None
    if end is None or end < since.date_start:
        return since
    return replace(since, date_end=end, precision="range" if end != since.date_start else "day")


def operation_dates(text: str, date, physical: bool, ctx) -> tuple:
    """(date, inherited start, inherited end, during) for an event told as part of the operation the text reported.

    "23 persons have been detained during the operation": over the days of the operation told.
    "seized during the 2021 raids": the year names that operation ("raided ... on 19 October 2021"),
    so the event has the operation's days, not the whole year.
    """
    op = ctx.operation
    during_np = DURING_OPERATION.search(text) if physical and op is not None else None
    if during_np is None:
        return date, None, None, False
    if date is not None and during_np.start() <= date.start < during_np.end() and date.precision in ("year", "month") \
            and date.date_start is not None and date.date_end is not None \
            and date.date_start <= op.date_start <= date.date_end:
        return None, Anchor(op.date_start, "day", True), op.date_end, True
    if date is not None:
        return date, None, None, False
    end = op.date_end if op.precision == "range" else (
        ctx.reference.date if ctx.reference is not None and ctx.reference.date >= op.date_start else op.date_end)
    return None, Anchor(op.date_start, "day", True), end, True
