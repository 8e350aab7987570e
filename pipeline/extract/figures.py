"""Figures: what a number measures (estimates) or what money pays for (budgets).

Every figure of a sentence that is not a date and not the count of an event
becomes a row. Its metric comes from the counted noun first, then from cue
words in its clause; money is a price when it is paid inside the trade
("per kilogram", "earn") and a budget when an institution budgets, grants or
spends it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline import contract
from pipeline.extract import clauses, entities
from pipeline.extract.document import Sentence, clause_bounds
from pipeline.extract.lexicon import MetricRule, event_lexicon, gazetteer, load, metric_lexicon
from pipeline.text.dates import DateMention
from pipeline.text.numbers import Quantity, find_quantities

CURRENCIES = frozenset(load("units")["currencies"])  # every money a budget may be in
PRICE_UNITS = CURRENCIES & set(contract.vocabulary("unit"))  # the money an estimate may be in
# "each carrying around 350 kilos", "each leaving with 300 to 400 kilos"
EACH_LOAD_BEFORE = re.compile(r"\b(?:each|every)\s+(?:one\s+)?(?:carrying|carries|loaded\s+with|with|transporting|holding|laden\s+with|\w+ing\s+with)\s+(?:\w+\s+){0,3}$", re.I)
# "thirty flights a week, with three hundred kilos each"
EACH_LOAD_AFTER = re.compile(r"^\s*(?:of\s+\w+\s+)?(?:each|apiece|on\s+(?:each|every)\s+(?:one|flight|plane|trip))\b", re.I)
AIRCRAFT = re.compile(r"\b(?:planes?|airplanes?|aircraft|cessnas?|avionetas?|narco-?planes?|flights?|jets?|helicopters?)\b", re.I)
MEASURE_PER = {"kg", "flight"}
NOUN_AFTER_RE = re.compile(r"^[\s“”\"'‘’]*((?:[A-Za-z][\w-]*[\s“”\"'‘’]*){1,6})")
OF_THE_RE = re.compile(r"^\s+of\s+(?:the|these|those)\s+")
FROM_RE = re.compile(r"\b(?:comes?|coming|came)\s+from\s+(?:the\s+)?(.{2,60}?)(?=[,.;)]|$)|\b(?:funded|financed|paid|provided|donated)\s+by\s+(?:the\s+)?(.{2,60}?)(?=[,.;)]|$)")
FOR_RE = re.compile(r"\b(?:for|to\s+(?=fight|combat|cover|fund|support|finance|strengthen|buy|purchase))\s+(.{3,80}?)(?=[,.;)(]|\s+(?:and|but|while|which)\b|$)")


@dataclass
class Figure:
    quantity: Quantity
    metric: str
    unit: str
    value: float
    low: float
    high: float
    subject: str
    derived: bool
    per: str | None = None


NOT_A_NOUN_START = re.compile(r"^(?:in|per|of|at|for|between|each|every|a|an|the|to|from|by|on|with|and|or|is|are|was|"
                              r"were|has|have|had|will|would|can|could|that|which|who|than|more|less|greater|"
                              r"higher|lower|percent|carrying|transported|according)\b")


def _noun_of(q: Quantity, text: str) -> str | None:
    """The counted or measured thing: the figure's own noun, else the words right after it."""
    if q.noun:
        return q.noun
    rest = text[q.end:]
    if OF_THE_RE.match(rest):
        return rest[OF_THE_RE.match(rest).end():][:60]
    m = NOUN_AFTER_RE.match(rest)
    if m:
        words = " ".join(m.group(1).replace("“", " ").replace("”", " ").split())
        return None if NOT_A_NOUN_START.match(words.lower()) else words
    return None


def _subject(q: Quantity, noun: str | None, metric: str, text: str) -> str:
    """What is measured, as written where the sentence says it, else the metric's plain name."""
    if q.noun:
        return q.noun
    if q.unit == "percent":
        m = re.match(r"^\s*(?:%|percent|per\s+cent)?\s+of\s+((?:[\w’'-]+\s*){1,6})", text[q.number_end:])
        if m:
            return m.group(1).strip()
    if noun and not NOT_A_NOUN_START.match(noun.lower()):
        return " ".join(noun.split()[:5])
    if metric == "price":
        priced = _priced(q, text)
        if priced:
            return priced
    return metric_lexicon().default_subjects.get(metric, metric)


PAYMENT_OF = re.compile(r"\b(bribes?|payments?|wages?|salar(?:y|ies)|fees?|commissions?)\s+of\s+(?:up\s+to\s+|about\s+|some\s+|between\s+)?$",
                        re.I)
PAID_SUBJECT = re.compile(r"(?:^|[,;:]\s+|\b(?:and|but)\s+)((?:[A-Z]?[a-z]+\s+){0,2}[a-z]*[A-Za-z]+s)\s+(?:were|are|was|is|get|got|gets)\s+paid\b")


