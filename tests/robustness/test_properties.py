"""Property tests: cleaning and the grammars never raise on arbitrary text, and every offset they
return is inside the text, with the quoted text equal to the slice it names.

Texts mix arbitrary Unicode with the pieces the grammars react to (figures, units, currencies,
months, abbreviations, quotes, line breaks, invisible characters, mojibake, markup), glued
together or spaced, so that the interesting code paths are reached, not only the easy exits.
"""
from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.clean.cleaning import clean_article
from pipeline.extract import extract_document
from pipeline.ingest import decode_bytes
from pipeline.text.dates import Anchor, find_dates
from pipeline.text.numbers import find_quantities
from pipeline.text.sentences import split_sentences

PIECES = [
    "Peru", "Bolivia", "VRAEM", "police", "seized", "destroyed", "airstrips", "cocaine", "coca", "spent", "said",
    "0", "7", "12", "300", "1,200", "2.5", "3,000,000", "1.000,5", "40.000", "10-15", "4-6", "1/2", "½", "¾",
    "$", "US$", "S/", "S/.", "€", "£", "USD", "soles", "euros", "dollars", "million", "billion", "bn", "m",
    "thousand", "hundred", "dozen", "half", "a", "two", "twenty-five", "four to six", "tons", "tonnes", "kilos",
    "kg", "hectares", "ha", "km", "square kilometres", "percent", "per cent", "%", "a day", "per year", "each",
    "between", "and", "to", "from", "up to", "at least", "nearly", "about", "some", "-", "–", "—",
    "January", "Sept.", "Oct", "May", "2016", "1990s", "'90s", "2013-2014", "2016-02-30", "12/09/2016", "31.12.2015",
    "last year", "this month", "next week", "on Monday", "Thursday, June 26", "in March", "the 1st", "yesterday",
    "Mr.", "Dr.", "U.S.", "e.g.", "No.", "St.", "Gen.", "Jr.", "etc.", "a.m.", "J.R.R.",
    '"', "“", "”", "‘", "’", "'", "«", "»", "(", ")", "[", "]", "…", "...", "?", "!", ".", ",", ";", ":",
    "\n", "\n\n", "\r\n", "\r", "\t", "\u00a0", "\u200b", "\ufeff", "\u2028", "\x85", "\x0c", "\u0301",
    "Ã©", "â€™", "Ã", "&amp;", "&#8217;", "<b>", "</p>", "**", "|", "`", "=", "+", "@",
    "Share this article", "Subscribe", "By", "Lima, Peru —", "LIMA (Reuters) -", "Photo:", "Related",
    "ñ", "é", "Perú", "İ", "ß", "ﬁ", "🙂", "\U0001F1F5\U0001F1EA", "\x00", "\x7f",
]
PIECE = st.sampled_from(PIECES)
SEPARATOR = st.sampled_from(["", " ", " ", "  ", "\n", "\n\n", ". ", ", "])


@st.composite
def article_like(draw, max_pieces: int = 80) -> str:
    parts = draw(st.lists(st.tuples(st.one_of(PIECE, PIECE, st.text(max_size=6)), SEPARATOR), max_size=max_pieces))
    return "".join(piece + sep for piece, sep in parts)


SENTENCE = st.builds(
    "{} {} {} {}{}".format,
    st.sampled_from(["The police", "Peru's army", "DEVIDA", "The UNODC", "Officials", "The U.S. government", "He"]),
    st.sampled_from(["seized", "destroyed", "spent", "estimated", "said", "eradicated", "arrested", "gave Peru"]),
    st.sampled_from(["300 kilos of cocaine", "$5 million", "40,000 hectares of coca", "12 airstrips", "1.5 tons",
                     "four to six flights a day", "between 10 and 15 tons", "S/. 2 billion", "25 percent", "60 people"]),
    st.sampled_from(["in 2015", "on Monday", "last year", "in March 2014", "according to the UNODC", "in the VRAEM",
                     "between 2007 and 2012", "", "on Sept. 3-7", "by 2030"]),
    st.sampled_from([".", ".", "?", "!", "", ".”", "…"]),
)


