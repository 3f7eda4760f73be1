"""In-document resolution: group mentions into entities (surname -> full name, acronym <-> expansion,
short name -> long name), then point descriptions ("the company") and pronouns at the entity they follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from graph.model import name_key
from loaders.extract.entity_types import kind_noun, type_of
from loaders.extract.lexicon import Lexicon
from loaders.extract.mentions import ORG_TYPES, Mention, span_text

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
    described_as: set[str] = field(default_factory=set)


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
    """Whether a name looks like an acronym: 2 to 7 capitals, no spaces."""
    bare = text.replace(".", "").replace("&", "")
    return 2 <= len(bare) <= 7 and bare.isalpha() and bare.isupper() and " " not in text


class _Builder:
    """Accumulates entities while mentions are merged; a small helper, not part of the API."""

    def __init__(self, doc: Doc, mentions: list[Mention]) -> None:
        """Start with no entities."""
        self.doc = doc
        self.mentions = mentions
        self.entities: list[EntityRecord] = []
        self.by_key: dict[str, int] = {}

    def add(self, idx: int, key: str, etype: str, entity: int = -1) -> int:
        """Attach mention `idx` to an entity (by key, or new), recording its type and form."""
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
            if m.kind_noun >= 0:
                described = span_text(self.doc, m.start, m.kind_noun + 1)
                rec.aliases.add(described)
                rec.described_as.add(described)
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


def _tail_ok(words: list[str], allowed: frozenset[str] | set[str]) -> bool:
    """Whether every extra word of a longer name is a suffix or type word, singular or plural ("commissioners")."""
    return all(w in allowed or (w.endswith("s") and w[:-1] in allowed) for w in words)


def _merge_names(doc: Doc, mentions: list[Mention], lex: Lexicon, b: _Builder) -> None:
    """Group name mentions: same key, surname, acronym, short form of a longer name."""
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
    people = {  # surnames of full names only: a one-word "person" is too often a mislabelled company
        bare_key(e.name, lex).split()[-1]: n
        for n, e in enumerate(b.entities)
        if e.types[0] == "Person" and len(bare_key(e.name, lex).split()) > 1
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
            suffixes = lex.corporate_suffixes.union(*(w for _, w in lex.cue_suffixes), *(w for _, w in lex.cue_words))
            longer = [
                n
                for n, words in orgs
                if len(words) > 1 and words[0] == key and len(key) > 3 and _tail_ok(words[1:], suffixes)
            ]
            if len(longer) == 1 and m.type != "Product":  # "Gamma" of "Gamma Group"; not "Pegasus" of "Pegasus Project"
                b.add(i, key, b.entities[longer[0]].types[0], longer[0])
            else:
                b.add(i, key, m.type)
    for j, i in acr.items():
        target = mentions[i].entity
        if target >= 0:
            b.add(j, bare_key(mentions[j].text, lex), b.entities[target].types[0], target)
    # Short organisation names that are a prefix of a longer one whose extra words are a suffix or a type word
    # ("Acme Vision" -> "Acme Vision Systems"; not "ITAR-TASS" -> "ITAR-TASS Carries Press Review").
    suffixes = lex.corporate_suffixes.union(*(w for _, w in lex.cue_suffixes), *(w for _, w in lex.cue_words))
    orgs = [
        (n, bare_key(e.name, lex).split())
        for n, e in enumerate(b.entities)
        if e.types and e.types[0] in ORG_TYPES
    ]
    places = {bare_key(e.name, lex) for e in b.entities if e.types and e.types[0] == "Location"}
    for n, words in orgs:
        longer = [
            k
            for k, other in orgs
            if k != n
            and len(other) > len(words) >= 2
            and other[: len(words)] == words
            and _tail_ok(other[len(words) :], suffixes | lex.gazetteer_heads)
        ]
        if len(longer) == 1:
            _absorb(b, n, longer[0])
            continue
        if b.entities[n].types[:1] != ["GovernmentBody"] or len(words) < 2:
            continue
        # "Commerce Department" -> "US Commerce Department": a state body written once with its country in front
        qualified = [
            k
            for k, other in orgs
            if k != n
            and b.entities[k].types[:1] == ["GovernmentBody"]
            and len(other) == len(words) + 1
            and other[1:] == words
            and (other[0] in places or any(_country_code(a) for a in b.entities[k].aliases))
        ]
        if len(qualified) == 1:
            _absorb(b, n, qualified[0])


def _country_code(name: str) -> bool:
    """ "US Commerce Department", "U.S. Navy": a name opening with a country code of two or three capitals."""
    first = name.split()[0].replace(".", "") if name.split() else ""
    return 2 <= len(first) <= 3 and first.isalpha() and first.isupper()


def _absorb(b: _Builder, src: int, dst: int) -> None:
    """Move every mention of entity `src` into entity `dst`."""
    a, d = b.entities[src], b.entities[dst]
    for i in a.mentions:
        b.mentions[i].entity = dst
    d.mentions.extend(a.mentions)
    d.types.extend(a.types)
    d.aliases |= a.aliases
    d.described_as |= a.described_as
    a.mentions, a.types, a.aliases, a.described_as = [], [], set(), set()


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
    if subjects_first:  # pronouns: the closest subject of a wanted type, else the closest of a wanted type
        for want_subject in (True, False):
            for i in reversed(order):
                m = mentions[i]
                if m.start >= pos or m.entity < 0 or (m.kind == "pronoun" and not want_subject):
                    continue  # a resolved pronoun subject carries its entity on ("They alerted X. Their report")
                if pos - m.end > window:
                    break
                if want_subject and doc[m.head].dep_ not in ("nsubj", "nsubjpass"):
                    continue
                if entities[m.entity].type in types:
                    return m.entity
        return -1
    seen: dict[int, int] = {}  # entity -> mentions so far: 'the company' is the most talked-about one
    for i in order:
        m = mentions[i]
        if m.start >= pos:
            break
        if m.entity >= 0:
            seen[m.entity] = seen.get(m.entity, 0) + 1
    for etype in types:
        near: list[int] = []
        for i in reversed(order):
            m = mentions[i]
            if m.start >= pos or m.entity < 0:
                continue
            if pos - m.end > window:
                break
            if entities[m.entity].type == etype and m.entity not in near:
                near.append(m.entity)
        if near:
            return max(near, key=lambda e: (seen.get(e, 0), -near.index(e)))
    return -1


def _finalise(b: _Builder, lex: Lexicon) -> None:
    """Settle each entity's type (majority, gazetteer) and canonical name (longest)."""
    for rec in b.entities:
        if not rec.mentions:
            continue
        specific = [t for t in rec.types if t and t != "Organization"]
        # ties go to the type seen first, never to set order (which changes with the process's hash seed)
        if specific:
            rec.type = max(specific, key=lambda t: (specific.count(t), -specific.index(t)))
        else:
            rec.type = rec.types[0] or "Organization"
        if rec.types.count("Person") * 2 > len(rec.types):
            rec.type = "Person"
        elif "Person" in rec.types and rec.type == "Person":
            rec.type = next((t for t in specific if t != "Person"), "Organization")
        names = sorted(rec.aliases - rec.described_as) or sorted(rec.aliases)
        names = [a for a in names if not is_acronym(a)] or names
        if names:
            rec.name = max(names, key=lambda a: _name_rank(a, lex))
        gaz = lex.gazetteer.get(name_key(rec.name))
        if gaz and rec.type != "Person":
            rec.type = gaz


