"""The vocabularies extraction reads, loaded once from ``schemas/lexicon/``.

Words live in YAML so that a data editor can extend a gazetteer or a trigger
list without touching code; this module turns them into compiled patterns.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

import yaml

from pipeline.contract import SCHEMAS_DIR
from pipeline.text.alternation import literal_alternation, scannable

# The C parser when PyYAML has it: the same data as yaml.safe_load, read several times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

LEXICON_DIR = SCHEMAS_DIR / "lexicon"


@cache
def load(name: str) -> dict:
    return yaml.load((LEXICON_DIR / f"{name}.yaml").read_text(encoding="utf-8"), Loader=_YAML_LOADER)


CURRENCIES = frozenset(load("units")["currencies"])  # every money a budget may be in: events skip them, figures route them


def strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


def phrase_pattern(phrase: str, *, plural: bool = False) -> str:
    """A regex for a phrase: flexible spaces/hyphens, '~' = up to two words."""
    parts = []
    for token in phrase.split():
        if token == "~":
            parts.append(r"(?:\S+\s+){0,2}?")
            continue
        escaped = re.escape(token).replace(r"\-", r"[-\u2010\u2011 ]?")
        parts.append(escaped + r"\s+")
    pattern = "".join(parts)
    pattern = pattern[: -len(r"\s+")] if pattern.endswith(r"\s+") else pattern
    if plural:
        pattern += r"(?:e?s)?"
    return pattern


def _parts(phrases: list[str], plural: bool = False) -> list[tuple[str, str]] | None:
    """(first character, rest of the pattern) of each phrase_pattern, or None when one does not
    open with a literal character.
    """
    parts = []
    for phrase in phrases:
        pattern = phrase_pattern(phrase, plural=plural)
        tokens = phrase.split()
        first = tokens[0][0] if tokens else ""
        head = re.escape(first)
        if not first or first == "-" or tokens[0] == "~" or not pattern.startswith(head):
            return None
        parts.append((first, pattern[len(head):]))
    return parts


def _bounded(phrases: list[str], flags: int, *, plural: bool = False, suffix: str = "") -> re.Pattern:
    r"""``(?<![\w-])(?:phrase|...)`` + suffix, phrases tried in the given order.

    Written, when possible, so that the search skips straight to the characters a phrase opens
    with (the same matches: see ``pipeline.text.alternation.scannable``).
    """
    parts = _parts(phrases, plural)
    ignorecase = bool(flags & re.IGNORECASE)
    fast = scannable(parts, not_after=r"[\w-]", ignorecase=ignorecase, ascii=bool(flags & re.ASCII)) if parts else None
    if fast:
        return re.compile(fast + suffix, flags & ~re.IGNORECASE)
    body = "|".join(phrase_pattern(p, plural=plural) for p in phrases)
    return re.compile(rf"(?<![\w-])(?:{body})" + suffix, flags)


def words_regex(phrases: list[str], *, plural: bool = False, flags: int = re.IGNORECASE) -> re.Pattern:
    """One alternation over phrases, longest first, on word boundaries."""
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not ordered:
        return re.compile(r"(?!x)x")
    return _bounded(ordered, flags, plural=plural, suffix=r"(?![\w])")


@dataclass(frozen=True)
class Place:
    name: str
    level: int


@dataclass
class Gazetteer:
    places: dict[str, Place]
    place_regex: re.Pattern
    orgs: dict[str, str]
    org_country: dict[str, str]
    org_regex: re.Pattern
    actor_regex: re.Pattern
    title_regex: re.Pattern
    introducer_regex: re.Pattern
    publishers: dict[str, int] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)

    def place(self, surface: str) -> Place | None:
        return self.places.get(_key(surface))

    def org(self, surface: str) -> str | None:
        return self.orgs.get(_key(surface))

    def founding_year(self, publisher: str | None) -> int | None:
        if not publisher:
            return None
        return self.publishers.get(_key(publisher))


@lru_cache(maxsize=8192)
def _key(surface: str) -> str:
    return re.sub(r"\s+", " ", strip_accents(surface)).strip().lower()


def _case_sensitive_alternation(surfaces: list[str]) -> re.Pattern:
    forms = set()
    for s in surfaces:
        forms.add(s)
        forms.add(strip_accents(s))
    ordered = sorted(forms, key=len, reverse=True)
    return _bounded(ordered, 0, suffix=r"(?![\w-])")


@cache
def gazetteer() -> Gazetteer:
    data = load("gazetteer")
    places: dict[str, Place] = {}
    for entry in data["places"]:
        place = Place(entry["name"], int(entry["level"]))
        for surface in [entry["name"], *entry.get("aliases", [])]:
            places.setdefault(_key(surface), place)
    orgs: dict[str, str] = {}
    for entry in data["organisations"]:
        for surface in [entry["name"], *entry.get("aliases", [])]:
            orgs.setdefault(_key(surface), entry["name"])
    place_surfaces = [s for e in data["places"] for s in [e["name"], *e.get("aliases", [])]]
    org_surfaces = [s for e in data["organisations"] for s in [e["name"], *e.get("aliases", [])]]
    return Gazetteer(
        places=places,
        place_regex=_case_sensitive_alternation(place_surfaces),
        orgs=orgs,
        org_country={e["name"]: e["country"] for e in data["organisations"] if e.get("country")},
        org_regex=_case_sensitive_alternation(org_surfaces),
        actor_regex=words_regex(data["actor_terms"]),
        title_regex=_case_sensitive_alternation(data["person_titles"]),
        introducer_regex=words_regex(data["place_introducers"]),
        publishers={_key(k): int(v) for k, v in (data.get("publishers") or {}).items()},
        demonyms=dict(data.get("demonyms") or {}),
    )


@dataclass(frozen=True)
class EventType:
    name: str
    past: re.Pattern
    base: re.Pattern
    gerund: re.Pattern
    nouns: re.Pattern
    objects: re.Pattern | None
    not_before: re.Pattern | None
    reports: str = ""  # the event_type its triggers report (an entry may add triggers to another type)
    dated_only: bool = False  # its triggers make an event only when the sentence dates them
    present: re.Pattern | None = None  # "destroys", "approve": a chronology's historical present


@dataclass
class EventLexicon:
    types: list[EventType]
    first_words: frozenset[str]

    def may_hold_event(self, text: str) -> bool:
        """A set lookup over the sentence's words: most sentences have no trigger word at all."""
        return not self.first_words.isdisjoint(re.findall(r"[a-z]+", text.lower()))
    licensing: re.Pattern
    progressive: re.Pattern
    blockers: re.Pattern
    passive_generic: re.Pattern
    passive_past: re.Pattern
    vague_quantifiers: frozenset[str] = frozenset()
    gerund_reporters: re.Pattern | None = None
    person_nouns: re.Pattern | None = None
    agent_marker: re.Pattern | None = None
    cue_regex: re.Pattern | None = None
    types_by_cue: dict[str, frozenset[str]] = field(default_factory=dict)
    always: frozenset[str] = frozenset()
    framing_speech: frozenset[str] = frozenset()
    series_comparison: re.Pattern | None = None
    record_since: re.Pattern | None = None  # "the highest … since": a record, no running total
    editorial_note: re.Pattern | None = None

    def types_in(self, text: str) -> frozenset[str] | None:
        """Names of the event types whose triggers may occur in text; None: any may.

        Every match of a type's past/base/gerund/noun pattern begins, at the
        start of a word, with the ASCII letters that open one of its phrases
        (its cue), matched case-insensitively. Lower-casing maps each
        character ``re`` folds to an ASCII letter onto that letter, keeps
        word characters word characters and the length of the text, except
        for the long s and the Turkish i's, which are handled here.
        """
        if self.cue_regex is None or "\u0130" in text:
            return None
        lowered = text.lower().replace("\u017f", "s").replace("\u0131", "i")
        found = set(self.always)
        for longest in set(self.cue_regex.findall(lowered)):
            found |= self.types_by_cue[longest]
        return frozenset(found)


