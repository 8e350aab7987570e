"""The figure grammar: table-driven cases plus properties that hold on any text."""
from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.text.numbers import Quantity, find_quantities, parse_number_words


def _figure_text(text: str, q: Quantity) -> str:
    return text[q.number_start : q.number_end]


def _pick(text: str, figure: str) -> Quantity:
    """The quantity whose numeral text is `figure` (exactly one must exist)."""
    found = find_quantities(text)
    for q in found:
        assert text[q.start : q.end] == q.text
    matches = [q for q in found if _figure_text(text, q) == figure]
    assert len(matches) == 1, f"{figure!r} in {text!r}: {found}"
    return matches[0]


# (text, numeral as written, value, low, high, qualifier, unit, per, noun)
# low/high None mean "equal to value"; noun "*" means "not checked".
CASES = [
    # digits, separators, decimals, units
    ("55,000 hectares", "55,000", 55000, None, None, "exact", "ha", None, None),
    ("1.2 tons of cocaine", "1.2", 1.2, None, None, "exact", "t", None, "cocaine"),
    ("28.8 tons a month", "28.8", 28.8, None, None, "exact", "t", "month", None),
    ("121,000 tons of leaves", "121,000", 121000, None, None, "exact", "t", None, "leaves"),
    ("17.5 percent", "17.5", 17.5, None, None, "exact", "percent", None, None),
    ("destined for Europe (79%)", "79", 79, None, None, "exact", "percent", None, None),
    ("10 per cent of the crop", "10", 10, None, None, "exact", "percent", None, "crop"),
    ("500 grams of cocaine", "500", 0.5, None, None, "exact", "kg", None, "cocaine"),
    ("10 square kilometres", "10", 1000, None, None, "exact", "ha", None, None),
    ("2 km2 of forest", "2", 200, None, None, "exact", "ha", None, "forest"),
    ("a 300 m airstrip", "300", 300, None, None, "exact", "m", None, None),
    ("it lies 40 kilometers away", "40", 40, None, None, "exact", "km", None, None),
    ("some 20 miles", "20", 32.18, None, None, "approximate", "km", None, None),
    ("2,000 pounds of marijuana", "2,000", 907.2, None, None, "exact", "kg", None, "marijuana"),
    ("hectares: 3,500 ha in all", "3,500", 3500, None, None, "exact", "ha", None, None),
    # money
    ("$85 million", "85 million", 85e6, None, None, "exact", "USD", None, None),
    ("providing $85 million (USD) in 2014", "85 million", 85e6, None, None, "exact", "USD", None, None),
    ("around 12 million dollars", "12 million", 12e6, None, None, "approximate", "USD", None, None),
    ("a further 50 million dollar annual grant", "50 million", 50e6, None, None, "exact", "USD", "year", None),
    ("S/ 1.5 million", "1.5 million", 1.5e6, None, None, "exact", "PEN", None, None),
    ("S/. 2,000 a month", "2,000", 2000, None, None, "exact", "PEN", "month", None),
    ("5,000 nuevos soles", "5,000", 5000, None, None, "exact", "PEN", None, None),
    ("€3m", "3m", 3e6, None, None, "exact", "EUR", None, None),
    ("US$1.2bn in aid", "1.2bn", 1.2e9, None, None, "exact", "USD", None, None),
    ("USD 5 million", "5 million", 5e6, None, None, "exact", "USD", None, None),
    ("2.5 million euros", "2.5 million", 2.5e6, None, None, "exact", "EUR", None, None),
    ("between $5 and $10 million", "5 and $10 million", 7.5e6, 5e6, 10e6, "range", "USD", None, None),
    ("sold for $2,000/kg", "2,000", 2000, None, None, "exact", "USD", "kg", None),
    ("sold for $1,000 a kilo.", "1,000", 1000, None, None, "exact", "USD", "kg", None),
    ("half a million dollars", "half a million", 5e5, None, None, "exact", "USD", None, None),
    ("a $85-million grant", "85-million", 85e6, None, None, "exact", "USD", None, None),
    ("a 50-million-dollar grant", "50-million", 50e6, None, None, "exact", "USD", None, None),
    ("from $1,000 to $1,500 per kilo", "1,000 to $1,500", 1250, 1000, 1500, "range", "USD", "kg", None),
    # hyphenated measures are still measures; grouped thousands
    ("a 300-kilo shipment", "300", 300, None, None, "exact", "kg", None, None),
    ("a 2,000-hectare farm", "2,000", 2000, None, None, "exact", "ha", None, None),
    ("55 000 hectares", "55 000", 55000, None, None, "exact", "ha", None, None),
    ("55\u202f000 hectares", "55\u202f000", 55000, None, None, "exact", "ha", None, None),
    ("1.200.000 dollars", "1.200.000", 1.2e6, None, None, "exact", "USD", None, None),
    ("between 20% and 30%", "20% and 30", 25, 20, 30, "range", "percent", None, None),
    # number words
    ("four", "four", 4, None, None, "exact", None, None, None),
    ("ten", "ten", 10, None, None, "exact", None, None, None),
    ("fifteen", "fifteen", 15, None, None, "exact", None, None, None),
    ("one thousand soldiers", "one thousand", 1000, None, None, "exact", None, None, "soldiers"),
    ("two dozen", "two dozen", 24, None, None, "exact", None, None, None),
    ("a dozen", "a dozen", 12, None, None, "exact", None, None, None),
    ("half a ton", "half", 0.5, None, None, "exact", "t", None, None),
    ("two and a half tons", "two and a half", 2.5, None, None, "exact", "t", None, None),
    ("twenty-five agents", "twenty-five", 25, None, None, "exact", None, None, "agents"),
    ("one hundred and fifty police", "one hundred and fifty", 150, None, None, "exact", None, None, "police"),
    ("nearly two dozen clandestine airstrips", "two dozen", 24, None, None, "approximate", None, None, "clandestine airstrips"),
    ("Two planes were shot down", "Two", 2, None, None, "exact", None, None, "planes"),
    ("there are 3 million people", "3 million", 3e6, None, None, "exact", None, None, "people"),
    # ranges
    ("four to six drug planes", "four to six", 5, 4, 6, "range", None, None, "drug planes"),
    ("between eight and 10 per day", "eight and 10", 9, 8, 10, "range", None, "day", None),
    ("between 54 tons and 72 tons", "54 tons and 72", 63, 54, 72, "range", "t", None, None),
    ("70/80 euro per kilogram", "70/80", 75, 70, 80, "range", "EUR", "kg", None),
    ("120 to 150", "120 to 150", 135, 120, 150, "range", None, None, None),
    ("three or four flights a day", "three or four", 3.5, 3, 4, "range", None, "day", "flights"),
    ("eight to 10 flights each day", "eight to 10", 9, 8, 10, "range", None, "day", "flights"),
    ("six to 10 illegal flights", "six to 10", 8, 6, 10, "range", None, None, "illegal flights"),
    ("120-150", "120-150", 135, 120, 150, "range", None, None, None),
    ("5\u20137 tons", "5\u20137", 6, 5, 7, "range", "t", None, None),
    ("from 20 to 30 percent", "20 to 30", 25, 20, 30, "range", "percent", None, None),
    ("one or two flights a day", "one or two", 1.5, 1, 2, "range", None, "day", "flights"),
    ("between 1,800 and 2,000 soldiers", "1,800 and 2,000", 1900, 1800, 2000, "range", None, None, "soldiers"),
    # qualifiers
    ("some 300 kilos", "300", 300, None, None, "approximate", "kg", None, None),
    ("about 24,000 hectares", "24,000", 24000, None, None, "approximate", "ha", None, None),
    ("nearly 50 percent", "50", 50, None, None, "approximate", "percent", None, None),
    ("around four light aircraft", "four", 4, None, None, "approximate", None, None, "light aircraft"),
    ("approximately 40", "40", 40, None, None, "approximate", None, None, None),
    ("an estimated 200 tons", "200", 200, None, None, "approximate", "t", None, None),
    ("roughly 1,500 police officers", "1,500", 1500, None, None, "approximate", None, None, "police officers"),
    ("at least 90 Euro per kilogram", "90", 90, None, None, "at_least", "EUR", "kg", None),
    ("more than 36%", "36", 36, None, None, "at_least", "percent", None, None),
    ("a little more than 60,000 hectares", "60,000", 60000, None, None, "at_least", "ha", None, None),
    ("over 2,000 soldiers", "2,000", 2000, None, None, "at_least", None, None, "soldiers"),
    ("300 kilos or more", "300", 300, None, None, "at_least", "kg", None, None),
    ("up to four times a day", "four", 4, None, None, "at_most", None, "day", "times"),
    ("fewer than 100 agents", "100", 100, None, None, "at_most", None, None, "agents"),
    ("as many as 500 flights", "500", 500, None, None, "at_most", None, None, "flights"),
    ("no more than 120 to 150", "120 to 150", 135, 120, 150, "range", None, None, None),
    ("some 2000 soldiers", "2000", 2000, None, None, "approximate", None, None, "soldiers"),
    # rates later in the clause, or before the figure
    ("four to six drug planes are entering the region each day", "four to six", 5, 4, 6, "range", None, "day", "drug planes"),
    ("around four light aircraft are flying [each day].", "four", 4, None, None, "approximate", None, "day", "light aircraft"),
    ("between 54 tons and 72 tons of cocaine are being exported monthly by air.", "54 tons and 72", 63, 54, 72, "range", "t", "month", "cocaine"),
    ("If every day six to 10 illegal flights are arriving", "six to 10", 8, 6, 10, "range", None, "day", "illegal flights"),
    ("Every year, some 400 tons of cocaine are flown out.", "400", 400, None, None, "approximate", "t", "year", "cocaine"),
    ("each month represents at least 180 more drug flights", "180", 180, None, None, "at_least", None, "month", "drug flights"),
    ("15 flights per week", "15", 15, None, None, "exact", None, "week", "flights"),
    ("20 daily flights", "20", 20, None, None, "exact", None, "day", "flights"),
    ("production is around 300 tons per year, while that of Colombia is 345 tons.", "300", 300, None, None, "approximate", "t", "year", None),
    ("production is around 300 tons per year, while that of Colombia is 345 tons.", "345", 345, None, None, "exact", "t", None, None),
    # one aircraft's load is per flight
    ("Each airplane carries some 300 kilos of drugs.", "300", 300, None, None, "approximate", "kg", "flight", "drugs"),
    ("in planes loaded with 350 kilos of drugs each, estimates say", "350", 350, None, None, "exact", "kg", "flight", "drugs"),
    ("a twin-engine plane with the capacity to carry 800 kilos of drugs landed", "800", 800, None, None, "exact", "kg", "flight", "drugs"),
    ("small Cessnas carrying an average of 300 kilos of cocaine, landing in Brazil", "300", 300, None, None, "exact", "kg", "flight", "cocaine"),
    ("At 300 kilos of drugs per flight, the total is large.", "300", 300, None, None, "exact", "kg", "flight", "drugs"),
    ("The narco-planes, which carry 300 to 400 kilos each, land at night.", "300 to 400", 350, 300, 400, "range", "kg", "flight", None),
    ("Police seized 7.7 tons of cocaine at the port of Callao.", "7.7", 7.7, None, None, "exact", "t", None, "cocaine"),
    ("The narco-plane, a Cessna 206, was carrying 350 kg.", "350", 350, None, None, "exact", "kg", "flight", None),
    ("Pilots earn between US$ 5,000 and US$ 10,000 per flight.", "5,000 and US$ 10,000", 7500, 5000, 10000, "range", "USD", "flight", None),
    ("The cartel pays farmers 5 soles per kilo of coca leaf.", "5", 5, None, None, "exact", "PEN", "kg", None),
    ("Each year roughly 100 tons of cocaine leave through Callao.", "100", 100, None, None, "approximate", "t", "year", "cocaine"),
    ("The number of flights doubled to 40 a week.", "40", 40, None, None, "exact", None, "week", None),
    ("300 tons per year since 2010", "300", 300, None, None, "exact", "t", "year", None),
]


