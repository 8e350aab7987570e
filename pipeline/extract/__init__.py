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
from dataclasses import replace

from pipeline.common.hashing import sha256_text
from pipeline.contract import ID_PREFIXES
from pipeline.extract import clauses, entities, tabular
from pipeline.extract.attribution import payer_name
from pipeline.extract.document import DAY_LEVEL_RELATIVE, DocumentContext, Sentence, build_context, prepare
from pipeline.extract.event_counts import compared_figures
from pipeline.extract.event_dates import COMPARED_WITH
from pipeline.extract.events import CONSUMING, PHYSICAL, Event, sentence_events
from pipeline.extract.figure_scope import geography_of, nearest_period
from pipeline.extract.figures import Figure, figures
from pipeline.extract.lexicon import CURRENCIES, gazetteer, metric_lexicon
from pipeline.extract.metrics import classify
from pipeline.extract.money import (
    PRICE_UNITS,
    budget_fields,
    calendar_fiscal_year,
    is_exchange_rate,
    money_kind,
    restates_money,
    table_budget_fields,
)
from pipeline.text import tables
from pipeline.text.dates import Anchor, DateMention

__all__ = ["extract_document"]


def row_id(prefix: str, doc_id: str, quote: str, start: int, end: int, kind: str, occurrence: int = 0) -> str:
    """Stable: the same document, sentence, span and kind always give the same id.

    ``occurrence`` tells apart a sentence the article repeats word for word; edits
    elsewhere in the document do not change an id.
    """
    key = "\x1f".join([doc_id, quote, str(start), str(end), kind] + ([str(occurrence)] if occurrence else []))
    return f"{prefix}_{sha256_text(key)[:16]}"


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _provenance(ctx: DocumentContext, s: Sentence) -> dict:
    assert ctx.text[s.start:s.end] == s.text
    return {"doc_id": ctx.doc_id, "quote": s.text, "char_start": s.start, "char_end": s.end}


def _date_fields(mention: DateMention | None, inherited: Anchor | None, prefix: str,
                 inherited_end: dt.date | None = None, inherited_text: str | None = None) -> dict:
    """A date read in the sentence, else the story's day carried from the sentence that named it
    (its expression kept as ``text``, so every date traces to words of the document), else none.
    """
    if mention is not None and mention.precision != "unknown":
        return {f"{prefix}_start": _iso(mention.date_start), f"{prefix}_end": _iso(mention.date_end),
                f"{prefix}_precision": mention.precision, "inferred": mention.inferred, "text": mention.text}
    if inherited is not None:
        end = inherited_end or inherited.date
        precision = inherited.precision if inherited.precision in ("month", "year") \
            else "day" if end == inherited.date else "range"
        return {f"{prefix}_start": _iso(inherited.date), f"{prefix}_end": _iso(end),
                f"{prefix}_precision": precision, "inferred": True, "text": inherited_text}
    return {f"{prefix}_start": None, f"{prefix}_end": None, f"{prefix}_precision": "unknown",
            "inferred": False, "text": mention.text if mention is not None else None}


# "on Wednesday", "in February of last year": the time expression as written, with its preposition
DATE_PREPOSITION = re.compile(r"\b(?:on|in|since|during|by|at|from|between|until|before|after|over|throughout)\s+$", re.I)


def _as_written(text: str, mention: DateMention | None, said: str | None) -> str | None:
    if mention is None or said != mention.text:
        return said
    m = DATE_PREPOSITION.search(text, max(0, mention.start - 14), mention.start)
    return text[m.start():mention.end] if m else said


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
        "geography": geography_of(q, s.text, s.dates) or ctx.section_place
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
        "unit": f.unit, "per": None, "qualifier": q.qualifier, "subject": f.subject or f.unit,
        "geography": f.geography,
        "period_start": dates["period_start"], "period_end": dates["period_end"],
        "period_precision": dates["period_precision"],
        "attributed_to": None, "derived": False,
        **_provenance(ctx, s),
    }


def _table_budget_row(ctx: DocumentContext, s: Sentence, f: tabular.TableFigure, table: tabular.Table) -> dict:
    """A cell of a table of sums as a budget line, quoted from its row."""
    q = f.quantity
    dates = _date_fields(f.period, None, "period")
    start, end, precision = calendar_fiscal_year(*_dates_of(dates, "period"), f.period.text if f.period else None, f.unit)
    fields = table_budget_fields(f.column, f.label, table.caption, table.header[0] if table.header else "", f.unit,
                                 ctx.main_country, tables.is_total(f.label))
    return {
        "budget_id": row_id(ID_PREFIXES["budgets"], ctx.doc_id, s.text, q.number_start, q.number_end, "budget", s.occurrence),
        "amount": f.low, "currency": f.unit, "qualifier": q.qualifier, **fields,
        "period_start": _iso(start), "period_end": _iso(end), "period_precision": precision,
        "attributed_to": None, **_provenance(ctx, s),
    }


