"""Extraction rules, sentence by sentence: table-driven cases in styles beyond the seeds."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pipeline.extract import extract_document

PUBLISHED = dt.date(2019, 5, 14)


def rows(text: str, published: dt.date | None = PUBLISHED) -> dict[str, list[dict]]:
    return extract_document("doc", text, published, None)


@pytest.mark.parametrize("sentence, event_type, date_start, quantity", [
    ("Police destroyed 19 clandestine laboratories in Puerto Inca on May 9.", "lab_destruction", "2019-05-09", 19),
    ("Soldiers dynamited 12 airstrips in Ucayali in March 2018.", "airstrip_destruction", "2018-03-01", 12),
    ("Agents seized 1.3 tonnes of cocaine paste in Huánuco last month.", "seizure", "2019-04-01", 1.3),
    ("Two port workers were detained on Tuesday.", "arrest", "2019-05-14", 2),
    ("CORAH eradicated 25,107 hectares of coca in 2018.", "eradication", "2018-01-01", 25107),
    ("In 2017, Peru bought three helicopters for the anti-drug police.", "procurement", "2017-01-01", 3),
    ("Congress approved a new shoot-down law in 2015.", "policy", "2015-01-01", None),
    ("Gunmen killed four police officers in an ambush in the VRAEM in 2016.", "armed_clash", "2016-01-01", 4),
    ("Eleven (11) maceration pits were destroyed in Irazola on May 9.", "lab_destruction", "2019-05-09", 11),
    ("In 2003 the Air Force shot down or forced down at least 12 aircraft.", "armed_clash", "2003-01-01", 12),
    ("The tender for new radars was declared void in 2018.", "procurement", "2018-01-01", None),
    ("Ministerial Resolution 044-2019, published on May 2 in the official gazette, creates a new unit.", "policy",
     "2019-05-02", None),
])
def test_events_by_type_date_and_quantity(sentence, event_type, date_start, quantity):
    events = rows(sentence)["events"]
    assert [e["event_type"] for e in events] == [event_type]
    assert events[0]["date_start"] == date_start
    assert events[0]["quantity"] == quantity


@pytest.mark.parametrize("sentence", [
    "Destroying airstrips has little impact on the trade.",              # generic gerund
    "Security forces will intercept narco-flights next year.",           # future
    "The government has not completed the acquisition of radars.",       # negated, undated noun
    "How long will it take to acquire those radars?",                    # a question
    "Airstrips that are destroyed can be restored in 24 hours.",         # generic passive
    "Cateriano said that the problem was serious.",                      # undated statement
])
def test_no_event_for_what_did_not_happen(sentence):
    assert rows(sentence)["events"] == []


def test_statement_needs_its_own_date_and_yields_to_the_event_it_announces():
    events = rows("Last month, the government announced the purchase of three X-ray scanners.")["events"]
    assert [e["event_type"] for e in events] == ["procurement"]
    dated = rows("In May 2016, the head of DIRANDRO said that cocaine now leaves by land.")["events"]
    assert [(e["event_type"], e["date_start"], e["actors"]) for e in dated] == [("statement", "2016-05-01", "DIRANDRO")]


def test_no_year_is_invented_without_an_anchor():
    events = rows("On Tuesday, police destroyed 5 airstrips.", published=None)["events"]
    assert events[0]["date_precision"] == "unknown" and events[0]["date_start"] is None


def test_weekday_pins_the_year_when_the_text_gives_no_date():
    text = ("Coca fell 17.5 percent between 2012 and 2013.\n\n"
            "On Thursday, June 26, I interviewed Defense Minister Pedro Cateriano about the radars.")
    events = rows(text, published=None)["events"]
    statement = [e for e in events if e["event_type"] == "statement"][0]
    assert statement["date_start"] == "2014-06-26" and statement["date_inferred"]


@pytest.mark.parametrize("sentence, metric, low, high, unit, per", [
    ("Four to six drug planes land in the valley each day.", "drug_flights", 4, 6, "count", "day"),
    ("Each plane carries some 300 kilos of cocaine.", "flight_cargo", 300, 300, "kg", "flight"),
    ("Coca cultivation reached 228,000 hectares in 2022, up 12% from 2021.", "coca_area", 228000, 228000, "ha", None),
    ("About 40 percent of the cocaine seized in Europe comes from Peru.", "market_share", 40, 40, "percent", None),
    ("Ecuador recorded 2,400 homicides, up 84% from the same period of 2021.", "other", 84, 84, "percent", None),
    ("At least 375 inmates have been killed in prison riots.", "casualties", 375, 375, "count", None),
    ("Pilots earn at least 90 euros per kilogram transported.", "price", 90, 90, "EUR", "kg"),
    ("A kilo of cocaine sells for about $1,000 in the valley.", "price", 1000, 1000, "USD", "kg"),
    ("The group has between 300 and 500 members in the Shining Path's last stronghold.", "armed_group", 300, 500, "count", None),
    ("Peru produced 121,000 tons of coca leaves in 2013.", "coca_leaf_production", 121000, 121000, "t", None),
    ("Some 1.2 tons of cocaine is exported by air every day.", "cocaine_trafficked", 1.2, 1.2, "t", "day"),
])
def test_estimate_metric_unit_and_rate(sentence, metric, low, high, unit, per):
    estimates = [e for e in rows(sentence)["estimates"] if e["value_low"] in (low, -low)]
    assert estimates, rows(sentence)["estimates"]
    e = estimates[0]
    assert (e["metric"], abs(e["value_low"]), abs(e["value_high"]), e["unit"], e["per"]) == (metric, low, high, unit, per)


def test_decrease_of_coca_area_is_negative():
    e = rows("UNODC reported a reduction of coca cultivation of 17.5 percent in Peru.")["estimates"][0]
    assert e["metric"] == "coca_area_change" and e["value"] == -17.5 and e["attributed_to"] == "UNODC"


@pytest.mark.parametrize("sentence, amount, currency, funder, kind", [
    ("The U.S. is also providing $85 million in 2014 to Peru for security initiatives.", 85e6, "USD", "United States", "grant"),
    ("In 2013, Peru spent $278 million of its own money to fight drug trafficking.", 278e6, "USD", "Peru", "spending"),
    ("It is funded by the European Union, which contributes €3 million, and by the Government of Germany, "
     "which contributes €1.5 million.", 1.5e6, "EUR", "Germany", "grant"),
    ("The Interior Ministry allocated S/ 120 million this year to CORAH.", 120e6, "PEN", "Peru (Interior Ministry)", "budget"),
    # a state giving money to its own agency budgets it; only aid words make it a grant
    ("The 2026 budget law, passed by Peru's Congress, gives CORAH S/ 95 million.", 95e6, "PEN", "Peru's Congress", "budget"),
    # a donor's own appropriation is its budget, though it is foreign to the article's country
    ("The bill funds the United States' narcotics account at $900 million for the fiscal year.", 900e6, "USD",
     "United States", "budget"),
])
def test_budgets(sentence, amount, currency, funder, kind):
    text = sentence + " Peru remains the focus."
    budgets = [b for b in rows(text)["budgets"] if b["amount"] == amount]
    assert budgets, rows(text)
    b = budgets[0]
    assert (b["currency"], b["funder"], b["kind"]) == (currency, funder, kind)


@pytest.mark.parametrize("text, amount, funder, recipient", [
    # the name after "to" gets the aid; the body before it pays
    ("Over three years, EU cooperation to Bolivia reached €40 million.", 40e6, "European Union", "Bolivia"),
    # a receiving verb makes its subject the recipient, the funds' owner the payer
    ("Ecuador, the second recipient, gets $31 million in USAID funds.", 31e6, "United States (USAID)", "Ecuador"),
    # a possessive on an allocation names who gets it; a sum in soles with no payer is Peru's
    ("Of CORAH's allocation, S/ 40 million goes to new camps.", 40e6, "Peru", "Peru (CORAH)"),
    # the payer of the sum before, in the same currency, pays for the sum after
    ("The State Department granted $12 million to DEVIDA.\n\nBolivia's share is $4 million.", 4e6,
     "United States (State Department)", "Bolivia"),
])
def test_budget_payers_and_recipients(text, amount, funder, recipient):
    b = [b for b in rows(text)["budgets"] if b["amount"] == amount][0]
    assert (b["funder"], b["recipient"]) == (funder, recipient)


def test_neighbours_money_is_a_budget_but_never_an_estimate_unit():
    text = ("Brazil's federal police received R$ 410 million in 2023 for border controls. "
            "On the border a kilo of paste sells for R$ 9,000.")
    out = rows(text)
    assert [(b["amount"], b["currency"]) for b in out["budgets"]] == [(410e6, "BRL")]
    assert not [e for e in out["estimates"] if e["unit"] == "BRL"]


@pytest.mark.parametrize("text", [
    "Conversions use rates of S/ 3.70 and €0.90 per U.S. dollar.",
    "The haul was worth $4 million at the official exchange rate of 3.7 soles to the dollar.",
])
def test_an_exchange_rate_is_no_row(text):
    out = rows(text)
    assert not [r for r in out["estimates"] + out["budgets"] if r.get("unit", r.get("currency")) in ("PEN", "EUR")], out


def test_a_price_word_before_another_sum_prices_that_sum():
    text = ("Germany provided about $20 million in aid in 2022, and the World Bank finances a smaller "
            "programme worth €5 million. Peru remains the focus.")
    out = rows(text)
    assert [(b["amount"], b["kind"]) for b in out["budgets"] if b["amount"] == 20e6] == [(20e6, "grant")], out
    assert not [e for e in out["estimates"] if e["value"] == 20e6]


def test_the_story_country_comes_from_its_bodies_when_never_named():
    text = ("DEVIDA and DIRANDRO briefed the committee. Bolivia was mentioned once. "
            "This year we are operating with 540 million soles, and the Executive has proposed 600 million soles for 2027.")
    out = rows(text)
    assert sorted((b["amount"], b["funder"]) for b in out["budgets"]) == [(540e6, "Peru"), (600e6, "Peru")], out


def test_coordinated_subjects_of_a_passive_each_count():
    events = rows("Nine clandestine laboratories and 40 maceration pits were destroyed in Pichari on May 9.")["events"]
    assert [(e["quantity"], e["quantity_unit"]) for e in events] == [(9, "laboratories"), (40, "maceration pits")]


def test_a_figure_of_another_clause_is_no_dated_part_of_the_event():
    events = rows("CORAH eradicated 20,000 hectares last year, while DEVIDA put the crop at 80,000 hectares in 2017.")["events"]
    assert [e["quantity"] for e in events] == [20000]


def test_a_wish_to_say_does_not_make_what_is_said_unrealised():
    events = rows("I must stress that on Monday the police seized 2.1 tonnes of cocaine in Paita.")["events"]
    assert [(e["event_type"], e["quantity"]) for e in events] == [("seizure", 2.1)]


def test_each_after_a_load_makes_it_a_cargo_per_flight():
    est = rows("Dozens of planes a month leave the valley, with 400 kilos each.")["estimates"]
    assert [(e["metric"], e["per"]) for e in est if e["unit"] == "kg"] == [("flight_cargo", "flight")]


def test_a_bare_sum_in_millions_shares_the_currency_before_it():
    text = ("The ministry's budget was 300 million soles. Of those 300 million, 90 million soles went to CORAH "
            "and 40 million to DEVIDA.")
    out = rows(text)
    assert sorted((b["amount"], b["currency"]) for b in out["budgets"]) == [(40e6, "PEN"), (90e6, "PEN"), (300e6, "PEN")]
    assert [b["recipient"] for b in out["budgets"] if b["amount"] == 40e6] == ["Peru (DEVIDA)"]
    assert not out["estimates"]


def test_an_event_that_follows_a_told_one_takes_its_day():
    text = ("Lima, 26 June 2023 - Peru and the UN signed an agreement today.\n\nIt covers three years.\n\n"
            "It has five parts.\n\nIt was welcomed.\n\nFollowing the signing, the police incinerated 8 tonnes of drugs.")
    events = [e for e in rows(text, dt.date(2023, 6, 26))["events"] if e["event_type"] == "other"]
    assert [(e["date_start"], e["quantity"]) for e in events] == [("2023-06-26", 8)]


def test_a_trigger_phrase_holds_its_count():
    events = rows("In March the government deployed 2,500 soldiers to the border.")["events"]
    assert [(e["event_type"], e["quantity"]) for e in events] == [("security_operation", 2500)]


@pytest.mark.parametrize("sentence", [
    "The table sets out the four largest zones, with the remaining twelve grouped together.",
    "The estimates rest on 3-metre satellite mosaics and 10-metre scenes.",
    "The government declared a 60-day state of emergency in three districts.",
])
def test_narrative_detail_is_no_estimate(sentence):
    assert rows(sentence)["estimates"] == []


def test_laundered_money_is_the_trades_not_a_budget():
    text = "The court found the network laundered at least 40 million soles through shell firms in Lima."
    out = rows(text)
    assert [(e["metric"], e["unit"], e["value"]) for e in out["estimates"]] == [("other", "PEN", 40e6)]
    assert out["budgets"] == []


def test_a_body_named_with_its_country_keeps_the_name_as_written():
    text = ("The case was supported by the US Drug Enforcement Administration, which provided equipment "
            "worth about US$2 million. Peru's prosecutors thanked it.")
    [b] = rows(text)["budgets"]
    assert (b["amount"], b["funder"], b["kind"]) == (2e6, "United States (US Drug Enforcement Administration)", "grant")


def test_a_court_ruling_is_an_event_only_with_its_date():
    events = rows("A court in Lima on Wednesday sentenced the network's leader to 30 years in prison. "
                  "The officer convicted in the case denied it. Nobody has been convicted since.")["events"]
    assert [(e["event_type"], e["date_start"]) for e in events] == [("other", "2019-05-08")]


def test_a_figure_whose_own_verb_is_negated_is_no_claim():
    assert rows("His lawyer said the seized 2.3 tons did not belong to his client.")["estimates"] == []


def test_earlier_counts_from_the_event_just_told_ago_from_the_day_of_writing():
    text = ("On 19 October 2021 police raided 52 properties in Lima. Two months earlier, agents had seized "
            "1.2 tons of cocaine in Callao. Two months ago, agents seized 300 kilos in Paita.")
    events = [e for e in rows(text, dt.date(2025, 6, 12))["events"] if e["event_type"] == "seizure"]
    assert [(e["quantity"], e["date_start"][:7]) for e in events] == [(1.2, "2021-08"), (300, "2025-04")]


def test_the_day_of_a_saying_does_not_date_the_sum_said():
    text = "Bolivia's 2026 budget allocates Bs 1.1 billion to the FELCN, the interior minister said on Monday."
    [b] = rows(text, dt.date(2026, 3, 3))["budgets"]
    assert (b["funder"], b["recipient"], b["period_start"], b["period_end"]) == ("Bolivia", "FELCN", "2026-01-01", "2026-12-31")


def test_a_possessive_before_aid_to_someone_is_the_donor():
    [b] = rows("Washington's aid to the region totalled $300 million in 2018. Peru got most.")["budgets"]
    assert (b["funder"], b["kind"]) == ("United States", "grant")


def test_counts_before_a_noun_trigger_and_dates_since_a_start():
    events = rows("The patrols sustained two clashes last Sunday near Pichari. The offensive has destroyed 30 "
                  "laboratories since its start on 2 May, informed this morning the Joint Command.")["events"]
    got = {e["event_type"]: (e["quantity"], e["date_start"]) for e in events}
    assert got["armed_clash"] == (2, "2019-05-12") and got["lab_destruction"] == (30, "2019-05-02")


def test_before_the_offensive_is_a_time_not_an_event():
    events = rows("Before the offensive up to three narco-planes departed daily from the zone.")["events"]
    assert events == []


def test_an_aside_between_the_count_and_its_passive():
    events = rows("Officers said four people, including a Peruvian citizen, were detained at the site on Monday.")["events"]
    assert [(e["event_type"], e["quantity"]) for e in events if e["event_type"] == "arrest"] == [("arrest", 4)]


def test_that_was_a_change_of_the_area_named_before():
    text = "The survey found 30,000 hectares under coca in 2023. That was 4% more than a year earlier."
    assert ("coca_area_change", 4) in [(e["metric"], e["value"]) for e in rows(text)["estimates"]]


def test_a_second_clause_with_its_own_count_and_date_is_a_second_event():
    text = "In January police found 2.3 tonnes of cocaine at Callao, and last month 1.1 tonnes were seized at Paita."
    events = [e for e in rows(text)["events"] if e["event_type"] == "seizure"]
    assert [(e["quantity"], e["date_start"]) for e in events] == [(2.3, "2019-01-01"), (1.1, "2019-04-01")]


def test_what_a_network_pays_insiders_is_a_price_of_the_trade():
    out = rows("Investigators believe the network paid insiders between $20,000 and $40,000 per container.")
    assert out["budgets"] == [] and [e["metric"] for e in out["estimates"]] == ["price"]


def test_a_payer_is_not_carried_into_another_currency():
    text = "The State Department granted $12 million to DEVIDA.\n\nA further €4 million is earmarked for monitoring."
    b = [b for b in rows(text)["budgets"] if b["amount"] == 4e6][0]
    assert b["funder"] is None


def test_headlines_and_link_lists_give_no_rows():
    text = "Police destroy 19 laboratories in Puerto Inca\n\nU.S. Donates 40 Motorcycles to Peruvian Police"
    assert rows(text) == {"events": [], "estimates": [], "budgets": []}


def test_every_row_quotes_its_sentence_at_its_offsets():
    text = ("Navy personnel destroyed 14 maceration pits on June 3, 2015.\n\n"
            "According to UNODC, some 90 percent of the cocaine is flown out, about 200 tons a year.")
    for table in rows(text).values():
        for row in table:
            assert text[row["char_start"]:row["char_end"]] == row["quote"]


@pytest.mark.parametrize("lines, expected", [
    (["Published: 1/12/2024", "Lima, Jan. 12 (ANDINA). "], dt.date(2024, 1, 12)),   # the dateline says which is the month
    (["Updated on 14/05/2019 10:42 h"], dt.date(2019, 5, 14)),                       # a day above 12 decides
    (["Posted 3/4/2020"], None),                                                    # ambiguous: never guessed
])
def test_publication_date_from_page_furniture(lines, expected):
    from pipeline.text.published import header_date

    assert header_date(lines) == expected


@pytest.mark.parametrize("sentence, start, end, precision, quantity", [
    # a total counted from a date happened over its span: from that date to the day it is told
    ("Since January the navy has seized at least 8.6 tonnes of cocaine in the Amazon.", "2019-01-01", "2019-05-14",
     "range", 8.6),
    ("The offensive has destroyed 33 laboratories and 50 maceration pits since its start on 2 April.", "2019-04-02",
     "2019-05-14", "range", 33),
    # counted from no date: an event without one (never the date of a part of it)
    ("4. Since its creation, the port unit has seized more than 40 tonnes of cocaine, including 6.1 tonnes in 2017.",
     None, None, "unknown", 40),
])
def test_a_running_total_is_an_event_over_the_span_it_counts(sentence, start, end, precision, quantity):
    first = next(e for e in rows(sentence)["events"] if e["event_type"] != "security_operation")
    assert (first["date_start"], first["date_end"], first["date_precision"], first["quantity"]) == \
        (start, end, precision, quantity)


def test_a_dated_part_of_a_running_total_is_an_event_of_its_own():
    events = rows("Since its creation, the port unit has seized more than 40 tonnes of cocaine, "
                  "including 6.1 tonnes in 2017.")["events"]
    assert [(e["quantity"], e["date_start"]) for e in events] == [(40, None), (6.1, "2017-01-01")]


def test_a_toll_and_a_rate_are_estimates_not_events():
    toll = rows("At least 120 soldiers have been killed in the valley since March 2015.")
    assert toll["events"] == [] and [e["metric"] for e in toll["estimates"]] == ["casualties"]
    rate = rows("The agency, which eradicated more than 18,000 hectares a year between 2012 and 2014, "
                "lost its budget.")
    assert [e["event_type"] for e in rate["events"]] == []
    assert [(e["metric"], e["per"]) for e in rate["estimates"]] == [("eradication_area", "year")]


def test_a_saying_that_frames_what_happened_is_no_event_of_its_own():
    framed = rows("Police seized 2.1 tonnes of cocaine at the port, the ministry said on Monday.")["events"]
    assert [e["event_type"] for e in framed] == ["seizure"]
    conference = rows("Officers arrested 9 people, the prosecutor told reporters at a news conference on Monday.")
    assert sorted(e["event_type"] for e in conference["events"]) == ["arrest", "statement"]


def test_each_mass_of_a_coordinated_seizure_counts_past_an_acronym_aside():
    events = rows("The police seized 1,5 tons of cocaine base paste (PBC) and 2,2 tons of chemical inputs on May 6.")
    assert [(e["event_type"], e["quantity"], e["date_start"]) for e in events["events"]] == \
        [("seizure", 1.5, "2019-05-06"), ("seizure", 2.2, "2019-05-06")]


def test_an_operation_whose_start_is_told_began_that_day():
    events = rows("The joint offensive of the army and the police has destroyed 12 laboratories since its start on "
                  "2 April, the command said.")["events"]
    got = {(e["event_type"], e["date_start"], e["date_end"]) for e in events}
    assert got == {("security_operation", "2019-04-02", "2019-04-02"), ("lab_destruction", "2019-04-02", "2019-05-14")}


def test_the_source_of_according_to_is_its_whole_noun_phrase():
    [e] = rows("According to intelligence reports, up to three narco-planes departed daily from the valley.")["estimates"]
    assert e["attributed_to"] == "intelligence reports"


def test_the_day_a_story_tells_as_today_carries_to_the_next_paragraph_but_a_computed_day_does_not():
    told = ("Navy patrols seized 800 kilos of cocaine on a river barge yesterday.\n\n"
            "Prosecutors said three crew members were arrested on board.")
    [arrest] = [e for e in rows(told)["events"] if e["event_type"] == "arrest"]
    seizure = next(e for e in rows(told)["events"] if e["event_type"] == "seizure")
    assert arrest["date_start"] == seizure["date_start"] is not None and arrest["date_text"] == "yesterday"
    computed = told.replace("yesterday", "two days later")
    assert [e["date_start"] for e in rows(computed)["events"] if e["event_type"] == "arrest"] == [None]


def test_during_the_operation_dates_an_event_to_the_days_of_the_operation_told():
    text = ("The army launched an offensive in the valley on 2 April. "
            "The police chief said that 23 people have been detained during the operation.")
    [arrest] = [e for e in rows(text)["events"] if e["event_type"] == "arrest"]
    assert (arrest["date_start"], arrest["date_end"], arrest["date_inferred"], arrest["date_text"]) == \
        ("2019-04-02", "2019-05-14", True, "2 April")


def test_a_year_that_names_the_operation_told_gives_the_operations_days():
    text = ("Some 300 police officers raided 20 warehouses in Lima on 14 March 2017. "
            "A court later confiscated the four trucks seized during the 2017 raids.")
    [seizure] = [e for e in rows(text)["events"] if e["event_type"] == "seizure"]
    assert (seizure["date_start"], seizure["date_end"], seizure["date_inferred"]) == ("2017-03-14", "2017-03-14", True)
    other_year = rows(text.replace("the 2017 raids", "the 2016 raids"))["events"]
    assert [e["date_start"] for e in other_year if e["event_type"] == "seizure"] == ["2016-01-01"]


def test_an_operation_named_as_the_time_of_another_event_is_no_event_of_its_own():
    events = rows("Police detained nine port workers, including two clerks, during raids in Callao on May 8.")["events"]
    assert [(e["event_type"], e["quantity"], e["date_start"]) for e in events] == [("arrest", 9, "2019-05-08")]


def test_a_home_currency_sum_no_clause_pays_is_paid_by_the_body_the_sentence_before_is_about():
    text = ("SUNAT says its three scanners inspect less than 2% of containers. The superintendent confirmed that a "
            "tender for 12 scanners, with a budget of 186 million soles, will be launched in June.")
    [b] = rows(text)["budgets"]
    assert (b["funder"], b["period_start"]) == ("Peru (SUNAT)", "2019-06-01")
    alone = rows("A tender for 12 scanners, with a budget of 186 million soles, will be launched in June.")["budgets"]
    assert [b["funder"] for b in alone] == ["Peru"]


def test_a_body_named_with_its_countrys_possessive_is_named_as_written():
    [b] = rows("In May, Peru's Ministry of Defense signed a S/ 145 million contract for four helicopters.")["budgets"]
    assert b["funder"] == "Peru's Ministry of Defense"


def test_a_figure_without_a_place_of_its_own_is_about_the_place_its_section_heading_names():
    text = ("Key findings: Bolivia\n\n- Coca covered 29,900 hectares in 2022, according to the government.\n\n"
            "- Prices fell by 12% over the year.\n\nWhat the numbers hide\n\n"
            "Police counted 12 laboratories inside the parks in 2022.")  # a new section names no place
    geographies = [e["geography"] for e in rows(text)["estimates"]]
    assert geographies[:2] == ["Bolivia", "Bolivia"] and geographies[2] != "Bolivia"


def test_a_title_as_source_is_the_person_the_text_named_with_it():
    text = ("Police seized a lab, reported the Vice Minister of Social Defense, Raúl Cárdenas. "
            "The vice minister said a kilo is bought in Peru for about $1,000.")
    [e] = rows(text)["estimates"]
    assert e["attributed_to"] == "Raúl Cárdenas"


def test_a_body_defined_by_its_acronym_acts_under_it_and_a_place_word_introduces_a_place():
    [e] = rows("The Special Force to Fight Drug Trafficking (FELCN) dismantled a laboratory in the municipality "
               "of Villa Tunari on May 5.")["events"]
    assert (e["actors"], e["location"]) == ("FELCN", "Villa Tunari")
    [later] = rows("In 2018, the FELCN seized 36.4 tonnes of cocaine.")["events"]
    assert later["actors"] == "FELCN"


def test_an_events_date_text_is_written_with_its_preposition():
    [e] = rows("Police seized 2.1 tonnes of cocaine at the port on Wednesday.")["events"]
    assert e["date_text"] == "on Wednesday"


def test_a_mass_or_an_area_counts_in_the_codebooks_unit_words():
    events = rows("Police seized 7.8 tonnes of cocaine and eradicated 300 ha of coca on May 3.")["events"]
    assert [e["quantity_unit"] for e in events] == ["tons", "hectares"]


def test_near_a_name_is_a_place_and_nationwide_is_the_story_country():
    [e] = rows("A patrol was ambushed near Nuevo Progreso on May 2.")["events"]
    assert e["location"] == "Nuevo Progreso"
    text = "Bolivia is a coca producer. Since January the FELCN has seized 18.6 tonnes nationwide."
    [seizure] = [e for e in rows(text)["events"] if e["event_type"] == "seizure"]
    assert seizure["location"] == "Bolivia"


@pytest.mark.parametrize("sentence, subject", [
    ("In Tocache a kilo of cocaine base sold for between US$900 and US$1,100 a kilo.", "cocaine base"),
    ("Pilots were paid US$40,000 per trip, prosecutors said.", "Pilots"),
    ("Officers took bribes of up to 15,000 soles a month from the traffickers.", "bribes"),
])
def test_a_price_is_of_the_good_or_the_payment_its_sentence_names(sentence, subject):
    prices = [e for e in rows(sentence)["estimates"] if e["metric"] == "price"]
    assert prices and prices[0]["subject"] == subject


@pytest.mark.parametrize("text", [
    "At that price, the 7.8 tonnes would be worth €234 million to €273 million, by our calculation.",
    "A kilo sells for 9,000 reais in São Paulo. That is roughly US$ 1,700.",
])
def test_the_articles_own_arithmetic_is_derived(text):
    assert rows(text)["estimates"][-1]["derived"] is True


def _estimate(text: str, number: float) -> dict:
    return next(r for r in rows(text)["estimates"] if r["value_low"] == number)


@pytest.mark.parametrize("text, number, year", [
    # the year the last sentence's figures were about, not the year of writing
    ("Colombia's survey found 253,000 hectares of coca in 2022.\n\nThe White House estimate for that year was "
     "higher, at 230,000 hectares.", 230000, 2022),
    ("SIMCI measured 204,000 hectares in 2021. The ONDCP put the crop for the same year at 234,000 hectares.",
     234000, 2021),
    # a month without its year tells no year: "the same year" still means the figures' year
    ("Bolivia had 29,900 hectares of coca in 2021.\n\nIn a paper released in June, the embassy put the area for the "
     "same year at 32,100 hectares.", 32100, 2021),
])
def test_that_year_is_the_year_the_text_just_told(text, number, year):
    assert _estimate(text, number)["period_start"] == f"{year}-01-01"


def test_a_date_another_figure_is_compared_with_dates_no_figure_beside_it():
    row = _estimate("Seizures were 12% higher than a year earlier, and Callao handled about 40% of them.", 40)
    assert row["period_start"] is None


@pytest.mark.parametrize("text, number, source", [
    ("The Colombian defence ministry placed the number of labs destroyed at 4,900.", 4900, "The Colombian defence ministry"),
    ("According to the annual monitoring bulletin of the Special Project for Alternative Development (PEDA), growers "
     "sold 4,100 tons of leaf.", 4100, "PEDA"),
    ("The think tank, in its annual survey released on Monday, situated the crop at 61,000 hectares.", 61000,
     "The think tank"),
])
def test_who_placed_a_figure_is_its_source(text, number, source):
    assert _estimate(text, number)["attributed_to"] == source


@pytest.mark.parametrize("text, event_type, quantity, personnel", [
    # the force that acted is a figure of its own; the event counts its object
    ("About 300 police officers destroyed 12 laboratories in Ucayali on 3 May 2021.", "lab_destruction", 12, 300),
    ("Some 450 marines and 20 prosecutors raided 31 warehouses in Paita on 2 June 2022.", "security_operation",
     31, 450),
])
def test_the_force_that_acted_is_personnel_and_the_event_counts_its_object(text, event_type, quantity, personnel):
    found = rows(text)
    event = next(e for e in found["events"] if e["event_type"] == event_type)
    assert event["quantity"] == quantity
    forces = [r["value_low"] for r in found["estimates"] if r["metric"] == "personnel"]
    assert personnel in forces and quantity not in forces


def test_officers_among_the_arrested_are_no_force():
    found = rows("Twenty people were arrested on Friday, among them six serving police officers.")
    assert not [r for r in found["estimates"] if r["metric"] == "personnel"]


def test_a_result_the_sentence_reports_is_an_act_each_with_its_own_count():
    found = rows("The week of raids left 31 suspects detained and nine drug laboratories destroyed in Satipo.")
    assert sorted((e["event_type"], e["quantity"]) for e in found["events"]) == [("arrest", 31), ("lab_destruction", 9)]


def test_people_who_died_are_casualties_not_personnel():
    found = rows("Gunmen ambushed an army convoy near Llochegua on Sunday; four marines died.")
    assert [(r["metric"], r["value_low"]) for r in found["estimates"]] == [("casualties", 4)]


def test_a_long_clause_before_the_source_is_not_its_name():
    found = rows("Five officers were hurt and two gunmen were killed in the exchange of fire, the navy said.")
    assert {r["attributed_to"] for r in found["estimates"]} == {"the navy"}


def test_an_answer_happens_at_the_time_its_question_asks_about():
    found = rows("Q: How many laboratories did the police destroy in 2017?\n\nA: They destroyed 640 laboratories, "
                 "most of them in the Huallaga.")
    event = next(e for e in found["events"] if e["event_type"] == "lab_destruction")
    assert (event["date_start"], event["date_precision"], event["date_inferred"]) == ("2017-01-01", "year", True)
    assert event["date_text"] == "2017"


def test_a_bare_figure_after_an_area_is_in_hectares():
    found = rows("Bolivia eradicated 9,800 hectares of coca in 2022. For 2023 the goal was 10,500.")
    row = _estimate("Bolivia eradicated 9,800 hectares of coca in 2022. For 2023 the goal was 10,500.", 10500)
    assert (row["unit"], row["metric"]) == ("ha", "eradication_area")
    assert found["estimates"]


MONEY_TABLE = "\n\n".join([   # as cleaning leaves a text table: a paragraph per line
    "Annex 4. Counter-narcotics allocations by agency (in millions of soles)",
    "Agency | Budget 2022 | Budget 2023 | Spent 2023", "---|---|---|---",
    "DEVIDA | 190 | 205 | 160", "Coast Guard - Navy | 42 | 47 | 45",
    "Table 5. Donor contributions (US$)", "Donor | 2022 | 2023", "---|---|---",
    "European Union | 3,000,000 | 4,500,000"])


def test_a_table_of_sums_is_budget_lines_of_its_rows():
    found = rows(MONEY_TABLE)
    lines = {(b["recipient"], b["period_start"], b["kind"]): (b["amount"], b["currency"], b["funder"])
             for b in found["budgets"]}
    assert lines[("DEVIDA", "2023-01-01", "spending")] == (160e6, "PEN", "Peru")
    assert lines[("Coast Guard - Navy", "2022-01-01", "budget")] == (42e6, "PEN", "Peru")
    donors = [(b["funder"], b["amount"], b["currency"], b["kind"]) for b in found["budgets"] if b["currency"] == "USD"]
    assert donors == [("European Union", 3e6, "USD", "grant"), ("European Union", 4.5e6, "USD", "grant")]
    assert not [r for r in found["estimates"] if r["value_low"] >= 1e6]


def test_a_fiscal_year_in_soles_is_the_calendar_year():
    found = rows("Congress approved S/ 512 million for DEVIDA for fiscal year 2024.")
    assert (found["budgets"][0]["period_start"], found["budgets"][0]["period_end"]) == ("2024-01-01", "2024-12-31")


@pytest.mark.parametrize("text, quantity", [
    ("The pilot, a Colombian national, was arrested at the airstrip on Monday.", 1),
    ("Agents found a cocaine paste laboratory and detained one man on Monday.", 1),
    ("Three (3) dockworkers of a shipping agency were arrested on Monday.", 3),
    ("Police arrested a group of suspects on Monday.", None),
])
def test_an_arrest_counts_the_people_it_names(text, quantity):
    event = next(e for e in rows(text)["events"] if e["event_type"] == "arrest")
    assert (None if pd.isna(event["quantity"]) else event["quantity"]) == quantity


@pytest.mark.parametrize("text, quantity, unit", [
    ("Customs officers found 2,040 bricks containing 2.3 tonnes of cocaine in Paita on Monday.", 2.3, "tons"),
    ("The coast guard intercepted a fishing boat carrying 800 kilos of cocaine off Tumbes on Monday.", 800, "kilos"),
])
def test_a_seizure_counts_the_drug_not_what_held_it(text, quantity, unit):
    event = next(e for e in rows(text)["events"] if e["event_type"] == "seizure")
    assert (event["quantity"], event["quantity_unit"]) == (quantity, unit)


def test_an_article_before_another_noun_counts_no_object():
    found = rows("A network of coastal radars financed by Japan was installed in 2021.")
    assert all(pd.isna(e["quantity"]) for e in found["events"])


@pytest.mark.parametrize("text, number, metric", [
    # an area no cue reads is the coca crop's, unless its clause names another land use
    ("Satellite analysts counted 61,200 hectares in the Putumayo basin.", 61200, "coca_area"),
    # a figure after an aside in another unit still reads as the figure of its unit before
    ("Output was estimated at 900 tons (at 90% purity), up from 800 tons a year earlier.", 800, "cocaine_production"),
    ("The state employs about 2,900 eradicators in Huánuco.", 2900, "personnel"),
    ("The firm reported 3.1 tonnes of canned products.", 3.1, "other"),
])
def test_the_metric_of_a_figure_from_its_words(text, number, metric):
    assert _estimate(text, number)["metric"] == metric


def test_another_crops_area_is_not_coca():
    assert not [r for r in rows("Farmers there planted 4,000 hectares of cacao last year.")["estimates"]
                if r["metric"] == "coca_area"]


def test_a_footnote_mark_ends_a_sentence():
    assert _estimate("• Coca covered 52,000 hectares in Bolivia in 2023.²", 52000)["metric"] == "coca_area"


@pytest.mark.parametrize("text, event_type, quantity", [
    ("Six people were detained: five crew members and a port agent.", "arrest", 6),
    ("Three (3) members of the gang \"Los Topos\" were arrested, among them its leader.", "arrest", 3),
    ("A depot was raided and 120 kilograms of cocaine, two rifles and US$ 9,000 in cash were seized.", "seizure", 120),
])
def test_a_passive_counts_its_subject_past_lists_and_complements(text, event_type, quantity):
    event = next(e for e in rows(text)["events"] if e["event_type"] == event_type)
    assert event["quantity"] == quantity


@pytest.mark.parametrize("text", ["Suppose the police seized 20 tonnes in 2025.", "If eradication teams removed 30,000 hectares "
                                  "in 2025, the crop would still grow."])
def test_a_supposed_act_is_no_event(text):
    assert not rows(text)["events"]


def test_an_act_without_a_time_of_its_own_happens_in_the_year_its_paragraph_is_about():
    found = rows("Bolivia's crop reached 31,000 hectares in 2023. Its eradication teams removed 9,500 hectares, "
                 "mostly in the Yungas.")
    event = next(e for e in found["events"] if e["event_type"] == "eradication")
    assert (event["date_start"], event["date_precision"], event["date_inferred"]) == ("2023-01-01", "year", True)


def test_the_year_an_act_is_compared_with_is_not_its_own():
    found = rows("Ecuador eradicated about 8,000 hectares, compared with more than 11,000 hectares in 2021.")
    event = next(e for e in found["events"] if e["quantity"] == 8000)
    assert event["date_start"] is None


def test_a_wire_datelines_country_is_the_storys():
    text = ("QUITO, Ecuador — Police seized 2 tonnes of cocaine on Monday. The cocaine came from Peru and Colombia, "
            "officials in Peru and Colombia said. The government will spend $18 million on scanners.")
    assert rows(text)["budgets"][0]["funder"] == "Ecuador"


def test_a_counterpart_signed_with_is_not_the_payer():
    found = rows("Japan signed with DEVIDA in March a grant agreement of US$ 4 million for crop monitoring.")
    assert found["budgets"][0]["funder"] == "Japan"


def test_the_short_name_of_a_thing_is_no_payer():
    found = rows("Its modified budget (PIM) grew from S/ 310 million in 2022 to S/ 342 million in 2024.")
    assert {b["funder"] for b in found["budgets"]} == {"Peru"}


def test_what_an_aircraft_takes_is_one_flights_load():
    row = _estimate("A Cessna carries 350 kilos. The bigger twin-engines can take up to five hundred.", 500)
    assert (row["metric"], row["unit"], row["per"]) == ("flight_cargo", "kg", "flight")


def test_a_bare_count_alone_counts_what_the_count_before_it_counted():
    text = "Police know of 90 clandestine airstrips in Ucayali. Villagers showed us more than 30 in Atalaya alone."
    assert _estimate(text, 30)["metric"] == "airstrips"


def test_a_saying_verb_with_a_gerund_reports_the_act_and_each_type_keeps_its_objects():
    found = rows("Bolivia's FELCN dismantled 310 laboratories in 2022, and the navy reported destroying 14 airstrips "
                 "between 2020 and 2022.")
    assert sorted((e["event_type"], e["quantity"]) for e in found["events"]) == [
        ("airstrip_destruction", 14), ("lab_destruction", 310)]


def test_a_vehicle_stopped_carrying_drugs_counts_the_drugs():
    found = rows("At the checkpoint, a van with Chilean plates was intercepted transporting 95 kilograms of cocaine.")
    assert [(e["event_type"], e["quantity"]) for e in found["events"]] == [("seizure", 95)]


def test_a_participle_after_of_describes_and_removed_hectares_are_eradicated():
    found = rows("On Monday the ministry announced, with pictures of uprooted plants, that its crews had removed "
                 "9,100 hectares of coca this year.")
    kinds = {e["event_type"]: e for e in found["events"]}
    assert kinds["eradication"]["quantity"] == 9100 and kinds["eradication"]["date_text"] == "this year"


def test_a_change_over_the_previous_year_is_the_years_it_names():
    row = _estimate("Bolivia's coca area grew to 31,000 hectares in 2023, a 4% increase over the previous year.", 4)
    assert row["period_start"] == "2023-01-01"


def test_a_sum_compared_with_is_the_same_payers():
    found = rows("The State Department requested $41 million for programs in Peru in fiscal 2025, down from $47 million.")
    assert [b["funder"] for b in found["budgets"]] == ["United States (State Department)"] * 2
    assert found["budgets"][1]["period_start"] is None


def test_an_arrest_told_as_a_gerund_after_a_comma():
    found = rows("A navy patrol intercepted a narco-sub off Tumaco on Tuesday, arresting its four crew members.")
    assert ("arrest", 4) in [(e["event_type"], e["quantity"]) for e in found["events"]]


def test_one_verb_two_kinds_of_object_two_events():
    found = rows("On Friday the army destroyed four laboratories and a clandestine airstrip in Llochegua.")
    assert sorted((e["event_type"], e["quantity"]) for e in found["events"]) == [
        ("airstrip_destruction", 1), ("lab_destruction", 4)]


def test_an_announced_deployment_is_an_operation_as_of_its_announcement():
    found = rows("The ministry announced on Monday that 450 additional soldiers will be deployed to the border.")
    op = next(e for e in found["events"] if e["event_type"] == "security_operation")
    assert (op["quantity"], op["date_start"]) == (450, "2019-05-13")
    assert not [e for e in rows("The ministry said that two drones will be sent.")["events"]
                if e["event_type"] == "security_operation"]


@pytest.mark.parametrize("text, event_type, date_start", [
    # a chronology tells what happened in the present tense
    ("June 2017 — The navy destroys 12 laboratories near Pichari.", "lab_destruction", "2017-06-01"),
    ("2016: DEVIDA removes 30,100 hectares of coca in the Upper Huallaga.", "eradication", "2016-01-01"),
    ("4 May 2015 – Congress approves the new anti-drug law.", "policy", "2015-05-04"),
])
def test_a_chronology_entry_in_the_present_is_an_event(text, event_type, date_start):
    assert (event_type, date_start) in [(e["event_type"], e["date_start"]) for e in rows(text)["events"]]


def test_the_present_outside_a_chronology_reports_nothing_done():
    assert not rows("Police destroy laboratories every week in the VRAEM.")["events"]


def test_a_digests_next_datelined_item_is_a_story_of_its_own():
    text = ("LIMA — Police destroyed 12 laboratories in the VRAEM between Sunday and Wednesday.\n\n"
            "LA PAZ — Prosecutors said the suspects were arrested in raids last week in El Alto.")
    arrest = next(e for e in rows(text, dt.date(2025, 2, 7))["events"] if e["event_type"] == "arrest")
    assert arrest["date_start"] == "2025-01-27"


def test_a_count_after_a_comma_is_not_what_a_passive_counted():
    event = next(e for e in rows("Three people were detained, two of them Peruvian.")["events"])
    assert event["quantity"] == 3


def test_an_age_after_a_name_is_no_figure():
    found = rows("The officers killed were identified as Sergeant Ana Ccori Huamán, 31, and Corporal Luis Rojas, 27.")
    assert not found["estimates"]


def test_a_bare_sum_after_a_price_continues_it():
    text = ("In Satipo a kilo of dry leaf fell from 8.0 soles to 4.5 soles. In Pichari the fall was milder, "
            "from 7.1 to 5.9 soles.")
    row = _estimate(text, 5.9)
    assert (row["metric"], row["per"]) == ("price", "kg")


def test_a_contract_counts_what_it_buys():
    found = rows("The navy signed a US$ 31 million contract with a Korean yard for four patrol boats in March 2019.")
    proc = [e for e in found["events"] if e["event_type"] == "procurement"]
    assert [e["quantity"] for e in proc] == [4]


def test_every_sentence_of_a_chronology_entry_tells_the_past_in_the_present():
    found = rows("2018: Floods halt field work for two months. DEVIDA removes just 5,100 hectares, half its target.\n\n"
                 "May 1996 — The air force starts intercepting drug planes. Within a year at least 12 aircraft are downed.")
    kinds = {(e["event_type"], e["quantity"]) for e in found["events"]}
    assert ("eradication", 5100) in kinds and ("armed_clash", 12) in kinds


def test_a_perfect_counted_up_to_a_date_is_the_years_running_total():
    event = rows("By the end of September the crews had removed 15,400 hectares.", dt.date(2024, 11, 20))["events"][0]
    assert (event["date_start"], event["date_end"], event["date_precision"]) == ("2024-01-01", "2024-09-30", "range")


@pytest.mark.parametrize("text, date_start", [
    ("The international tender was launched on 3 March.", "2019-03-03"),
    ("The radar contract was awarded on 20 April to a Spanish firm.", "2019-04-20"),
])
def test_a_dated_step_of_a_purchase_is_procurement(text, date_start):
    assert [(e["event_type"], e["date_start"]) for e in rows(text)["events"]] == [("procurement", date_start)]


def test_an_undated_step_of_a_purchase_is_no_event():
    assert not rows("The government launched a tender for radars.")["events"]


def test_an_announced_airlift_of_a_force_is_an_operation_and_a_negated_one_is_not():
    said = rows("The minister said at a press conference this evening that 250 more police will be flown into Pichari.")
    assert [e["quantity"] for e in said["events"] if e["event_type"] == "security_operation"] == [250]
    assert not rows("The minister said that 250 more police will not be sent to Pichari.")["events"]


def test_more_than_before_a_number_compares_nothing():
    event = rows('"We have destroyed more than 90 laboratories this year," said the police chief on Wednesday.')["events"][0]
    assert event["date_start"] == "2019-01-01"


def test_the_same_year_with_no_year_told_is_no_date():
    row = _estimate("The US puts the crop at 95,000 hectares, against 82,000 hectares in DEVIDA's count for the same year.",
                    82000)
    assert row["period_start"] is None


def test_a_find_of_nothing_is_no_seizure_and_believing_is_a_source():
    assert not rows("Police found no evidence that the 3 tonnes came from Peru.")["events"]
    assert _estimate("The gang moves an estimated 90 tonnes a year through Paita, prosecutors believe.", 90)[
        "attributed_to"] == "prosecutors"


def test_how_many_times_is_no_figure_but_times_a_day_is_a_rate():
    assert not [r for r in rows("Last year, eradication crews were attacked 16 times, leaving three dead.")["estimates"]
                if r["value_low"] == 16]


def test_a_fact_box_line_is_a_figure_about_what_its_label_names():
    found = rows("• Clandestine airstrips destroyed in Ucayali since 2019: 287\n\n• Coca cultivated in Bolivia (2022): "
                 "29,900 hectares\n\n- Inside the port war: 210 tons, 12 months, one city")
    assert sorted((r["metric"], r["value_low"]) for r in found["estimates"]) == [("airstrips", 287), ("coca_area", 29900)]


def test_whom_one_tells_is_not_the_source():
    row = _estimate("The head of DEVIDA, Ana Soto, told Congress on Tuesday that growers sold 4,000 tons of leaf.", 4000)
    assert row["attributed_to"] != "Congress"


def test_a_timestamped_entry_tells_the_pages_day_in_the_present():
    text = ("06:10 — About 150 police officers take off from Pichari.\n\n"
            "09:30 — Police arrest four suspects and seize 300 kilos of cocaine base paste near the camp.")
    found = rows(text, dt.date(2024, 8, 14))
    assert ("arrest", 4, "2024-08-14") in [(e["event_type"], e["quantity"], e["date_start"]) for e in found["events"]]


def test_a_paragraphs_own_year_outranks_an_earlier_paragraphs_day():
    text = ("Between Sunday and Tuesday, police destroyed 27 laboratories in Llochegua.\n\n"
            "Now the year. In 2024 the police seized 41.6 tonnes of drugs. CORAH eradicated 25,137 hectares of coca.")
    event = next(e for e in rows(text, dt.date(2025, 1, 9))["events"] if e["event_type"] == "eradication")
    assert event["date_start"] == "2024-01-01"


def test_no_one_hurt_is_no_clash():
    assert not rows("No police officer and no soldier was wounded in the operation on Tuesday.")["events"]


@pytest.mark.parametrize("text, table, number, expected", [
    # "S/." is a currency, not a sentence's end; cash seized is no budget; gifts valued at a sum stay budgets
    ("Agents seized 310 kilograms of paste, S/. 84,500 in cash and a truck valued at S/. 60,000 on 3 May.", "budgets",
     84500, None),
    ("The paste is sold at between S/. 2,500 and S/. 2,900 a kilo in the valley.", "estimates", 2500, "price"),
])
def test_money_in_a_peruvian_story(text, table, number, expected):
    found = [r for r in rows(text)[table] if r.get("value_low", r.get("amount")) == number]
    assert (found[0]["metric"] if found else None) == expected


def test_a_table_of_years_reads_each_column_as_what_it_measures():
    text = "\n\n".join(["Table 1. Coca area and leaf price, Peru, 2021–2022", "Year | Coca area (ha) | Leaf price (PEN/kg)",
                       "2021 | 80,681 | 8.3", "2022 | 95,008 | 6.0"])
    found = {(r["metric"], r["value_low"], r["period_start"], r["per"]) for r in rows(text)["estimates"]}
    assert ("coca_area", 95008, "2022-01-01", None) in found and ("price", 8.3, "2021-01-01", "kg") in found


def test_lost_their_lives_are_casualties():
    assert {r["metric"] for r in rows("Six police officers and two soldiers lost their lives in the VRAEM in 2024.")[
        "estimates"]} == {"casualties"}


def test_an_announced_gift_or_purchase_is_procurement_as_of_its_announcement():
    found = rows("Japan announced on Monday that it will donate four patrol boats to the coast guard.")
    assert [(e["event_type"], e["quantity"], e["date_start"]) for e in found["events"]
            if e["event_type"] == "procurement"] == [("procurement", 4, "2019-05-13")]


def test_troops_coming_under_fire_in_a_live_entry_is_a_clash():
    found = rows("07:45 — The troops come under fire almost immediately.", dt.date(2024, 8, 14))
    assert [(e["event_type"], e["date_start"]) for e in found["events"]] == [("armed_clash", "2024-08-14")]


def test_a_count_of_days_restated_as_a_date_is_that_date():
    event = rows("Three days later, on 9 June, agents seized 210 kilograms of paste in Puerto Inca.")["events"][0]
    assert (event["date_start"], event["date_text"]) == ("2018-06-09", "Three days later, on 9 June")


def test_an_act_inside_an_operation_that_began_and_ended_spans_its_days():
    event = next(e for e in rows("In an operation that began on 2 June and did not end until 4 June, agents destroyed "
                                 "five laboratories in Satipo.")["events"] if e["event_type"] == "lab_destruction")
    assert (event["date_start"], event["date_end"], event["date_precision"]) == ("2018-06-02", "2018-06-04", "range")


def test_a_country_a_bill_sets_at_a_sum_receives_it():
    text = ("The House bill funds the State Department's narcotics account at $925 million. The Senate was kinder: "
            "it set Bolivia at $12 million. Colombia would get $70 million, the same as this year.")
    lines = {b["amount"]: (b["funder"], b["recipient"]) for b in rows(text)["budgets"]}
    assert lines[12e6] == ("United States (State Department)", "Bolivia")
    assert lines[70e6][0] == "United States (State Department)"


def test_two_dated_hauls_in_tonnes_and_kilos_are_two_seizures():
    found = rows("Customs seized 3 tonnes in Paita on Monday and 650 kilos in Callao on Wednesday.", dt.date(2024, 6, 14))
    assert sorted((e["quantity"], e["date_start"]) for e in found["events"]) == [(3, "2024-06-10"), (650, "2024-06-12")]


@pytest.mark.parametrize("text, quantity", [
    ("Two Bolivians and a Brazilian were detained at the border.", 3),
    ("Four Colombians and three Ecuadorians were arrested on Monday.", 7),
    ("Police seized 12 rifles and four people were arrested.", 4),
])
def test_people_arrested_together_are_counted_together(text, quantity):
    assert next(e for e in rows(text)["events"] if e["event_type"] == "arrest")["quantity"] == quantity


def test_the_object_of_a_relative_clause_is_what_the_act_counted():
    event = rows("Even the 18,200 hectares that CORAH removed last year did not dent the crop.")["events"][0]
    assert (event["event_type"], event["quantity"]) == ("eradication", 18200)


def test_an_act_in_the_present_perfect_is_news_of_the_day_it_is_told():
    found = rows("Bolivia's navy has seized 2.4 tonnes of cocaine on the Mamoré river, officials said on Tuesday.",
                 dt.date(2024, 9, 13))["events"]
    seizure = next(e for e in found if e["event_type"] == "seizure")
    assert (seizure["date_start"], seizure["date_precision"], seizure["date_text"]) == ("2024-09-10", "day", "Tuesday")


def test_an_act_in_the_past_told_on_a_day_keeps_no_day_of_its_own():
    found = rows("Police seized 2.4 tonnes of cocaine in Santa Cruz, officials said on Tuesday.", dt.date(2024, 9, 13))
    assert next(e for e in found["events"] if e["event_type"] == "seizure")["date_precision"] == "unknown"


def test_a_date_in_an_aside_belongs_to_the_aside_not_to_the_clause_it_interrupts():
    found = rows("The Bolivian government, which launched a crackdown in the Chapare in March 2023, has sent 900 "
                 "troops to the border with Brazil.")
    assert [e["date_precision"] for e in found["events"]] == ["month"]
    assert [e["period_precision"] for e in found["estimates"] if e["value_low"] == 900] == ["unknown"]


@pytest.mark.parametrize("text", [
    "On 3 May 2024 the president declared a state of siege in three provinces of Guayas.",
    "In April 2023 the government declared war on the gangs and designated 18 groups as terrorist organizations.",
])
def test_a_declared_emergency_or_war_is_policy(text):
    assert "policy" in {e["event_type"] for e in rows(text)["events"]}


def test_a_count_announced_outright_is_what_will_be_bought():
    event = rows("Back in 2019 the navy announced six patrol boats for the Putumayo river.")["events"][0]
    assert (event["event_type"], event["quantity"], event["date_start"]) == ("procurement", 6, "2019-01-01")


def test_a_pronoun_object_stands_for_what_was_told_before():
    found = rows("Soldiers found a landing strip cut into the forest near Puerto Bermúdez. It was 900 metres long. "
                 "Engineers destroyed it on 4 May.")["events"]
    strip = next(e for e in found if e["event_type"] == "airstrip_destruction")
    assert (strip["quantity"], strip["quantity_unit"], strip["date_start"]) == (1, "landing strip", "2019-05-04")
    boats = rows("Smugglers now favour speedboats. The coastguard intercepted nine of them in June.")["events"]
    assert [(e["event_type"], e["quantity"], e["quantity_unit"]) for e in boats] == [("seizure", 9, "speedboats")]


def test_a_pronoun_that_stands_for_nothing_the_act_acts_on_makes_no_event():
    assert rows("The minister praised the report. Police destroyed it as evidence of nothing.")["events"] == []


def test_same_count_on_another_day_is_another_event():
    found = rows("On Monday two soldiers were killed in an ambush near Llochegua. On Friday two police officers "
                 "were killed in an attack on a patrol in Pichari.", dt.date(2024, 8, 17))["events"]
    assert sorted(e["date_start"] for e in found if e["event_type"] == "armed_clash") == ["2024-08-12", "2024-08-16"]


def test_a_correction_note_reports_no_new_event():
    text = ("Police seized 2 tonnes of cocaine in Callao on Monday.\n\n"
            "Correction, 14 May 2019: An earlier version of this story said 3 tonnes were seized; 2 tonnes were seized.")
    assert [e["quantity"] for e in rows(text)["events"]] == [2]


def test_a_whitespace_aligned_table_under_year_columns_is_read_and_quoted_as_printed():
    from pipeline.clean.cleaning import clean_article
    raw = ("Monitoring report\n\nThe crop grew in most valleys last year, the survey found in its yearly count.\n\n"
           "Table 2. Coca area by valley, 2021 and 2022 (hectares)\n\n"
           "Valley                 2021        2022\nAlto Huallaga          3,210       3,480\n"
           "Putumayo               1,950       2,105\n")
    text = clean_article(raw).text
    found = [e for e in rows(text)["estimates"] if e["value_low"] in (3210, 3480)]
    assert sorted((e["value_low"], e["metric"], e["period_start"], e["geography"]) for e in found) == [
        (3210, "coca_area", "2021-01-01", "Alto Huallaga"), (3480, "coca_area", "2022-01-01", "Alto Huallaga")]
    assert " ".join(found[0]["quote"].split()) == "Alto Huallaga 3,210 3,480"


def test_a_signed_change_after_a_sentence_about_the_crop_is_the_crop_s_change():
    found = rows("Coca plantings shrank to 31,400 hectares last year. The steepest declines came in Caranavi (-12.5%) "
                 "and Yungas (-8.1%).")["estimates"]
    assert sorted(e["metric"] for e in found if e["unit"] == "percent") == ["coca_area_change", "coca_area_change"]


@pytest.mark.parametrize("text", [
    "In 2008 La Paz expelled the Drug Enforcement Administration.",
    "In March 2020 the government suspended eradication operations in the valley.",
])
def test_expelling_an_agency_or_suspending_operations_is_policy(text):
    assert [e["event_type"] for e in rows(text)["events"]] == ["policy"]


def test_a_text_with_decimal_commas_groups_thousands_with_a_dot():
    found = rows("Agents seized 2,4 tonnes of paste near Leticia. The valley had 4.870 hectares of coca in 2022.")
    assert [e["value_low"] for e in found["estimates"] if e["unit"] == "ha"] == [4870]


def test_a_dot_before_three_digits_stays_a_decimal_where_the_text_writes_decimals_with_a_dot():
    found = rows("Agents seized 2.4 tonnes of paste near Leticia. The valley had 4.870 hectares of coca in 2022.")
    assert [e["value_low"] for e in found["estimates"] if e["unit"] == "ha"] == [4.87]


def test_what_a_kilo_costs_is_its_price():
    found = rows("In Tumbes the same kilo costs around US$ 1,800, a broker said.")
    assert [(e["metric"], e["per"]) for e in found["estimates"]] == [("price", "kg")] and found["budgets"] == []


def test_a_sum_in_reais_converted_into_dollars_is_released_in_dollars():
    found = rows("Brasília announced in April an investment of R$ 48 milhões (US$ 9.1 million) in a river base.")
    assert [(b["amount"], b["currency"]) for b in found["budgets"]] == [(9.1e6, "USD")]


def test_a_sum_in_soles_converted_into_dollars_stays_in_soles():
    found = rows("The ministry will spend S/ 120 million (about US$ 32 million) on river patrols.")
    assert [(b["amount"], b["currency"]) for b in found["budgets"]] == [(120e6, "PEN")]


def test_a_tier_of_government_is_named_as_the_payer():
    found = rows("Peru's Congress approved the budget on Monday.\n\nThe regional government of Ucayali will spend "
                 "S/ 14 million on river patrols.")
    assert [b["funder"] for b in found["budgets"]] == ["Peru (regional government)"]


def test_a_government_converted_from_reais_is_brazil_s():
    found = rows("Peru and Colombia share the river. The state government says it has invested R$ 22,4 milhões "
                 "(US$ 4.2 million) in the base.")
    assert [(b["amount"], b["funder"]) for b in found["budgets"]] == [(4.2e6, "Brazil (state government)")]


@pytest.mark.parametrize("text", [
    "Of the total seized, 62% was found in containers bound for Europe.",
    "• 44%: the share of the crop grown in the VRAEM.",
])
def test_a_part_of_a_total_is_a_share(text):
    assert [e["metric"] for e in rows(text)["estimates"] if e["unit"] == "percent"][0] == "market_share"


def test_a_sentence_ending_in_a_footnote_number_is_read():
    found = rows("The account funds river police.2 Parliament appropriated $3.1 million for it in FY2020.3 It was spent.")
    assert [(b["amount"], b["period_start"]) for b in found["budgets"]] == [(3.1e6, "2019-10-01")]


def test_a_participle_aside_dates_its_participle_not_the_sum():
    found = rows("In FY2021, the Andean Security Act, signed on May 2, 2021, gave the programme $80 million.")
    assert [(b["amount"], b["period_start"]) for b in found["budgets"]] == [(80e6, "2020-10-01")]
    assert [(e["event_type"], e["date_start"]) for e in found["events"]] == [("policy", "2021-05-02")]


@pytest.mark.parametrize("text, metric, unit, per", [
    ("21,400 — hectares of coca in the Putumayo in 2023, by the monitors' count.", "coca_area", "ha", None),
    ("Between 4 and 6: narco-flights a day leaving the Ucayali strips, pilots say.", "drug_flights", "count", "day"),
    ("US$1,100 — what a kilo of coca paste fetched in Juanjuí in June.", "price", "USD", "kg"),
])
def test_a_figure_first_line_counts_what_follows_its_dash(text, metric, unit, per):
    found = rows(text)["estimates"]
    assert [(e["metric"], e["unit"], e["per"]) for e in found] == [(metric, unit, per)]
    assert found[0]["quote"] == text


def test_a_sum_in_pounds_converted_into_dollars_is_paid_by_the_united_kingdom():
    found = rows("Peru's police will receive the kit. Around £2.1 million (US$2.6 million) funded river patrols.")
    assert [(b["amount"], b["currency"], b["funder"]) for b in found["budgets"]] == [(2.6e6, "USD", "United Kingdom")]


def test_pesos_in_a_story_about_colombia_are_colombian_and_keep_their_rate():
    found = rows("In Colombia's Nariño, coca growers lament the fall. A day's work in the fields pays 45.000 pesos "
                 "per day (close to US$11), and a kilo of paste sells for 2,1 million pesos (some US$500).")
    assert sorted((e["value"], e["unit"], e["per"]) for e in found["estimates"] if e["metric"] == "price") == [
        (11.0, "USD", "day"), (500.0, "USD", "kg")]


def test_pesos_where_the_country_is_unknown_are_not_reported():
    assert rows("The fee was 300 pesos.")["estimates"] == [] and rows("The fee was 300 pesos.")["budgets"] == []


@pytest.mark.parametrize("text, value, per", [
    ("In Tingo María the same kilo of paste goes for 2.400 soles.", 2400, "kg"),
    ("He hires three pickers, paying each 70 soles a day.", 70, "day"),
])
def test_what_goods_go_for_and_what_pickers_are_paid_are_prices(text, value, per):
    found = [e for e in rows(text)["estimates"] if e["unit"] == "PEN"]
    assert [(e["metric"], e["per"]) for e in found] == [("price", per)]


def test_a_figure_first_line_reports_the_act_its_participle_names():
    found = rows("9 — cocaine laboratories destroyed by the army in Putumayo in March, the highest monthly figure "
                 "since 2020.")["events"]
    assert [(e["event_type"], e["date_start"], e["date_precision"], e["quantity"], e["summary"]) for e in found] == [
        ("lab_destruction", "2019-03-01", "month", 9, "9 cocaine laboratories destroyed")]


def test_a_record_since_a_year_is_no_running_total():
    found = rows("Troops destroyed 14 airstrips in Ucayali in April, the most since 2016.")["events"]
    assert [(e["date_start"], e["date_precision"]) for e in found] == [("2019-04-01", "month")]


def test_a_paragraphs_dateline_places_its_events_unless_a_speaker_reports_them():
    found = rows("PALMAPAMPA, Ayacucho, Peru — A police officer guards 312 kilograms of cocaine base paste seized "
                 "from a truck on 16 March 2019. Two men were arrested at the scene.\n\n"
                 "LIMA, Peru — The minister spoke to reporters on 19 March 2019. He said forces had destroyed "
                 "14 laboratories between 12 and 18 March.")["events"]
    places = {e["event_type"]: e["location"] for e in found}
    assert places["arrest"] == "Palmapampa" and places["lab_destruction"] is None


def test_a_present_tense_dated_to_a_past_day_tells_what_happened():
    found = rows("Soldiers destroy a cocaine laboratory in Llochegua on 13 May 2019.")["events"]
    assert [(e["event_type"], e["date_start"]) for e in found] == [("lab_destruction", "2019-05-13")]
    assert rows("Soldiers destroy cocaine laboratories in the VRAEM.")["events"] == []


def test_the_items_of_a_list_are_parts_of_the_sum_its_lead_tells():
    found = rows("The European Union today announced a €48 million package to help farmers in Peru and Colombia.\n\n"
                 "The package includes:\n\n"
                 "- €20 million for alternative development in Peru's VRAEM, implemented with Peru's anti-drug "
                 "agency DEVIDA and the United Nations Office on Drugs and Crime (UNODC);\n\n"
                 "- €12 million for crop substitution in Colombia's Putumayo;\n\n"
                 "- €16 million for port security in Ecuador.")["budgets"]
    assert [(b["amount"], b["funder"], b["kind"]) for b in found] == [
        (48e6, "European Union", "grant"), (20e6, "European Union", "grant"), (12e6, "European Union", "grant"),
        (16e6, "European Union", "grant")]


def test_cash_seized_with_the_drugs_is_no_budget():
    found = rows("A laboratory was dismantled and 86 kilograms of cocaine and US$ 23,400 in cash were seized.")
    assert found["budgets"] == []


def test_a_table_of_sums_in_pounds_and_dollars_is_the_uk_financial_years_money():
    text = ("UK programme funding for Peru was as follows.\n\n"
            "Financial year | Allocation (GBP) | Approximate US dollar equivalent\n\n"
            "2021/22 | £1.9 million | $2.5 million\n\n2022/23 | £2.4 million | $3.0 million")
    found = rows(text)["budgets"]
    usd = [(b["amount"], b["funder"], b["qualifier"], b["period_start"], b["period_end"]) for b in found
           if b["currency"] == "USD"]
    assert usd == [(2.5e6, "United Kingdom", "approximate", "2021-04-01", "2022-03-31"),
                   (3.0e6, "United Kingdom", "approximate", "2022-04-01", "2023-03-31")]


def test_a_numbered_row_of_awards_is_read_with_its_sum():
    text = ("The ministry approves the award as follows.\n\n"
            "Item | Description | Quantity | Awardee | Amount awarded\n\n"
            "1 | Medium helicopters | 3 units | AeroAndes SAC | US$ 41,850,000.00")
    assert [(b["amount"], b["currency"]) for b in rows(text)["budgets"]] == [(41850000.0, "USD")]


def test_a_recital_ending_in_a_semicolon_is_prose():
    found = rows("That, the Aviation Police reports that more than 70 clandestine airstrips were detected in "
                 "Ucayali during 2018;")["estimates"]
    assert [(e["metric"], e["value"]) for e in found] == [("airstrips", 70)]


def test_coordinated_modifiers_share_the_head_noun_they_count():
    found = rows("The armed forces now maintain 32 counter-terrorism and anti-drug bases in the valley.")["estimates"]
    assert [(e["metric"], e["value"]) for e in found] == [("personnel", 32)]


def test_a_laboratorys_inputs_are_the_seizures_detail_not_figures():
    found = rows("The inventory of chemicals is enormous: 4,800 litres of gasoline, 1,100 kilos of cement and lime, "
                 "and 350 litres of sulphuric acid, next to 600 kilos of cocaine base paste.")["estimates"]
    assert [(e["value"], e["unit"]) for e in found] == [(600, "kg")]


def test_a_distance_that_places_a_thing_is_no_figure():
    found = rows("A patrol found a second airstrip about 40 kilometres downstream, and another one kilometre north "
                 "of the camp; the border here runs for some 1,400 kilometres.")["estimates"]
    assert [(e["value"], e["unit"]) for e in found] == [(1400, "km")]


@pytest.mark.parametrize("text, event_type, date_start, quantity", [
    ("The first two H145s are expected to arrive in Lima in the second quarter of 2020.", "procurement",
     "2020-04-01", 2),
    ("The first of three new radars is scheduled to be installed in Pichari in August.", "procurement",
     "2019-08-01", None),
    ("The Air Force is expected to receive two new radars in the first half of 2020.", "procurement",
     "2020-01-01", 2),
    ("And from June, 1,200 additional police officers will be deployed to the valley.", "security_operation",
     "2019-06-01", 1200),
])
def test_a_dated_delivery_or_deployment_ahead_is_on_the_timeline(text, event_type, date_start, quantity):
    found = [e for e in rows(text)["events"] if e["event_type"] == event_type]
    assert [(e["date_start"], e["quantity"] if pd.notna(e["quantity"]) else None) for e in found] == \
        [(date_start, quantity)]


@pytest.mark.parametrize("text", [
    "The government plans to buy two new radars.",  # a plan, undated
    "If the tender succeeds, two new radars will arrive in August.",  # a condition
    "The radars will not arrive in August, the minister said.",  # denied
])
def test_a_plan_a_condition_or_a_denial_is_no_scheduled_act(text):
    assert [e for e in rows(text)["events"] if e["event_type"] == "procurement"] == []


def test_a_trigger_that_holds_its_auxiliary_is_passive():
    found = rows("In March, 2.4 tonnes were found among boxes of asparagus.", dt.date(2019, 10, 16))["events"]
    assert [(e["event_type"], e["date_start"], e["quantity"]) for e in found] == [("seizure", "2019-03-01", 2.4)]


def test_where_a_haul_told_before_was_found_is_no_second_seizure():
    found = rows("Police seized 7.2 tonnes of cocaine in Callao on Monday. The drugs were found in a warehouse "
                 "near the port, hidden among crates of mango.")["events"]
    assert [(e["event_type"], e["quantity"]) for e in found] == [("seizure", 7.2)]


def test_a_figures_metric_is_read_in_its_own_clause():
    found = rows("Cultivation rose again, to 62,500 hectares in 2010, before intensive eradication in the Upper "
                 "Huallaga brought it down to 40,300 hectares in 2015.")["estimates"]
    assert [(e["metric"], e["value"]) for e in found][:1] == [("coca_area", 62500)]


@pytest.mark.parametrize("text, context, metric", [
    ("DEVIDA reported 92,784 ha for 2023, a decrease of 2.3 percent from its own 2022 estimate.", "",
     "coca_area_change"),
    ("Compared with that baseline, the 2024 figure represents an increase of 104 percent.",
     "In 2011 there were 62,500 hectares of coca. ", "coca_area_change"),
    ("A household survey found that 1.1 percent of Peruvians aged 12 to 65 had used cocaine.", "", "other"),
    ("He added that the police seize barely 2 percent of the cocaine that leaves the country.", "", "other"),
])
def test_a_percentage_is_a_change_of_the_area_told_or_no_markets_share(text, context, metric):
    found = [e for e in rows(context + text)["estimates"] if e["unit"] == "percent"]
    assert [e["metric"] for e in found] == [metric]


def test_potential_cocaine_is_production():
    found = rows("The U.S. government estimates 1,040 tons of potential pure cocaine for 2023.")["estimates"]
    assert [e["metric"] for e in found] == ["cocaine_production"]


def test_a_sum_a_day_is_a_days_pay():
    found = rows("The groups recruit adolescents as \"raspachines\" (coca leaf pickers) for S/ 60 a day.")
    assert [(e["metric"], e["per"]) for e in found["estimates"]] == [("price", "day")] and found["budgets"] == []


def test_a_forecasts_odds_are_no_figure():
    assert rows("The weather: a high of 24 degrees and a sixty percent chance of rain.")["estimates"] == []


def test_an_approved_sum_is_a_budget_and_a_speaker_label_pays_nothing():
    found = rows("[06:05] ANCHOR: In other news, yesterday the regional council approved S/ 6 million for "
                 "alternative development in Huanta.")
    assert [(b["amount"], b["kind"], b["funder"]) for b in found["budgets"]] == [(6e6, "budget", "Peru")]
    assert found["estimates"] == []


def test_the_one_named_and_the_others_counted_are_all_arrested():
    found = rows("Colombian police arrested Arévalo and four co-defendants on May 2 in Bogotá.")["events"]
    assert [(e["event_type"], e["quantity"]) for e in found] == [("arrest", 5)]


def test_the_parts_of_a_haul_are_no_figures_of_their_own():
    found = rows("DIRANDRO seized 31.7 MT of cocaine products in 2018, including 18.2 MT of cocaine hydrochloride "
                 "and 13.5 MT of cocaine base.")
    assert [(e["event_type"], e["quantity"]) for e in found["events"]] == [("seizure", 31.7)]
    assert found["estimates"] == []


@pytest.mark.parametrize("text", [
    "Nobody from the terminal has been detained.",
    "The nine suspects face a pre-trial detention hearing on Friday.",
    "A judge issued an arrest warrant for the pilot on Monday.",
])
def test_no_subject_or_a_courts_step_is_no_arrest(text):
    assert [e for e in rows(text)["events"] if e["event_type"] == "arrest"] == []


def test_a_record_since_a_time_when_an_act_happened_dates_that_act():
    found = rows("The ambush is the deadliest attack on security forces in the valley since last October, when "
                 "three soldiers were killed near Vizcatán del Ene.", dt.date(2019, 12, 10))["events"]
    assert [(e["event_type"], e["date_start"], e["quantity"]) for e in found] == [("armed_clash", "2019-10-01", 3)]


def test_a_month_heading_dates_the_items_under_it():
    text = ("Here is our month-by-month selection of the stories of 2018.\n\nFEBRUARY\n\n"
            "On Saturday the 17th, police destroyed three cocaine laboratories in Cholón.\n\nAPRIL\n\n"
            "Peruvian and Colombian forces launched a joint operation along the Putumayo river.")
    found = rows(text, dt.date(2018, 12, 30))["events"]
    assert [(e["event_type"], e["date_start"], e["date_precision"]) for e in found] == [
        ("lab_destruction", "2018-02-17", "day"), ("security_operation", "2018-04-01", "month")]


def test_a_records_date_field_dates_its_details():
    text = ("INCIDENT 1\nDate: 03 FEB 2019, 0415 UTC\n\nPosition: 03°12'S 084°45'W\n\nVessel type: Low-profile vessel, 14 m"
            "\n\nReporting authority: Peruvian Navy\n\nDetails: The patrol vessel intercepted the craft. Four crew "
            "members were detained.")
    found = rows(text, dt.date(2019, 3, 7))["events"]
    assert ("arrest", "2019-02-03", 4) in [(e["event_type"], e["date_start"], e["quantity"]) for e in found]


def test_factories_dismantled_are_laboratories():
    found = rows("Last year we dismantled 312 drug factories in the northern zone.")["events"]
    assert [(e["event_type"], e["quantity"]) for e in found] == [("lab_destruction", 312)]


@pytest.mark.parametrize("text, amount", [
    ("The European Union, which supports us with about 8 million euros a year for equipment, is our partner.", 8e6),
    ("The contract for six radars signed in 2019, worth 180 million dollars, has not delivered a radar.", 180e6),
])
def test_a_donors_support_and_a_contracts_worth_are_budget_lines(text, amount):
    found = rows(text)
    assert [b["amount"] for b in found["budgets"]] == [amount] and found["estimates"] == []


def test_a_project_sheets_line_of_money_is_a_budget_line():
    found = rows("Borrower: Republic of Peru\n\nTotal project cost: USD 161.0 million\n\nAmortization period: 25 years")
    assert [(b["amount"], b["currency"]) for b in found["budgets"]] == [(161e6, "USD")] and found["estimates"] == []
