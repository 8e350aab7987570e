"""A document read sentence by sentence, with the context dates and quotes need.

Two anchors resolve time expressions: the *reference* (the publication date,
or, when none is known, a date the text itself pins, such as a weekday named
with a day) for years and months, and the *narrative* date (the day the text
is telling about) for "a day earlier" or "after two days".
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from pipeline.extract import entities
from pipeline.extract.lexicon import gazetteer, load
from pipeline.text.calendar import MONTH_ALTERNATION, MONTHS, WEEKDAY_ALTERNATION, WEEKDAYS
from pipeline.text.dates import Anchor, DateMention, explicit_years, find_dates, infer_year_from_weekday
from pipeline.text.numbers import Quantity, find_quantities
from pipeline.text.published import dateline_with_weekday
from pipeline.text.sentences import FOOTNOTE_AFTER_PERIOD, split_paragraphs, split_sentences

MONTH_RE = re.compile(rf"\b({MONTH_ALTERNATION})\b")
WEEKDAY_DATE_RE = re.compile(
    rf"\b({WEEKDAY_ALTERNATION}),?\s+(?:the\s+)?"
    rf"(?:({MONTH_ALTERNATION})\s+)?"
    r"(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*,?\s*\d{4})")
DAY_LEVEL_RELATIVE = re.compile(r"\b(?:days?|yesterday|tomorrow|weeks?|hours?|midday|morning|night|evening)\b", re.I)
# "this morning" is the day of writing, whatever day the story is about ("the next morning" is not)
# "Two months earlier", "a year later": counted from the event just told, not from the day of writing
ANAPHORIC = re.compile(r"\b(?:earlier|later|afterwards?|before\s+that|after\s+that|previously)\b(?!\s+(?:this|in\s+the))", re.I)
DEICTIC_DAY = re.compile(r"(?:this|tonight)\b", re.I)
OPEN_QUOTES = "“\""
CLOSE_QUOTES = "”\""


LIST_ITEM_RE = re.compile(r"^\s*(?:\d{1,2}[.)]|\([a-z0-9]{1,2}\)|[a-z][.)]|[-•*–·▪])\s+")


@dataclass
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int
    text: str
    in_quote: bool = False
    speaker: str | None = None
    occurrence: int = 0          # how many earlier sentences of the document read exactly the same
    figure_first: bool = False   # a "by the numbers" line ("12 — airstrips destroyed in January"), read without its dash
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)

    @property
    def is_question(self) -> bool:
        return self.text.rstrip("”\"’' )]").endswith("?")

    @property
    def is_prose(self) -> bool:
        """A sentence ends with its punctuation; headings, headlines and link labels do not."""
        return bool(PROSE_END.search(self.text) or LABELLED_FIGURE.match(self.text) or LABELLED_SUM.match(self.text)
                    or LISTED_CLAUSE.match(self.text))


# Terminal punctuation, closers, then footnote marks: "[4]", "¹", "*", or a bare "account.1"
PROSE_END = re.compile(r"[.!?…][”\"’')\]]*(?:\[\d+\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|[*†‡]|" + FOOTNOTE_AFTER_PERIOD + r")*\s*$")
# A fact-box line, "• Cocaine seized by DIRANDRO in 2024: 38.5 tonnes": a label that says what, then the figure
LABELLED_FIGURE = re.compile(r"^\s*[•▪·*-]\s*[A-Z][^:\n]{8,90}:\s*(?:US\$|S/|\$|€|about\s+|some\s+)?\s*\d[\d.,]*"
                             r"(?:\s*[A-Za-z%]+){0,2}\s*(?:\([^)\n]{1,30}\))?\s*$")
# A project sheet's line of money, "Total project cost: USD 161.0 million": a label, then a sum with its currency
LABELLED_SUM = re.compile(r"^\s*[A-Z][^:\n]{3,60}:\s*(?:USD|US\$|EUR|€|S/\.?|PEN|\$)\s*\d[\d.,]*"
                          r"(?:\s+(?:million|billion|thousand))?\s*$")
LIST_ITEM = re.compile(r"^\s*(?:[•▪·*–-]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+\S")
# An item of a list that one sentence runs through, "- €12 million for crop substitution …;" (or "…; and")
# and a recital of one, "That, the Aviation Police reports that more than 70 airstrips were detected …;"
LISTED_CLAUSE = re.compile(r"^\s*(?:[•▪·*–-]\s+\S.{8,}(?:;|,)|(?:\S+\s+){11,}\S*;)(?:\s+(?:and|or))?\s*$", re.S)
HOME_COUNTRY_SHARE = 0.5  # of a text's country names, for a national figure to be about that country


@dataclass
class DocumentContext:
    doc_id: str
    text: str
    published: dt.date | None
    reference: Anchor | None
    year_floor: int | None
    people: dict[str, str]
    sentences: list[Sentence]
    main_country: str | None = None
    narrative: Anchor | None = None
    narrative_end: dt.date | None = None
    narrative_text: str | None = None  # the expression, as written earlier in the text, that set it
    narrative_paragraph: int = -1
    roles: dict[str, str] = field(default_factory=dict)  # "minister" -> the person named with that title
    section_place: str | None = None  # the one place the heading above names ("Key findings: Colombia")
    operation: DateMention | None = None  # when the operation the text reports began (or ran), for "during the operation"
    home_country: str | None = None  # the country most of the text's country names name, if any does
    told: Anchor | None = None  # the time the last sentence's figures were about, for "that year" in the next
    told_paragraph: int = -1
    told_text: str | None = None
    paragraph_openings: dict[int, int] = field(default_factory=dict)  # paragraph -> index of its first sentence
    dotted_thousands: bool = False  # the text writes decimals with a comma ("1,2 tonnes"), so "6.590" is 6,590
    dateline_place: str | None = None  # the place the current paragraph's own dateline names
    item_place: str | None = None  # the place that labels the current list item ("* Colombia: about 261,000 …")
    list_lead: str | None = None  # "… a €48 million package. The package includes:": what the list's items are parts of
    list_lead_paragraph: int = -1
    in_list_item: bool = False  # the current sentence is in an item of the list that lead opens
    section_month: Anchor | None = None  # the month a heading names ("FEBRUARY" in a year in review)
    record_date: DateMention | None = None  # the date field of the record whose fields are being read

    def follow_list(self, sentence: "Sentence", told_before: str) -> None:
        """Keep the lead of a list ("The package includes:") while its items ("- €20 million for …;") run."""
        if sentence.text.rstrip().endswith(":"):
            self.list_lead, self.list_lead_paragraph = f"{told_before} {sentence.text}".strip(), sentence.paragraph
            self.in_list_item = False
        elif LIST_ITEM.match(sentence.text):
            self.in_list_item = self.list_lead is not None
        elif self.opening_of(sentence) is sentence:
            self.list_lead, self.in_list_item = None, False

    def opening_of(self, sentence: "Sentence") -> "Sentence":
        """The first sentence of the sentence's paragraph (a chronology's or a live page's entry opens there)."""
        return self.sentences[self.paragraph_openings.get(sentence.paragraph, sentence.index)]

    def paragraph_gap(self, sentence: "Sentence") -> int:
        """Paragraphs since the narrative date was last read: a story's day does not carry far."""
        return sentence.paragraph - self.narrative_paragraph if self.narrative_paragraph >= 0 else 10 ** 6


