"""Who acted in an event and where: subjects, agents, speakers and the places a sentence names.

Kept apart from dating and counting: it reads only the entity names around
the trigger, never numbers or dates.
"""
from __future__ import annotations

import re

from pipeline.extract import entities
from pipeline.extract.document import DocumentContext, paragraph_dateline
from pipeline.extract.lexicon import event_lexicon
from pipeline.extract.triggers import Trigger, _passive_kind, kind_of


def _actors(text: str, trigger: Trigger) -> list[str]:
    """Who acted: the subject before an active trigger; for a passive ("was captured by police"),
    its agent, never the people it was done to.
    """
    if _passive_kind(text, trigger.start) == "past":
        window = text[trigger.end:trigger.end + 120]
        by = event_lexicon().agent_marker.search(window)
        if by is not None and len(window[:by.start()].split()) <= 4:
            return entities.actors_in(window[by.end():])[:3]
        named = {p.name for p in entities.persons_in(text)}
        return [a for a in entities.actors_in(text) if a not in named][:3]
    if trigger.form == "noun":
        named = APPOSITION.match(text, trigger.end)
        if named is not None and entities.actors_in(named["name"]):
            return entities.actors_in(named["name"])[:3]  # "the government's eradication body, CORAH, reported"
    before = entities.actors_in(text[:trigger.start])
    if before:
        return before[-3:]
    return entities.actors_in(text)[:3]


# a body named by the trigger noun's phrase: "eradication agency, CORAH," / "anti-drug unit (DIRANDRO)"
APPOSITION = re.compile(r"(?:\s+[\w-]+){0,2}?\s+(?:body|agency|unit|office|commission|project|programme|program|"
                        r"team|squad|force|directorate|police)(?:\s*,\s*|\s*\()(?P<name>[^,()]{2,60})[,)]", re.IGNORECASE)


NATIONWIDE = re.compile(r"\b(?:nationwide|across\s+the\s+country|throughout\s+the\s+country|in\s+the\s+national\s+territory)\b",
                        re.I)


def _places(text: str, ctx: DocumentContext) -> list[str]:
    """The most specific places the sentence names; "nationwide" is the country the text is about;
    else the place the paragraph's dateline names ("PALMAPAMPA, Ayacucho — … Two men were arrested").
    """
    dateline = paragraph_dateline(text)
    places = entities.most_specific_places(text[dateline[1]:] if dateline else text)
    country = ctx.home_country or ctx.main_country
    if not places and country and NATIONWIDE.search(text):
        return [country]
    if not places and ctx.item_place:
        return [ctx.item_place]  # "* Peru: the National Police seized 41.6 tonnes …"
    if places or ctx.dateline_place is None or (dateline is None and kind_of("statement").past.search(text)):
        return places  # "LIMA — … He said forces had destroyed 14 laboratories": said there, done elsewhere
    return [ctx.dateline_place]


def _statement_actors(text: str, trigger: Trigger) -> list[str]:
    """The speaker the speech verb names ("the Minister of the Interior, Raúl Ormeño Vidal, stated"),
    else the actors around it.
    """
    for cue in entities.attributions_in(text):
        if cue.start <= trigger.start and trigger.end <= cue.end:
            people = entities.persons_in(cue.source)
            if people:
                return [people[-1].name]
            if entities.actors_in(cue.source):
                return entities.actors_in(cue.source)[-3:]
    before = entities.actors_in(text[:trigger.start])
    after = entities.actors_in(text[trigger.end:trigger.end + 80])
    return (before or after)[-3:]
