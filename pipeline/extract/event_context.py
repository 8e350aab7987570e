"""When an act told without a time of its own happened: the question it answers, the year its paragraph is
about, the day of a live entry, a running total up to a date.
"""
from __future__ import annotations

import re
from dataclasses import replace

from pipeline.extract.clauses import SPEECH_DATE_BEFORE
from pipeline.extract.document import DocumentContext, Sentence
from pipeline.extract.triggers import PHYSICAL, TIMESTAMP_ENTRY, Trigger
from pipeline.text.dates import DateMention

SO_FAR_BY = re.compile(r"\bby\s+(?:the\s+end\s+of\s+|the\s+close\s+of\s+|late\s+|mid-?)?$", re.I)
PERFECT_BEFORE = re.compile(r"\b(?:had|has|have)\s+(?:already\s+|so\s+far\s+)?$", re.I)
PRESENT_PERFECT = re.compile(r"\b(?:has|have)\s+(?:\w+ly\s+|already\s+|now\s+|just\s+)?(?:been\s+)?$", re.I)


def _so_far(date: DateMention | None, t: Trigger, text: str) -> DateMention | None:
    """ "By the end of October they had removed 21,000 hectares": a perfect counted up to a date is
    the year's running total, from the year's start to that date.
    """
    if date is None or date.date_start is None or date.date_end is None or date.precision not in ("day", "month"):
        return date
    if not SO_FAR_BY.search(text, max(0, date.start - 24), date.start) \
            or not PERFECT_BEFORE.search(text, max(0, t.start - 20), t.start):
        return date
    return replace(date, date_start=date.date_end.replace(month=1, day=1), precision="range")


def _day_it_was_told(t: Trigger, sentence: Sentence) -> DateMention | None:
    """ "Mininter has signed a contract …, the ministry said on Friday": an act in the present perfect,
    reported by a saying dated to a day later in the sentence, is news of that day.
    """
    text = sentence.text
    if t.type == "statement" or not PRESENT_PERFECT.search(text, max(0, t.start - 30), t.start):
        return None
    return next((m for m in sentence.dates if m.start > t.end and m.precision == "day" and m.date_start is not None
                 and SPEECH_DATE_BEFORE.search(text, max(0, m.start - 40), m.start)), None)


def _time_from_context(t: Trigger, sentence: Sentence, ctx: DocumentContext) -> DateMention | None:
    """For an act told with no time: the time its question asks about ("How much did you eradicate last
    year?" "We eradicated 18,500 hectares."), else the year its paragraph's figures are about.
    """
    if t.type not in PHYSICAL:
        return None
    return _asked_time(sentence, ctx) or (_year_told(sentence, ctx) if t.type != "armed_clash" else None) \
        or _entry_day(sentence, ctx)


def _entry_day(sentence: Sentence, ctx: DocumentContext) -> DateMention | None:
    """ "07:45 — The troops come under fire": a timestamped entry of a live page happens on the page's day."""
    opening = ctx.opening_of(sentence).text
    if ctx.reference is None or ctx.reference.precision != "day" or not TIMESTAMP_ENTRY.match(opening):
        return None
    day = ctx.reference.date
    return DateMention(0, 0, opening[:5].strip(), day, day, "day", True, True)


def _year_told(sentence: Sentence, ctx: DocumentContext) -> DateMention | None:
    """The year the paragraph's figures are about, for an act it tells without a time of its own."""
    told = ctx.told
    if told is None or told.precision != "year" or not ctx.told_text or ctx.told_paragraph != sentence.paragraph:
        return None
    start = told.date
    return DateMention(0, 0, ctx.told_text, start, start.replace(month=12, day=31), "year", True, True)


def _asked_time(sentence: Sentence, ctx: DocumentContext) -> DateMention | None:
    """The time the question just before an answer asks about, read outright."""
    if sentence.index == 0 or sentence.is_question:
        return None
    asked = ctx.sentences[sentence.index - 1]
    if not asked.is_question or asked.paragraph == sentence.paragraph:
        return None
    return next((m for m in asked.dates if m.precision in ("day", "month", "year") and m.date_start is not None), None)