def _trigger_cue(phrase: str) -> str | None:
    """The literal ASCII start of every match of phrase_pattern(phrase), lower-cased; None if there is none."""
    tokens = phrase.split()
    if not tokens or tokens[0] == "~" or tokens[0].startswith("-"):
        return None
    cue = ""
    for char in tokens[0].split("-")[0]:
        if not char.isascii():
            break
        cue += char
    return cue.lower() or None


def _cue_index(type_phrases: dict[str, list[str]]) -> tuple[re.Pattern | None, dict[str, frozenset[str]], frozenset[str]]:
    """A search for the cues at every word start, and for each cue found (the longest one at
    its position) the types having that cue or a prefix of it (which is then present too).
    """
    cues: dict[str, set[str]] = {}
    always = set()
    for name, phrases in type_phrases.items():
        for phrase in phrases:
            cue = _trigger_cue(phrase)
            if cue is None:
                always.add(name)
            else:
                cues.setdefault(cue, set()).add(name)
    if not cues:
        return None, {}, frozenset(always)
    ordered = sorted(cues, key=len, reverse=True)
    regex = re.compile(r"(?<![\w-])(?=(" + literal_alternation(ordered, ignorecase=False) + "))")
    by_cue = {c: frozenset(n for other, names in cues.items() if c.startswith(other) for n in names) for c in ordered}
    return regex, by_cue, frozenset(always)