@st.composite
def document_like(draw) -> str:
    """Sentences the extractors react to, with noise between and inside them."""
    parts = draw(st.lists(st.one_of(SENTENCE, SENTENCE, PIECE, st.text(max_size=4)), min_size=1, max_size=25))
    seps = draw(st.lists(SEPARATOR, min_size=len(parts), max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, seps))


TEXT = st.one_of(document_like(), article_like(), st.text(max_size=400))
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DATES = st.none() | st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2035, 12, 31))


def assert_spans(text: str, spans, *, ordered: bool = True) -> None:
    previous_end = 0
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text), (span, len(text))
        assert text[span.start:span.end] == span.text, span
        if ordered:
            assert span.start >= previous_end, f"overlapping or unsorted: {span}"
            previous_end = span.end


@SETTINGS
@given(TEXT)
def test_cleaning_never_raises(text):
    doc = clean_article(text)
    assert isinstance(doc.text, str)
    assert "\r" not in doc.text and "\ufeff" not in doc.text
    assert doc.removed_chars >= 0
    for field in (doc.title, doc.author, doc.publisher):
        assert field is None or isinstance(field, str)
    assert doc.published_date is None or isinstance(doc.published_date, dt.date)


@SETTINGS
@given(TEXT)
def test_sentences_are_slices_of_the_text(text):
    spans = split_sentences(text)
    assert_spans(text, spans)
    assert all(span.end > span.start for span in spans)


@SETTINGS
@given(TEXT)
def test_quantities_are_slices_of_the_text(text):
    quantities = find_quantities(text)
    assert_spans(text, quantities)
    for q in quantities:
        assert q.low <= q.high, q


@SETTINGS
@given(TEXT, DATES, st.sampled_from(["day", "month", "year"]), st.none() | st.integers(1900, 2035))
def test_dates_are_slices_of_the_text(text, anchor_date, precision, year_floor):
    anchor = Anchor(anchor_date, precision) if anchor_date else None
    mentions = find_dates(text, anchor, year_floor=year_floor, today=dt.date(2026, 1, 1))
    assert_spans(text, mentions)
    for m in mentions:
        if m.date_start and m.date_end:
            assert m.date_start <= m.date_end, m


@SETTINGS
@given(TEXT, st.booleans(), DATES, st.none() | st.sampled_from(["InSight Crime", "Dialogo", "Reuters", ""]))
def test_extraction_never_raises_and_quotes_are_slices(raw, cleaned_first, published, publisher):
    text = clean_article(raw).text if cleaned_first else raw
    rows = extract_document("doc", text, published, publisher)
    assert set(rows) == {"events", "estimates", "budgets"}
    for table, table_rows in rows.items():
        for row in table_rows:
            assert row["doc_id"] == "doc"
            start, end = row["char_start"], row["char_end"]
            assert 0 <= start < end <= len(text), (table, start, end, len(text))
            assert text[start:end] == row["quote"], (table, row["quote"][:60])


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000) | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
def test_decoding_any_bytes_gives_text_or_a_clear_refusal(data):
    try:
        text, encoding = decode_bytes(data)
    except UnicodeDecodeError as err:
        assert err.reason
        return
    assert isinstance(text, str) and isinstance(encoding, str)
    assert "\r" not in text and not text.startswith("\ufeff")


REPEATED = "Peru's army destroyed 300 kilos of cocaine in 2015."


@SETTINGS
@example(f"{REPEATED} {REPEATED}")                       # one paragraph saying the same thing twice
@example("Peru spent $5 million in 2014. Peru spent $5 million in 2014.")
@given(TEXT)
def test_extracted_row_ids_are_unique_within_a_document(text):
    """The contract makes every id unique: a duplicate blocks the whole release at the pandera check."""
    rows = extract_document("doc", clean_article(text).text)
    for table, table_rows in rows.items():
        ids = [row[f"{table[:-1]}_id"] for row in table_rows]
        assert len(ids) == len(set(ids)), f"duplicate {table} ids: {sorted(i for i in ids if ids.count(i) > 1)}"
