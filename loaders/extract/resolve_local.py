"""In-document resolution: group mentions into entities (surname -> full name, acronym <-> expansion,
short name -> long name), then point descriptions ("the company") and pronouns at the entity they follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from graph.model import name_key
from loaders.extract.entity_types import type_of
from loaders.extract.lexicon import Lexicon
from loaders.extract.mentions import Mention

ORG_TYPES = ("Company", "Organization", "NGO", "GovernmentBody", "MediaOutlet")
_NOT_ACRONYMED = ("Location", "Person")
DESCRIPTION_WINDOW = 160
PRONOUN_WINDOW = 60


@dataclass
class EntityRecord:
    """One entity of the document: canonical name, type, every surface form, its mentions."""

    name: str
    type: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[int] = field(default_factory=list)
    types: list[str] = field(default_factory=list)


def bare_key(name: str, lex: Lexicon) -> str:
    """A name's comparison key without leading article and corporate suffix ('Acme Corp.' -> 'acme')."""
    words = name_key(name).split()
    while len(words) > 1 and words[-1] in lex.corporate_suffixes:
        words.pop()
    return " ".join(words)


def initials(name: str) -> str:
    """Initials of a name's capitalised words: 'Congressional-Executive Commission on China' -> CECC."""
    parts = name.replace("-", " ").split()
    return "".join(p[0] for p in parts if p[:1].isupper())


def is_acronym(text: str) -> bool:
    bare = text.replace(".", "").replace("&", "")
    return 2 <= len(bare) <= 7 and bare.isalpha() and bare.isupper() and " " not in text


