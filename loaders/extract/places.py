"""Where organisations are: '-based', 'headquartered in', "X's Rockville headquarters", 'X of/in Y', 'McCook, Ill.'
and the source lines of monitored media; plus the relations a name carries by position (person of org).
"""

from __future__ import annotations

from spacy.tokens import Token

from loaders.extract.context import ORG_TYPES, Context, pobjs, preps
from loaders.extract.mentions import Mention, place_of_description
from loaders.extract.source_lines import SOURCE_LINE


def located_rule(ctx: Context, part: Token) -> None:
    """'the Boston-based firm', 'X, based in Y', 'X is headquartered in Y'."""
    doc = ctx.doc
    if part.dep_ in ("amod", "acl", "compound", "advcl"):
        holder = part.head
        if holder.lower_ in ("both", "all", "each") and holder.dep_ == "appos":
            holder = holder.head  # "X and Y, both headquartered in Z"
        orgs = ctx.ents(holder)
    else:
        founding = part.lemma_.lower() in ctx.lex.founding_verbs  # "Y founded X in Z": X, not Y, is in Z
        deps = ("nsubjpass", "dobj") if founding else ("nsubjpass", "nsubj")
        orgs = [e for c in part.children if c.dep_ in deps for e in ctx.ents(c)]
        if part.dep_ == "relcl":
            orgs += ctx.ents(part.head)
    places: list[int] = []
    for c in part.children:
        if c.dep_ in ("npadvmod", "compound", "nmod", "advmod") and c.i < part.i:
            places += ctx.ents(c)
    if not places and part.i >= 2 and doc[part.i - 1].text in ("-", "\u2010"):
        places += ctx.ents(doc[part.i - 2])
    places = [city_before(ctx, p, part.i) for p in places]
    for p in preps(part, {"in", "at", "near", "outside"}):
        for t in pobjs(p):
            places += ctx.ents(t)
            places += later_places(ctx, t)
    places = [p for p in places if ctx.type(p) == "Location"]
    orgs = [o for o in orgs if ctx.type(o) != "Location" or True]
    status = "" if part.dep_ in ("ROOT", "ccomp", "xcomp", "conj") else "stated"
    ctx.add("LOCATED_IN", orgs, places, part, 0.85, status=status)


def city_before(ctx: Context, place: int, before: int) -> int:
    """'Waltham, Massachusetts-based': the city written before the region (in the few tokens before `before`)
    is where the organisation is."""
    doc = ctx.doc
    for i in ctx.entities[place].mentions:
        m = ctx.mentions[i]
        if not 0 <= before - m.end <= 2:
            continue
        if m.start >= 2 and doc[m.start - 1].text == "," and ctx.taken[m.start - 2] >= 0:
            city = ctx.mentions[ctx.taken[m.start - 2]].entity
            if city >= 0 and city != place and ctx.type(city) == "Location":
                return city
    return place


def seat_rule(ctx: Context, noun: Token) -> None:
    """ "X's Rockville headquarters", "X's offices in Y", "the Paris branch of X": X is located in the place."""
    places = [e for c in noun.children if c.dep_ in ("compound", "nmod", "amod") for e in ctx.ents(c)]
    owner_tokens = [c for c in noun.children if c.dep_ in ("poss", "compound")]
    if any(ctx.type(p) == "Location" for p in places):
        owner_tokens += [t for p in preps(noun, {"of"}) for t in pobjs(p)]
    owners = [e for t in owner_tokens for e in ctx.ents(t) if ctx.type(e) in ORG_TYPES]
    if not owners:
        return
    for p in preps(noun, {"in", "at", "near"}):
        for t in pobjs(p):
            places += ctx.ents(t) + later_places(ctx, t)
    for c in noun.children:
        if c.dep_ in ("compound", "nmod"):
            places += later_places(ctx, c)
    places = [p for p in places if ctx.type(p) == "Location"]
    ctx.add("LOCATED_IN", owners, places, noun, 0.7, status="stated")


# "Israel's Ministry of Defense", "Ukraine's X": a state body written with its country is that country's body,
# which says nothing about where it sits; only other organisations get LOCATED_IN from a possessive place.
PLACED_TYPES = frozenset({"Company", "Organization", "NGO", "MediaOutlet"})


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


