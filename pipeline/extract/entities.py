"""Who and where: places, organisations, people and attributions in a sentence."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.lexicon import gazetteer, load

MONTHS = ("January February March April May June July August September October November December "
          "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday "
          "Saturday Sunday").split()
NAME_WORD = r"[A-ZÁÉÍÓÚÑ][a-záéíóúñü'’]+(?:-[A-ZÁÉÍÓÚÑ][a-záéíóúñü]+)?"
NAME_JOINERS = r"(?:de|del|de la|la|y|da|dos)"
PERSON_RE = re.compile(rf"\b{NAME_WORD}(?:\s+(?:{NAME_JOINERS}\s+)?{NAME_WORD}){{1,3}}\b")
NOT_NAME_WORDS = set(MONTHS) | set("""The A An In On At For From By To Of And But Or However Although Since After Before
    During While When Where Why What How This That These Those There Their They It Its We Our I He She His Her
    Peruvian Colombian Bolivian Brazilian Mexican American European Chinese Korean Italian Spanish Andean
    Latin North South East West Central New Old Some Many Most Several Each Every All Both Also Only Even
    According Information Data Meanwhile Nevertheless Nonetheless Moreover Furthermore Additionally First Second
    Third Finally Recently Today Yesterday Now Then Later Last Next Such Other Another Because Why Which Who
    SEE Read Related""".split())
# "in Pichari", "in the municipality of Villa Tunari": a capitalised name a place word introduces
PLACE_INTRODUCERS = "|".join(re.escape(p) for p in sorted(load("gazetteer")["place_introducers"], key=len, reverse=True))
INTRODUCED_NAME_RE = re.compile(rf"\b(?:[Ii]n|[Aa]t|[Nn]ear)\s+(?:the\s+(?:nearby\s+)?(?:{PLACE_INTRODUCERS})\s+)?"
                                rf"({NAME_WORD}(?:\s+{NAME_WORD})?)")
SPEECH_VERBS = "|".join(re.escape(v) for v in sorted(load("gazetteer")["speech_verbs"], key=len, reverse=True))
ACCORDING_RE = re.compile(r"\b[Aa]ccording to\s+(?:the\s+|a\s+|an\s+)?([^,.;:()\[\]“”\"]{2,120}?)(?=\s*(?:[,.;:()\[\]“”\"]|\bthat\b|\bthere\b|$))")
SOURCE_FROM_RE = re.compile(r"\b(?:[Ii]nformation|[Dd]ata|[Ff]igures|[Ss]tatistics|[Ee]stimates|[Rr]eports?)\s+from\s+(?:the\s+)?([^,.;:()\[\]]{2,80}?)(?=\s*(?:[,.;:()\[\]]|\bwhich\b|\bthat\b|\bindicates?\b|\bshows?\b|\bsuggests?\b))")
SPEECH_VERB_RE = re.compile(rf"\b(?:has\s+|have\s+|had\s+)?(?:{SPEECH_VERBS})\b")
# (not "…, told Congress": whom one tells is the listener, not the source)
INVERTED_SPEECH_RE = re.compile(rf"[,”\"]\s*(?!(?:told|tells|tell)\b)(?:{SPEECH_VERBS})\s+((?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){{0,4}})")
SOURCE_NOUN_RE = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(load("gazetteer")["source_nouns"], key=len, reverse=True)) + r")\b", re.IGNORECASE)
PRONOUNS = {"he", "she", "they", "i", "we", "it", "this", "that", "which", "who"}
CLAUSE_STARTERS = re.compile(r"^(?:.*?\b(?:that|which|and|but|while|because|as|if|although|however|so)\s+)", re.IGNORECASE)
LEADING_DETERMINERS = re.compile(r"^(?:the|a|an|one|some|several|two|three|many|other)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str          # canonical name from the gazetteer
    level: int = 0     # places: 1 country .. 5 village; organisations: 0
    surface: str = ""  # as written, with an acronym in brackets right after it


ACRONYM_AFTER_RE = re.compile(r"^\s*\(([A-Z][A-Za-z-]{1,9})\)")


CURRENCY_AFTER = re.compile(r"\s?(?:\$|dollars?\b)", re.I)


def places_in(text: str) -> list[Mention]:
    """Places of the gazetteer, and capitalised names a place word introduces."""
    return list(_places_in(text))


@lru_cache(maxsize=8192)
def _places_in(text: str) -> tuple[Mention, ...]:
    gaz = gazetteer()
    found = []
    for m in gaz.place_regex.finditer(text):
        place = gaz.place(m.group(0))
        if place and CURRENCY_AFTER.match(text, m.end()):
            continue  # "US$ 900", "U.S. dollars": a currency, not the country
        if place:
            found.append(Mention(m.start(), m.end(), place.name, place.level))
    taken = [(m.start, m.end) for m in found] + [(o.start, o.end) for o in orgs_in(text)]
    for m in INTRODUCED_NAME_RE.finditer(text):
        name = m.group(1)
        first = name.split()[0]
        if first in NOT_NAME_WORDS or any(s <= m.start(1) < e for s, e in taken):
            continue
        if not (m.start() == 0 or text[m.start() - 2:m.start()].strip() in ("", ",", ".") or "of" in m.group(0)
                or m.group(0)[:4].lower() == "near"):  # "was ambushed near Nuevo Progreso"
            continue
        found.append(Mention(m.start(1), m.end(1), name, 5))
    return tuple(sorted(found, key=lambda x: x.start))


@lru_cache(maxsize=1)
def _demonym_regex() -> re.Pattern:
    words = sorted(gazetteer().demonyms, key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, words)) + r")\s+$")


def _demonym_before(text: str, start: int) -> str | None:
    m = _demonym_regex().search(text, max(0, start - 14), start)
    return m.group(0) if m else None


def orgs_in(text: str) -> list[Mention]:
    return list(_orgs_in(text))


@lru_cache(maxsize=8192)
def _orgs_in(text: str) -> tuple[Mention, ...]:
    gaz = gazetteer()
    out = []
    for m in gaz.org_regex.finditer(text):
        name = gaz.org(m.group(0))
        if name:
            acronym = ACRONYM_AFTER_RE.match(text[m.end():])
            end = m.end() + acronym.end() if acronym else m.end()
            start = m.start()
            country = _demonym_before(text, start)
            if country:
                start -= len(country)  # "US Drug Enforcement Administration": the name as written
            surface = re.sub(r"^(?:the|The)\s+", "", text[start:end])
            out.append(Mention(start, end, name, 0, surface))
    return tuple(out)


def persons_in(text: str) -> list[Mention]:
    """Capitalised names of two to four words that are not places, organisations or months."""
    return list(_persons_in(text))


@lru_cache(maxsize=8192)
def _persons_in(text: str) -> tuple[Mention, ...]:
    gaz = gazetteer()
    taken = [(m.start, m.end) for m in places_in(text) + orgs_in(text)]
    out = []
    for m in PERSON_RE.finditer(text):
        words = m.group(0).split()
        while words:
            rest = " ".join(words)
            title = gaz.title_regex.match(rest)
            if words[0] in NOT_NAME_WORDS:
                words = words[1:]
            elif title and title.start() == 0:
                words = rest[title.end():].split()
            else:
                break
        if len(words) < 2:
            continue
        name = " ".join(words)
        start = m.start() + m.group(0).index(words[0])
        end = m.end()
        overlapping = [(s, e) for s, e in taken if s < end and start < e]
        if overlapping:
            start = max(e for _, e in overlapping)
            words = text[start:end].split()
            if len(words) < 2 or any(w in NOT_NAME_WORDS for w in words):
                continue
            start = end - len(text[start:end].lstrip())
            name = " ".join(words)
        if any(w in NOT_NAME_WORDS for w in words):
            continue
        out.append(Mention(start, end, name))
    return tuple(out)


def most_specific_places(text: str, limit: int = 3) -> list[str]:
    """Places named, most specific level first, keeping only that level."""
    places = places_in(text)
    if not places:
        return []
    top = max(p.level for p in places)
    names = []
    for p in places:
        if p.level == top and p.name not in names:
            names.append(p.name)
    return names[:limit]


def _tidy(phrase: str) -> str | None:
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,;:-—–“”\"'‘’")
    if len(phrase.split()) > 6 and not orgs_in(phrase):
        phrase = CLAUSE_STARTERS.sub("", phrase)
    phrase = re.sub(r"^(?:However|But|And|Also|Meanwhile|In addition|Moreover),?\s+", "", phrase)
    if not phrase or phrase.lower() in PRONOUNS or len(phrase) > 90:
        return None
    return phrase


# a phrase set off by commas between a subject and its verb: "in its latest report", "for its part"
ASIDE_RE = re.compile(r"^\s*(?:in|on|for|at|during|after|with|through|since|as|like)\s+(?:its|their|his|her|a|an|the)\b",
                      re.IGNORECASE)


ACRONYM_NEXT_RE = re.compile(r"\s*\(([A-Z][A-Za-z-]{1,9})\)")


def _body_named(phrase: str) -> str | None:
    """The organisation a source phrase too long to quote names (a report "of the National Commission …")."""
    orgs = orgs_in(phrase)
    return orgs[-1].name if orgs else None


@dataclass
class Attribution:
    start: int
    end: int
    source: str


def attributions_in(sentence: str, known_people: dict[str, str] | None = None) -> list[Attribution]:
    """Every "according to X", "X said", "said X", "information from X" in a sentence."""
    out: list[Attribution] = []
    for regex in (ACCORDING_RE, SOURCE_FROM_RE):
        for m in regex.finditer(sentence):
            acronym = ACRONYM_NEXT_RE.match(sentence, m.end(1))   # "… for Alternative Development (PEDA)"
            source = acronym.group(1) if acronym else _tidy(m.group(1)) or _body_named(m.group(1))
            if source:
                out.append(Attribution(m.start(), m.end(), source))
    for m in SPEECH_VERB_RE.finditer(sentence):
        if re.match(r"\s*by\b", sentence[m.end():]):
            continue  # "estimated by the U.S." is a passive, its agent is not this figure's source
        before = re.split(r"[;:“”\"]|\bthat\b|\bwhich\b|\bwho\b", sentence[:m.start()])[-1]
        if before.count("(") > before.count(")") or before.count("[") > before.count("]"):
            continue  # the verb sits inside a bracket: an aside, not the sentence's source
        if re.search(r"\baccording\s+to\s+[^,]*$", before, re.IGNORECASE):
            continue  # "According to intelligence reports": a noun of the source, not its verb
        segments = [seg for seg in before.split(",") if seg.strip()]
        while len(segments) >= 2 and ASIDE_RE.match(segments[-1]):
            segments.pop()   # "UNODC, in its regional report published in March, situated …": an aside
        if not segments:
            continue
        phrase = segments[-1]
        if len(segments) >= 2 and phrase.strip()[:1].islower() and segments[-2].strip()[:1].isupper() \
                and len(segments[-2].split()) <= 6:
            phrase = segments[-2] + "," + phrase   # "Carmen Masais, head of DEVIDA, reported"
        source = _tidy(phrase)
        if not source or re.search(r"\b(?:it|there)\b$", source, re.IGNORECASE):
            continue
        if len(source.split()) > 8 and not orgs_in(source):
            source = " ".join(source.split()[-6:])
        single_name = re.fullmatch(NAME_WORD, source) and source not in NOT_NAME_WORDS
        if SOURCE_NOUN_RE.search(source) or persons_in(source) or orgs_in(source) or single_name:
            out.append(Attribution(m.start() - len(phrase), m.end(), source))
    for m in INVERTED_SPEECH_RE.finditer(sentence):
        source = _tidy(m.group(1))
        if source:
            out.append(Attribution(m.start(), m.end(), source))
    if known_people:
        out = [Attribution(a.start, a.end, known_people.get(a.source.lower(), a.source)) for a in out]
    return sorted(out, key=lambda a: a.start)


def attribution_for(sentence: str, position: int, known_people: dict[str, str] | None = None) -> str | None:
    """The source the sentence gives for the figure at ``position``: nearest cue before it, else after it."""
    cues = attributions_in(sentence, known_people)
    if not cues:
        return None
    before = [a for a in cues if a.start <= position]
    chosen = before[-1] if before else cues[0]
    return chosen.source


def quoted_speaker(paragraph: str, known_people: dict[str, str] | None = None) -> str | None:
    """Who speaks the quotations of a paragraph ("“…,” said Cateriano")."""
    for m in INVERTED_SPEECH_RE.finditer(paragraph):
        source = _tidy(m.group(1))
        if source:
            return (known_people or {}).get(source.lower(), source)
    m = re.search(rf"(?:^|[.”\"]\s+)((?:[A-Z][\w’'-]+\s+){{0,3}}[A-Z][\w’'-]+)\s+(?:{SPEECH_VERBS})\b", paragraph)
    if m:
        source = _tidy(m.group(1))
        if source:
            return (known_people or {}).get(source.lower(), source)
    return None


def role_index(text: str) -> dict[str, str]:
    """ "the minister" -> the person the text named with that title ("Interior Minister Gustavo Reátegui
    Lazo", "the Vice Minister of Social Defense, Raúl Cárdenas"): the title in lower case, and its last
    word unless it is a deputy's ("Vice Minister").
    """
    gaz = gazetteer()
    index: dict[str, str] = {}
    people = {p.start: p.name for p in persons_in(text)}
    for m in gaz.title_regex.finditer(text):
        gap = TITLE_TO_NAME.match(text, m.end())
        name = people.get(gap.end()) if gap else None
        if not name:
            continue
        words = m.group(0).lower().rstrip(".").split()
        index.setdefault(" ".join(words), name)
        if len(words) > 1 and words[0] not in DEPUTY_WORDS:
            index.setdefault(words[-1], name)
    return index


# between a title and its holder's name: "of Social Defense," / ","
TITLE_TO_NAME = re.compile(r"(?:\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w'’-]*){0,4})?,?\s+")


DEPUTY_WORDS = {"vice", "deputy", "assistant", "former", "acting"}
ROLE_REFERENCE = re.compile(r"(?:the|this|that)\s+([a-z][a-z .-]{1,30})", re.IGNORECASE)


def resolve_role(source: str | None, roles: dict[str, str]) -> str | None:
    """ "The vice minister" as the person named with that title, when the text named one."""
    m = ROLE_REFERENCE.fullmatch(source or "")
    return roles.get(m.group(1).lower().strip()) if m else None


def people_index(text: str) -> dict[str, str]:
    """Surname (lower case) -> full name, for people named in full somewhere in the text."""
    index: dict[str, str] = {}
    for person in persons_in(text):
        words = person.name.split()
        index.setdefault(person.name.lower(), person.name)
        index.setdefault(words[-1].lower(), person.name)
        if len(words) >= 3:
            index.setdefault(" ".join(words[-2:]).lower(), person.name)
    return index


DEFINED_ACRONYM_RE = re.compile(r"\b((?:[A-Z][\w'’-]*\s+(?:(?:to|of|for|and|the|against|on|in)\s+)*)+[A-Z][\w'’-]*)"
                                r"\s+\(([A-Z]{2,8})\)")
THE_ACRONYM_RE = re.compile(r"\bthe\s+([A-Z]{3,8})\b(?!\s*\()")


def actors_in(clause: str) -> list[str]:
    """Organisations, people and generic forces acting in a clause, as written."""
    gaz = gazetteer()
    # "The Special Force to Fight Drug Trafficking (FELCN)", "the FELCN": a body by its acronym
    orgs = orgs_in(clause)
    defined = [(m.start(), m.end(), m.group(2)) for m in DEFINED_ACRONYM_RE.finditer(clause)
               if not any(m.start() <= o.start < m.end(1) for o in orgs)]   # a body the gazetteer knows keeps its name
    defined += [(m.start(1), m.end(1), m.group(1)) for m in THE_ACRONYM_RE.finditer(clause)
                if gaz.place(m.group(1)) is None and not any(s <= m.start(1) < e for s, e, _ in defined)]
    inside = lambda m: any(s <= m.start < e for s, e, _ in defined)  # noqa: E731
    found: list[tuple[int, str]] = [(m.start, m.surface if m.name == "Government" else m.name)
                                    for m in orgs_in(clause) if not inside(m)]
    found += [(m.start, m.name) for m in persons_in(clause) if not inside(m)]
    found += [(s, name) for s, _, name in defined if name.lower() not in {n.lower() for _, n in found}]
    spans = [(m.start, m.end) for m in orgs_in(clause) + persons_in(clause)] + [(s, e) for s, e, _ in defined]
    for m in gaz.actor_regex.finditer(clause):
        if not any(s <= m.start() < e for s, e in spans):
            found.append((m.start(), m.group(0)))
    names: list[str] = []
    for _, name in sorted(found):
        if name.lower() not in (n.lower() for n in names):
            names.append(name)
    return names