def reference_anchor(text: str, published: dt.date | None, publisher: str | None,
                     today: dt.date | None = None) -> tuple[Anchor | None, int | None]:
    """The anchor for relative dates, and the lowest year the document can be from.

    With no publication date, a weekday named with a day ("Thursday, June 26",
    or "Tuesday 17" after "in December") pins the year: the first year, not
    before any year the text mentions nor the outlet's founding, in which that
    day fell on that weekday. Marked inferred. Otherwise there is no anchor.
    """
    today = today or dt.date.today()
    years = [y for y in explicit_years(text) if y <= today.year]
    founded = gazetteer().founding_year(publisher)
    floor_candidates = years + ([founded] if founded else [])
    floor = max(floor_candidates) if floor_candidates else None
    if published:
        return Anchor(published, "day", False), floor
    if floor is None:
        return None, None
    pinned = dateline_with_weekday(text, floor, today)
    if pinned:
        return Anchor(pinned, "day", True), floor
    for m in WEEKDAY_DATE_RE.finditer(text):
        month_name = m.group(2) or _last_month_before(text, m.start())
        if not month_name:
            continue
        month = MONTHS.index(month_name.lower()) + 1
        day = int(m.group(3))
        weekday = WEEKDAYS.index(m.group(1).lower())
        year = infer_year_from_weekday(month, day, weekday, floor=floor, ceiling=today.year)
        if year:
            return Anchor(dt.date(year, month, day), "day", True), floor
    return None, floor