def _name_preps(ctx: Context, m: Mention, words: set[str]) -> list[Token]:
    """Prepositions after a name: under its head (or its type noun: 'the Acme company in Y'), or the token right
    after the name if the parser moved it."""
    doc = ctx.doc
    head, end = (doc[m.kind_noun], m.kind_noun + 1) if m.kind_noun >= 0 else (doc[m.head], m.end)
    out = [c for c in head.children if c.dep_ == "prep" and c.lower_ in words and c.i >= end]
    if not out and end < len(doc) and doc[end].lower_ in words and doc[end].dep_ == "prep":
        out.append(doc[end])
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
    if etype in ORG_TYPES and m.kind != "body":  # "police in Tibet" is named after its place already
        for p in _name_preps(ctx, m, {"in", "of", "at"}):
            for t in pobjs(p):
                if t.lower_ in ctx.lex.languages:
                    continue
                places = [x for x in ctx.ents(t) + later_places(ctx, t) if ctx.type(x) == "Location"]
                ctx.add("LOCATED_IN", [e], places, head, 0.6, status="stated")
    if etype == "Location" and head.dep_ in ("compound", "nmod") and head.i < head.head.i:
        owners = ctx.ents(head.head)  # "Acme Corp's Haifa plant", "Candiru, a Tel Aviv company"
        if ctx.taken[head.head.i] >= 0 or head.head.lemma_.lower() in ctx.lex.type_nouns:
            owners = [o for o in owners if o != e and ctx.type(o) in PLACED_TYPES]
            ctx.add("LOCATED_IN", owners, [e], head, 0.5, status="stated")
    if etype in ORG_TYPES or etype == "Location":
        if head.dep_ == "poss" and etype == "Location":
            owner = head.head
            target = ctx.ent(owner)
            if target < 0 and owner.lemma_.lower() in ctx.lex.type_nouns:  # "China's Great Wall firm"
                target = next(
                    (ctx.ent(c) for c in owner.children if c.dep_ in ("compound", "nmod") and ctx.ent(c) >= 0), -1
                )
            if (
                target >= 0
                and target != e
                and (ctx.type(target) in PLACED_TYPES or ctx.type(target) == "Location")
            ):
                ctx.add("LOCATED_IN", [target], [e], owner, 0.6, status="stated")
        if etype == "Location":
            ctx.add("LOCATED_IN", [e], later_places(ctx, head), head, 0.5, status="stated")
            desc = place_of_description(head, ctx.lex)  # "the Waltham, Massachusetts, company": in Waltham
            if desc is not None and ctx.ent(desc) >= 0 and ctx.type(ctx.ent(desc)) in PLACED_TYPES:
                ctx.add("LOCATED_IN", [ctx.ent(desc)], [e], desc, 0.6, status="stated")
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
    if etype == "GovernmentBody" and m.kind == "name":  # a broadcaster "Ethiopian" by name may be abroad
        ctx.add("LOCATED_IN", [e], national_places(ctx, m), head, 0.5, status="stated")
    if m.kind == "body" and m.ref >= 0 and ctx.mentions[m.ref].entity >= 0:
        place = ctx.mentions[m.ref].entity
        if ctx.type(place) == "Location" and ctx.mentions[m.ref].start > m.start and ctx.type(e) != "GovernmentBody":
            ctx.add("LOCATED_IN", [e], [place], head, 0.7, status="stated")


def nationality_rule(ctx: Context, m: Mention) -> None:
    """ "the Israeli group Candiru", "Russian group Positive Technologies", "the Chinese company Huawei": an
    organisation described by a nationality is in that country, when the text names the country too."""
    if m.kind != "name" or m.entity < 0 or ctx.type(m.entity) not in PLACED_TYPES:
        return
    head = ctx.doc[m.head]
    kinds = [c for c in head.children if c.dep_ == "compound" and c.lemma_.lower() in ctx.lex.type_nouns]
    if head.dep_ == "appos" and head.head.lemma_.lower() in ctx.lex.type_nouns and head.head.i == m.start - 1:
        kinds.append(head.head)  # "the Israeli group Candiru", not a name further down the list
    adjectives = [a for k in kinds for a in k.children if a.dep_ in ("amod", "compound") and a.ent_type_ == "NORP"]
    for adjective in adjectives:
        places = [
            n
            for n, rec in enumerate(ctx.entities)
            if rec.mentions and rec.type == "Location" and demonym_of(adjective.text, rec.name)
        ]
        ctx.add("LOCATED_IN", [m.entity], places[:1], adjective, 0.6, status="stated")


def source_line_rule(ctx: Context, m: Mention) -> None:
    """'Moscow KOMSOMOLSKAYA PRAVDA in Russian': the outlet of a source line is based in the place before it
    (see source_lines.py; wire datelines such as 'BEIJING (Reuters)' give nothing)."""
    if m.noun != SOURCE_LINE or m.ref < 0 or m.entity < 0:
        return
    place = ctx.mentions[m.ref].entity
    if place >= 0 and ctx.type(place) == "Location":
        ctx.add("LOCATED_IN", [m.entity], [place], ctx.doc[m.head], 0.6, status="stated")


def product_owner_rule(ctx: Context, m: Mention) -> None:
    """ "NSO Group's Pegasus spyware", 'its FinSpy surveillance software': the possessor owns the product."""
    if m.entity < 0 or ctx.type(m.entity) != "Product":
        return
    head = ctx.doc[m.head]
    noun = head
    while noun.dep_ == "compound" and noun.head.pos_ == "NOUN" and noun.head.i > noun.i:
        noun = noun.head
    spyware = noun.i != head.i and noun.lemma_.lower() in ctx.lex.product_heads
    nodes = [head, noun] if spyware else [head]  # "its Pegasus spyware", not "its Twitter account"
    owners = [
        e
        for node in nodes
        for c in node.children
        if c.dep_ == "poss"
        for e in ctx.ents(c)
        if ctx.type(e) in ORG_TYPES or ctx.type(e) == "Person"
    ]
    ctx.add("OWNS", owners, [m.entity], head, 0.7)


def demonym_of(word: str, place: str) -> bool:
    """ "Haitian" of Haiti, "Chinese" of China, "Canadian" of Canada: the adjective starts with the place's
    name less its last letter (at least four letters) and ends like a demonym."""
    word, place = word.lower(), place.lower()
    if len(place) < 5 or " " in place or not word.isalpha() or word == place:
        return False
    return word.startswith(place[:-1]) and len(word) - len(place) <= 3


def national_places(ctx: Context, m: Mention) -> list[int]:
    """ "the Haitian Parliament ... Haiti": a body named after a nationality is in the country of that name
    when the sentence names the country too."""
    words = m.text.split()
    if len(words) < 2 or not words[0][:1].isupper():
        return []
    sent = ctx.doc[m.head].sent
    out: list[int] = []
    for i in range(sent.start, sent.end):
        k = ctx.taken[i]
        if k < 0 or ctx.mentions[k].start != i or ctx.mentions[k].entity < 0:
            continue
        place = ctx.mentions[k].entity
        if ctx.type(place) == "Location" and place not in out and demonym_of(words[0], ctx.entities[place].name):
            out.append(place)
    return out
