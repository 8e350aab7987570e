"""Extraction: a cleaned document in, rows of events, estimates and budgets out.

Reads sentence by sentence, in order, so dates can lean on what came before
(the day a story is about, the person who is speaking). Every row carries
the whole sentence as its quote with offsets into the document text, and an
id derived from the document, the sentence and the figure's place in it.
Never imports Dagster.
"""
from __future__ import annotations

import datetime as dt
import re

from pipeline.contract import ID_PREFIXES
from pipeline.extract import clauses, entities, tabular
from pipeline.extract.budget_rows import _money, _table_budget_row
from pipeline.extract.document import DocumentContext, Sentence, build_context, item_place, paragraph_dateline, prepare
from pipeline.extract.event_counts import compared_figures, implied_one
from pipeline.extract.events import CONSUMING, PHYSICAL, Event, sentence_events
from pipeline.extract.figure_scope import geography_of, nearest_period
from pipeline.extract.figures import Figure, figures
from pipeline.extract.lexicon import CURRENCIES
from pipeline.extract.metrics import classify
from pipeline.extract.rows import _as_written, _date_fields, _provenance, row_id
from pipeline.extract.story_time import _update_narrative, _update_told
from pipeline.text import tables
from pipeline.text.calendar import FULL_MONTH_NUMBERS, MONTH_LINE
from pipeline.text.dates import Anchor

__all__ = ["extract_document"]


def _event_row(ctx: DocumentContext, s: Sentence, e: Event) -> dict:
    dates = _date_fields(e.date, e.date_inherited, "date", e.date_inherited_end, e.inherited_text or ctx.narrative_text)
    dates["text"] = _as_written(s.text, e.date, dates["text"])
    q = e.quantity
    return {
        "event_id": row_id(ID_PREFIXES["events"], ctx.doc_id, s.text, e.trigger.start, e.quantity.start if e.coordinated else e.trigger.end,
                           e.type, s.occurrence),
        "event_type": e.type,
        "date_start": dates["date_start"], "date_end": dates["date_end"],
        "date_precision": dates["date_precision"], "date_text": dates["text"],
        "date_inferred": bool(dates["inferred"]),
        "actors": "; ".join(e.actors) or None,
        "location": "; ".join(e.location) or None,
        "quantity": q.value if q is not None else None,
        "quantity_unit": e.quantity_unit if q is not None else None,
        "summary": e.summary,
        **_provenance(ctx, s),
    }


PRONOUN_SPEAKS = re.compile(rf"\b(?:[Hh]e|[Ss]he)\s+(?:{entities.SPEECH_VERBS})\b|\b(?:{entities.SPEECH_VERBS})\s+(?:he|she)\b")


def _attribution(ctx: DocumentContext, s: Sentence, position: int, carried: str | None,
                 last_person: str | None = None) -> str | None:
    if s.in_quote and s.speaker:
        return s.speaker
    source = entities.attribution_for(s.text, position, ctx.people)
    if source is None and last_person and PRONOUN_SPEAKS.search(s.text):
        return last_person  # "On a good day, he says, …": the person the paragraph has just named
    source = entities.resolve_role(source, ctx.roles) or source  # "the vice minister": the one the text named
    return source or carried


# A national total needs no place when the whole text is about one country: "DEVIDA put the 2023
# crop at 89,650 hectares" in a story about Peru is Peru's crop. Other metrics keep no place.
NATIONAL_METRICS = {"coca_area", "coca_area_change", "eradication_area", "coca_leaf_production", "cocaine_production"}


HEADING_WORDS = 8


def _is_heading(text: str) -> bool:
    """A short line without a sentence's end: a section's title ("Key findings: Colombia")."""
    line = text.strip()
    return "\n" not in line and 0 < len(line.split()) <= HEADING_WORDS and not re.search(r"[.!?…\"”]$", line) \
        and not line.startswith(("-", "*", "•"))