def _dates_of(dates: dict, prefix: str) -> tuple:
    start, end = dates[f"{prefix}_start"], dates[f"{prefix}_end"]
    return (dt.date.fromisoformat(start) if start else None, dt.date.fromisoformat(end) if end else None,
            dates[f"{prefix}_precision"])


def _budget_row(ctx: DocumentContext, s: Sentence, f: Figure, attributed: str | None,
                payers: dict[str, tuple[str, int]], context: str = "") -> dict:
    q = f.quantity
    period = nearest_period(q, s.dates, s.text)
    dates = _date_fields(period, None, "period")
    start, end, precision = calendar_fiscal_year(*_dates_of(dates, "period"), period.text if period else None, f.unit)
    dates.update(period_start=_iso(start), period_end=_iso(end), period_precision=precision)
    fields = budget_fields(f, s.text, ctx.main_country)
    if not fields["funder"]:
        fields["funder"] = _topic_body(f.unit, context, ctx.main_country) or _unnamed_payer(f.unit, s.paragraph, payers)
        if fields["funder"] == fields["recipient"]:
            fields["funder"] = None
    elif f.unit in CURRENCIES:
        payers[f.unit] = (fields["funder"], s.paragraph)
    fields["funder"] = _possessive_as_written(fields["funder"], s.text)
    return {
        "budget_id": row_id(ID_PREFIXES["budgets"], ctx.doc_id, s.text, q.number_start, q.number_end, "budget", s.occurrence),
        "amount": abs(f.value), "currency": f.unit, "qualifier": q.qualifier,
        **fields,
        "period_start": dates["period_start"], "period_end": dates["period_end"],
        "period_precision": dates["period_precision"], "attributed_to": attributed,
        **_provenance(ctx, s),
    }


COMPARED_SUM = re.compile(r"(?:,\s*)?(?:(?:down|up)\s+from|compared\s+(?:with|to)|against|from)\s+(?:about\s+|some\s+|nearly\s+)?$",
                          re.I)


NEW_STORY_DATELINE = re.compile(r"^\W*[A-ZÁÉÍÓÚÑ]{2,}(?:[ -][A-ZÁÉÍÓÚÑ]{2,})*(?:\s*\([^)]{2,30}\))?(?:,\s+[A-Z][\w .]+?)?\s+[—–-]{1,2}\s")


def _priced_as_before(f: Figure, prices: dict[str, tuple[str, int]], paragraph: int) -> Figure:
    """ "… a kilo of dry leaf fell from 8.6 soles to 4.1 soles. In the Huallaga the fall was milder, from
    7.2 to 5.3 soles.": a bare sum after a price in its paragraph continues that price, at its rate.
    """
    told = prices.get(f.unit)
    if f.per is None and f.metric in ("other", "price") and told is not None and told[1] == paragraph:
        return replace(f, metric="price", per=told[0])
    return f


def _compared_sum(row: dict, earlier: list[dict], s: Sentence, q) -> dict:
    """ "requested $57 million for … in fiscal 2025, down from $64 million": the sum compared with is the
    same payer's for the same thing, at a time the sentence does not give.
    """
    if not earlier or earlier[-1]["quote"] != row["quote"] or earlier[-1]["currency"] != row["currency"]:
        return row
    before = s.text[:q.start]
    if not COMPARED_SUM.search(before[-40:]) or any(m.start >= before.rfind(",") and m.end <= q.start for m in s.dates):
        return row
    previous = earlier[-1]
    return {**row, "funder": previous["funder"], "recipient": previous["recipient"], "kind": previous["kind"],
            "purpose": previous["purpose"],
            **({"period_start": None, "period_end": None, "period_precision": "unknown"}
               if row["period_start"] == previous["period_start"] else {})}


def _possessive_as_written(funder: str | None, text: str) -> str | None:
    """ "Peru's Ministry of Defense signed …": the body as the text names it, not "Peru (Ministry of Defense)"."""
    m = re.fullmatch(r"(.+) \((.+)\)", funder or "")
    if m:
        for apostrophe in ("'", "’"):
            written = f"{m[1]}{apostrophe}s {m[2]}"
            if written in text:
                return written
    return funder