@pytest.mark.parametrize(
    "text, figure, value, low, high, qualifier, unit, per, noun",
    CASES,
    ids=[f"{c[0][:40]}|{c[1]}" for c in CASES],
)
def test_quantity(text, figure, value, low, high, qualifier, unit, per, noun):
    q = _pick(text, figure)
    assert q.value == pytest.approx(value)
    assert q.low == pytest.approx(value if low is None else low)
    assert q.high == pytest.approx(value if high is None else high)
    assert q.qualifier == qualifier
    assert q.unit == unit
    assert q.per == per
    if noun != "*":
        assert q.noun == noun


SEQUENCES = [
    # several figures in one sentence, in order: (numeral, value, unit, per)
    (
        "1.2 tons of cocaine is exported by air from the VRAEM every day \u2014 28.8 tons a month.",
        [("1.2", 1.2, "t", "day"), ("28.8", 28.8, "t", "month")],
    ),
    (
        "Six flights a day equal 180 per month.",
        [("Six", 6, None, "day"), ("180", 180, None, "month")],
    ),
    (
        "'at least ten of the 130 Peruvian members of parliament are involved'",
        [("ten", 10, None, None), ("130", 130, None, None)],
    ),
    (
        "the cocaine is destined for Europa (79%), North America (9%), Africa (5%) and Asia (4%).",
        [("79", 79, "percent", None), ("9", 9, "percent", None), ("5", 5, "percent", None), ("4", 4, "percent", None)],
    ),
    (
        "patrols from one of the 64 military bases located in the valley",
        [("64", 64, None, None)],
    ),
    (
        "In 2013, the country produced 121,000 tons of leaves of which 95%, around 113,000 tons, are for drugs.",
        [("121,000", 121000, "t", None), ("95", 95, "percent", None), ("113,000", 113000, "t", None)],
    ),
    (
        "fell from 30 to 20 percent",  # falling figures are two figures, not a range
        [("30", 30, "percent", None), ("20", 20, "percent", None)],
    ),
    (
        "Peru destroyed 25,000 hectares of coca in 2016, 30,000 in 2017 and 32,000 in 2018.",
        [("25,000", 25000, "ha", None), ("30,000", 30000, "ha", None), ("32,000", 32000, "ha", None)],
    ),
    (
        "an area of 3 square kilometres in 2016 and 4 in 2017.",  # the shared unit keeps its factor
        [("3", 300, "ha", None), ("4", 400, "ha", None)],
    ),
    (
        "seized 30 kilos and 20 were arrested",  # not a list of measures
        [("30", 30, "kg", None), ("20", 20, None, None)],
    ),
    (
        "one in three flights, 8 out of 10 planes",  # ratios are shares, their denominators no counts
        [("one in three", 33.33, "percent", None), ("8 out of 10", 80, "percent", None)],
    ),
    (
        "a day earlier 5 men were arrested",
        [("5", 5, None, None)],
    ),
]