def _reports(noun: Token, lex: Lexicon) -> bool:
    """Whether a report noun says something: the subject of a reporting verb ('the investigation found', 'a
    study and an investigation have found')."""
    while noun.dep_ in ("conj", "appos"):
        noun = noun.head
    return noun.dep_ in ("nsubj", "nsubjpass") and noun.head.lemma_.lower() in lex.report_verbs


def _name_rank(name: str, lex: Lexicon) -> tuple[int, bool, int]:
    """How well a form names its entity: more words first, not counting a corporate suffix, then the form
    without the suffix ('Intellexa' over 'Intellexa Limited', 'Thermo Fisher Scientific' over 'Thermo
    Fisher'), then the longer."""
    words = name_key(name).split()
    bare = len(bare_key(name, lex).split())
    return bare, len(words) == bare, len(name)


def _described(doc: Doc, mentions: list[Mention], m: Mention, entities: list[EntityRecord]) -> int:
    """'the interior ministry': the closest earlier entity whose name holds the description's modifier words
    ('Ministry of Interior'), or -1."""
    words = {c.lower_ for c in doc[m.head].children if c.dep_ in ("amod", "compound") and c.is_alpha}
    words.discard("the")
    if not words:
        return -1
    for other in sorted(mentions, key=lambda x: -x.start):
        if other.start < 0 or other.start >= m.start or other.entity < 0 or other.kind != "name":
            continue
        if words <= set(name_key(entities[other.entity].name).split()):
            return other.entity
    return -1


def _named_like(mentions: list[Mention], m: Mention, types: tuple[str, ...], entities: list[EntityRecord]) -> int:
    """'the lab' after 'Citizen Lab at the University of Toronto': the closest earlier entity of a fitting type
    whose name holds the description's noun, within DESCRIPTION_WINDOW tokens; -1 when none does."""
    noun = m.noun
    for other in sorted(mentions, key=lambda x: -x.start):
        if other.start < 0 or other.start >= m.start or m.start - other.start > DESCRIPTION_WINDOW:
            continue
        if other.entity < 0 or other.kind != "name" or entities[other.entity].type not in types:
            continue
        words = {w.rstrip("s") for w in name_key(entities[other.entity].name).split()}
        if noun.rstrip("s") in words:
            return other.entity
    return -1


