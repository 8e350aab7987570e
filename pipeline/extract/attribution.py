"""Who pays and who receives a sum: the organisations and countries named around it.

Apart from ``money`` because it reads names (the gazetteer's countries and
bodies), not what the money is for.
"""
from __future__ import annotations

import re

from pipeline.extract import entities
from pipeline.extract.document import clause_bounds
from pipeline.extract.lexicon import gazetteer, metric_lexicon
from pipeline.text.numbers import Quantity

FROM_RE = re.compile(r"\b(?:comes?|coming|came)\s+from\s+(?:the\s+)?(.{2,60}?)(?=[,.;)]|$)|\b(?:funded|financed|paid|provided|donated)\s+by\s+(?:the\s+)?(.{2,60}?)(?=[,.;)]|$)")


def _without_dateline(sentence: str) -> int:
    """Where the sentence proper starts after a dateline ("Lima, Peru - The United States …")."""
    m = re.match(r"^\s*[A-Z][\w .,'’-]{1,40}?\s[-–—]\s", sentence) or SPEAKER_LABEL.match(sentence)
    return m.end() if m else 0


# "[06:05] ANCHOR: …", "REPORTER (V/O): …": a transcript's speaker label is who talks, not who pays
SPEAKER_LABEL = re.compile(r"^\s*(?:\[[\d:.]+\]\s*)?[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ .'’-]{1,40}(?:\s*\([^)]{1,20}\))?:\s")


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
        if re.search(r"\b[a-z][\w-]*\s+\($", text[max(0, m.start() - 30):m.start()]):
            continue  # "its institutional budget (PIM)": the short name of a thing, not of a body
        if not any(s <= m.start() < e for s, e in taken):
            found.append(entities.Mention(m.start(), m.end(), m.group(0), 0, m.group(0)))
    # a name inside a longer one is part of it ("US" in "US Drug Enforcement Administration")
    found = [m for m in found if not any(o is not m and o.start <= m.start and m.end <= o.end
                                         and (o.end - o.start) > (m.end - m.start) for o in found)]
    return sorted(found, key=lambda m: m.start)


GOVERNMENT_TIER = re.compile(r"(?i)^(?:the\s+)?(federal|state|regional|provincial|national)\s+government$")


def payer_name(mention: entities.Mention, main_country: str | None) -> str:
    """Countries by name; a body of government as "Country (Body as written)"."""
    if mention.level == 1:
        return mention.name
    country = gazetteer().org_country.get(mention.name)
    if country == "local":
        country = main_country
    surface = mention.surface or mention.name
    if mention.name == "Government":
        tier = GOVERNMENT_TIER.match(surface)
        if tier:  # "The state government" of a federal country is not its national treasury
            return f"{country} ({tier.group(1).lower()} government)" if country else f"{tier.group(1).lower()} government"
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
    # After the money, a name is where it goes ("… for programs in Peru", "to Peru") or who carries it out
    # ("implemented with DEVIDA and the UNODC"), unless it speaks or pays ("…, said the executive
    # president of Devida").
    after, receiving = [], False
    for m in _entity_names(sentence[q.end:c_end]):
        before = sentence[max(q.end, q.end + m.start - 40):q.end + m.start]
        receiving = bool(RECEIVING_BEFORE.search(before) or receiving and COORDINATED_BEFORE.search(before))
        if not receiving:
            after.append(m)
    return payer_name(after[0], main_country) if after else None


RECEIVING_BEFORE = re.compile(r"\b(?:to|for|in|into|at|across|throughout|toward|towards|with|through|via|alongside)\s+"
                              r"(?:the\s+)?(?:\S+\s+){0,3}$", re.I)
COORDINATED_BEFORE = re.compile(r"(?:\band|,)\s+(?:the\s+)?(?:\S+\s+){0,3}$", re.I)


def _names_within(sentence: str, start: int, end: int) -> list[entities.Mention]:
    """Entity names of sentence[start:end], at their offsets in the sentence."""
    return [entities.Mention(start + m.start, start + m.end, m.name, m.level, m.surface)
            for m in _entity_names(sentence[start:end])]


def _receives(sentence: str, mention: entities.Mention, q: Quantity) -> bool:
    """A name that gets the money before it: "aid to Peru", "Ecuador's allocation", "Colombia,
    the largest recipient, keeps $138 million".
    """
    lex = metric_lexicon()
    # ("the European Union signed with DEVIDA a grant of EUR 9.5 million": the counterpart gets it)
    if re.search(r"\b(?:to|for|under|with|managed\s+by|run\s+by|administered\s+by|executed\s+by)\s+(?:the\s+)?$",
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