@pytest.mark.parametrize("text, expected", SEQUENCES, ids=[s[0][:40] for s in SEQUENCES])
def test_sequence(text, expected):
    found = find_quantities(text)
    assert [(_figure_text(text, q), q.value, q.unit, q.per) for q in found] == [
        (f, pytest.approx(v), u, p) for f, v, u, p in expected
    ]
    for q in found:
        assert text[q.start : q.end] == q.text


def test_at_least_ten_of_the_130():
    text = "at least ten of the 130 Peruvian members"
    first, second = find_quantities(text)
    assert (first.value, first.qualifier, first.noun) == (10, "at_least", None)
    assert (second.value, second.qualifier, second.noun) == (130, "exact", "Peruvian members")  # as written


def test_span_covers_qualifier_unit_and_noun():
    text = "Each airplane carries some 300 kilos of drugs."
    (q,) = find_quantities(text)
    assert q.text == "some 300 kilos of drugs"
    assert text[q.number_start : q.number_end] == "300"


def test_span_of_a_bounded_range_keeps_its_words():
    text = "a group of no more than 120 to 150 fighters"
    (q,) = find_quantities(text)
    assert q.text == "no more than 120 to 150 fighters"
    assert q.qualifier == "range"


def test_quoted_counted_noun():
    text = "there were approximately 40 \u201cnarco-airstrips\u201d in the valley"
    (q,) = find_quantities(text)
    assert q.noun == "narco-airstrips"
    assert q.text == "approximately 40 \u201cnarco-airstrips\u201d"