def _priced(q: Quantity, text: str) -> str | None:
    """What a sum is the price of: "bribes of up to 15,000 soles", "Pilots were paid US$40,000", else
    the good nearest it in its sentence ("a kilo of cocaine base … for US$900")."""
    m = PAYMENT_OF.search(text, max(0, q.start - 40), q.start)
    if m:
        return m.group(1).lower()
    m = PAID_SUBJECT.search(text, 0, q.start)
    if m and q.start - m.end() <= 20:
        return m.group(1).strip()
    goods = [g for g in metric_lexicon().priced_goods.finditer(text)]
    if goods:
        return min(goods, key=lambda g: abs(g.start() - q.start)).group(0)
    return None


def figure_clause(sentence: str, q: Quantity) -> tuple[int, int]:
    """A figure's clause; a bracketed figure ("Europa (79%)") reads the clause around its brackets."""
    c_start, c_end = clause_bounds(sentence, q.start)
    if len(sentence[c_start:c_end].replace(q.text, " ").split()) < 2:
        outer_start, outer_end = clause_bounds(sentence, max(0, c_start - 2))
        return outer_start, max(c_end, outer_end)
    return c_start, c_end


TOTAL_OF_PART = re.compile(r"\s+(?:out\s+)?of\s+(?:the|its|their|all|some|an\s+estimated)?\s*", re.I)
ELLIPSIS_AFTER_RE = re.compile(r"^\s*(?:were|was|are|is|have|had|has|of\s+them|each|in\s+all|[,;.)])", re.I)


def _cue_distance(rule: MetricRule, clause: str, q_rel: int) -> int | None:
    if rule.clause is None:
        return None
    hits = [abs(m.start() - q_rel) for m in rule.clause.finditer(clause)]
    return min(hits) if hits else None


def _percent_metric(q: Quantity, sentence: str, clause: str, context: str = "") -> str | None:
    """A percentage is a change ("up 12%", "a 22% increase") or a share ("54 percent of the crop")."""
    lex = metric_lexicon()
    if clauses.compares_estimates(sentence, q.end):
        return "other"  # "36% greater than that calculated by UNODC": two estimates, not a change
    adjacent_change = bool(lex.change_before.search(sentence[max(0, q.start - 25):q.start])
                           or lex.change_after.match(sentence[q.end:q.end + 20]))
    # "… found 31,000 hectares under coca. That was 4% more than a year earlier": the pronoun's area
    coca_in_sentence = bool(lex.coca_area_cues.search(sentence)) or bool(
        context and re.match(r"\s*(?:That|This|It)\b", sentence) and lex.coca_area_cues.search(context))
    if adjacent_change:
        return "coca_area_change" if coca_in_sentence else "other"
    after = re.sub(r"^\s*(?:%|percent|per\s+cent)", "", sentence[q.number_end:q.number_end + 120])
    if re.match(r"^\s*of\b", after):
        words = re.findall(r"[a-z]+", after.lower())[:9]
        if lex.share_cue_words.intersection(words):
            return "market_share"  # "some 90 percent of the estimated 200 tons of cocaine"
    if lex.change.search(sentence) and coca_in_sentence and not lex.comparison.search(sentence[q.end:q.end + 30]):
        return "coca_area_change"
    return None


def classify(q: Quantity, unit: str, noun: str | None, sentence: str, context: str = "",
             next_start: int | None = None) -> str | None:
    """The metric of a figure, or None when no rule but 'other' fits.

    ``context`` is the sentence before, for figures whose subject was named
    there ("The gang grew fast. It has between 300 and 500 members.").
    """
    lex = metric_lexicon()
    c_start, c_end = figure_clause(sentence, q)
    clause = sentence[c_start:c_end]
    q_rel = q.start - c_start
    if unit == "percent":
        metric = _percent_metric(q, sentence, clause, context)
        if metric:
            return metric
    # A count with its own noun ("two brothers") is read by that noun, not by words elsewhere in the clause.
    noun_only = unit == "count" and q.noun is not None
    nearest: list[tuple[int, str]] = []
    for rule in lex.rules:
        if rule.metric == "other" or unit not in rule.units:
            continue
        if nearest and not rule.nearest:
            break
        if rule.per and q.per not in rule.per:
            continue
        if rule.needs_change:
            continue  # percentages are read by _percent_metric
        if not (rule.noun or rule.clause or rule.before or rule.after or rule.sentence):
            return rule.metric
        if rule.noun_and_clause:
            if noun and rule.noun.search(noun) and rule.clause.search(sentence):
                return rule.metric
            continue
        if rule.noun and noun and rule.noun.search(noun):
            return rule.metric
        if rule.before and rule.before.search(sentence[max(0, q.start - 40):q.start]):
            return rule.metric
        after_end = min(c_end, next_start) if next_start is not None else c_end
        if rule.after and rule.after.search(" ".join(sentence[q.end:after_end].split()[:7])):
            return rule.metric
        if rule.context_noun and noun and rule.context_noun.search(noun) and rule.context \
                and rule.context.search(context + " " + sentence):
            return rule.metric
        if noun_only:
            continue
        if rule.nearest:
            distance = _cue_distance(rule, clause, q_rel)
            if distance is not None:
                nearest.append((distance, rule.metric))
            continue
        if rule.clause and rule.clause.search(clause):
            return rule.metric
        if rule.sentence and rule.sentence.search(sentence):
            return rule.metric
    if nearest:
        return min(nearest)[1]
    if context and unit in ("t", "kg", "ha") and not _told_by_its_own_verb(clause):
        # A figure answering the sentence before ("How much cocaine leaves the valley? We estimate …");
        # not one its own clause reports as done ("Belgian customs seized 49 tonnes …").
        return classify(q, unit, noun, sentence + " " + context, "")
    return None