def _topic(doc: Doc, mentions: list[Mention], order: list[int], m: Mention, entities: list[EntityRecord]) -> int:
    """ "Apple sued NSO Group ... The Cupertino-based company said": 'the company' as a sentence's subject
    continues the topic, the company (or untyped organisation) that is the main subject of the sentence before."""
    sent = doc[m.start].sent
    if sent.start == 0:
        return -1
    prev = doc[sent.start - 1].sent
    for i in order:
        other = mentions[i]
        if other.kind != "name" or other.entity < 0 or not prev.start <= other.start < prev.end:
            continue
        tok = doc[other.head]
        if (
            tok.dep_ in ("nsubj", "nsubjpass")
            and tok.head.i == prev.root.i
            and entities[other.entity].type in ("Company", "Organization")
        ):
            return other.entity
    return -1


def _only_recent(
    doc: Doc, mentions: list[Mention], m: Mention, types: tuple[str, ...], entities: list[EntityRecord]
) -> int:
    """ "... the National Intelligence Service had put him under surveillance. The revelation led the agency's
    head to resign": the one entity of a fitting type named in this sentence (before the description) or the one
    before it, or -1 when there are none or several."""
    sent = doc[m.start].sent
    start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    found = {
        other.entity
        for other in mentions
        if other.kind == "name"
        and other.entity >= 0
        and start <= other.start < m.start
        and entities[other.entity].type in types
    }
    return found.pop() if len(found) == 1 else -1


def _apposed(doc: Doc, mentions: list[Mention], m: Mention) -> int:
    """ "NSO Group, the Herzliya-based company": a description in apposition to a name is that name."""
    tok = doc[m.head]
    if tok.dep_ != "appos" or tok.head.i > tok.i:
        return -1
    for other in mentions:
        if other.kind == "name" and other.entity >= 0 and other.start <= tok.head.i < other.end:
            return other.entity if other.type != "Location" else -1
    return -1


def _qualify_bodies(doc: Doc, mentions: list[Mention]) -> None:
    """ "Vietnam's Ministry of Public Security": a government body named after a possessive place gets that form
    as an alias, so it is not taken for another country's ministry of the same name."""
    by_end = {m.end: m for m in mentions if m.start >= 0 and m.label in ("GPE", "NORP")}
    for m in mentions:
        if m.kind != "name" or m.type != "GovernmentBody" or m.start < 2 or doc[m.start - 1].tag_ != "POS":
            continue
        place = by_end.get(m.start - 1)
        if place is not None:
            m.aliases.append(f"{place.text}'s {m.text}")


def _conjunct_owner(doc: Doc, mentions: list[Mention], m: Mention) -> int:
    """'NSO Group and its parent company': a possessive pronoun on the second conjunct means the first one."""
    tok = doc[m.head]
    noun = tok.head
    if tok.dep_ != "poss" or noun.dep_ != "conj":
        return -1
    first = noun.head
    for other in mentions:
        if other.start <= first.i < other.end and other.entity >= 0 and other.kind == "name":
            return other.entity
    return -1




def _usage(doc: Doc, m: Mention, lex: Lexicon) -> str:
    """How one mention of a name is used: 'place' ('in X', "X's ministry", 'X, Ontario'), 'org' (sells, is
    acquired, "X's technology"), or ''."""
    head = doc[m.head]
    gov = head.head
    if head.dep_ == "pobj" and gov.lower_ in lex.place_preps:
        return "place"
    government = gov.lower_ in lex.government_nouns or gov.lemma_ in lex.government_nouns
    if head.dep_ in ("poss", "compound", "amod") and government:
        return "place"
    if m.end < len(doc) - 1 and doc[m.end].text == "," and doc[m.end + 1].ent_type_ in ("GPE", "LOC"):
        return "place"
    if m.end < len(doc) - 1 and doc[m.end].tag_ == "POS" and doc[m.end + 1].pos_ == "PROPN" and gov.pos_ == "PROPN":
        return "place"  # "Singapore's Computer Security Initiative Consultancy", "China's ZTE"
    ev = lex.org_evidence
    if head.dep_ == "nsubj" and gov.lemma_.lower() in ev.get("subject_of", ()):
        return "org"
    if head.dep_ in ("dobj", "nsubjpass") and gov.lemma_.lower() in ev.get("object_of", ()):
        return "org"
    if head.dep_ in ("poss", "compound") and gov.lemma_.lower() in ev.get("possessor_of", ()):
        return "org"
    return ""