def present_forms(spec: dict) -> list[str]:
    """The present tense of each base form ("destroy" -> "destroy", "destroys"; "blow up" -> "blows up"),
    and any the entry lists under ``present`` ("begins").
    """
    forms = list(spec.get("present") or [])
    for phrase in spec.get("base") or []:
        verb, _, rest = phrase.partition(" ")
        third = verb + ("es" if re.search(r"(?:s|x|z|ch|sh|o)$", verb) else "s")
        if re.search(r"[^aeiou]y$", verb):
            third = verb[:-1] + "ies"
        forms += [phrase, " ".join(filter(None, (third, rest)))]
    return forms


@cache
def event_lexicon() -> EventLexicon:
    data = load("events")
    types = []
    for name, spec in data["event_types"].items():
        objects = spec.get("objects") or []
        not_before = spec.get("not_before") or []
        types.append(EventType(
            name=name,
            past=words_regex(spec.get("past") or []),
            base=words_regex(spec.get("base") or []),
            gerund=words_regex(spec.get("gerund") or []),
            nouns=words_regex(spec.get("nouns") or []),
            objects=words_regex(objects) if objects else None,
            not_before=words_regex(not_before) if not_before else None,
            reports=spec.get("type", name),
            dated_only=bool(spec.get("dated_only")),
            present=words_regex(present_forms(spec)),
        ))
    every_phrase = [p for spec in data["event_types"].values()
                    for form in ("past", "base", "gerund", "nouns") for p in spec.get(form) or []] \
        + [p for spec in data["event_types"].values() for p in present_forms(spec)]
    cue_regex, types_by_cue, always = _cue_index({
        name: [p for form in ("past", "base", "gerund", "nouns") for p in spec.get(form) or [] if p]
        for name, spec in data["event_types"].items()})
    return EventLexicon(
        cue_regex=cue_regex, types_by_cue=types_by_cue, always=always,
        types=types,
        first_words=frozenset(re.findall(r"[a-z]+", p.lower())[0] for p in every_phrase if re.findall(r"[a-z]+", p.lower())),
        licensing=words_regex(data["licensing_verbs"]),
        progressive=words_regex(data["progressive_frames"]),
        gerund_reporters=words_regex(data.get("gerund_reporters") or []),
        person_nouns=re.compile(r"(?i)\b(?:" + "|".join(map(re.escape, data.get("person_nouns") or [])) +
                                r"|\w+(?:ans|ians|ese|eses|ish))$"),
        blockers=words_regex(data["aspect_blockers"]),
        passive_generic=words_regex(data["passive_generic"]),
        passive_past=words_regex(data["passive_past"]),
        vague_quantifiers=frozenset(w.lower() for w in data["vague_quantifiers"]),
        agent_marker=words_regex(data["agent_markers"]),
        framing_speech=frozenset(w.lower() for w in data.get("framing_speech_verbs") or []),
        series_comparison=words_regex(data.get("series_comparisons") or []),
        record_since=re.compile(r"(?<!\bat\s)\b(?:" + "|".join(map(re.escape, data.get("record_words") or [])) +
                                r")\b[^,;:.]{0,60}\bsince\s+(?:the\s+)?$", re.IGNORECASE),
        editorial_note=re.compile(r"^\W*(?:" + "|".join(map(re.escape, data.get("editorial_notes") or [])) + r")\b"),
    )


