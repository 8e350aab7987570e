"""What every row carries: its id, its provenance (the sentence and its offsets) and its dates as written."""
from __future__ import annotations

import datetime as dt
import re

from pipeline.common.hashing import sha256_text
from pipeline.extract.document import DocumentContext, Sentence
from pipeline.text.dates import Anchor, DateMention


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
    quote = ctx.text[s.start:s.end]  # as written: the sentence's text is as read (see document.figure_first_as_read)
    assert len(quote) == len(s.text)
    return {"doc_id": ctx.doc_id, "quote": quote, "char_start": s.start, "char_end": s.end}


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