def test_counted_noun_stops_at_verb():
    text = "there were 24 pits destroyed and 14 maceration pits (found later)"
    nouns = [q.noun for q in find_quantities(text)]
    assert nouns == ["pits", "maceration pits"]


NOT_QUANTITIES = [
    # years and decades
    "in 2013",
    "between 2007 and 2012",
    "a 2015 report",
    "May 2016",
    "the 1990s",
    "from 2012 to 2013",
    "the 2015-16 season",
    # dates
    "June 26",
    "On the afternoon of Thursday, June 26, I had an interview",
    "On the morning of Tuesday 17, a joint force attacked",
    "COCAINE / 12 SEP 2016 BY DAVID GAGNE",
    "announced at a press conference on Jan. 4, 2014.",
    "between September 3 and September 7",
    "on 2016-09-12 and 12/09/2016",
    "the 26th of June",
    # ordinals
    "the first, second-largest, 21st and third-party",
    # list numbering, footnotes, page numbers
    "1. The first item",
    "(2) the second item",
    "as shown in [3]",
    "see p. 12 and page 40",
    # adjectives, codes
    "the 29-point plan and a 100-day plan for two-year terms",
    "new Korean KT-1P aircraft",
    "Covid-19, G-7 and A320",
    "the 9/11 attacks",
    "open 24/7",
    "Law 30339 and Flight 370",
    "a twenty-five-year-old pilot",
    # durations and times
    "restored in as little as 24 hours",
    "After two days",
    "two years after his arrest",
    "Seven years ago",
    "a couple of weeks ago",
    "in the past three years",
    "the first nine months",
    "the first 100 days in office",
    "Less than two years after",
    "at 5 p.m.",
    "at 10:30",
    # pronoun one, vague plurals
    "One security expert told us",
    "one method is that of the mochileros",
    "the one put into practice",
    "one of the largest",
    "dozens of small planes",
    "hundreds of them, thousands of farmers, millions of dollars",
    "several hundred",
    # phone numbers, stray symbols, foreign money, headings
    "call +51 1 555 1234 or (01) 555-1234",
    "a % sign alone",
    "$$$",
    "\u00a55 million, MX$ 500 and 300 pesos",
    "BARRIO 18 / 5 JUN 2023",
    "po 2",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_a_quantity(text):
    assert find_quantities(text) == []


NUMBER_WORDS = [
    ("one thousand", 1000),
    ("two dozen", 24),
    ("a dozen", 12),
    ("fifteen", 15),
    ("half", 0.5),
    ("half a million", 500000),
    ("twenty-five", 25),
    ("twenty five", 25),
    ("one hundred and fifty", 150),
    ("a hundred", 100),
    ("three million five hundred thousand", 3500000),
    ("two and a half", 2.5),
    ("Seven", 7),
    ("zero", 0),
    ("55,000", 55000),
    ("1.5 million", 1500000),
]


@pytest.mark.parametrize("text, value", NUMBER_WORDS)
def test_parse_number_words(text, value):
    assert parse_number_words(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text", ["", "a", "and", "five six", "hundred", "ten twenty", "one thousand thousand", "dozens", "first", "cocaine", "twenty and"]
)
def test_parse_number_words_rejects(text):
    assert parse_number_words(text) is None


def test_speed_about_a_millisecond_per_sentence():
    sentence = (
        "Conservative estimates indicate that some 1.2 tons of cocaine is exported by air every day, "
        "while between eight and 10 flights a day leave the valley with 300 kilos each."
    )
    find_quantities(sentence)  # compile the grammar once
    runs = 200
    started = time.perf_counter()
    for _ in range(runs):
        find_quantities(sentence)
    per_sentence = (time.perf_counter() - started) / runs
    assert per_sentence < 0.005  # typically ~0.3 ms; generous for slow CI machines


# ---------------------------------------------------------------------------
# Properties on arbitrary text
# ---------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "1", "2", "12", "300", "1,000", "1.5", "2013", ",", ".", "..", "$", "US$", "\u20ac", "S/", "S/.", "%", "-",
        "\u2013", "/", " ", "\n", "one", "two", "twenty", "-five", "hundred", "and", "a", "half", "dozen",
        "million", "m", "k", "bn", "to", "or", "between", "from", "tons", "kilos", "of", "cocaine", "per", "day",
        "a day", "each", "plane", "carries", "some", "about", "at least", "up to", "or more", "June", "SEP",
        "Tuesday", "1990s", "years", "(", ")", "\u201c", "\u201d", "\u2019", "\u017f", "\u212a", "\u0130", "\x00",
        "#", "+", ":", "p.m.", "Law", "BARRIO", "1,2,3..4", "$$$", "--5",
    ]
)
_TEXT = st.one_of(
    st.text(max_size=120),
    st.lists(_PIECES, max_size=40).map("".join),
    st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=40).map(" ".join),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_properties_hold_on_any_text(text):
    found = find_quantities(text)
    previous_end = 0
    for q in found:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.low <= q.value <= q.high
        assert q.start <= q.number_start < q.number_end <= q.end
        assert q.start >= previous_end  # sorted and non-overlapping
        previous_end = q.end
        assert q.qualifier in ("exact", "approximate", "at_least", "at_most", "range")
        assert (q.qualifier == "range") == (q.low < q.high)
        assert q.unit in (None, "ha", "t", "kg", "percent", "USD", "EUR", "PEN", "m", "km")
        assert q.per in (None, "day", "week", "month", "year", "flight", "kg")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_parse_number_words_never_raises(text):
    value = parse_number_words(text)
    assert value is None or value >= 0