def _told_by_its_own_verb(clause: str) -> bool:
    return any(kind.past.search(clause) for kind in event_lexicon().types if kind.reports != "statement")


def _is_derived(q: Quantity, sentence: Sentence, index: int) -> bool:
    """The article computed it: "X equal Y", "X — Y a month", "At X per flight, Y", "by our calculation",
    "That is roughly US$ 1,700" after the figure it restates."""
    lex = metric_lexicon()
    if lex.own_calculation.search(sentence.text):
        return True
    if index == 0:
        opener = lex.restating_opener.match(sentence.text.lstrip())
        return bool(opener) and len(sentence.text.lstrip()[opener.end():q.start].split()) <= 3
    previous = sentence.quantities[index - 1]
    between = sentence.text[previous.end:q.start]
    if lex.derivation.search(between):
        return True
    if re.search(r"[—–]", between) and previous.unit == q.unit and previous.per != q.per:
        return True
    first = sentence.quantities[0]
    return bool(re.match(r"^\s*(?:At|With)\s+$", sentence.text[:first.start]))


LABEL_BEFORE_BRACKET = re.compile(r"((?:[A-ZÁÉÍÓÚÑ][\w’'.-]*\s+){0,3}[A-ZÁÉÍÓÚÑa-z][\w’'.-]*)\s*\(\s*$")
LABEL_AFTER = re.compile(r"^\s*(?:%|percent|per\s+cent)?\s*(?:(?:go|goes|went|is|are|was|were|ends\s+up|heads?)\s+)?"
                         r"((?:to|for|in|from|into|through)\s+(?:the\s+)?(?:[A-ZÁÉÍÓÚÑ][\w’'.-]*\s*){1,4})")
HEAD_NOISE = re.compile(r"^\W*(?:(?:of|the|a|an|and)\s+)+|\b(?:is|are|was|were|goes|go|went|as\s+follows)\b\s*|[:,]\s*$",
                        re.IGNORECASE)


def _list_item_subject(sentence: Sentence, index: int) -> str | None:
    """A share in a list is about its own item: "The cocaine is destined for Europa (79%), North America
    (9%) …" -> "cocaine destined for Europa"; "4% to Europe, 5% to Africa" -> "<what is shared> to Europe"."""
    shares = [q for q in sentence.quantities if q.unit == "percent"]
    q = sentence.quantities[index]
    if q.unit != "percent" or len(shares) < 2:
        return None
    text = sentence.text
    before = LABEL_BEFORE_BRACKET.search(text[max(0, q.start - 60):q.start])
    after = LABEL_AFTER.match(text[q.number_end:])
    label = before.group(1) if before else after.group(1).strip() if after else None
    if not label:
        return None
    first = shares[0]
    first_label = LABEL_BEFORE_BRACKET.search(text[max(0, first.start - 60):first.start])
    head_end = first.start - (len(first_label.group(0)) if first_label else 0)
    head_start, _ = clauses.clause_of(text, head_end)
    head = text[head_start:head_end]
    head = " ".join(HEAD_NOISE.sub(" ", head).split()[-8:])
    label = label.strip(" .,;")
    return f"{head} {label}".strip() if head else label


def _total_after(sentence: Sentence, index: int) -> Quantity | None:
    """The whole a part is counted in ("ten of the 130 members" -> 130 members)."""
    if index + 1 >= len(sentence.quantities):
        return None
    q, total = sentence.quantities[index], sentence.quantities[index + 1]
    m = TOTAL_OF_PART.match(sentence.text, q.end)
    return total if m and m.end() == total.start else None


ATTRIBUTIVE_MEASURE = re.compile(r"-(?:metre|meter|m|km|kilometre|kilometer|day|week|month|year|hour|minute|second|"
                                 r"person|man|member|seat|storey|story|page|point|inch|foot|feet|mile)s?\b", re.I)