class _Builder:
    """Accumulates entities while mentions are merged; a small helper, not part of the API."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self.entities: list[EntityRecord] = []
        self.by_key: dict[str, int] = {}

    def add(self, idx: int, key: str, etype: str, entity: int = -1) -> int:
        m = self.mentions[idx]
        if entity < 0:
            entity = self.by_key.get(key, -1)
        if entity < 0:
            entity = len(self.entities)
            self.entities.append(EntityRecord(m.text, etype))
        if key:
            self.by_key.setdefault(key, entity)
        rec = self.entities[entity]
        rec.mentions.append(idx)
        rec.types.append(etype)
        if m.kind in ("name", "body", "derived", "report"):
            rec.aliases.add(m.text)
            rec.aliases.update(m.aliases)
        m.entity = entity
        return entity


def _acronym_pairs(doc: Doc, names: list[int], mentions: list[Mention]) -> dict[int, int]:
    """Map the mention of 'ACR' in 'Long Name (ACR)' to the mention of the long name."""
    by_start = {mentions[i].start: i for i in names}
    out: dict[int, int] = {}
    for i in names:
        m = mentions[i]
        if m.end + 2 < len(doc) and doc[m.end].text == "(" and doc[m.end + 2].text == ")":
            j = by_start.get(m.end + 1)
            if j is None or m.type in _NOT_ACRONYMED or mentions[j].type in _NOT_ACRONYMED:
                continue
            if is_acronym(mentions[j].text):
                out[j] = i
            elif is_acronym(m.text):
                out[i] = j
    return out


def _merge_names(doc: Doc, mentions: list[Mention], lex: Lexicon, b: _Builder) -> None:
    names = [i for i, m in enumerate(mentions) if m.kind == "name" and m.type]
    acr = _acronym_pairs(doc, names, mentions)
    singles: list[int] = []
    for i in names:
        m = mentions[i]
        key = bare_key(m.text, lex)
        if i in acr:
            continue
        if m.type == "Person" and len(key.split()) == 1:
            singles.append(i)
            continue
        if m.type != "Person" and len(key.split()) == 1 and m.label not in ("GPE", "LOC", "FAC"):
            singles.append(i)
            continue
        b.add(i, key, m.type)
    people = {
        bare_key(e.name, lex).split()[-1]: n for n, e in enumerate(b.entities) if e.types[0] == "Person"
    }
    orgs = [(n, bare_key(e.name, lex).split()) for n, e in enumerate(b.entities) if e.types[0] in ORG_TYPES]
    for i in singles:
        m = mentions[i]
        key = bare_key(m.text, lex)
        if key in b.by_key:
            b.add(i, key, m.type)
        elif key in people and (m.type == "Person" or m.label in ("ORG", "PRODUCT", "NORP", "WORK_OF_ART")):
            b.add(i, key, "Person", people[key])
        elif (
            m.type != "Person"
            and is_acronym(m.text)
            and any(initials(b.entities[n].name) == m.text.replace(".", "") for n, _ in orgs)
        ):
            n = next(n for n, _ in orgs if initials(b.entities[n].name) == m.text.replace(".", ""))
            b.add(i, key, b.entities[n].types[0], n)
        else:
            longer = [n for n, words in orgs if len(words) > 1 and words[0] == key and len(key) > 3]
            if m.type != "Person" and len(longer) == 1:
                b.add(i, key, b.entities[longer[0]].types[0], longer[0])
            else:
                b.add(i, key, m.type)
    for j, i in acr.items():
        target = mentions[i].entity
        if target >= 0:
            b.add(j, bare_key(mentions[j].text, lex), b.entities[target].types[0], target)
    # Short organisation names that are a prefix of a longer one ("Acme Vision" -> "Acme Vision Systems").
    orgs = [
        (n, bare_key(e.name, lex).split())
        for n, e in enumerate(b.entities)
        if e.types and e.types[0] in ORG_TYPES
    ]
    for n, words in orgs:
        longer = [
            k for k, other in orgs if k != n and len(other) > len(words) >= 2 and other[: len(words)] == words
        ]
        if len(longer) == 1:
            _absorb(b, n, longer[0])


def _absorb(b: _Builder, src: int, dst: int) -> None:
    """Move every mention of entity `src` into entity `dst`."""
    a, d = b.entities[src], b.entities[dst]
    for i in a.mentions:
        b.mentions[i].entity = dst
    d.mentions.extend(a.mentions)
    d.types.extend(a.types)
    d.aliases |= a.aliases
    a.mentions, a.types, a.aliases = [], [], set()


def _nearest(
    doc: Doc,
    mentions: list[Mention],
    order: list[int],
    pos: int,
    types: tuple[str, ...],
    window: int,
    entities: list[EntityRecord],
    subjects_first: bool = False,
) -> int:
    """The entity of the closest resolved mention before token `pos`, preferring earlier types in `types`
    (and, for pronouns, grammatical subjects)."""
    passes = (True, False) if subjects_first else (False,)
    for want_subject in passes:
        for etype in types:
            for i in reversed(order):
                m = mentions[i]
                if m.start >= pos or m.entity < 0:
                    continue
                if pos - m.end > window:
                    break
                if want_subject and doc[m.head].dep_ not in ("nsubj", "nsubjpass"):
                    continue
                if entities[m.entity].type == etype:
                    return m.entity
    return -1


def _finalise(b: _Builder, lex: Lexicon) -> None:
    for rec in b.entities:
        if not rec.mentions:
            continue
        specific = [t for t in rec.types if t and t != "Organization"]
        rec.type = max(set(specific), key=specific.count) if specific else (rec.types[0] or "Organization")
        if "Person" in rec.types:
            rec.type = "Person"
        names = [a for a in rec.aliases if not is_acronym(a)] or list(rec.aliases)
        if names:
            rec.name = max(names, key=lambda a: (len(a.split()), len(a)))
        gaz = lex.gazetteer.get(name_key(rec.name))
        if gaz and rec.type != "Person":
            rec.type = gaz


def resolve(doc: Doc, mentions: list[Mention], lex: Lexicon) -> list[EntityRecord]:
    """Type the name mentions, group all mentions into entities; sets each mention's `entity` (-1 if none)."""
    for m in mentions:
        if m.kind == "name":
            m.type = type_of(m, doc, lex)
    b = _Builder(mentions)
    _merge_names(doc, mentions, lex, b)
    _finalise(b, lex)
    for i, m in enumerate(mentions):
        if m.kind in ("body", "derived"):
            b.add(i, name_key(m.text), m.type)
    order = sorted(
        (i for i, m in enumerate(mentions) if m.kind != "derived"), key=lambda i: mentions[i].start
    )
    for i, m in enumerate(mentions):
        if m.kind == "report" and m.ref >= 0 and mentions[m.ref].entity >= 0:
            publisher = b.entities[mentions[m.ref].entity]
            m.text = f"{publisher.name} {m.noun}"
            b.add(i, name_key(m.text), "Report")
        elif m.kind == "description":
            types = lex.descriptions.get(m.noun, ())
            target = _nearest(doc, mentions, order, m.start, types, DESCRIPTION_WINDOW, b.entities)
            if target >= 0:
                b.add(i, "", b.entities[target].type, target)
                rec = b.entities[target]
                if rec.type == "Organization" and types and types[0] != "Organization":
                    rec.type = types[0]
        elif m.kind == "pronoun":
            types = ("Person",) if m.noun == "he" else ORG_TYPES
            target = _nearest(
                doc,
                mentions,
                order,
                m.start,
                types,
                PRONOUN_WINDOW,
                b.entities,
                subjects_first=m.noun == "he",
            )
            if target >= 0:
                b.add(i, "", b.entities[target].type, target)
    for rec in b.entities:
        if rec.mentions and not rec.type:
            _finalise(b, lex)
            break
    return b.entities