@dataclass(frozen=True)
class MetricRule:
    metric: str
    units: frozenset[str]
    noun: re.Pattern | None
    clause: re.Pattern | None
    before: re.Pattern | None
    after: re.Pattern | None
    sentence: re.Pattern | None
    context_noun: re.Pattern | None
    context: re.Pattern | None
    per: frozenset[str]
    needs_change: bool
    nearest: bool
    noun_and_clause: bool


@dataclass
class MetricLexicon:
    rules: list[MetricRule]
    change: re.Pattern
    decrease: re.Pattern
    comparison: re.Pattern
    derivation: re.Pattern
    price: re.Pattern
    budget_kinds: dict[str, re.Pattern]
    annual: re.Pattern
    one_off: re.Pattern
    min_other_count: float
    change_before: re.Pattern
    change_after: re.Pattern
    coca_area_cues: re.Pattern
    per_kg_cues: re.Pattern
    payment: re.Pattern
    trade_actors: re.Pattern
    share_cue_words: frozenset[str]
    worth_budget: re.Pattern
    default_subjects: dict[str, str]
    priced_goods: re.Pattern | None = None
    own_calculation: re.Pattern | None = None
    restating_opener: re.Pattern | None = None
    giving_before: re.Pattern | None = None
    conversion_openers: tuple[str, ...] = ()
    codebook_currencies: frozenset[str] = frozenset()
    receiving: re.Pattern | None = None
    recipient_possessive: re.Pattern | None = None
    fund_source: re.Pattern | None = None
    home_currency_funders: dict = field(default_factory=dict)
    financial_year_starts: dict = field(default_factory=dict)  # currency -> month its state's split year opens
    grant_proper: re.Pattern | None = None
    own_budget: re.Pattern | None = None
    other_land: re.Pattern | None = None
    exchange_rate_after: re.Pattern | None = None
    exchange_rate_before: re.Pattern | None = None
    trade_money: re.Pattern | None = None
    lab_input_volume: re.Pattern | None = None
    lab_input: re.Pattern | None = None
    place_distance_after: re.Pattern | None = None
    share_of_people: re.Pattern | None = None
    odds_after: re.Pattern | None = None
    share_seized_before: re.Pattern | None = None


