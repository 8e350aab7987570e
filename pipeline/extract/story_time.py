"""The story's time as the text goes on: the day it is about (for "the next day") and the year its figures are about (for "that year")."""
from __future__ import annotations

import datetime as dt
import re

from pipeline.extract.document import DAY_LEVEL_RELATIVE, DocumentContext, Sentence
from pipeline.extract.event_dates import COMPARED_WITH
from pipeline.extract.events import Event
from pipeline.text.dates import Anchor, DateMention

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