SCALED = re.compile(r"\b(?:million|billion|bn|mn|m)\b", re.I)
ANAPHORIC_BEFORE = re.compile(r"\b(?:those|these|that|the\s+same)\s+$", re.I)


def _elided_currency(sentence: Sentence, index: int, context: str) -> str | None:
    """ "118 million soles went to CORAH and 74 million to DIRANDRO": a bare sum in millions takes the
    currency of the sum before it in the sentence, else of the sentence before ("Of those 540 million")."""
    q = sentence.quantities[index]
    if q.unit is not None or q.noun is not None or not SCALED.search(q.text):
        return None
    before = [p for p in sentence.quantities[:index] if p.unit in CURRENCIES]
    if before:
        return before[-1].unit
    if context and ANAPHORIC_BEFORE.search(sentence.text[max(0, q.start - 20):q.start]):
        earlier = [p for p in find_quantities(context) if p.unit in CURRENCIES]
        if earlier:
            return earlier[-1].unit
    return None


def _states_value(context: str, value: float) -> bool:
    return any(p.value == value for p in find_quantities(context)) if context else False


def figures(sentence: Sentence, skip: set[tuple[int, int]], context: str = "") -> list[Figure]:
    """The estimate-like figures of a sentence (money included, routed later)."""
    lex = metric_lexicon()
    out: list[Figure] = []
    previous: Figure | None = None
    for index, q in enumerate(sentence.quantities):
        if (q.start, q.end) in skip:
            continue
        unit = q.unit or _elided_currency(sentence, index, context) or "count"
        if unit in CURRENCIES and q.unit is None and ANAPHORIC_BEFORE.search(sentence.text[max(0, q.start - 20):q.start]) \
                and _states_value(context, q.value):
            continue  # "Of those 540 million, …": the sum of the sentence before, named again
        elided = q.noun is None and previous is not None and previous.unit == unit \
            and bool(ELLIPSIS_AFTER_RE.match(sentence.text[q.end:]))
        noun = previous.subject if elided else _noun_of(q, sentence.text)
        following = sentence.quantities[index + 1].start if index + 1 < len(sentence.quantities) else None
        metric = previous.metric if elided else classify(q, unit, noun, sentence.text, context, following)
        if metric is None and previous is not None and previous.unit == unit:
            metric = previous.metric
            noun = noun if q.noun else previous.subject
        metric = metric or "other"
        per = q.per
        if per is None and unit in ("kg", "t") and (EACH_LOAD_BEFORE.search(sentence.text[max(0, q.start - 40):q.start])
                                                   or EACH_LOAD_AFTER.match(sentence.text[q.end:])) \
                and AIRCRAFT.search(sentence.text):
            per = "flight"  # "five small planes a day …, each carrying around 350 kilos"
        if per == "flight" and metric in ("other", "cocaine_trafficked", "cocaine_production"):
            metric = "flight_cargo"
        low, high, value = q.low, q.high, q.value
        if index > 0 and TOTAL_OF_PART.match(sentence.text, sentence.quantities[index - 1].end) \
                and TOTAL_OF_PART.match(sentence.text, sentence.quantities[index - 1].end).end() == q.start:
            metric = "other"  # "ten of the 130 members of parliament": 130 is the whole, not the count implicated
        if metric == "coca_area_change" and lex.decrease.search(sentence.text):
            low, high, value = -q.high, -q.low, -q.value
        if metric == "other" and unit == "count" and (q.high < lex.min_other_count or not re.search(r"\d", q.text)):
            continue  # a small count, or one spelled out ("the remaining ten", "fifteen working days"), says no figure
        if metric == "other" and ATTRIBUTIVE_MEASURE.match(sentence.text, q.number_end):
            continue  # "3-metre mosaics", "a 60-day state of emergency": a measure that describes a thing
        subject = previous.subject if elided else _subject(q, noun, metric, sentence.text)
        item = _list_item_subject(sentence, index)
        if item:
            subject = item
            metric = "market_share" if metric == "other" else metric  # labelled shares of one whole
        part_of = _total_after(sentence, index)
        if part_of is not None and not q.noun:
            subject = _subject(part_of, part_of.noun or _noun_of(part_of, sentence.text), metric, sentence.text)
        figure = Figure(q, metric, unit, value, low, high, subject[:80], _is_derived(q, sentence, index), per)
        out.append(figure)
        previous = figure
    return out


# --- money -----------------------------------------------------------------------