@cache
def metric_lexicon() -> MetricLexicon:
    data = load("metrics")

    def opt(spec: dict, key: str) -> re.Pattern | None:
        return words_regex(spec[key]) if spec.get(key) else None

    def stems(spec: dict, key: str) -> re.Pattern | None:
        """Clause cues are stems: "produc" matches produced, production."""
        if not spec.get(key):
            return None
        return _bounded(sorted(spec[key], key=len, reverse=True), re.IGNORECASE)

    rules = [MetricRule(
        metric=spec["metric"], units=frozenset(spec.get("units") or []),
        noun=opt(spec, "noun"), clause=stems(spec, "clause"), before=opt(spec, "before"),
        after=opt(spec, "after"), sentence=stems(spec, "sentence"),
        context_noun=opt(spec, "context_noun"), context=opt(spec, "context"),
        per=frozenset(spec.get("per") or []), needs_change=bool(spec.get("needs_change")),
        nearest=bool(spec.get("nearest")),
        noun_and_clause=bool(spec.get("noun_and_clause")),
    ) for spec in data["rules"]]
    return MetricLexicon(
        rules=rules,
        change=words_regex(data["change_words"]),
        decrease=words_regex(data["decrease_words"]),
        comparison=words_regex(data["comparison_words"]),
        derivation=words_regex(data["derivation_words"]),
        own_calculation=words_regex(data.get("own_calculation") or []),
        restating_opener=words_regex(data.get("restating_openers") or []),
        price=words_regex(data["price_words"]),
        budget_kinds={k: stems({"x": v}, "x") for k, v in data["budget_kinds"].items()},
        annual=words_regex(data["annual_words"]),
        one_off=words_regex(data["one_off_words"]),
        min_other_count=float(data.get("min_other_count", 10)),
        change_before=re.compile(r"(?:" + "|".join(phrase_pattern(p) for p in sorted(data["adjacent_change_before"], key=len, reverse=True)) + r")\s*(?:about|some|nearly|almost|around|more than|over)?\s*$", re.IGNORECASE),
        change_after=re.compile(r"^\s*(?:" + "|".join(phrase_pattern(p) for p in sorted(data["adjacent_change_after"], key=len, reverse=True)) + r")\b", re.IGNORECASE),
        coca_area_cues=words_regex(data["coca_area_cues"]),
        per_kg_cues=words_regex(data["price_per_kg_cues"]),
        payment=words_regex(data["payment_words"]),
        worth_budget=re.compile(r"\b(?:" + "|".join(map(re.escape, data["worth_budget_nouns"])) + r")s?\s+(?:[\w,]+\s+){0,6}?worth\b", re.I),  # "the contract for six radars signed in 2019, worth"
        share_cue_words=frozenset(w.lower() for w in data["share_of_cues"] if " " not in w),
        default_subjects=dict(data["default_subjects"]),
        priced_goods=words_regex(data.get("priced_goods") or []),
        trade_actors=words_regex(data["trade_actors"]),
        giving_before=re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(data["giving_verbs"], key=len, reverse=True)))
                                 + r")\s+(?:the\s+)?$", re.I),
        conversion_openers=tuple(sorted((o.lower() for o in data["conversion_openers"]), key=len, reverse=True)),
        codebook_currencies=frozenset(data.get("codebook_currencies") or []),
        receiving=words_regex(data["receiving_verbs"]),
        recipient_possessive=re.compile(r"^['’]s\s+(?:\w+\s+){0,2}?(?:" + "|".join(map(re.escape, data["recipient_nouns"])) + r")\b", re.I),
        fund_source=re.compile(r"^\s*(?:\w+\s+)?(?:" + "|".join(map(re.escape, data["fund_source_nouns"])) + r")\b", re.I),
        home_currency_funders=dict(data.get("home_currency_funders") or {}),
        financial_year_starts={k: int(v) for k, v in (data.get("financial_year_starts") or {}).items()},
        grant_proper=stems({"x": data["grant_proper"]}, "x"),
        trade_money=stems({"x": data["trade_money_words"]}, "x"),
        lab_input_volume=words_regex(data.get("lab_input_volumes") or []),
        lab_input=words_regex(data.get("lab_input_words") or []),
        odds_after=re.compile(r"\s*(?:" + "|".join(map(re.escape, data.get("odds_after") or ["(?!x)x"])) + r")\b", re.I),
        share_of_people=re.compile(r"^\s*of\s+(?:the\s+|all\s+|surveyed\s+|those\s+)?(?:" + "|".join(phrase_pattern(p) for p in sorted(data.get("share_of_people") or [], key=len, reverse=True)) + r")(?![\w-])", re.I),
        share_seized_before=re.compile(r"(?<![\w-])(?:" + "|".join(phrase_pattern(p) for p in sorted(data.get("share_seized_before") or [], key=len, reverse=True)) + r")\s+(?:(?:only|barely|just|about|some|around|roughly|nearly|less\s+than|more\s+than|under|over)\s+)*$", re.I),
        place_distance_after=re.compile(r"\s*(?:" + "|".join(phrase_pattern(p) for p in sorted(data.get("place_distance_after") or [], key=len, reverse=True)) + r")(?![\w-])", re.I),
        own_budget=words_regex(data["own_budget_words"]),
        other_land=words_regex(data.get("other_land_uses") or []),
        exchange_rate_after=re.compile(r"^\s*(?:" + "|".join(phrase_pattern(p) for p in sorted(data["exchange_rate_after"], key=len, reverse=True)) + r")(?!\w)", re.I),
        exchange_rate_before=re.compile(r"\b(?:" + "|".join(phrase_pattern(p) for p in sorted(data["exchange_rate_before"], key=len, reverse=True)) + r")\s*[:,]?\s*(?:(?:about|around|roughly|some|of|the|current|official)\s+)*$", re.I),
    )