def _coordinated_with_org(doc: Doc, m: Mention, entity_at: dict[int, EntityRecord]) -> bool:
    """'Hikvision and Dahua', 'Intel and Nvidia': a name coordinated with a known organisation is one too."""
    head = doc[m.head]
    partners = [c for c in head.children if c.dep_ == "conj"]
    if head.dep_ == "conj":
        partners.append(head.head)
    return any(p.i in entity_at and entity_at[p.i].types[0] in ORG_TYPES for p in partners)


def _places_after_companies(doc: Doc, mentions: list[Mention], lex: Lexicon) -> None:
    """'Waste Disposal Co. of Randolph', 'Acme Inc. in Devine': an untyped one-word name right after a company
    name with a corporate suffix and 'of'/'in' is the company's town."""
    by_end = {m.end: m for m in mentions if m.kind == "name" and m.start >= 0}
    for m in mentions:
        if m.kind != "name" or m.type != "Organization" or m.end - m.start != 1 or m.start < 2:
            continue
        prep = doc[m.start - 1]
        company = by_end.get(m.start - 1)
        if prep.lower_ not in ("of", "in") or company is None or company.type != "Company":
            continue
        if name_key(company.text).split()[-1] in lex.corporate_suffixes:
            m.type = "Location"


def _retype_places(doc: Doc, mentions: list[Mention], b: _Builder, lex: Lexicon) -> None:
    """An unknown company the model tagged as a place ('Sandvine', 'Cellebrite') becomes an organisation when
    the text uses it like one (it sells, is acquired, has technology, stands with companies) more often than
    like a place."""
    entity_at = {mentions[i].head: rec for rec in b.entities for i in rec.mentions if rec.types}
    for rec in b.entities:
        if not rec.mentions or "Location" not in rec.types or name_key(rec.name) in lex.gazetteer:
            continue
        uses = [_usage(doc, mentions[i], lex) for i in rec.mentions if mentions[i].start >= 0]
        uses += ["org" for i in rec.mentions if _coordinated_with_org(doc, mentions[i], entity_at)]
        if uses.count("org") > uses.count("place"):
            rec.types = ["Organization" for _ in rec.types]
            for i in rec.mentions:
                mentions[i].type = "Organization"


def resolve(doc: Doc, mentions: list[Mention], lex: Lexicon) -> list[EntityRecord]:
    """Type the name mentions, group all mentions into entities; sets each mention's `entity` (-1 if none)."""
    for m in mentions:
        if m.kind == "name":
            m.type = type_of(m, doc, lex)
            noun = kind_noun(m, doc, lex)
            if noun is not None and lex.type_nouns[noun.lemma_.lower()] == m.type:
                m.kind_noun = noun.i
    _qualify_bodies(doc, mentions)
    _places_after_companies(doc, mentions, lex)
    b = _Builder(doc, mentions)
    _merge_names(doc, mentions, lex, b)
    _retype_places(doc, mentions, b, lex)
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
            if publisher.type == "GovernmentBody" and m.noun in lex.state_probes and not _reports(doc[m.head], lex):
                continue  # "an investigation by the Bureau of Industry and Security" is a probe, not a publication
            m.text = f"{publisher.name} {m.noun}"
            b.add(i, name_key(m.text), "Report")
        elif m.kind == "description":
            types = lex.descriptions.get(m.noun, ())
            target = _apposed(doc, mentions, m)
            if target < 0:
                target = _described(doc, mentions, m, b.entities)
            if target < 0:
                target = _named_like(mentions, m, types, b.entities)
            if target < 0 and doc[m.head].dep_ in ("nsubj", "nsubjpass") and types[:1] == ("Company",):
                target = _topic(doc, mentions, order, m, b.entities)
            if target < 0 and types[:1] != ("Company",):  # a company is the story's topic; bodies pass by
                target = _only_recent(doc, mentions, m, types, b.entities)
            if target < 0:
                target = _nearest(doc, mentions, order, m.start, types, DESCRIPTION_WINDOW, b.entities)
            if target >= 0:
                b.add(i, "", b.entities[target].type, target)
                rec = b.entities[target]
                if rec.type == "Organization" and types and types[0] != "Organization":
                    rec.type = types[0]
        elif m.kind == "pronoun" and _conjunct_owner(doc, mentions, m) >= 0:
            owner = _conjunct_owner(doc, mentions, m)
            b.add(i, "", b.entities[owner].type, owner)
        elif m.kind == "pronoun":
            types = ("Person",) if m.noun == "he" else tuple(ORG_TYPES)  # any order: subjects come first
            target = _nearest(
                doc,
                mentions,
                order,
                m.start,
                types,
                PRONOUN_WINDOW,
                b.entities,
                subjects_first=True,
            )
            if target >= 0:
                b.add(i, "", b.entities[target].type, target)
    for rec in b.entities:
        if rec.mentions and not rec.type:
            _finalise(b, lex)
            break
    return b.entities