def money_kind(figure: Figure, sentence: str, context: str = "",
               other_money: tuple[tuple[int, int], ...] = ()) -> str:
    """'price' for money inside the trade, 'budget' for money of the response, else 'other'.

    A price with no rate of its own is per kg when its clause names a kilo
    ("a kilo sells for about $1,000").
    """
    lex = metric_lexicon()
    q = figure.quantity
    c_start, c_end = clause_bounds(sentence, q.start)
    clause = sentence[c_start:c_end]
    trade_payment = bool(lex.payment.search(clause) and lex.trade_actors.search(clause))
    budget_worth = bool(lex.worth_budget.search(sentence[max(0, q.start - 80):q.start]))
    # a price word after this sum and right before another ("$50 million in aid, and the EU finances a
    # programme worth €12 million") prices that other sum
    priced = any(not (m.start() >= q.end and any(0 <= o_start - m.end() and len(sentence[m.end():o_start].split()) <= 3
                                                  for o_start, _ in other_money))
                 for m in lex.price.finditer(sentence, c_start, c_end))
    # the sum is what was laundered: the cue stands right before it ("laundered at least 48 million soles",
    # "put the laundered sum at 71 million") or right after it ("48 million soles were laundered")
    near = (max(0, q.start - 50), min(len(sentence), q.end + 30))
    laundered = [m for m in lex.trade_money.finditer(sentence, *near)
                 if not re.search(r"(?:anti-?(?:money-?)?|against\s+(?:money\s+)?|fight\w*\s+(?:\w+\s+)?)$",
                                  sentence[:m.start()], re.I)]
    if laundered and not q.per:
        return "other"  # "laundered at least 48 million soles": the trade's money, no one's budget
    if not budget_worth and (q.per in MEASURE_PER or priced or trade_payment):
        if figure.per is None and (lex.per_kg_cues.search(clause) or re.search(r"\b(?:a|one|per|each)\s+kilo", context)):
            figure.per = "kg"  # "A kilo … costs $1,000. In Bolivia it is already worth $2,000."
        return "price"
    if any(regex.search(clause) for regex in lex.budget_kinds.values()):
        return "budget"
    if any(regex.search(sentence) for regex in lex.budget_kinds.values()):
        return "budget"
    if _entity_names(clause[: q.start - c_start]):
        return "budget"
    to_body = re.match(r"^\s+(?:\w+\s+){0,3}?(?:to|for)\s+(?:the\s+)?", sentence[q.end:])
    if to_body:  # "90 million soles went to CORAH": money a public body receives
        named = [m for m in _entity_names(sentence[q.end + to_body.end():q.end + to_body.end() + 80])
                 if m.start == 0 and m.level != 1]
        if named:
            return "budget"
    return "other"


def budget_fields(figure: Figure, sentence: str, main_country: str | None = None) -> dict:
    lex = metric_lexicon()
    q = figure.quantity
    c_start, c_end = clause_bounds(sentence, q.start)
    clause = sentence[c_start:c_end]
    kind = _nearest_kind(clause, q.start - c_start) or _nearest_kind(sentence, q.start) or "other"
    funder = _funder(sentence, q, c_start, c_end, kind, main_country)
    if kind in ("budget", "spending", "other") and funder and main_country and not funder.startswith(main_country) \
            and _foreign_country(funder, main_country) and not lex.own_budget.search(clause):
        kind = "grant"  # one government's money for another country's agencies is aid
    if kind == "grant" and funder and funder.split(" (")[0] == lex.home_currency_funders.get(figure.unit) \
            and not lex.grant_proper.search(clause):
        kind = "budget"  # "the budget law gives DEVIDA S/ 412 million": a state funding its own agency
    recipient = _recipient(sentence, q, main_country)
    if recipient and funder and recipient == funder:
        recipient = None
    purpose_m = FOR_RE.search(sentence, q.end)
    recurrence = "annual" if lex.annual.search(clause) else "one_off" if lex.one_off.search(clause) else "unknown"
    return {"kind": kind, "funder": funder, "recipient": recipient,
            "purpose": purpose_m.group(1).strip() if purpose_m else None, "recurrence": recurrence}


def _nearest_kind(text: str, position: int) -> str | None:
    """The budget kind whose cue word stands nearest the amount ("at a cost of $12 million" -> procurement)."""
    hits = [(abs(m.start() - position), kind) for kind, regex in metric_lexicon().budget_kinds.items()
            for m in regex.finditer(text)]
    return min(hits)[1] if hits else None


def _foreign_country(funder: str, main_country: str) -> bool:
    country = funder.split(" (")[0]
    place = gazetteer().place(country)
    return place is not None and place.level == 1 and country != main_country


def _without_dateline(sentence: str) -> int:
    """Where the sentence proper starts after a dateline ("Lima, Peru - The United States …")."""
    m = re.match(r"^\s*[A-Z][\w .,'’-]{1,40}?\s[-–—]\s", sentence)
    return m.end() if m else 0


GOVERNMENT_NOUNS = r"(?:government|authorities|state|executive|administration|treasury)"
# "Peru's main partner": a possessive names what follows, it is not the payer (unless its government is).
POSSESSIVE_MODIFIER = re.compile(rf"^['’]s\s+(?!{GOVERNMENT_NOUNS}\b|own\b)", re.I)