def _estimate_row(ctx: DocumentContext, s: Sentence, f: Figure, attributed: str | None) -> dict:
    q = f.quantity
    period = nearest_period(q, s.dates, s.text)
    dates = _date_fields(period, None, "period")
    return {
        "estimate_id": row_id(ID_PREFIXES["estimates"], ctx.doc_id, s.text, q.number_start, q.number_end, "estimate", s.occurrence),
        "metric": f.metric, "value": f.value, "value_low": f.low, "value_high": f.high,
        "unit": f.unit, "per": f.per, "qualifier": q.qualifier, "subject": f.subject or f.unit,
        "geography": geography_of(q, s.text, s.dates) or ctx.item_place or ctx.section_place
        or (ctx.home_country if f.metric in NATIONAL_METRICS else None),
        "period_start": dates["period_start"], "period_end": dates["period_end"],
        "period_precision": dates["period_precision"],
        "attributed_to": attributed, "derived": f.derived,
        **_provenance(ctx, s),
    }


def _table_row(ctx: DocumentContext, s: Sentence, f: tabular.TableFigure) -> dict:
    """A table cell as an estimate, quoted from its row."""
    q = f.quantity
    dates = _date_fields(f.period, None, "period")
    return {
        "estimate_id": row_id(ID_PREFIXES["estimates"], ctx.doc_id, s.text, q.number_start, q.number_end, "estimate", s.occurrence),
        "metric": f.metric, "value": (f.low + f.high) / 2, "value_low": f.low, "value_high": f.high,
        "unit": f.unit, "per": f.per, "qualifier": q.qualifier, "subject": f.subject or f.unit,
        "geography": f.geography,
        "period_start": dates["period_start"], "period_end": dates["period_end"],
        "period_precision": dates["period_precision"],
        "attributed_to": None, "derived": False,
        **_provenance(ctx, s),
    }


NEW_STORY_DATELINE = re.compile(r"^\W*[A-ZÁÉÍÓÚÑ]{2,}(?:[ -][A-ZÁÉÍÓÚÑ]{2,})*(?:\s*\([^)]{2,30}\))?(?:,\s+[A-Z][\w .]+?)?\s+[—–-]{1,2}\s")


def _base(q) -> tuple[float, str | None]:
    """A quantity in base units, so "1.2 tons" and "1,200 kg" are the same haul."""
    factor = {"t": 1000.0}.get(q.unit, 1.0)
    return round(q.value * factor, 6), {"t": "kg"}.get(q.unit, q.unit)


def _days_of(e: Event) -> tuple[str, str] | None:
    """The ISO days the event's row will carry, if it carries any."""
    dates = _date_fields(e.date, e.date_inherited, "date", e.date_inherited_end)
    return (dates["date_start"], dates["date_end"]) if dates["date_start"] and dates["date_end"] else None


def _apart_in_time(a: Event, b: Event) -> bool:
    days_a, days_b = _days_of(a), _days_of(b)
    return days_a is not None and days_b is not None and (days_a[1] < days_b[0] or days_b[1] < days_a[0])


def _is_repeat(e: Event, seen: list[Event]) -> bool:
    """A later mention of an event already on the timeline ("the 20 airstrips that were dynamited")."""
    for other in seen:
        if other.type != e.type or _apart_in_time(e, other):
            continue  # "two attackers killed" this morning is not the two wounded last Thursday
        if e.quantity is None and e.trigger.form == "passive" and e.type in PHYSICAL:
            return True  # "The drugs were found in a warehouse": where the haul told before was
        if e.quantity is not None and other.quantity is not None:
            # "a man was arrested" twice in a text is two arrests: a count of one no figure wrote tells nothing
            if _base(e.quantity) == _base(other.quantity) and not implied_one(e.quantity):
                return True
        elif e.quantity is None and other.quantity is None and e.date is not None and other.date is not None:
            if (e.date.date_start, e.date.precision) == (other.date.date_start, other.date.precision) \
                    and e.date.date_start is not None:
                return True
        elif e.quantity is None and e.date is None and e.object_text and e.object_text == other.object_text:
            return True  # "The agreement was signed in Lima by …" after "signed an agreement"

    return False


def _parts_of_haul(total, s: Sentence) -> set[tuple[int, int]]:
    """ "seized 31.7 MT, including 18.2 MT of cocaine hydrochloride and 13.5 MT of cocaine base": the parts
    that "including" opens, and those coordinated with them.
    """
    parts: set[tuple[int, int]] = set()
    last = None
    for q in s.quantities:
        if q.start <= total.end or q.unit != total.unit:
            continue
        opened = re.search(r"\bincluding\s+(?:\w+\s+){0,2}$", s.text[max(0, q.start - 30):q.start])
        joined = last is not None and re.fullmatch(r"\s*(?:,\s*)?(?:and\s+)?(?:about\s+|some\s+)?", s.text[last:q.start])
        if opened or joined:
            parts.add((q.start, q.end))
            last = q.end
    return parts


