"""Sentence and paragraph spans: exact offsets, abbreviations, quotes, ellipses."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.sentences import Span, load_abbreviations, split_paragraphs, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def assert_valid_spans(text: str, spans: list[Span]) -> None:
    previous_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start:span.end] == span.text
        assert span.text == span.text.strip() and span.text
        assert span.start >= previous_end
        previous_end = span.end


# --- basic boundaries --------------------------------------------------------

def test_splits_at_period_question_and_exclamation():
    assert texts("Planes land daily. Who stops them? Nobody! The end.") == [
        "Planes land daily.", "Who stops them?", "Nobody!", "The end.",
    ]


def test_sentence_may_start_with_a_digit_a_currency_or_an_opening_quote():
    assert texts("It grew in 2013. 24,000 hectares were cut. $85 million was spent. “We will win,” he said.") == [
        "It grew in 2013.", "24,000 hectares were cut.", "$85 million was spent.", "“We will win,” he said.",
    ]


def test_no_split_before_lowercase():
    assert texts("The plane took off at 5 p.m. and landed later.") == [
        "The plane took off at 5 p.m. and landed later.",
    ]


def test_closing_quotes_and_brackets_belong_to_the_sentence():
    text = "It was higher than the bid.” The Air Force will decide. (See map below.) Then it ended."
    assert texts(text) == [
        "It was higher than the bid.”", "The Air Force will decide.", "(See map below.)", "Then it ended.",
    ]


def test_single_quotes_close_a_sentence():
    assert texts("He said ‘at least ten are involved.’ Antezana agreed.") == [
        "He said ‘at least ten are involved.’", "Antezana agreed.",
    ]


def test_ellipsis_ends_a_sentence_only_before_a_capital():
    assert texts("Italy… when they presented the price, it was high.") == [
        "Italy… when they presented the price, it was high.",
    ]
    assert texts("He decided to acquire four radars… Unfortunately, it is slow.") == [
        "He decided to acquire four radars…", "Unfortunately, it is slow.",
    ]
    assert texts("Wait... Then they left.") == ["Wait...", "Then they left."]


def test_line_breaks_always_end_a_sentence():
    text = "Conversation with the Defense Minister\nOn Thursday, June 26, I called him.\n\nHe answered"
    assert texts(text) == [
        "Conversation with the Defense Minister", "On Thursday, June 26, I called him.", "He answered",
    ]


# --- abbreviations -----------------------------------------------------------

def test_abbreviations_never_split():
    text = (
        "The U.S. is providing $85 million. The U.N. agreed on Jan. 4, 2014. "
        "Gen. Vicente Romero spoke to Dr. Smith and Mr. Jones. "
        "Sept. 12 was busy, e.g. for the police."
    )
    assert texts(text) == [
        "The U.S. is providing $85 million.",
        "The U.N. agreed on Jan. 4, 2014.",
        "Gen. Vicente Romero spoke to Dr. Smith and Mr. Jones.",
        "Sept. 12 was busy, e.g. for the police.",
    ]


def test_initials_and_numbers_never_split():
    assert texts("J. Smith met M.L. Torres. They seized 1.2 tons. Plan No. 5 failed.") == [
        "J. Smith met M.L. Torres.", "They seized 1.2 tons.", "Plan No. 5 failed.",
    ]


def test_no_is_an_abbreviation_only_as_written():
    assert texts("They said no. Then they left.") == ["They said no.", "Then they left."]


def test_abbreviation_lexicon_is_data():
    abbreviations = load_abbreviations()
    for item in ("u.s.", "jan.", "sept.", "gen.", "etc.", "e.g.", "inc."):
        assert item in abbreviations.always
    assert "No." in abbreviations.case_sensitive
    assert load_abbreviations() is abbreviations  # cached


# --- offsets -----------------------------------------------------------------

def test_offsets_point_into_the_text_and_are_stripped():
    text = "  First one.   Second one.  \n\n   Third one.\t\n"
    spans = split_sentences(text)
    assert [s.text for s in spans] == ["First one.", "Second one.", "Third one."]
    assert_valid_spans(text, spans)


def test_split_paragraphs_treats_every_line_break_as_a_boundary():
    text = "Title\n\n\nFirst para.\nSecond para.\r\nThird.\n   \n"
    spans = split_paragraphs(text)
    assert [p.text for p in spans] == ["Title", "First para.", "Second para.", "Third."]
    assert_valid_spans(text, spans)


def test_empty_and_blank_text():
    assert split_sentences("") == []
    assert split_sentences(" \n\n\t ") == []
    assert split_paragraphs("") == []


def test_seed_sentence_is_isolated():
    text = (
        "Six flights a day equal 180 per month. Eight flights a day represent 240 per month. "
        "At 300 kilos of drugs per flight, between 54 tons and 72 tons of cocaine are being exported monthly by air."
    )
    assert texts(text)[0] == "Six flights a day equal 180 per month."
    assert len(texts(text)) == 3


# --- properties --------------------------------------------------------------

_pieces = st.sampled_from(list("abcXYZ019 .!?…\"'“”‘’()[]\n\r\t-,;:") + ["U.S.", "Mr.", "...", "\u2028", "\u00a0", "No. 5"])
_sentence_like = st.lists(_pieces, max_size=80).map("".join)


@settings(max_examples=300, deadline=None)
@given(_sentence_like | st.text(max_size=200))
def test_spans_are_always_exact_and_non_empty(text):
    spans = split_sentences(text)
    assert_valid_spans(text, spans)
    paragraphs = split_paragraphs(text)
    assert_valid_spans(text, paragraphs)
    # every sentence lies inside one paragraph
    for span in spans:
        assert any(p.start <= span.start and span.end <= p.end for p in paragraphs)


def test_list_numbers_stay_with_their_sentence():
    assert texts("1. Peru destroyed 23 airstrips. The navy helped.") == [
        "1. Peru destroyed 23 airstrips.", "The navy helped.",
    ]


def test_a_bare_footnote_number_after_a_word_or_a_year_ends_the_sentence():
    assert texts("The office runs the fund.4 Its budget rose to $1.2 million in FY2021.7 Lima agreed. "
                 "It grew by 2.5 In total.") == [
        "The office runs the fund.4", "Its budget rose to $1.2 million in FY2021.7", "Lima agreed.",
        "It grew by 2.5 In total.",
    ]