def _entity_names(text: str) -> list[entities.Mention]:
    """Organisations and countries in a text ("the Peruvian government" is Peru), and unknown acronyms."""
    demonyms = gazetteer().demonyms
    found = []
    for m in re.finditer(rf"\b({'|'.join(map(re.escape, sorted(demonyms, key=len, reverse=True)))})\s+{GOVERNMENT_NOUNS}\b", text):
        found.append(entities.Mention(m.start(), m.end(), demonyms[m.group(1)], 1, m.group(0)))
    taken = [(m.start, m.end) for m in found]
    found += [m for m in entities.orgs_in(text) + [p for p in entities.places_in(text) if p.level == 1]
              if not any(s <= m.start < e for s, e in taken)]
    taken = [(m.start, m.end) for m in found]
    for m in re.finditer(r"\b[A-Z]{3,6}\b", text):
        if gazetteer().place(m.group(0)) is not None:
            continue  # "VRAEM" is a place, not an organisation
        if not any(s <= m.start() < e for s, e in taken):
            found.append(entities.Mention(m.start(), m.end(), m.group(0), 0, m.group(0)))
    # a name inside a longer one is part of it ("US" in "US Drug Enforcement Administration")
    found = [m for m in found if not any(o is not m and o.start <= m.start and m.end <= o.end
                                         and (o.end - o.start) > (m.end - m.start) for o in found)]
    return sorted(found, key=lambda m: m.start)


def payer_name(mention: entities.Mention, main_country: str | None) -> str:
    """Countries by name; a body of government as "Country (Body as written)"."""
    if mention.level == 1:
        return mention.name
    country = gazetteer().org_country.get(mention.name)
    if country == "local":
        country = main_country
    surface = mention.surface or mention.name
    if mention.name == "Government":
        return country or surface
    if not country:
        return mention.name  # the gazetteer's name ("EU" is the European Union), an unknown acronym as written
    return country if country == surface else f"{country} ({surface})"


def _funder(sentence: str, q: Quantity, c_start: int, c_end: int, kind: str, main_country: str | None) -> str | None:
    clause = sentence[c_start:c_end]
    m = FROM_RE.search(clause, q.end - c_start)
    if m:
        named = _entity_names(m.group(1) or m.group(2))
        if named:
            return payer_name(named[0], main_country)
    source = _fund_source_after(sentence, q)
    if source is not None:
        return payer_name(source, main_country)
    if re.search(r"\b(?:which|who)\s*$", sentence[max(0, c_start - 8):c_start]) or re.match(r"^\s*(?:which|who)\b", clause):
        # "…and by the Government of Germany, which contributes €1.5 million"
        before = _entity_names(sentence[:c_start])
        if before:
            return payer_name(before[-1], main_country)
    lead = max(c_start, _without_dateline(sentence))
    before = _names_within(sentence, lead, q.start) or _names_within(sentence, _without_dateline(sentence), q.start)
    before = [m for m in before if not _given_to(sentence, m) and not _receives(sentence, m, q)]
    subjects = [m for m in before if not POSSESSIVE_MODIFIER.match(sentence[m.end:m.end + 30])]
    before = subjects or before
    if before:
        # The payer is the subject nearest the money: "the United States contributes $55 million,
        # and the European Union has promised €10 million".
        return payer_name(before[-1], main_country)
    # After the money, a name is where it goes ("… for programs in Peru", "to Peru") unless it speaks
    # or pays ("…, said the executive president of Devida").
    after = [m for m in _entity_names(sentence[q.end:c_end])
             if not re.search(r"\b(?:to|for|in|into|at|across|throughout|toward|towards)\s+(?:the\s+)?(?:\S+\s+){0,2}$",
                              sentence[max(q.end, q.end + m.start - 40):q.end + m.start], re.I)]
    return payer_name(after[0], main_country) if after else None


def _names_within(sentence: str, start: int, end: int) -> list[entities.Mention]:
    """Entity names of sentence[start:end], at their offsets in the sentence."""
    return [entities.Mention(start + m.start, start + m.end, m.name, m.level, m.surface)
            for m in _entity_names(sentence[start:end])]


def _receives(sentence: str, mention: entities.Mention, q: Quantity) -> bool:
    """A name that gets the money before it: "aid to Peru", "Ecuador's allocation", "Colombia,
    the largest recipient, keeps $138 million"."""
    lex = metric_lexicon()
    if re.search(r"\b(?:to|for|under|managed\s+by|run\s+by|administered\s+by|executed\s+by)\s+(?:the\s+)?$",
                 sentence[max(0, mention.start - 20):mention.start], re.I):
        return True
    owned = lex.recipient_possessive.match(sentence[mention.end:mention.end + 40])
    if owned and not re.match(r"\s+(?:to|for)\s+(?:the\s+)?\w", sentence[mention.end + owned.end():]):
        return True  # "Ecuador's allocation"; but "Washington's aid to the region" is the donor's
    gap = sentence[mention.end:q.start]
    return len(gap.split()) <= 14 and bool(lex.receiving.search(gap)) and not _entity_names(gap)


