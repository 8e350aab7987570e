"""Boilerplate removal, metadata and normalisation: the seed articles and other styles."""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.clean.cleaning import CleanedDocument, clean_article
from pipeline.clean.layout import normalise_text, repair_glued_sentences
from pipeline.clean.lexicon import BOILERPLATE_PATH, load_lexicon
from pipeline.clean.repeats import repeated_paragraphs
from pipeline.text.sentences import split_sentences

RAW = Path(__file__).resolve().parents[2] / "raw"
SEEDS = sorted(RAW.glob("*.txt"))

FORBIDDEN = (
    "SEE ALSO", "DONATE", "Related Content", "pistas", "po 2", "16-09-12-Peru-VRAEM",
    "Was this content helpful", "What are your thoughts", "originally appeared", "Creative Commons",
    "Read more", "Covid-19", "Honduras", "Pope Francis", "chimpanzee",
)


@pytest.fixture(scope="module")
def seeds() -> dict[str, CleanedDocument]:
    """Cleaned seed articles by file-name prefix ("000" ... "004")."""
    return {path.name[:3]: clean_article(path.read_text(encoding="utf-8")) for path in SEEDS}


def paragraphs(doc: CleanedDocument) -> list[str]:
    return doc.text.split("\n\n")


# --- the seed articles ---------------------------------------------------------

def test_all_seeds_are_present():
    assert [p.name[:3] for p in SEEDS] == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("needle", FORBIDDEN)
def test_no_boilerplate_reaches_the_text(seeds, needle):
    for name, doc in seeds.items():
        assert needle.lower() not in doc.text.lower(), f"{needle!r} in {name}"


def test_every_seed_loses_some_boilerplate(seeds):
    for name, doc in seeds.items():
        assert doc.removed_chars > 0, name
        assert doc.removed_chars == sum(len(piece) for piece in doc.removed)


def test_paragraphs_are_joined_by_blank_lines(seeds):
    for doc in seeds.values():
        assert "\n\n\n" not in doc.text
        assert all(p and p == p.strip() for p in paragraphs(doc))
        assert "  " not in doc.text and "\u00a0" not in doc.text and "\r" not in doc.text


def test_seed_002_header(seeds):
    doc = seeds["002"]
    assert doc.title == "Peru Drug Flights Shift North As Pressure Builds in Cocaine Hub"
    assert doc.author == "David Gagne"
    assert doc.published_date == dt.date(2016, 9, 12)
    assert doc.text.startswith("The destruction of nearly two dozen")
    assert "Peru Drug Flights Shift North" not in doc.text  # breadcrumb and repeated title gone
    assert "BRIEF" not in doc.text and "share icon" not in doc.text
    assert "We want to sustain" not in doc.text


def test_seed_002_teasers_and_their_numbers_are_gone(seeds):
    text = seeds["002"].text
    for teaser in ("BARRIO 18", "5 JUN 2023", "ELN", "Uruguay", "Ecuador", "Venezuela", "Social Media"):
        assert teaser not in text
    assert text.endswith("smuggle the drug shipments across borders.")


def test_seed_004_header_and_pull_quote(seeds):
    doc = seeds["004"]
    assert doc.title == "Peru achieves drug eradication milestone in the VRAEM"
    assert doc.published_date == dt.date(2014, 2, 10)
    assert doc.publisher == "Dialogo" and doc.author is None
    assert doc.text.startswith("Peruvian security forces made significant gains in 2013")
    quote = "The first reaction from drug trafficking groups and the Shining Path organization"
    assert doc.text.count(quote) == 1
    container = next(p for p in paragraphs(doc) if quote in p)
    assert container.startswith("“The Armed Forces and police know")
    # subheadings stay, as their own paragraphs
    assert "Fighting the Shining Path" in paragraphs(doc)


def test_seed_003_title_and_text(seeds):
    doc = seeds["003"]
    assert doc.title == "Peru. World-Wide Cocaine Business."
    assert "The cocaine is destined for Europa (79%), North America (9%)" in doc.text
    assert not doc.text.startswith("Peru. World-Wide")
    assert "(M.L.)" not in doc.text
    assert doc.text.endswith("to make those interceptors effective.")


def test_seed_001_glued_caption_removed(seeds):
    text = seeds["001"].text
    sentence = (
        "(although according to the joint communique issued by the Interior Ministry and the Defense Ministry, "
        "there were 24 pits destroyed)."
    )
    assert sentence + "\n\n" in text
    assert "have not been touched.\n\n" in text
    assert seeds["001"].title is None