def _last_month_before(text: str, position: int, window: int = 600) -> str | None:
    months = MONTH_RE.findall(text[max(0, position - window):position])
    return months[-1] if months else None


DATELINE_COUNTRY = re.compile(r"^\s*[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ .'-]+,\s+([A-Z][\w .'’-]{2,30}?)\s*(?:\([^)]*\)\s*)?(?:[—–]|--?)\s",
                              re.M)
DATELINE_PARAGRAPHS = 1500  # characters from the top where a wire dateline opens the story


def _dateline_country(text: str) -> str | None:
    """The country a wire dateline names ("GUAYAQUIL, Ecuador — …"): where the story is."""
    for m in DATELINE_COUNTRY.finditer(text[:DATELINE_PARAGRAPHS]):
        place = gazetteer().place(m.group(1))
        if place is not None and place.level == 1:
            return place.name
    return None


# A paragraph's own dateline, "PALMAPAMPA, Ayacucho, Peru — …": where the item it opens happened.
PARAGRAPH_DATELINE = re.compile(r"^\s*(?P<place>[A-ZÁÉÍÓÚÑ]{2,}(?:[ -][A-ZÁÉÍÓÚÑ]{2,}){0,3})"
                                r"(?:,\s+[A-Z][\w .'’-]{1,30}?){0,3}\s*(?:[—–]|--?)\s")
LOWER_IN_NAMES = frozenset({"de", "del", "la", "las", "los", "el", "y", "and", "of", "the"})


def paragraph_dateline(text: str) -> tuple[str, int] | None:
    """The place a paragraph's dateline names, as the gazetteer or the page spells it, and where the dateline ends."""
    m = PARAGRAPH_DATELINE.match(text)
    if m is None:
        return None
    shouted = m.group("place")
    place = gazetteer().place(shouted.title())
    if place is not None:
        return place.name, m.end()
    words = [w.lower() if i and w.lower() in LOWER_IN_NAMES else w.capitalize() for i, w in enumerate(shouted.split(" "))]
    return " ".join(words), m.end()


LABELLED_ITEM = re.compile(r"^\s*(?:[•▪·*–-]\s*)?(?P<label>[A-Z][^:.;\n]{1,40}):\s+\S")


def item_place(text: str) -> str | None:
    """The place a list item's label names, "* VRAEM, Peru: a kilogram …" -> VRAEM: what the item is about."""
    m = LABELLED_ITEM.match(text)
    if m is None or not LIST_ITEM.match(text):
        return None
    label = m.group("label")
    places = entities.most_specific_places(label)
    if places:
        return places[0]
    return label.strip() if label.strip() in gazetteer().demonyms.values() else None  # "European Union: …"