@pytest.mark.parametrize("text", ["1,2,3..4", "$$$", "--5", "\u00bd \u2153", "\u0661\u0662\u0663 tons", "\x00 12 \x00"])
def test_digit_soup_does_not_raise(text):
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.text


def test_a_year_is_never_the_low_end_of_a_range():
    text = "Coca in Loreto grew from 1,600 hectares in 2017 to 6,200 hectares in 2021."
    found = [(q.low, q.high, q.unit) for q in find_quantities(text)]
    assert found == [(1600.0, 1600.0, "ha"), (6200.0, 6200.0, "ha")]


@pytest.mark.parametrize("text, value, qualifier", [
    ("Brazil absorbs nearly two-thirds of the cocaine seized in the region.", 66.67, "approximate"),
    ("About half of the crop goes to Bolivia.", 50.0, "approximate"),
    ("Farmers sell a third of the coca to traffickers.", 33.33, "exact"),
    ("three-quarters of all cocaine", 75.0, "exact"),
    ("Customs opened roughly three fifths of the containers.", 60.0, "approximate"),
    ("Nearly four in ten households grow coca.", 40.0, "approximate"),
    ("Only 1 out of 8 shipments is inspected.", 12.5, "exact"),
    ("Scanners open one in thirty containers.", 3.33, "exact"),
])
def test_fractions_of_a_whole_are_shares(text, value, qualifier):
    [q] = find_quantities(text)
    assert (q.value, q.unit, q.qualifier) == (value, "percent", qualifier)


