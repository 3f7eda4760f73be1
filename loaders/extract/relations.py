"""Find typed, directed relations between resolved entities from the dependency parse.

One pass over tokens dispatches each trigger (relation verb, relation noun, role noun, '-based', response)
to a small rule; name and report mentions add location, publication and subject relations. Every candidate
keeps the token that triggered it, so its status and evidence sentence can be read off.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from loaders.extract.lexicon import Frame, Lexicon
from loaders.extract.mentions import Mention
from loaders.extract.resolve_local import EntityRecord
from loaders.extract.status import status_of

ORG_TYPES = frozenset({"Company", "Organization", "NGO", "GovernmentBody", "MediaOutlet"})
PLACE_NOUNS = frozenset(
    {
        "region",
        "province",
        "city",
        "state",
        "country",
        "area",
        "capital",
        "county",
        "district",
        "territory",
        "town",
        "village",
        "prefecture",
        "municipality",
    }
)
ROLE_PREPS = frozenset({"of", "at", "for", "with", "to", "in"})


@dataclass
class Candidate:
    """A relation found in one sentence, before schema checks: entity indices, trigger token, attributes."""

    type: str
    source: int
    target: int
    trigger: int
    confidence: float
    attributes: dict[str, str] = field(default_factory=dict)
    status: str = ""


class Context:
    """What the rules read: the parse, the mentions, the entities and the lexicon."""

    def __init__(
        self, doc: Doc, mentions: list[Mention], taken: list[int], entities: list[EntityRecord], lex: Lexicon
    ) -> None:
        self.doc = doc
        self.mentions = mentions
        self.taken = taken
        self.entities = entities
        self.lex = lex
        self.out: list[Candidate] = []

    def ent(self, tok: Token) -> int:
        """The entity a token belongs to, or that a place noun ('the Rift Valley region') names, or -1."""
        m = self.taken[tok.i]
        if m >= 0:
            return self.mentions[m].entity
        if tok.lemma_.lower() in PLACE_NOUNS:
            for child in tok.children:
                if child.dep_ in ("compound", "amod") and self.taken[child.i] >= 0:
                    return self.mentions[self.taken[child.i]].entity
        return -1

    def ents(self, tok: Token) -> list[int]:
        """Entities of a token and of the tokens coordinated with it ('X and Y')."""
        out: list[int] = []
        stack = [tok]
        seen = 0
        while stack and seen < 8:
            t = stack.pop()
            seen += 1
            e = self.ent(t)
            if e < 0 and t.pos_ in ("NOUN", "PROPN"):
                e = next((x for c in t.children if c.dep_ == "appos" and (x := self.ent(c)) >= 0), -1)
            if e >= 0 and e not in out:
                out.append(e)
            stack.extend(c for c in t.children if c.dep_ == "conj")
        return out

    def type(self, entity: int) -> str:
        return self.entities[entity].type

    def add(
        self,
        rtype: str,
        sources: list[int],
        targets: list[int],
        trigger: Token,
        confidence: float,
        attributes: dict[str, str] | None = None,
        status: str = "",
    ) -> None:
        for s in sources:
            for t in targets:
                if s != t and s >= 0 and t >= 0:
                    self.out.append(
                        Candidate(rtype, s, t, trigger.i, confidence, dict(attributes or {}), status)
                    )


def preps(tok: Token, words: frozenset[str] | set[str], adjacent: bool = True) -> list[Token]:
    """Prepositions among `words` under `tok`, or right after it when the parser hung them elsewhere."""
    out = [c for c in tok.children if c.dep_ in ("prep", "agent", "dative") and c.lower_ in words]
    nxt = tok.i + 1
    doc = tok.doc
    if (
        adjacent
        and not out
        and nxt < len(doc)
        and doc[nxt].lower_ in words
        and doc[nxt].dep_ in ("prep", "agent")
    ):
        out.append(doc[nxt])
    return out


def pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def phrase(tok: Token) -> str:
    """A noun's phrase without determiners and possessives, for attributes ('DNA sequencing equipment')."""
    doc = tok.doc
    start = tok.left_edge.i
    while start < tok.i and doc[start].dep_ in (
        "det",
        "poss",
        "case",
        "punct",
        "predet",
        "nummod",
        "quantmod",
    ):
        start += 1
    return " ".join(doc[start : tok.i + 1].text.split())


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def subjects(ctx: Context, verb: Token, depth: int = 0) -> list[int]:
    """Entities of a verb's logical subject: nsubj, passive agent, controller of an xcomp, relative head."""
    out: list[int] = []
    passive = is_passive(verb) or (verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod"))
    for c in verb.children:
        if c.dep_ == "nsubj" and not passive:
            if c.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                out.extend(ctx.ents(verb.head))
            else:
                out.extend(ctx.ents(c))
        elif c.dep_ == "agent" and passive:
            for p in pobjs(c):
                out.extend(ctx.ents(p))
    if out or depth > 2:
        return out
    if verb.dep_ == "xcomp":
        gov = verb.head
        objs = [c for c in gov.children if c.dep_ == "dobj"]
        if objs:
            return ctx.ents(objs[0])
        raised = [c for c in gov.children if c.dep_ == "nsubjpass"]
        if raised and not any(c.dep_ == "agent" for c in gov.children):
            return ctx.ents(raised[0])
        return subjects(ctx, gov, depth + 1)
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return subjects(ctx, verb.head, depth + 1)
    if verb.dep_ in ("relcl", "acl") and not passive:
        return ctx.ents(verb.head)
    return out


def direct_objects(ctx: Context, verb: Token) -> list[Token]:
    """Tokens standing as the logical direct object: dobj, or the subject of a passive."""
    passive = is_passive(verb)
    out = [c for c in verb.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
    if passive and verb.dep_ in ("acl", "relcl") and not out:
        out.append(verb.head)
    if not passive and verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod"):
        out.append(verb.head)
    return out


def slot(ctx: Context, verb: Token, name: str) -> list[Token]:
    """Tokens filling one frame slot of a verb or noun: dobj, dative, prep:X, dobj_prep:X."""
    if name == "dobj":
        return direct_objects(ctx, verb)
    if name == "dative":
        out = []
        for c in verb.children:
            if c.dep_ == "dative":
                out.extend(pobjs(c) if c.pos_ == "ADP" else [c])
        return out
    kind, _, word = name.partition(":")
    word = word.replace("_entity", "")
    heads = [verb]
    if kind == "dobj_prep":
        heads = direct_objects(ctx, verb)
    elif kind == "prep":
        heads = [verb, *direct_objects(ctx, verb)]
    out = []
    for h in heads:
        for p in preps(h, {word}, adjacent=h.i != verb.i or verb.pos_ == "NOUN"):
            out.extend(pobjs(p))
    return out


def product_of(ctx: Context, verb: Token, frame: Frame) -> str:
    for name in frame.product:
        for tok in slot(ctx, verb, name):
            if ctx.ent(tok) < 0 and tok.pos_ in ("NOUN", "PROPN"):
                return phrase(tok)
    return ""


def _frame_ok(ctx: Context, verb: Token, frame: Frame) -> bool:
    if frame.requires_particle and not any(
        c.dep_ == "prt" and c.lower_ == frame.requires_particle for c in verb.children
    ):
        return False
    if frame.requires_prep:
        for word, nouns in frame.requires_prep.items():
            if not any(
                t.lemma_.lower() in nouns or any(x.lower_ in nouns for x in t.subtree)
                for p in preps(verb, {word})
                for t in pobjs(p)
            ):
                return False
    return True


def verb_rule(ctx: Context, verb: Token, frames: tuple[Frame, ...]) -> None:
    """A relation verb: its subject and its object slot give the two ends."""
    subj = subjects(ctx, verb)
    if not subj:
        return
    for frame in frames:
        if not _frame_ok(ctx, verb, frame):
            continue
        s_ok = [s for s in subj if not frame.subject_types or ctx.type(s) in frame.subject_types]
        if not s_ok:
            continue
        objs: list[int] = []
        for name in frame.object:
            for tok in slot(ctx, verb, name):
                objs.extend(e for e in ctx.ents(tok) if e not in objs)
            if objs:
                break
        objs = [o for o in objs if not frame.object_types or ctx.type(o) in frame.object_types]
        if not objs:
            continue
        attrs = {}
        if frame.product:
            product = product_of(ctx, verb, frame)
            if product:
                attrs["product"] = product
        if frame.role:
            attrs["role"] = frame.role
        if frame.subject == "source":
            ctx.add(frame.type, s_ok, objs, verb, 0.75, attrs)
        else:
            ctx.add(frame.type, objs, s_ok, verb, 0.75, attrs)
        return


def holders(ctx: Context, noun: Token) -> list[int]:
    """Who a relation noun belongs to: 'its role as supplier', 'X, a supplier', "X's letter"."""
    for c in noun.children:
        if c.dep_ == "poss":
            return ctx.ents(c)
    if noun.dep_ == "appos":
        return ctx.ents(noun.head)
    appos = [e for c in noun.children if c.dep_ == "appos" for e in ctx.ents(c)]
    if appos:
        return appos
    head = noun.head
    if noun.dep_ == "attr" and head.pos_ in ("AUX", "VERB"):
        return subjects(ctx, head)
    if noun.dep_ == "pobj" and head.lower_ == "as":
        gov = head.head
        if gov.pos_ in ("NOUN", "PROPN"):
            return holders(ctx, gov) if ctx.ent(gov) < 0 else [ctx.ent(gov)]
        objs = [e for t in direct_objects(ctx, gov) for e in ctx.ents(t)]
        return objs or subjects(ctx, gov)
    for p in preps(noun, {"by", "from"}):
        for t in pobjs(p):
            found = ctx.ents(t)
            if found:
                return found
    compound = [e for c in noun.children if c.dep_ == "compound" for e in ctx.ents(c)]
    if compound:
        return compound
    if noun.dep_ == "dobj" and head.pos_ == "VERB":
        return subjects(ctx, head)
    return []


def noun_rule(ctx: Context, noun: Token, frame: Frame) -> None:
    """A relation noun ('supplier of X to Y', 'a customer of Y', 'a letter to Y')."""
    owner = holders(ctx, noun)
    if not owner:
        return
    others: list[int] = []
    for name in frame.object:
        for tok in slot(ctx, noun, name):
            others.extend(e for e in ctx.ents(tok) if e not in others and e not in owner)
        if others:
            break
    if not others:
        return
    attrs = {}
    product = product_of(ctx, noun, frame)
    if product:
        attrs["product"] = product
    if frame.subject == "source":
        ctx.add(frame.type, owner, others, noun, 0.7, attrs)
    else:
        ctx.add(frame.type, others, owner, noun, 0.7, attrs)


def role_text(ctx: Context, noun: Token) -> str:
    """A role noun with the role words before it ('Executive Director', 'chief executive officer')."""
    doc = ctx.doc
    lex = ctx.lex
    start = noun.i
    while (
        start > 0
        and ctx.taken[start - 1] < 0
        and (doc[start - 1].lower_ in lex.role_modifiers or doc[start - 1].lower_ in lex.roles)
    ):
        start -= 1
    end = noun.i + 1
    while (
        end < len(doc) and ctx.taken[end] < 0 and doc[end].lower_ in lex.roles and doc[end].head.i == noun.i
    ):
        end += 1
    return doc[start:end].text


def role_people(ctx: Context, noun: Token) -> list[int]:
    """The people holding a role noun: appositions, predicates, titles before a name."""
    people: list[int] = []

    def person(tok: Token) -> list[int]:
        return [e for e in ctx.ents(tok) if ctx.type(e) == "Person"]

    head = noun.head
    if noun.dep_ == "appos":
        people += person(head)
    for c in noun.children:
        if c.dep_ == "appos":
            people += person(c)
    if noun.dep_ in ("attr", "oprd") and head.pos_ in ("AUX", "VERB"):
        for c in head.children:
            if c.dep_ in ("nsubj", "nsubjpass", "dobj"):
                people += person(c)
        if head.dep_ == "relcl":
            people += person(head.head)
    if noun.dep_ in ("compound", "nmod") and ctx.taken[head.i] >= 0:
        people += person(head)
    if noun.dep_ == "pobj" and head.lower_ == "as":
        gov = head.head
        if gov.pos_ in ("VERB", "AUX"):
            objs = [e for t in direct_objects(ctx, gov) for e in person(t)]
            people += objs or [s for s in subjects(ctx, gov) if ctx.type(s) == "Person"]
    return people


def role_orgs(ctx: Context, noun: Token) -> list[int]:
    """The organisations a role noun is held at: 'CEO of X', "X's CEO", 'X spokesman'."""
    orgs: list[int] = []

    def org(tok: Token) -> list[int]:
        return [e for e in ctx.ents(tok) if ctx.type(e) in ORG_TYPES]

    for p in preps(noun, ROLE_PREPS):
        for t in pobjs(p):
            orgs += org(t)
    for c in noun.children:
        if c.dep_ in ("poss", "compound", "nmod") and c.i < noun.i:
            orgs += org(c)
    if not orgs:
        doc = ctx.doc
        k = noun.i - 1
        while (
            k >= 0
            and ctx.taken[k] < 0
            and (
                doc[k].lower_ in ctx.lex.role_modifiers
                or doc[k].lower_ in ctx.lex.roles
                or doc[k].tag_ == "POS"
            )
        ):
            k -= 1
        if (
            k >= 0
            and ctx.taken[k] >= 0
            and (k == noun.i - 1 or doc[k + 1].tag_ == "POS" or doc[k + 1].lower_ in ctx.lex.role_modifiers)
        ):
            e = ctx.ent(doc[k])
            if e >= 0 and ctx.type(e) in ORG_TYPES:
                orgs.append(e)
    if not orgs and noun.dep_ in ("compound", "nmod"):
        for c in noun.head.children:
            if c.dep_ in ("compound", "nmod", "poss") and c.i < noun.i:
                orgs += org(c)
    return orgs


def role_rule(ctx: Context, noun: Token) -> None:
    """A role noun linking a person to an organisation: HAS_ROLE_AT, or MEMBER_OF for 'member'."""
    people = role_people(ctx, noun)
    if not people:
        return
    orgs = role_orgs(ctx, noun)
    if not orgs:
        return
    member = noun.lemma_.lower() in ctx.lex.member_roles
    attrs = {} if member else {"role": role_text(ctx, noun)}
    status = "" if noun.dep_ in ("attr", "oprd") else "stated"
    ctx.add("MEMBER_OF" if member else "HAS_ROLE_AT", people, orgs, noun, 0.8, attrs, status)


def located_rule(ctx: Context, part: Token) -> None:
    """'the Boston-based firm', 'X, based in Y', 'X is headquartered in Y'."""
    doc = ctx.doc
    if part.dep_ in ("amod", "acl", "compound", "advcl"):
        orgs = ctx.ents(part.head)
    else:
        orgs = [e for c in part.children if c.dep_ in ("nsubjpass", "nsubj") for e in ctx.ents(c)]
        if part.dep_ == "relcl":
            orgs += ctx.ents(part.head)
    places: list[int] = []
    for c in part.children:
        if c.dep_ in ("npadvmod", "compound", "nmod", "advmod") and c.i < part.i:
            places += ctx.ents(c)
    if not places and part.i >= 2 and doc[part.i - 1].text in ("-", "\u2010"):
        places += ctx.ents(doc[part.i - 2])
    for p in preps(part, {"in", "at", "near", "outside"}):
        for t in pobjs(p):
            places += ctx.ents(t)
            places += later_places(ctx, t)
    places = [p for p in places if ctx.type(p) == "Location"]
    orgs = [o for o in orgs if ctx.type(o) != "Location" or True]
    status = "" if part.dep_ in ("ROOT", "ccomp", "xcomp", "conj") else "stated"
    ctx.add("LOCATED_IN", orgs, places, part, 0.85, status=status)


def seat_rule(ctx: Context, noun: Token) -> None:
    """ "X's Rockville headquarters", "X's offices in Y": X is located in the place."""
    owners = [
        e
        for c in noun.children
        if c.dep_ in ("poss", "compound")
        for e in ctx.ents(c)
        if ctx.type(e) in ORG_TYPES
    ]
    if not owners:
        return
    places = [e for c in noun.children if c.dep_ in ("compound", "nmod", "amod") for e in ctx.ents(c)]
    for p in preps(noun, {"in", "at", "near"}):
        for t in pobjs(p):
            places += ctx.ents(t) + later_places(ctx, t)
    for c in noun.children:
        if c.dep_ in ("compound", "nmod"):
            places += later_places(ctx, c)
    places = [p for p in places if ctx.type(p) == "Location"]
    ctx.add("LOCATED_IN", owners, places, noun, 0.7, status="stated")


def later_places(ctx: Context, tok: Token) -> list[int]:
    """'McCook, Ill.': the place named after a comma, which contains the one before it."""
    m = ctx.taken[tok.i]
    if m < 0:
        return []
    end = ctx.mentions[m].end
    doc = ctx.doc
    if end + 1 < len(doc) and doc[end].text == "," and ctx.taken[end + 1] >= 0:
        nxt = ctx.mentions[ctx.taken[end + 1]]
        after = nxt.end
        in_list = (
            doc[nxt.head].dep_ == "conj"
            or any(c.dep_ == "conj" for c in doc[nxt.head].children)
            or (m >= 0 and ctx.mentions[m].start > 0 and doc[ctx.mentions[m].start - 1].text == ",")
        )
        if (
            nxt.entity >= 0
            and ctx.type(nxt.entity) == "Location"
            and not in_list
            and (after >= len(doc) or doc[after].text in (",", ".", ")", ";", "--") or doc[after].is_space)
        ) and not (
            after < len(doc) - 1 and doc[after].text == "," and doc[after + 1].lower_ in ("and", "or")
        ):
            return [nxt.entity]
    return []


def response_rule(ctx: Context, tok: Token) -> None:
    """'Y did not respond to a letter from X', 'the response from Y to X's inquiries': X contacted Y."""
    lex = ctx.lex
    if tok.pos_ == "VERB":
        responders = subjects(ctx, tok)
    else:
        responders = [e for c in tok.children if c.dep_ == "poss" for e in ctx.ents(c)]
        for p in preps(tok, {"from"}):
            for t in pobjs(p):
                responders += ctx.ents(t)
    if not responders:
        return
    senders: list[int] = []
    status = "stated"
    for p in preps(tok, {"to"}):
        for t in pobjs(p):
            if t.lemma_.lower() not in lex.messages:
                status = ""
            if t.lemma_.lower() in lex.messages:
                for c in t.children:
                    if c.dep_ in ("poss", "compound"):
                        senders += ctx.ents(c)
                for p2 in preps(t, {"from", "by"}):
                    for t2 in pobjs(p2):
                        senders += ctx.ents(t2)
            else:
                senders += ctx.ents(t)
    ctx.add("CONTACTED", senders, responders, tok, 0.7, status=status)


def report_rules(ctx: Context, idx: int) -> None:
    """An unnamed report: PUBLISHED by its publisher; CONCERNS what 'report that S' or 'report on X' names."""
    m = ctx.mentions[idx]
    if m.entity < 0:
        return
    doc = ctx.doc
    noun = doc[m.head]
    publisher = ctx.mentions[m.ref].entity if m.ref >= 0 else -1
    if publisher >= 0:
        ctx.add("PUBLISHED", [publisher], [m.entity], noun, 0.8, status="stated")
    about: list[int] = []
    for c in noun.children:
        if c.dep_ in ("ccomp", "acl", "relcl") and any(
            x.dep_ == "mark" and x.lower_ == "that" for x in c.children
        ):
            about += [e for s in c.children if s.dep_ in ("nsubj", "nsubjpass") for e in ctx.ents(s)]
    for p in preps(noun, ctx.lex.about_preps):
        for t in pobjs(p):
            about += ctx.ents(t)
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in ctx.lex.report_verbs_that:
        for c in noun.head.children:
            if c.dep_ == "ccomp":
                about += [e for s in c.children if s.dep_ in ("nsubj", "nsubjpass") for e in ctx.ents(s)]
    about = [a for a in about if a != publisher]
    ctx.add("CONCERNS", [m.entity], about, noun, 0.7, status="stated")


def _name_preps(ctx: Context, m: Mention, words: set[str]) -> list[Token]:
    """Prepositions after a name: under its head, or the token right after the name if the parser moved it."""
    doc = ctx.doc
    out = [c for c in doc[m.head].children if c.dep_ == "prep" and c.lower_ in words and c.i >= m.end]
    if not out and m.end < len(doc) and doc[m.end].lower_ in words and doc[m.end].dep_ == "prep":
        out.append(doc[m.end])
    return out


def _possessors(ctx: Context, tok: Token) -> list[int]:
    """Entities written as possessors of a token ("Harvard University's ... School")."""
    return [e for c in tok.children if c.dep_ == "poss" for e in ctx.ents(c)]


def name_rules(ctx: Context, idx: int) -> None:
    """Relations a name carries by position: 'X of Y' (person at org, org in place), "Y's X", 'X, Y'."""
    m = ctx.mentions[idx]
    e = m.entity
    if e < 0:
        return
    doc = ctx.doc
    head = doc[m.head]
    etype = ctx.type(e)
    if etype in ORG_TYPES:
        for p in _name_preps(ctx, m, {"in", "of", "at"}):
            for t in pobjs(p):
                places = [x for x in ctx.ents(t) + later_places(ctx, t) if ctx.type(x) == "Location"]
                ctx.add("LOCATED_IN", [e], places, head, 0.6, status="stated")
    if etype == "Location" and head.dep_ in ("compound", "nmod") and ctx.taken[head.head.i] >= 0:
        owner = ctx.ent(head.head)
        if owner >= 0 and owner != e and ctx.type(owner) in ORG_TYPES and head.i < head.head.i:
            ctx.add("LOCATED_IN", [owner], [e], head, 0.5, status="stated")
    if etype in ORG_TYPES or etype == "Location":
        if head.dep_ == "poss" and etype == "Location":
            owner = head.head
            target = ctx.ent(owner)
            if (
                target >= 0
                and target != e
                and (ctx.type(target) in ORG_TYPES or ctx.type(target) == "Location")
            ):
                ctx.add("LOCATED_IN", [target], [e], owner, 0.6, status="stated")
        if etype == "Location":
            ctx.add("LOCATED_IN", [e], later_places(ctx, head), head, 0.5, status="stated")
    elif etype == "Person":
        if m.ref >= 0 and ctx.mentions[m.ref].entity >= 0:
            ctx.add("HAS_ROLE_AT", [e], [ctx.mentions[m.ref].entity], head, 0.6, {"role": m.role}, "stated")
        for p in _name_preps(ctx, m, {"of", "at"}):
            for t in pobjs(p):
                orgs = [
                    x
                    for x in ctx.ents(t) + _possessors(ctx, t)
                    if ctx.type(x) in ORG_TYPES
                    and (ctx.type(x) != "Organization" or " " in ctx.entities[x].name)
                ]
                ctx.add("HAS_ROLE_AT", [e], orgs, head, 0.55, status="stated")
    if m.kind == "body" and m.ref >= 0 and ctx.mentions[m.ref].entity >= 0:
        place = ctx.mentions[m.ref].entity
        if ctx.type(place) == "Location" and ctx.mentions[m.ref].start > m.start:
            ctx.add("LOCATED_IN", [e], [place], head, 0.7, status="stated")


def _skip_preamble(ctx: Context, i: int, end: int) -> int:
    """Skip what may open a dateline: white space, '(Text)', wire ids such as 'PA2203162994'."""
    doc = ctx.doc
    while i < end:
        tok = doc[i]
        if tok.is_space or (
            not tok.is_alpha
            and any(ch.isdigit() for ch in tok.text)
            and not tok.is_upper
            and any(ch.isalpha() for ch in tok.text)
        ):
            i += 1
        elif tok.text == "(" and i + 2 < end and doc[i + 2].text == ")" and ctx.taken[i + 1] < 0:
            i += 3
        else:
            break
    return i


def dateline_rule(ctx: Context, start: int, end: int) -> None:
    """A dateline opening a sentence: 'BRUSSELS, Belgium (AP) --', 'Moscow XINHUA', '(ANSA) Brussels, May 25':
    the news organisation files from, so is based in, the place."""
    doc = ctx.doc
    i = _skip_preamble(ctx, start, end)
    places: list[int] = []
    trigger = i
    if i + 3 < end and doc[i].text == "(" and ctx.taken[i + 1] >= 0:
        m = ctx.mentions[ctx.taken[i + 1]]
        if m.end < end and doc[m.end].text == ")" and m.entity >= 0 and ctx.type(m.entity) in ORG_TYPES:
            j = m.end + 1
            if j < end and ctx.taken[j] >= 0 and ctx.mentions[ctx.taken[j]].entity >= 0:
                place = ctx.mentions[ctx.taken[j]]
                if ctx.type(place.entity) == "Location" and place.end < end and doc[place.end].text == ",":
                    ctx.add("LOCATED_IN", [m.entity], [place.entity], doc[i + 1], 0.4, status="stated")
        return
    while i < end and ctx.taken[i] >= 0:
        m = ctx.mentions[ctx.taken[i]]
        if m.entity < 0 or ctx.type(m.entity) != "Location" or m.start != i:
            break
        places.append(m.entity)
        i = m.end
        if i < end and doc[i].text == ",":
            i += 1
    if not places:
        return
    k = i
    while (
        k < end and k - i < 5 and (doc[k].like_num or doc[k].text in (",", ".") or doc[k].ent_type_ == "DATE")
    ):
        k += 1
    if k + 2 < end and doc[k].text == "(" and ctx.taken[k + 1] >= 0:
        m = ctx.mentions[ctx.taken[k + 1]]
        if m.end < end and doc[m.end].text == ")" and m.entity >= 0 and ctx.type(m.entity) in ORG_TYPES:
            ctx.add("LOCATED_IN", [m.entity], places, doc[trigger], 0.4, status="stated")
        return
    if i == k and i < end and ctx.taken[i] >= 0:
        m = ctx.mentions[ctx.taken[i]]
        after = doc[m.end] if m.end < end else None
        media = m.entity >= 0 and (ctx.type(m.entity) == "MediaOutlet" or m.text.isupper())
        if m.start == i and media and (after is None or after.lower_ == "in" or after.is_space):
            ctx.add("LOCATED_IN", [m.entity], places, doc[trigger], 0.4, status="stated")


def find_relations(
    doc: Doc, mentions: list[Mention], taken: list[int], entities: list[EntityRecord], lex: Lexicon
) -> list[Candidate]:
    """All relation candidates of a document, each with its status set from the trigger's clause."""
    ctx = Context(doc, mentions, taken, entities, lex)
    verb_frames = lex.verb_frames
    noun_frames = lex.noun_frames
    for tok in doc:
        pos = tok.pos_
        if pos not in ("VERB", "NOUN", "PROPN", "AUX"):
            continue
        lemma = tok.lemma_.lower()
        if pos == "VERB":
            frames = verb_frames.get(lemma)
            if frames:
                verb_rule(ctx, tok, frames)
            if lemma in lex.response_verbs:
                response_rule(ctx, tok)
            if lemma in lex.located_participles:
                located_rule(ctx, tok)
            continue
        if taken[tok.i] >= 0 and mentions[taken[tok.i]].kind == "name":
            continue
        low = tok.lower_
        if lemma in lex.roles or low in lex.roles or lemma in lex.member_roles:
            role_rule(ctx, tok)
        frame = noun_frames.get(lemma)
        if frame:
            noun_rule(ctx, tok, frame)
        if lemma in lex.response_nouns:
            response_rule(ctx, tok)
        if lemma in lex.located_participles:
            located_rule(ctx, tok)
        elif lemma in lex.located_nouns or low in lex.located_nouns:
            seat_rule(ctx, tok)
    for idx, m in enumerate(mentions):
        if m.kind == "report":
            report_rules(ctx, idx)
        elif m.kind in ("name", "body"):
            name_rules(ctx, idx)
    for sent in doc.sents:
        dateline_rule(ctx, sent.start, sent.end)
    for cand in ctx.out:
        if not cand.status:
            cand.status = status_of(doc[cand.trigger], lex)
    return ctx.out