def build_context(doc_id: str, text: str, published: dt.date | None, publisher: str | None) -> DocumentContext:
    reference, floor = reference_anchor(text, published, publisher)
    people = entities.people_index(text)
    sentences: list[Sentence] = []
    seen: dict[str, int] = {}
    p_index, in_list = -1, False
    for paragraph in split_paragraphs(text):
        # The items of a list a paragraph introduces ("… the following results were obtained:")
        # belong to that paragraph: its date and source still speak for them.
        item = bool(LIST_ITEM_RE.match(paragraph.text))
        in_list = item and (in_list or (p_index >= 0 and sentences[-1].text.rstrip().endswith(":")))
        if not in_list:
            p_index += 1
        speaker = entities.quoted_speaker(paragraph.text, people)
        depth = 0
        for span in split_sentences(paragraph.text):
            start = paragraph.start + span.start
            read = figure_first_as_read(span.text) if span.start == 0 else span.text
            sentence = Sentence(len(sentences), p_index, start, start + len(span.text), read)
            sentence.figure_first = read != span.text
            sentence.occurrence = seen.get(span.text, 0)
            seen[span.text] = sentence.occurrence + 1
            sentence.in_quote = depth > 0 or span.text.lstrip()[:1] in OPEN_QUOTES
            sentence.speaker = speaker if sentence.in_quote else None
            depth = max(0, depth + sum(span.text.count(q) for q in "“") - sum(span.text.count(q) for q in "”"))
            sentences.append(sentence)
    countries = [p.name for p in entities.places_in(text) if p.level == 1]
    # A country's own bodies say where the story is when its name is never written
    # (a hearing transcript about DEVIDA and DIRANDRO is about Peru).
    bodies = [country for country in (gazetteer().org_country.get(m.name) for m in entities.orgs_in(text))
              if country and gazetteer().place(country) is not None]
    weight = {c: countries.count(c) + bodies.count(c) for c in set(countries) | set(bodies)}
    datelined = _dateline_country(text)
    if datelined is not None:
        weight[datelined] = weight.get(datelined, 0) + len(countries) + len(bodies)  # "GUAYAQUIL, Ecuador —"
    main_country = max(sorted(weight), key=weight.get) if weight else None
    ctx = DocumentContext(doc_id, text, published, reference, floor, people, sentences, main_country,
                          roles=entities.role_index(text))
    for s in sentences:
        ctx.paragraph_openings.setdefault(s.paragraph, s.index)
    if main_country and countries.count(main_country) >= HOME_COUNTRY_SHARE * len(countries):
        ctx.home_country = main_country
    ctx.dotted_thousands = bool(DECIMAL_COMMA_FIGURE.search(text))
    return ctx


# "33,800 — hectares of coca in the VRAEM", "US$850: the price of a kilo": a paragraph that opens with a
# figure and then says what it counts
FIGURE_FIRST = re.compile(r"^((?:[^.;:—–]|\.(?=\d)){1,40}?)(\s+[—–]\s+|\s+--?\s+|:\s+)(?=\S)")


def figure_first_as_read(text: str) -> str:
    """A figure-first line ("33,800 — hectares of coca …", a "by the numbers" item) read as the phrase it
    abbreviates: the dash or colon after the figure becomes spaces (same length, so every offset holds),
    and the figure's unit, noun and clause are the words after it.
    """
    m = FIGURE_FIRST.match(text)
    if m is None or len(m.group(1).split()) > 6:
        return text
    head = m.group(1)
    figures = find_quantities(head)
    if len(figures) != 1 or head[figures[0].end:].strip() or not re.fullmatch(r"[^\W\d]*\s*[-+−]?", head[:figures[0].start]):
        return text
    return text[:m.start(2)] + " " * len(m.group(2)) + text[m.end(2):]


# "1,2 tonnes", "R$ 22,4 milhões": a decimal comma before a unit or a scale word
DECIMAL_COMMA_FIGURE = re.compile(r"(?<![\d.,])\d{1,3},\d{1,2}(?![\d,])\s+(?:tonnes?|tons?|toneladas|kg|kilos?|kilograms?|"
                                  r"hectares?|ha|km|million|millones|milhões|milh[aã]o|mil|billion|percent|per\s+cent)\b",
                                  re.I)