@pytest.mark.parametrize("text", ["in the first half of 2023 seizures rose", "it took three-quarters of an hour",
                                  "a third party", "half the time", "two third of the crop",
                                  "the first arrest in ten years", "police arrested 3 in 4 other towns",
                                  "nine in 2019"])
def test_fractions_that_are_no_share(text):
    assert [q for q in find_quantities(text) if q.unit == "percent"] == []


def test_a_number_word_restated_in_digits_is_one_figure():
    [q, second] = find_quantities("Fourteen (14) laboratories and 31 maceration pits")
    assert (q.text, q.value, q.noun) == ("Fourteen (14) laboratories", 14, "laboratories") and second.value == 31


@pytest.mark.parametrize("text, value, unit", [
    ("Police seized 2,5 tonnes of cocaine.", 2.5, "t"),
    ("about 1,2 million dollars", 1_200_000, "USD"),
    ("1,25 kilos", 1.25, "kg"),
    ("some 55,000 hectares", 55_000, "ha"),     # three digits after the comma: thousands
])
def test_a_decimal_comma_as_translations_write_it(text, value, unit):
    [q] = find_quantities(text)
    assert (q.value, q.unit) == (value, unit)


def test_a_count_with_a_thousands_dot_is_whole():
    [q] = find_quantities("The operation has mobilized 1.800 effectives of the Army.")
    assert q.value == 1800
    [kilos] = find_quantities("They seized 1.250 kilos.")   # a measure keeps its decimal reading
    assert kilos.value == 1.25