TOPIC_WORDS = 4  # a body named within the first words of the sentence before is what it is about


def _topic_body(currency: str, context: str, main_country: str | None) -> str | None:
    """ "SUNAT says its three scanners … Benavides confirmed that a tender, with a budget of 186 million
    soles, will be launched": a home-currency sum no clause pays is paid by the public body of that
    country the sentence before is about.
    """
    home = metric_lexicon().home_currency_funders.get(currency)
    if not home or not context:
        return None
    opening = len(" ".join(context.split()[:TOPIC_WORDS]))
    for m in entities.orgs_in(context):
        country = gazetteer().org_country.get(m.name)
        if m.start <= opening and (country == home or country == "local" and main_country == home):
            return payer_name(m, main_country)
    return None


PAYER_REACH = 2  # paragraphs a payer named with a sum still pays for the sums after it


def _unnamed_payer(currency: str, paragraph: int, payers: dict[str, tuple[str, int]]) -> str | None:
    """Who pays a sum whose sentence names no payer: the state whose currency it is ("S/ 186
    million goes to alternative development" is Peru's), else the payer of the last sum in that
    currency a paragraph or two before ("Within that account, … $38.5 million for Peru").
    """
    home = metric_lexicon().home_currency_funders.get(currency)
    if home:
        return home
    if currency in payers and 0 <= paragraph - payers[currency][1] <= PAYER_REACH:
        return payers[currency][0]
    return None


def _base(q) -> tuple[float, str | None]:
    """A quantity in base units, so "1.2 tons" and "1,200 kg" are the same haul."""
    factor = {"t": 1000.0}.get(q.unit, 1.0)
    return round(q.value * factor, 6), {"t": "kg"}.get(q.unit, q.unit)


def _implied_one(q) -> bool:
    return q.value == 1 and not re.search(r"\d", q.text)


def _is_repeat(e: Event, seen: list[Event]) -> bool:
    """A later mention of an event already on the timeline ("the 20 airstrips that were dynamited")."""
    for other in seen:
        if other.type != e.type:
            continue
        if e.quantity is not None and other.quantity is not None:
            # "a man was arrested" twice in a text is two arrests: a count of one no figure wrote tells nothing
            if _base(e.quantity) == _base(other.quantity) and not _implied_one(e.quantity):
                return True
        elif e.quantity is None and other.quantity is None and e.date is not None and other.date is not None:
            if (e.date.date_start, e.date.precision) == (other.date.date_start, other.date.precision) \
                    and e.date.date_start is not None:
                return True
        elif e.quantity is None and e.date is None and e.object_text and e.object_text == other.object_text:
            return True  # "The agreement was signed in Lima by …" after "signed an agreement"
    return False


# The publication day itself, told ("this morning", "yesterday"): a day the story is about, unlike a
# count of days from another event ("two days later") or a span ("within days").
DEICTIC_DAY_TOLD = re.compile(r"(?:this\s+(?:morning|afternoon|evening)|today|yesterday|tonight|last\s+night)$", re.I)
MAX_NARRATIVE_DAYS = 92  # a range longer than a quarter is a period of statistics, not the story's days


def _update_narrative(ctx: DocumentContext, s: Sentence, events: list[Event]) -> None:
    """The day the story is about: set by a dated event read, not computed, at day precision."""
    def read_not_computed(m, precisions=("day", "range", "month")) -> bool:
        return m is not None and m.precision in precisions and m.date_start is not None \
            and (not DAY_LEVEL_RELATIVE.search(m.text) or DEICTIC_DAY_TOLD.match(m.text) is not None)

    def set_to(m) -> None:
        ctx.narrative = Anchor(m.date_start, "month" if m.precision == "month" else "day", m.inferred)
        ctx.narrative_end = m.date_end
        ctx.narrative_text = m.text
        ctx.narrative_paragraph = s.paragraph

    for e in events:
        if e.type == "security_operation" and e.date is not None and e.date.precision in ("day", "range"):
            ctx.operation = e.date
            break
    # A statement's date is when something was said; the story's day comes from what was done,
    # or, in a sentence with no event, from a day it names ("a patrol located a camp on July 19").
    for e in events:
        if e.type != "statement" and read_not_computed(e.date):
            return set_to(e.date)
    if not events:
        for m in s.dates:
            # a day, or the days of an operation ("between 30 September and 11 October"), not a year's span
            if read_not_computed(m, ("day", "range")) and (m.date_end - m.date_start).days <= MAX_NARRATIVE_DAYS:
                return set_to(m)