DOTTED_GROUP = re.compile(r"(?<![\d.,])(\d{1,3})\.(\d{3})(?![\d.,])")


def _numbers_as_read(ctx: DocumentContext, text: str) -> str:
    """The sentence as its numbers are read: in a text with decimal commas "6.590 hectares" is a group of
    thousands, written here with a comma, and in a story about Colombia "pesos" is written "  COP" (same
    length, so every offset holds).
    """
    text = DOTTED_GROUP.sub(r"\1,\2", text) if ctx.dotted_thousands else text
    words = _shared_currency_words(ctx.main_country)
    return words[0].sub(lambda m: words[1][m.group(0).lower()].rjust(len(m.group(0))), text) if words else text


@lru_cache(maxsize=16)
def _shared_currency_words(country: str | None) -> tuple[re.Pattern, dict[str, str]] | None:
    """The currency words the text's country gives a code to ("pesos" -> COP in Colombia), as a pattern."""
    codes = {word: countries[country] for word, countries in
             (load("units").get("shared_currency_words") or {}).items() if country in countries}
    if not codes:
        return None
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, codes), key=len, reverse=True)) + r")\b", re.I), codes


def dates_for(ctx: DocumentContext, sentence: Sentence) -> list[DateMention]:
    """Date mentions of a sentence: day-level relatives against the narrative, the rest against the reference."""
    told = ctx.told if 0 <= sentence.paragraph - ctx.told_paragraph <= TOLD_PARAGRAPHS else None
    # under a month's heading, "On Saturday the 17th" is that month's 17th
    reference = ctx.section_month or ctx.reference
    by_reference = find_dates(sentence.text, reference, year_floor=ctx.year_floor, told=told,
                              relational_from_anchor=False)
    if ctx.narrative is None or ctx.narrative.precision != "day" or ctx.paragraph_gap(sentence) > 3 \
            or (ctx.narrative_end is not None and ctx.narrative_end != ctx.narrative.date):  # days of a range fix no day
        return [_without_span(m) if m.duration and ctx.published else m for m in by_reference]
    by_narrative = {(m.start, m.end): m for m in find_dates(sentence.text, ctx.narrative, year_floor=ctx.year_floor)}
    out = []
    for m in by_reference:
        if m.relative and (DAY_LEVEL_RELATIVE.search(m.text) or ANAPHORIC.search(m.text)) \
                and not DEICTIC_DAY.match(m.text) and (m.start, m.end) in by_narrative:
            out.append(by_narrative[(m.start, m.end)])
        else:
            out.append(_without_span(m) if m.duration and ctx.published else m)
    return out


TOLD_PARAGRAPHS = 2  # "for the same year" looks back this many paragraphs for the year it means


def _without_span(m: DateMention) -> DateMention:
    """A duration ("in less than a week") counted from the publication date would invent a period
    after it: only the day an event happened (the narrative, or a day the text pins) can start one.
    """
    return replace(m, date_start=None, date_end=None, precision="unknown", inferred=False)


def prepare(ctx: DocumentContext, sentence: Sentence) -> Sentence:
    sentence.quantities = find_quantities(_numbers_as_read(ctx, sentence.text))
    sentence.dates = dates_for(ctx, sentence)
    return sentence


CLAUSE_BREAK = re.compile(r"\s*(?:[;:()\[\]]|\s[—–]\s|—|,\s+(?:while|whereas|although|but|which|who)\b)\s*")


def clause_bounds(text: str, position: int) -> tuple[int, int]:
    """The clause around a position: between semicolons, colons, dashes, brackets or contrastive commas."""
    start, end = 0, len(text)
    for m in CLAUSE_BREAK.finditer(text):
        if m.end() <= position:
            start = m.end()
        elif m.start() >= position:
            end = m.start()
            break
    return start, end
