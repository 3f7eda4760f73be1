"""A place standing where a relation needs an organisation is that place's government: "NSO sold Pegasus to
Mexico", "the United States sanctioned the firm", "clients included Saudi Arabia".

The schema lets only organisations buy, sanction, contact or criticise, so such a candidate would be dropped.
Instead its place end is moved to the document's body for that state: an existing "Mexican government" or
"government of Mexico" entity when the text names one, else a new GovernmentBody "government of Mexico" that
keeps the place's name as an alias. The place itself stays a Location for every other relation.
"""

from __future__ import annotations

from graph.model import name_key
from graph.schema import Schema
from loaders.extract.context import Candidate
from loaders.extract.mentions import Mention
from loaders.extract.places import demonym_of
from loaders.extract.resolve_local import EntityRecord

BODY = "GovernmentBody"
GOVERNMENT_WORDS = ("government", "authorities", "state")


def _existing_body(place: EntityRecord, entities: list[EntityRecord]) -> int:
    """The document's government entity for a place ('Mexican government', 'Mexico government'), or -1."""
    key = name_key(place.name)
    for n, rec in enumerate(entities):
        if rec.type != BODY or not rec.mentions:
            continue
        words = name_key(rec.name).split()
        if len(words) < 2 or words[-1] not in GOVERNMENT_WORDS:
            continue
        owner = " ".join(words[:-1])
        if owner == key or (len(words) == 2 and demonym_of(words[0], key)):
            return n
    return -1


def _is_state(place: int, entities: list[EntityRecord], mentions: list[Mention]) -> bool:
    """Whether a Location entity is a country, region or city by name (the model's GPE), not a building."""
    return any(mentions[i].label == "GPE" for i in entities[place].mentions)


def _state_of(place: int, entities: list[EntityRecord], made: dict[int, int]) -> int:
    """The government entity standing for place `place`, found or made once per document."""
    if place in made:
        return made[place]
    rec = entities[place]
    body = _existing_body(rec, entities)
    if body < 0:
        body = len(entities)
        entities.append(EntityRecord(f"government of {rec.name}", BODY, {rec.name}, list(rec.mentions), [BODY]))
    entities[body].aliases.add(rec.name)  # the text called this government "Mexico"
    made[place] = body
    return body


def state_actors(
    candidates: list[Candidate], mentions: list[Mention], entities: list[EntityRecord], schema: Schema
) -> list[Candidate]:
    """Candidates with a place end that the schema refuses there but allows for a government body, moved to
    that place's government; every other candidate unchanged. May append entities."""
    made: dict[int, int] = {}
    for cand in candidates:
        rtype = schema.relation_types.get(cand.type)
        if rtype is None:
            continue
        src, tgt = entities[cand.source].type, entities[cand.target].type
        if rtype.allows(src, tgt):
            continue
        new_src = BODY if src == "Location" and _is_state(cand.source, entities, mentions) else src
        new_tgt = BODY if tgt == "Location" and _is_state(cand.target, entities, mentions) else tgt
        if (new_src, new_tgt) == (src, tgt) or not rtype.allows(new_src, new_tgt):
            continue
        if new_src != src:
            cand.source = _state_of(cand.source, entities, made)
        if new_tgt != tgt:
            cand.target = _state_of(cand.target, entities, made)
    return [c for c in candidates if c.source != c.target]