def _enter_section_month(ctx: DocumentContext, s: Sentence) -> None:
    """A heading that is a month ("FEBRUARY", "March 2024") dates what follows it, as a year in review
    or a diary does: its items are told against that month, and an act they leave undated happened in it.
    Any other heading ends the month's section. A month without a year is the last one by the day of writing.
    """
    ctx.section_month = None
    m = MONTH_LINE.match(s.text)
    number = FULL_MONTH_NUMBERS.get(m.group(1).lower()) if m else None
    if number is None or (m.group(2) is None and ctx.reference is None):
        return
    if m.group(2):
        year = int(m.group(2))
    else:
        told = ctx.reference.date
        year = told.year if number <= told.month else told.year - 1
    first = dt.date(year, number, 1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    ctx.section_month = Anchor(first, "month", m.group(2) is None)
    ctx.narrative, ctx.narrative_end = ctx.section_month, last
    ctx.narrative_text, ctx.narrative_paragraph = s.text.strip(), s.paragraph


# "Date: 03 FEB 2025, 0415 UTC": a record's date field (a bulletin's incident, a log entry)
RECORD_FIELD = re.compile(r"^\W*[A-Z][\w /()'’-]{1,30}:\s")  # "Vessel type: …", "Details: …"
DATE_FIELD = re.compile(r"^\W*(?:date|date and time|date/time|fecha|when|day)\s*:\s*\S", re.I)


def _read_date_field(ctx: DocumentContext, s: Sentence) -> None:
    """A record's date field dates the record's details that follow it ("Details: … Four crew members
    were detained"), as a story's day does: an act they leave undated happened on it.
    """
    if not DATE_FIELD.match(s.text):
        if ctx.record_date is not None and ctx.opening_of(s) is s and not RECORD_FIELD.match(s.text):
            ctx.record_date = None  # the record's fields have ended
        if ctx.record_date is not None and ctx.narrative_text == ctx.record_date.text:
            ctx.narrative_paragraph = s.paragraph  # "Position: …", "Details: …": the same record
        return
    prepare(ctx, s)
    told = next((m for m in s.dates if m.precision in ("day", "range") and m.date_start is not None), None)
    ctx.record_date = told
    if told is not None:
        ctx.narrative = Anchor(told.date_start, "day", told.inferred)
        ctx.narrative_end, ctx.narrative_text, ctx.narrative_paragraph = told.date_end, told.text, s.paragraph


def _carried_source(s: Sentence, previous: Sentence | None, carried: str | None) -> str | None:
    """An "According to X, …" opening a paragraph's sentence also covers the next one."""
    if previous is None or previous.paragraph != s.paragraph:
        return None
    if previous.text.lower().startswith("according to"):
        return entities.attribution_for(previous.text, 0)
    return carried


def extract_document(doc_id: str, text: str, published_date: dt.date | None = None,
                     publisher: str | None = None) -> dict[str, list[dict]]:
    """Rows of the three tables for one cleaned document."""
    ctx = build_context(doc_id, text, published_date, publisher)
    rows: dict[str, list[dict]] = {"events": [], "estimates": [], "budgets": []}
    timeline: list[Event] = []
    carried: str | None = None
    last_person: str | None = None  # the person the paragraph named last, for "he says"
    payers: dict[str, tuple[str, int]] = {}  # currency -> (last payer named, its paragraph)
    prices: dict[str, tuple[str, int]] = {}  # currency -> (the rate of the last price told, its paragraph)
    previous: Sentence | None = None
    table: tabular.Table | None = None
    last_text, previous_caption_paragraph = "", -1
    for s in ctx.sentences:
        if tables.is_header_row(s.text):
            table = tabular.Table(tables.cells(s.text), last_text)
            continue
        if table is not None and tables.is_rule_row(s.text):
            continue
        if table is not None and tables.is_data_row(s.text):
            prepare(ctx, s)
            found = tabular.row_figures(s.text, s.quantities, table, ctx.reference, ctx.main_country)
            currencies = tuple(f.unit for f in found if f.unit in CURRENCIES)
            for f in found:
                if f.unit in CURRENCIES and f.metric != "price":
                    rows["budgets"].append(_table_budget_row(ctx, s, f, table, currencies))
                else:
                    rows["estimates"].append(_table_row(ctx, s, f))
            continue
        # a caption is the whole paragraph above the table ("Table 3. … (in US dollars;\nUS federal …)")
        last_text = f"{last_text} {s.text}" if previous_caption_paragraph == s.paragraph else s.text
        table, previous_caption_paragraph = None, s.paragraph
        if _is_heading(s.text):
            places = entities.most_specific_places(s.text)
            ctx.section_place = places[0] if len(places) == 1 else None
            _enter_section_month(ctx, s)
        ctx.follow_list(s, previous.text if previous is not None else "")
        _read_date_field(ctx, s)
        if not s.is_prose:
            continue  # a headline or a list of links repeats or advertises; its claims are made elsewhere
        if (previous is None or previous.paragraph != s.paragraph) and NEW_STORY_DATELINE.match(s.text):
            ctx.narrative = ctx.told = None  # "IQUIQUE — …": a digest's next item is a story of its own
        prepare(ctx, s)
        carried = _carried_source(s, previous, carried)
        if previous is None or previous.paragraph != s.paragraph:
            last_person = None
            dateline = paragraph_dateline(s.text)
            ctx.dateline_place = dateline[0] if dateline else None
            ctx.item_place = item_place(s.text)
        previous_text = previous.text if previous is not None else ""
        previous_paragraph = previous.paragraph if previous is not None else -1
        previous = s
        events = sentence_events(ctx, s)
        consumed: set[tuple[int, int]] = set()
        series = compared_figures(s)
        for e in events:
            if e.quantity is not None and e.type in CONSUMING and (e.quantity.start, e.quantity.end) not in series:
                consumed.add((e.quantity.start, e.quantity.end))
            if e.type in PHYSICAL - {"armed_clash"}:
                # the force that acted is a figure of its own ("some 600 police officers … raided 52 properties")
                # (officers among the arrested are not a force)
                consumed |= {(q.start, q.end) for q in s.quantities if q.unit is None
                             and (e.type == "arrest" or classify(q, "count", q.noun, s.text) != "personnel")} - series
            if e.quantity is not None and e.type in CONSUMING:
                # "seized 31.6 tonnes of drugs, including 19.2 tonnes of cocaine": a part of the haul
                consumed |= _parts_of_haul(e.quantity, s)
            if _is_repeat(e, timeline):
                continue
            timeline.append(e)
            rows["events"].append(_event_row(ctx, s, e))
        _update_narrative(ctx, s, events)
        if s.is_question:
            continue
        date_spans = [(m.start, m.end) for m in s.dates]
        skip = consumed | {(q.start, q.end) for q in s.quantities
                           if any(ds <= q.start < de or ds < q.end <= de for ds, de in date_spans)
                           or clauses.negated(s.text, q.start, tuple(date_spans))
                           or clauses.denied_as_subject(s.text, q.end)}  # denied: nobody's claim
        # The sentence before speaks for this one in its paragraph, and a question for its answer.
        context = previous_text if previous_paragraph == s.paragraph or previous_text.rstrip().endswith("?") else ""
        if ctx.in_list_item:
            context = ctx.list_lead or ""  # the lead speaks for each item of its list, not the item before
        told_from = len(rows["estimates"])
        for f in figures(s, skip, context):
            attributed = _attribution(ctx, s, f.quantity.start, carried, last_person)
            if f.unit in CURRENCIES:
                f = _money(ctx, s, f, attributed, rows, payers, prices, context)
                if f is None:
                    continue
            rows["estimates"].append(_estimate_row(ctx, s, f, attributed))
            if f.metric == "price" and f.per:
                prices[f.unit] = (f.per, s.paragraph)
        _update_told(ctx, s, rows["estimates"][told_from:])
        people = entities.persons_in(s.text)
        if people:
            last_person = ctx.people.get(people[-1].name.split()[-1].lower(), people[-1].name)
    return rows