def test_seed_000_keeps_article_and_interview(seeds):
    doc = seeds["000"]
    assert "Six flights a day equal 180 per month." in doc.text
    assert "On the afternoon of Thursday, June 26, I had a phone interview" in doc.text
    assert "How long will it take to acquire those radars?" in paragraphs(doc)
    assert "Conversation with the Defense Minister" in paragraphs(doc)
    assert "Gustavo Gorriti is a Peruvian journalist" not in doc.text
    assert doc.text.endswith("patience begins to look dangerously like negligence.")
    assert "Six flights a day equal 180 per month." in [s.text for s in split_sentences(doc.text)]


def test_seed_sentences_have_exact_offsets(seeds):
    for doc in seeds.values():
        for span in split_sentences(doc.text):
            assert doc.text[span.start:span.end] == span.text


# --- other styles ----------------------------------------------------------------

REUTERS = """Skip to main content
World
Peru seizes record cocaine haul bound for Belgium | Reuters
By Marco Aquino
4 min read
LIMA, March 3 (Reuters) - Peruvian police seized 7.5 tons of cocaine hidden in a shipment of bananas bound for Belgium, the interior ministry said on Tuesday.
Advertisement
The drugs were found in 300 boxes at the port of Callao, officials said.Police arrested six people.
Photo: Police officers stand next to 2,000 packages of cocaine in Lima. REUTERS/Sebastian Castaneda
Share on Facebook
Share on Twitter
Sign up for our newsletter to get the latest news delivered to your inbox.
Peru is the world's second-largest producer of cocaine, with about 49,900 hectares of coca in 2017.
(Reporting by Marco Aquino; Editing by Sandra Maler)
Read Next
Colombia's coca crop rises 13% to record 230,000 hectares, UN says
"""


def test_reuters_style_article():
    doc = clean_article(REUTERS)
    assert doc.title == "Peru seizes record cocaine haul bound for Belgium"
    assert doc.author == "Marco Aquino"
    assert doc.publisher == "Reuters"
    assert doc.published_date is None  # "March 3" has no year: never guessed
    assert doc.text.startswith("Peruvian police seized 7.5 tons of cocaine")
    assert "officials said. Police arrested six people." in doc.text
    for junk in ("LIMA", "Advertisement", "Photo:", "2,000 packages", "Share on", "newsletter",
                 "Reporting by", "230,000", "Read Next", "min read", "Skip to"):
        assert junk not in doc.text
    assert doc.text.endswith("with about 49,900 hectares of coca in 2017.")


BLOG = """Home » Analysis » Peru
The VRAEM's New Air Bridge

Posted on June 5, 2019 by Jane Doe

Over the past year, at least 30 small aircraft have been found abandoned in the VRAEM, according to local prosecutors.

Drug planes can carry between 300 and 400 kilos of cocaine paste per trip, sources said.

“We are seeing more flights than ever,” said a police commander who asked not to be named.

“We are seeing more flights than ever,”

ADVERTISEMENT

Follow us on Twitter and Facebook

The government announced a plan to spend 45 million soles on new radar equipment in 2020.

Tags: Peru, VRAEM, cocaine, drug flights

Leave a Reply

Related Posts

Bolivia arrests 12 in cocaine ring
June 1, 2019
Police dismantled a network that moved 2 tons a month to Brazil.
"""


def test_blog_style_article():
    doc = clean_article(BLOG)
    assert doc.title == "The VRAEM's New Air Bridge"
    assert doc.author == "Jane Doe"
    assert doc.published_date == dt.date(2019, 6, 5)
    assert doc.text.count("We are seeing more flights than ever") == 1
    assert doc.text.endswith("new radar equipment in 2020.")
    for junk in ("Home", "ADVERTISEMENT", "Follow us", "Tags", "Leave a Reply", "Related", "2 tons", "12 in"):
        assert junk not in doc.text