def _fund_source_after(sentence: str, q: Quantity) -> entities.Mention | None:
    """ "keeps $138 million in INCLE funds": the name before a word for money is where it comes from."""
    lex = metric_lexicon()
    for m in _entity_names(sentence[q.end:q.end + 80]):
        if re.search(r"\b(?:in|of|from)\s+(?:the\s+)?(?:\S+\s+)?$", sentence[q.end:q.end + m.start], re.I) \
                and lex.fund_source.match(sentence[q.end + m.end:]):
            return entities.Mention(q.end + m.start, q.end + m.end, m.name, m.level, m.surface)
    return None


RECEIVER_AFTER_RE = re.compile(r"^\s*(?:that\s+|which\s+)?(?P<who>it|they|the\s+\w+|[A-Z][\w.-]+(?:\s+[A-Z][\w.-]+){0,3})\s+"
                               r"(?:had\s+|has\s+|have\s+|will\s+|would\s+)?(?P<verb>\w+)")


def _receiver_after(sentence: str, q: Quantity, main_country: str | None) -> str | None:
    """ "the $45 million the country received": who a relative clause after the money says got it."""
    m = RECEIVER_AFTER_RE.match(sentence[q.end:])
    if not m or not metric_lexicon().receiving.fullmatch(m.group("verb")):
        return None
    who = m.group("who")
    named = _entity_names(who)
    if named:
        return payer_name(named[0], main_country)
    before = _entity_names(sentence[:q.start])
    if re.fullmatch(r"the\s+(?:country|nation|state)", who, re.I):
        countries = [b for b in before if b.level == 1]
        return countries[-1].name if countries else main_country
    bodies = [b for b in before if b.level != 1]
    return payer_name(bodies[-1], main_country) if bodies else None


def _given_to(sentence: str, mention: entities.Mention) -> bool:
    """ "granted Bolivia 8 million euros": the name right after a giving verb receives the money."""
    return bool(metric_lexicon().giving_before.search(sentence[max(0, mention.start - 20):mention.start]))


def restates_money(sentence: Sentence, index: int) -> bool:
    """A bracketed sum right after a sum in another currency ("S/ 1.2 billion (about $320 million)")
    converts it: the same money, not a second budget."""
    if index == 0:
        return False
    q, previous = sentence.quantities[index], sentence.quantities[index - 1]
    if q.unit not in CURRENCIES or previous.unit not in CURRENCIES or q.unit == previous.unit:
        return False
    gap = " ".join(sentence.text[previous.end:q.start].split()).lower()
    return gap in metric_lexicon().conversion_openers


def is_exchange_rate(sentence: Sentence, index: int) -> bool:
    """Money priced in money ("€0.92 per U.S. dollar", "the exchange rate of R$ 5.35") is a rate
    of exchange, no sum of its own; a rate listed with it ("S/ 3.74 and €0.92 per dollar") too."""
    lex = metric_lexicon()
    quantities = sentence.quantities
    q = quantities[index]
    if q.unit not in CURRENCIES:
        return False
    if lex.exchange_rate_after.match(sentence.text[q.end:]) or lex.exchange_rate_before.search(sentence.text[:q.start]):
        return True
    if index + 1 < len(quantities) and quantities[index + 1].unit in CURRENCIES \
            and re.fullmatch(r"\s*(?:,|and|,\s*and|or)\s*", sentence.text[q.end:quantities[index + 1].start]):
        return is_exchange_rate(sentence, index + 1)
    return False


def _recipient(sentence: str, q: Quantity, main_country: str | None) -> str | None:
    right_after = re.match(r"^\s+(?:goes\s+|went\s+|is\s+going\s+)?to\s+(?:the\s+)?", sentence[q.end:])
    if right_after:  # "… and 74 million to the Anti-Drug Directorate"
        named = _entity_names(sentence[q.end + right_after.end():q.end + right_after.end() + 80])
        if named and named[0].start == 0:
            return payer_name(named[0], main_country)
    given = [m for m in _entity_names(sentence[:q.start]) if _given_to(sentence, m)]
    if given and len(sentence[given[-1].end:q.start].split()) <= 3:
        return payer_name(given[-1], main_country)
    receiver = _receiver_after(sentence, q, main_country)
    if receiver:
        return receiver
    c_start, _ = clause_bounds(sentence, q.start)
    receivers = [m for m in _names_within(sentence, c_start, q.start) if _receives(sentence, m, q)]
    if receivers:
        return payer_name(receivers[-1], main_country)
    m = re.match(r"^[^.;:]{0,100}?\bto\s+(?:the\s+)?([A-Z][^,.;:]{1,120})", sentence[q.end:]) \
        or re.match(r"^[^.;:]{0,60}?\bfor\s+(?:the\s+)?([A-Z][^,.;:]{1,120})", sentence[q.end:])
    if m:
        # the name itself, or the acronym a long name ends with ("the Special Project … (CORAH)")
        names = [n for n in _entity_names(m.group(1))
                 if n.start == 0 or re.match(r"^\s*\(", m.group(1)[n.start - 1:n.start + 1] or "")]
        if names:
            return payer_name(names[0], main_country)
    holder = HOLDER_BEFORE.search(sentence[c_start:q.start])
    if holder:
        names = _entity_names(holder.group(1))
        if names:
            return payer_name(names[0], main_country)
    return None