# "… in comparison with 2022", "up from 2022": the year a figure is compared with is not the story's
COMPARISON_BEFORE = re.compile(r"\b(?:compared?|comparison|than|from|versus|vs\.?|since|over)\s+(?:\w+\s+){0,2}$", re.I)


def _update_told(ctx: DocumentContext, s: Sentence, estimates: list[dict]) -> None:
    """The time this sentence's figures are about (else the last it names outright) is what "that
    year" or "the same year" in the next sentences means; a year a figure is compared with is not.
    """
    def compared(m: DateMention) -> bool:
        return bool(COMPARISON_BEFORE.search(s.text, max(0, m.start - 30), m.start)
                    or COMPARED_WITH.search(s.text, max(0, m.start - 60), m.start))

    periods = [r for r in estimates if r["period_precision"] in ("day", "month", "year")]
    for row in reversed(periods):
        said = next((m for m in s.dates if m.date_start is not None and m.date_start.isoformat() == row["period_start"]),
                    None)
        if said is not None and compared(said):
            continue
        ctx.told = Anchor(dt.date.fromisoformat(row["period_start"]), row["period_precision"])
        ctx.told_text, ctx.told_paragraph = (said.text if said else None), s.paragraph
        return
    for m in reversed(s.dates):
        if m.relative or m.precision not in ("day", "month", "year") or m.date_start is None or compared(m):
            continue
        ctx.told = Anchor(m.date_start, m.precision)
        ctx.told_text, ctx.told_paragraph = m.text, s.paragraph
        return


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
            for f in tabular.row_figures(s.text, s.quantities, table, ctx.reference, ctx.main_country):
                if f.unit in CURRENCIES:
                    rows["budgets"].append(_table_budget_row(ctx, s, f, table))
                else:
                    rows["estimates"].append(_table_row(ctx, s, f))
            continue
        # a caption is the whole paragraph above the table ("Table 3. … (in US dollars;\nUS federal …)")
        last_text = f"{last_text} {s.text}" if previous_caption_paragraph == s.paragraph else s.text
        table, previous_caption_paragraph = None, s.paragraph
        if _is_heading(s.text):
            places = entities.most_specific_places(s.text)
            ctx.section_place = places[0] if len(places) == 1 else None
        if not s.is_prose:
            continue  # a headline or a list of links repeats or advertises; its claims are made elsewhere
        if (previous is None or previous.paragraph != s.paragraph) and NEW_STORY_DATELINE.match(s.text):
            ctx.narrative = ctx.told = None  # "IQUIQUE — …": a digest's next item is a story of its own
        prepare(ctx, s)
        carried = _carried_source(s, previous, carried)
        if previous is None or previous.paragraph != s.paragraph:
            last_person = None
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
                consumed |= {(q.start, q.end) for q in s.quantities
                             if q.start > e.quantity.end and q.unit == e.quantity.unit
                             and re.search(r"\bincluding\s+(?:\w+\s+){0,2}$", s.text[max(0, q.start - 30):q.start])}
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
        told_from = len(rows["estimates"])
        for f in figures(s, skip, context):
            attributed = _attribution(ctx, s, f.quantity.start, carried, last_person)
            if f.unit in CURRENCIES:
                if is_exchange_rate(s, s.quantities.index(f.quantity)):
                    continue  # "€0.92 per U.S. dollar": a rate of exchange, not money spent or asked
                if restates_money(s, s.quantities.index(f.quantity)):
                    continue  # "(about $320 million)": the sum before it, converted
                other_money = tuple((q.start, q.end) for q in s.quantities if q.unit in CURRENCIES and q is not f.quantity)
                kind = money_kind(f, s.text, context, other_money)
                if kind == "budget":
                    row = _budget_row(ctx, s, f, attributed, payers, context)
                    rows["budgets"].append(_compared_sum(row, rows["budgets"], s, f.quantity))
                    continue
                if f.unit not in PRICE_UNITS:
                    continue  # a price in reais is no unit of the estimates table
                f.metric = "price" if kind == "price" else "other"
                f = _priced_as_before(f, prices, s.paragraph)
            rows["estimates"].append(_estimate_row(ctx, s, f, attributed))
            if f.metric == "price" and f.per:
                prices[f.unit] = (f.per, s.paragraph)
        _update_told(ctx, s, rows["estimates"][told_from:])
        people = entities.persons_in(s.text)
        if people:
            last_person = ctx.people.get(people[-1].name.split()[-1].lower(), people[-1].name)
    return rows