def test_teaser_listing_without_a_heading_is_cut():
    page = """Coca eradication reaches 25,000 hectares

Peru's government said on Monday that it had eradicated 25,000 hectares of coca in 2018, exceeding its target.

The eradication was carried out by the CORAH agency with the support of 3,000 workers, officials said in a statement.

Critics say eradication without alternative development pushes farmers into new areas of the forest.

COLOMBIA / 3 JAN 2019

Colombia's coca crop reached 169,000 hectares in 2017, the UN said.

ECUADOR / 2 JAN 2019

Ecuador seized 80 tons of cocaine last year.
"""
    doc = clean_article(page)
    assert doc.title == "Coca eradication reaches 25,000 hectares"
    assert "169,000" not in doc.text and "80 tons" not in doc.text
    assert doc.text.endswith("new areas of the forest.")


def test_read_more_teasers_are_cut_but_inline_cross_references_only_dropped():
    page = """Peruvian authorities on Friday reported that coca cultivation had fallen by 12 percent in 2019, to about 54,000 hectares.

Read more: How the VRAEM became the world's cocaine capital

The decline was strongest in the Huallaga valley, where eradication teams removed 6,000 hectares of coca.

Officials expect the figure to fall further in 2020, according to the national anti-drug agency DEVIDA.

Bolivia's coca area falls 7% to 23,100 hectares
La Paz reported on Monday that its coca area fell by 7 percent to 23,100…
Read more
Ecuador seizes 9 tons of cocaine
Police found 9 tons hidden in a banana container…
Read more
"""
    doc = clean_article(page)
    assert "Read more" not in doc.text and "How the VRAEM became" not in doc.text
    assert "6,000 hectares" in doc.text
    assert doc.text.endswith("the national anti-drug agency DEVIDA.")
    assert "23,100" not in doc.text and "9 tons" not in doc.text


def test_sidebar_before_the_article_is_not_the_title():
    page = """Related
Bolivia's coca area falls 7% to 23,100 hectares
Ecuador seizes 9 tons of cocaine

Peruvian authorities on Friday reported that coca cultivation had fallen by 12 percent in 2019, to about 54,000 hectares.

About the VRAEM

The valley spans three rivers and five regions of the country.

Officials expect the figure to fall further in 2020. (J.P./dpa)
"""
    doc = clean_article(page)
    assert doc.title is None
    assert doc.text.startswith("Peruvian authorities on Friday")
    assert "23,100" not in doc.text and "9 tons" not in doc.text
    assert "About the VRAEM" in doc.text  # a topic subheading, not an "About <outlet>" section
    assert doc.text.endswith("Officials expect the figure to fall further in 2020.")


def test_wire_byline_with_shouted_names_and_agency():
    page = (
        "\ufeffPeru destroys airstrips\r\n\r\nBy JOHN DOE and JANE ROE, Associated Press\r\n"
        "LIMA, Peru (AP) \u2014 Peru\u00e2\u20ac\u2122s police destroyed 12 airstrips this week, officials said."
        "The operation involved 200 agents.\r\n"
    )
    doc = clean_article(page)
    assert doc.author == "John Doe; Jane Roe"
    assert doc.publisher == "Associated Press"
    assert doc.text == "Peru’s police destroyed 12 airstrips this week, officials said. The operation involved 200 agents."


def test_appeals_feedback_and_footers_in_generic_wording():
    page = """The navy intercepted a speedboat carrying 1.5 tons of cocaine off the coast of Piura on Sunday, officials said.

Support independent journalism. Make a donation today.

Did you find this article useful?

Subscribe to our newsletter and get the latest stories in your inbox.

Copyright © 2021 Example Media. All rights reserved.

Story continues below advertisement

The boat had left from Ecuador two days earlier and was tracked by the coast guard, the navy said.

Click here to follow our coverage of the drug trade.
"""
    doc = clean_article(page)
    assert doc.text.split("\n\n") == [
        "The navy intercepted a speedboat carrying 1.5 tons of cocaine off the coast of Piura on Sunday, officials said.",
        "The boat had left from Ecuador two days earlier and was tracked by the coast guard, the navy said.",
    ]
    assert doc.removed_chars == sum(len(p) for p in doc.removed)


def test_quoted_speech_with_appeal_words_is_kept():
    page = "“We need resources to fight the traffickers, and we need your support,” the minister told Congress on Monday."
    assert clean_article(page).text == page