# "Peru's budget for alternative development under DEVIDA was S/ 254 million": the body that holds it
HOLDER_BEFORE = re.compile(r"\b(?:under|managed\s+by|run\s+by|administered\s+by|executed\s+by)\s+(?:the\s+)?([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,4})")


COMPARISON_BASE = re.compile(r"\b(?:from|than|compared\s+(?:with|to)|against|versus|vs\.?)\b(?:[^,;:.]|(?<=\d)[,.](?=\d)){0,40}$", re.I)


def _base_of_comparison(m: DateMention, q: Quantity, sentence: str) -> bool:
    """ "fell 2.4% to 92,784 hectares, from 95,080 in 2022", "9% more than in 2023": the date of the
    earlier value dates that value, not the figure compared with it."""
    base = COMPARISON_BASE.search(sentence, 0, m.start)
    return base is not None and q.start < base.start()


# "…, the minister said on Monday": the day of the saying, not of the figure
SPEECH_DATE_BEFORE = re.compile(r"\b(?:said|says|told\s+(?:\w+\s+){0,2}|announced|stated|reported|explained|added|"
                                r"noted|confirmed|declared|warned|indicated|informed|detailed|assured)\s+(?:on\s+|last\s+|this\s+|earlier\s+)?$", re.I)


def nearest_period(q: Quantity, dates: list[DateMention], sentence: str) -> DateMention | None:
    """The time a figure refers to: a date in its clause (after it first), else in the sentence."""
    protected = tuple((m.start, m.end) for m in dates)
    dates = [m for m in dates if not _base_of_comparison(m, q, sentence)
             and not SPEECH_DATE_BEFORE.search(sentence, max(0, m.start - 40), m.start)]
    c_start, c_end = clauses.clause_of(sentence, q.start, protected)
    in_clause = [m for m in dates if c_start <= m.start and m.end <= c_end]
    if in_clause:
        after = [m for m in in_clause if m.start >= q.end]
        return after[0] if after else min(in_clause, key=lambda m: abs(m.start - q.start))
    # A parallel clause shares its time ("grew 52 percent in 2019 …, while the national total stood at
    # …"); a subordinate one dates its own verb ("… since the military stepped up patrols there in 2019"),
    # and only a date that opens the sentence covers all of it.
    for s_start, s_end in clauses.siblings(sentence, q.start, protected):
        parallel = [m for m in dates if s_start <= m.start and m.end <= s_end]
        if parallel:
            return parallel[0]
    opening = [m for m in dates if clauses.fronted(sentence, m.start, m.end)]
    return opening[0] if opening else None


LOCATIVE_THERE = re.compile(r"\bthere\b(?!\s+(?:is|are|was|were|has|have|had|will|would|may|might|could|seems?|appears?|must|should|'s)\b)", re.I)


def geography_of(q: Quantity, sentence: str, dates: list[DateMention] = ()) -> str | None:
    """The place a figure is about: right after it ("in Peru"), else named in its clause, else the
    place a "where" clause hangs on ("… focus on the VRAEM, where 54 percent of the crop is produced")."""
    m = re.match(r"^[^.;:,]{0,40}?\b(?:in|of|from|across)\s+(?:the\s+)?", sentence[q.end:])
    if m:
        places = entities.places_in(sentence[q.end + m.end(): q.end + m.end() + 60])
        if places and places[0].start == 0:
            return places[0].name
    c_start, c_end = clauses.clause_of(sentence, q.start, tuple((m.start, m.end) for m in dates))
    # "… greater than that calculated by the U.S.": the other estimate's place is not this one's.
    names = entities.most_specific_places(clauses.without_comparanda(clauses.visible(sentence, q.start))[c_start:c_end])
    if not names and (re.match(r"\s*where\b", sentence[c_start:], re.IGNORECASE)
                      or LOCATIVE_THERE.search(sentence, q.end, c_end)):
        # "… focus on the VRAEM, where 54 percent …"; "… in the Pichis valley; we found 600 hectares there"
        before = entities.places_in(sentence[:c_start])
        names = [before[-1].name] if before else []
    return "; ".join(names) if names else None