@pytest.mark.parametrize("text, values, unit", [
    # a bare figure compared with a measured one is in its unit, and a time after it is no noun
    ("Lima aims to eradicate 31,000 hectares in 2026, up from 27,500 last year.", [31000, 27500], "ha"),
    ("Customs seized 18 tonnes at the port, more than 11 a year earlier.", [18, 11], "t"),
    ("The crop shrank to 40,200 hectares from 43,900.", [40200, 43900], "ha"),
])
def test_a_bare_figure_compared_with_a_measure_shares_its_unit(text, values, unit):
    found = find_quantities(text)
    assert [q.value for q in found] == values and {q.unit for q in found} == {unit}
    assert all(q.noun is None for q in found)


@pytest.mark.parametrize("text, low, high, unit", [
    # speech: a bare number, a comma, a larger one with its unit is a range; a scale written once is shared
    ("A twin-engine carries four hundred, four hundred and fifty kilos.", 400, 450, "kg"),
    ("A strip costs them twenty, thirty thousand dollars.", 20000, 30000, "USD"),
    ("The pilot earns between eight and twelve thousand dollars.", 8000, 12000, "USD"),
    ("Between two and three hundred soldiers were deployed.", 200, 300, None),
])
def test_ranges_in_spoken_words(text, low, high, unit):
    [q] = find_quantities(text)
    assert (q.low, q.high, q.unit) == (low, high, unit)


@pytest.mark.parametrize("text, values", [
    # "from X to Y" after a change, or with the unit written twice, is a before and an after
    ("The crop grew from about 43,400 hectares to 61,800 hectares.", [43400, 61800]),
    ("Leaf prices fell from 8.1 to 6.4 soles.", [8.1, 6.4]),
    ("Each plane carries from 300 to 400 kilos.", [(300, 400)]),
])
def test_from_to_is_a_range_or_a_change(text, values):
    found = [(q.low, q.high) if q.low != q.high else q.low for q in find_quantities(text)]
    assert found == values


@pytest.mark.parametrize("text", ["Call 4-4136020.", "Sunny, with a high of 32 degrees.", "Lows near 18°C tonight."])
def test_phone_numbers_and_temperatures_are_no_quantities(text):
    assert find_quantities(text) == []


@pytest.mark.parametrize("text, value, unit", [
    ("the money, about one point six million dollars, will reach them", 1_600_000, "USD"),
    ("two point five tonnes of cocaine", 2.5, "t"),
])
def test_a_decimal_told_in_words_is_read_whole(text, value, unit):
    assert [(q.value, q.unit) for q in find_quantities(text)] == [(value, unit)]


@pytest.mark.parametrize("text, value", [
    ("And from February, 1,200 additional police officers will be deployed.", 1200),
    ("In March, 2.4 tonnes were found among boxes of asparagus.", 2.4),
])
def test_a_month_before_a_comma_takes_no_figures_first_digits_as_its_day(text, value):
    assert [q.value for q in find_quantities(text)] == [value]