def test_caption_tokens_and_photo_credits():
    page = """The police destroyed 14 maceration pits in the valley, according to the ministry.IMG_2041
IMG_2041
photo3.jpg
(Photo: National Police of Peru)
Image caption: Agents dynamite an airstrip
[Image: A coca farmer, 52, weighs leaves near Tingo María. Photograph: Ana Ruiz for the Review]
The Review newsletter: our best stories, every Monday. 12,000 readers already subscribe. [Sign up]
The airstrips were rebuilt within 24 hours, residents said.
"""
    doc = clean_article(page)
    assert doc.text == (
        "The police destroyed 14 maceration pits in the valley, according to the ministry.\n\n"
        "The airstrips were rebuilt within 24 hours, residents said."
    )


WEB_COPY = """This website uses cookies
We and our 142 partners store and access information on your device to personalise content and ads. You can change your choices at any time.
[Accept all] [Reject all] [Manage preferences]
Skip to main content
NEWS | WORLD | AMERICAS | OPINION
Bolivia's coca growers face a new squeeze
By Ana Quispe | 14 May 2025, 10:42 GMT-4 | Updated 2 hours ago
Listen to this article · 5 min read
[Image: A farmer in the Chapare. Photo: Reuters]
LA PAZ — Bolivian police seized 8.2 tonnes of cocaine in the Chapare on Monday, the largest haul this year, officials said.
ADVERTISEMENT
The FELCN said coca cultivation reached 31,000 hectares in 2024, up 3% from the year before.
Get our free Andes Briefing newsletter
The essential stories from the region, every weekday morning. Join 52,000 subscribers.
Enter your email [Sign up]
By signing up you agree to our Terms and Privacy Policy.
Officials estimate that 60% of the drug leaves for Brazil.
Most popular
1. Peru's new drug czar takes office
2. Ecuador port workers detained
© 2025 Andes Daily. All rights reserved.
Cookie settings | Do not sell my personal information
"""


def test_web_copy_cookie_banner_newsletter_box_and_piped_byline():
    doc = clean_article(WEB_COPY)
    assert (doc.title, doc.author, doc.published_date) == (
        "Bolivia's coca growers face a new squeeze", "Ana Quispe", dt.date(2025, 5, 14))
    assert doc.text == (
        "Bolivian police seized 8.2 tonnes of cocaine in the Chapare on Monday, the largest haul this year, "
        "officials said.\n\nThe FELCN said coca cultivation reached 31,000 hectares in 2024, up 3% from the year "
        "before.\n\nOfficials estimate that 60% of the drug leaves for Brazil.")


# --- building blocks -------------------------------------------------------------

@pytest.mark.parametrize("glued, repaired", [
    ("the article.There were", "the article. There were"),
    ("in 2014.The police", "in 2014. The police"),
    ("the bid.”The Air Force", "the bid.” The Air Force"),
    ("Really?Yes", "Really? Yes"),
    ("the U.S.The", "the U.S.The"),
    ("No.1 priority", "No.1 priority"),
    ("1.2 tons", "1.2 tons"),
    ("see www.InSightCrime.org for more", "see www.InSightCrime.org for more"),
    ("J.Smith said", "J.Smith said"),
    ("visit example.Com now", "visit example.Com now"),
])
def test_repair_glued_sentences(glued, repaired):
    assert repair_glued_sentences(glued) == repaired


def test_normalise_text():
    raw = "\ufeffLine\u00a0one  with   spaces \r\nPeru\u00c3\u00a1 \u201cquoted\u201d\r\n\t tabbed\u200b\u00ad line"
    assert normalise_text(raw) == "Line one with spaces\nPeruá “quoted”\ntabbed line"


def test_repeated_paragraphs_exact_and_contained():
    texts = [
        "The first reaction will be to increase violence in the region as a deterrent, he explained.",
        "Long paragraph. “The first reaction will be to increase violence in the region as a deterrent. It will be surgical.”",
        "Another paragraph entirely about something else with enough words in it.",
        "Another paragraph entirely about something else with enough words in it.",
        "Short heading",
    ]
    assert repeated_paragraphs(texts) == {0, 3}


def test_lexicon_is_generic_data():
    data = yaml.safe_load(BOILERPLATE_PATH.read_text(encoding="utf-8"))
    flat = yaml.safe_dump(data).lower()
    for phrase in ("related content", "read more", "share this", "subscribe", "sign up for our",
                   "was this content helpful", "click here", "all rights reserved", "follow us on", "advertisement"):
        assert phrase in flat
    assert load_lexicon() is load_lexicon()  # compiled once


def test_empty_and_blank_input():
    for text in ("", "   ", "\n\n\r\n"):
        doc = clean_article(text)
        assert doc.text == "" and doc.removed_chars == 0 and doc.title is None


def test_cleaning_is_fast(seeds):
    pages = [path.read_text(encoding="utf-8") for path in SEEDS] * 40
    start = time.perf_counter()
    for page in pages:
        clean_article(page)
    elapsed = time.perf_counter() - start
    assert elapsed < 200 * 0.02  # 20 ms per article at worst; typically ~2 ms


# --- properties ----------------------------------------------------------------------

_pieces = st.sampled_from([
    "Read more", "Related Content", "By JOHN DOE", "SEE ALSO: x", "pistas1", "po 2", "(M.L.)", "DONATE",
    "12 SEP 2016", "February 10, 2014", "LIMA, March 3 (Reuters) - ", "HomeNewsBrief", "U.S.", "No.1",
    "The police seized 2 tons of cocaine.", "“Quoted,” he said.", "…", "...", "\n", "\n\n", "\r\n", " ",
    "\u00a0", "\ufeff", "Ã©", "â€™", "&amp;", "*", "|", "»", "a", "B", "3", ".", "?", "(", ")",
])
_page = st.lists(_pieces, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(_page | st.text(max_size=300))
def test_clean_article_never_raises_and_keeps_invariants(page):
    doc = clean_article(page)
    assert doc.removed_chars >= 0
    assert doc.removed_chars == sum(len(piece) for piece in doc.removed)
    assert "\n\n\n" not in doc.text and doc.text == doc.text.strip()
    for span in split_sentences(doc.text):
        assert 0 <= span.start < span.end <= len(doc.text)
        assert doc.text[span.start:span.end] == span.text


def test_related_box_inside_the_article_does_not_cut_it():
    page = """Peru's navy said on Wednesday it had seized 2.3 tons of cocaine from a fishing boat off the port of Chimbote, the largest maritime haul this year.

The boat's crew of five, all Peruvian nationals, was arrested and taken to Lima for questioning by anti-drug prosecutors.

Related
Ecuador seizes 9 tons of cocaine at Guayaquil
Bolivia's coca area falls 7% in 2019

The navy said the drugs had been loaded at sea from a speedboat that escaped towards the Ecuadorean border on Monday night.

Prosecutors believe the shipment belonged to a network that has moved at least 12 tons to Mexico since 2018, officials said.

Analysts say maritime trafficking from Peru's northern ports has grown as air routes from the VRAEM came under pressure.
"""
    doc = clean_article(page)
    assert "9 tons" not in doc.text and "7%" not in doc.text and "Related" not in doc.text
    assert "at least 12 tons to Mexico since 2018" in doc.text
    assert doc.text.endswith("came under pressure.")


def test_author_bios_and_bullets():
    page = """Peru's anti-drug agency said on Monday that coca cultivation rose to 61,777 hectares in 2020, up 13 percent from a year earlier.

The main increases were recorded in these areas:
• VRAEM: 32,000 hectares
• Putumayo: 4,500 hectares

Officials blamed the pandemic, which kept eradication teams at home for most of the year, for the rise.

Jane Doe is a freelance journalist based in Lima who covers organized crime.

*John Roe is a researcher at a think tank in Bogotá.
"""
    doc = clean_article(page)
    assert "• VRAEM: 32,000 hectares" in doc.text and "• Putumayo: 4,500 hectares" in doc.text
    assert "freelance journalist" not in doc.text and "researcher" not in doc.text
    assert doc.text.endswith("for the rise.")


def test_caption_after_its_label_and_timestamps():
    page = """Peru cocaine: The valley where drug planes land every day
Published
12 March 2015
Share
Image source, Getty Images
Image caption,
Coca leaves are dried in the sun before being processed
By Dan Collyns
Every day, small planes land on dirt strips in Peru's VRAEM valley and take off again loaded with up to 400kg of cocaine.
The government says it destroyed 70 airstrips last year, but many were rebuilt within days.
Related Topics
Peru
More on this story
Peru eradicates record coca crop
2 January 2015
"""
    doc = clean_article(page)
    assert doc.title == "Peru cocaine: The valley where drug planes land every day"
    assert doc.published_date == dt.date(2015, 3, 12) and doc.author == "Dan Collyns"
    assert doc.text.startswith("Every day, small planes land")
    assert "Coca leaves are dried" not in doc.text and "Getty" not in doc.text
    assert doc.text.endswith("rebuilt within days.")


def test_dateline_under_a_standfirst_and_an_old_article_notice():
    page = """This article is more than 9 years old
Peru's cocaine boom: a hundred flights a month
Small planes carry cocaine paste from the VRAEM to Bolivia, where it is refined, police say.
Tue 15 Jul 2014 08.00 BST
Up to 100 drug flights a month leave Peru's main coca-growing valley, according to police estimates.
Each flight carries about 350kg of cocaine paste, worth around $1,000 a kilo in Bolivia.
"""
    doc = clean_article(page)
    assert doc.title == "Peru's cocaine boom: a hundred flights a month"
    assert doc.published_date == dt.date(2014, 7, 15)
    assert "years old" not in doc.text and "BST" not in doc.text
    assert doc.text.startswith("Small planes carry cocaine paste")


def test_hard_wrapped_press_release():
    page = """UNODC: Coca cultivation in Peru falls for third year

LIMA, 30 June 2015 - The area under coca cultivation in Peru fell by 13.9 per cent
in 2014 to 42,900 hectares, according to the annual coca survey presented today
by the United Nations Office on Drugs and Crime (UNODC) and the Government of Peru.

"This is the lowest level since 2001," said the UNODC representative.

For more information, please contact:
Communications Office, UNODC Peru
Telephone: (+51) 1 625 9000
"""
    doc = clean_article(page)
    assert doc.published_date == dt.date(2015, 6, 30)
    assert doc.text.split("\n\n")[0] == (
        "The area under coca cultivation in Peru fell by 13.9 per cent in 2014 to 42,900 hectares, according to "
        "the annual coca survey presented today by the United Nations Office on Drugs and Crime (UNODC) and the "
        "Government of Peru."
    )
    assert "9000" not in doc.text and "contact" not in doc.text


def test_agency_datelines_and_bylines_with_slashes_and_weekdays():
    doc = clean_article(
        "Peru destroys labs\nWritten by Charles Parkinson Wednesday, 12 March 2014\n"
        "Lima, Feb. 10 (ANDINA). The police destroyed 14 laboratories in the VRAEM, officials said."
    )
    assert (doc.author, doc.publisher, doc.published_date) == ("Charles Parkinson", "ANDINA", dt.date(2014, 3, 12))
    assert doc.text == "The police destroyed 14 laboratories in the VRAEM, officials said."
    doc = clean_article("Peru seizes cocaine\nBy Gustavo Arias Retana/Diálogo\n"
                        "The police seized 3 tons of cocaine in Callao, officials said on Monday.")
    assert (doc.author, doc.publisher) == ("Gustavo Arias Retana", "Diálogo")


def test_a_pdfs_lines_rejoin_across_numbers_function_words_and_open_brackets():
    page = """Report of the Comptroller on the counter-drug programme

1.1 The programme's modified budget grew from S/ 301.2 million in fiscal year
2021 to S/ 344.0 million in fiscal year 2023, as reported to the Congress of the
Republic in its annual review.

Table 4. Cooperation received by the programme (in US dollars;
US federal fiscal years, October to September)

2. EXECUTION
"""
    paragraphs = clean_article(page).text.split("\n\n")
    assert "in fiscal year 2021 to S/ 344.0 million in fiscal year 2023, as reported to the Congress of the Republic" \
        in paragraphs[0]
    assert "(in US dollars; US federal fiscal years, October to September)" in paragraphs[1]
    assert paragraphs[2] == "2. EXECUTION"


def test_a_word_broken_at_the_margin_is_whole_when_the_text_writes_it_whole():
    page = ("Audit of the eradication programme\n\nThe average cost per hectare erad-\nicated rose again in 2024, "
            "the auditors found.\n\nNo field was eradicated twice, and the anti-\ndrug police kept its budget.\n")
    text = clean_article(page).text
    assert "hectare eradicated rose" in text and "anti-drug police" in text


GALLERY = """In pictures: a week with the eradicators

By Ana Quispe | Published 9 June 2024

Our photographer followed an eradication team in the Huallaga valley.

1 / 4
TOCACHE, San Martín, Peru — Eradicators pull up coca bushes on 3 June 2024. The team cleared 12 hectares that day. (Photo: Ana Quispe / The Daily)

2 / 4
UCHIZA, San Martín, Peru — A police officer guards 40 kilograms of coca paste seized on 4 June 2024. (Photo: Ana Quispe / The Daily)

3 / 4
AUCAYACU, Huánuco, Peru — Soldiers blow up an airstrip on 5 June 2024. (Photo: Army handout)

4 / 4
LIMA, Peru — The minister presents the results on 7 June 2024. (Photo: Ministry handout)

Share this gallery: Facebook | X | WhatsApp | Email
"""


def test_a_gallery_page_keeps_its_captions_without_their_credits():
    doc = clean_article(GALLERY)
    assert "The team cleared 12 hectares that day." in doc.text
    assert "Soldiers blow up an airstrip on 5 June 2024." in doc.text
    assert "(Photo:" not in doc.text and "1 / 4" not in doc.text
    assert "(Photo: Army handout)" in doc.removed
    assert "Share this gallery" not in doc.text  # a share bar of pipes is no table head


def test_a_credited_caption_under_a_story_is_still_boilerplate():
    page = ("Police seize cocaine in Callao\n\n"
            "The police seized 3 tons of cocaine in Callao on Monday, officials said. The drug was hidden in a "
            "shipment of bananas bound for Antwerp, and four port workers were arrested at the terminal.\n\n"
            "Agents inspect the containers at the port. (Photo: Andina)\n\n"
            "Prosecutors said the network had shipped drugs to Europe since 2021, using front companies in Lima "
            "and in the northern city of Piura to hide its payments.\n")
    assert "Agents inspect" not in clean_article(page).text


def test_notes_to_editors_are_part_of_a_press_release():
    page = ("EU announces aid\n\nThe European Union today announced a €48 million package for farmers in Peru.\n\n"
            "Notes to editors\n\nSince 2014, the EU has committed more than €150 million to drug-related "
            "cooperation with the Andean countries.\n\nPress contacts:\nAnna Virtanen (+32 2 29 86570)\n")
    text = clean_article(page).text
    assert "Since 2014, the EU has committed more than €150 million" in text and "+32" not in text


def test_a_papers_reference_list_closes_its_text():
    page = ("Eradication and prices in Peru\n\nWorking paper\n\n"
            "Eradication was stable. CORAH removed between 22,000 and 25,000 hectares a year in 2021-2023, "
            "almost entirely in Huánuco, Ucayali and San Martín, and none in the VRAEM.\n\n"
            "The price of dry leaf fell by almost half between 2021 and 2023, while the coca area barely moved, "
            "which suggests that buyers, not eradicators, set the pace of the crop.\n\n"
            "References\n\n"
            "Dávalos, L. M. and Espejo, O. J. (2011). Forests and drugs. Environmental Science & Technology, "
            "45(4), 1219-1227.\n"
            "Reyes, L. C. (2014). Estimating the effect of forced eradication. World Development, 61, 70-84.\n")
    doc = clean_article(page)
    assert "CORAH removed" in doc.text and "1219-1227" not in doc.text and "World Development" not in doc.text


def test_a_wiki_heading_keeps_its_meaning_with_its_edit_link():
    page = ("Cocaine trade in Peru\n\nFrom Wikipedia, the free encyclopedia\n\n"
            "Coca cultivation in Peru rose again in the 2000s, to 62,500 hectares in 2010, before intensive "
            "eradication in the Upper Huallaga brought it down.\n\n"
            "The air bridge to Colombia carried most of the paste in the early 1990s, when as many as 60 flights "
            "a week left the valley's airstrips.\n\n"
            "References [edit]\n\n"
            "1. ^ Salazar Vega, Rodolfo (1991). \"Cuánta coca hay en el Huallaga\". Debate Agrario. 12: 77-94.\n")
    text = clean_article(page).text
    assert "62,500 hectares" in text and "77-94" not in text


def test_the_month_headings_of_a_year_in_review_stay():
    page = ("2024 IN REVIEW: Raids and eradication\n\nHere is our month-by-month selection of the stories of 2024.\n\n"
            "JANUARY\n\nOn January 9, DIRANDRO agents arrested a network's leader in Aucayacu, prosecutors said.\n\n"
            "FEBRUARY\n\nOn Saturday the 17th, police destroyed three cocaine laboratories and 11 maceration pits "
            "in Cholón.\n")
    text = clean_article(page).text
    assert "\n\nJANUARY\n\n" in text and "\n\nFEBRUARY\n\n" in text
