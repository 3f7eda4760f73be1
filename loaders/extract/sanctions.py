"""Sanction lists: 'added X to its Entity List', 'X was placed on the US Commerce Department's Entity List',
'X was among the organisations added to ...', 'The list included X', 'were listed'. The list's owner (its
possessor, the adding body, or the last owner named earlier in the document for 'the list') SANCTIONED every
actor named in the object; 'along with' and 'including' phrases add companions to any SANCTIONED verb.
"""

from __future__ import annotations

from spacy.tokens import Token

from loaders.extract.context import Context, is_passive, pobjs, preps, subjects
from loaders.extract.nouns import topic_company
from loaders.extract.reports import entities_in

ACTOR_TYPES = frozenset({"Person", "Company", "GovernmentBody", "NGO", "MediaOutlet", "Organization"})


def list_noun(ctx: Context, verb: Token) -> Token | None:
    """The sanction list a verb puts something on ('to its Entity List', 'on the blacklist'), or its subject
    for 'include' ('The list included ...')."""
    for p in preps(verb, {"to", "on", "onto"}):
        for t in pobjs(p):
            if t.lemma_.lower() in ctx.lex.list_nouns:
                return t
    for c in verb.children:
        if c.dep_ in ("nsubj",) and c.lemma_.lower() in ctx.lex.list_nouns:
            return c
    return None


def list_owner(ctx: Context, verb: Token, noun: Token | None) -> list[int]:
    """Who keeps the list: its possessor ("Commerce's Entity List", 'its'), the adding body, else the last
    owner seen in the document."""
    owners: list[int] = []
    if noun is not None:
        owners = [e for c in noun.children if c.dep_ in ("poss", "compound") for e in ctx.ents(c)]
    if not owners and (noun is None or noun.dep_ != "nsubj"):
        owners = subjects(ctx, verb)
    owners = [o for o in owners if ctx.type(o) == "GovernmentBody"]
    if owners:
        ctx.memory["list_owner"] = owners[0]
        return owners
    last = ctx.memory.get("list_owner", -1)
    return [last] if last >= 0 else []


def _listed_tokens(verb: Token, noun: Token | None) -> list[Token]:
    """The tokens naming what was put on the list: object, passive subject, or the noun an 'added' participle
    modifies (climbing 'among the organisations added ...' to the copula's subject)."""
    if noun is not None and noun.dep_ == "nsubj":
        return [c for c in verb.children if c.dep_ not in ("nsubj", "punct", "prep", "aux", "advmod", "neg")]
    out = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    # "Also listed were X, Y and Z": the parser hangs the inverted subject on the auxiliary
    out += [g for c in verb.children if c.dep_ == "auxpass" for g in c.children if g.dep_ in ("attr", "nsubj")]
    if not out and verb.dep_ in ("acl", "relcl"):
        head = verb.head
        out.append(head)
        if head.dep_ == "pobj" and head.head.lower_ == "among" and head.head.head.lemma_ == "be":
            out += [c for c in head.head.head.children if c.dep_ == "nsubj"]
    return out


def list_rule(ctx: Context, verb: Token) -> None:
    """A listing verb ('add', 'place', 'put', 'include', 'list', 'name'): its list's owner SANCTIONED the listed."""
    lemma = verb.lemma_.lower()
    noun = list_noun(ctx, verb)
    if noun is None and not (lemma in ctx.lex.bare_list_verbs and is_passive(verb)):
        return
    if noun is None and "list_owner" not in ctx.memory:
        return
    owners = list_owner(ctx, verb, noun)
    if not owners:
        return
    skip = {t.i for t in noun.subtree} if noun is not None else set()
    listed = _listed_tokens(verb, noun)
    skip |= {t.i for tok in listed for c in tok.children if c.dep_ == "poss" for t in c.subtree}  # "MPS's own X"
    targets = entities_in(ctx, listed, skip)
    targets += [c for c in companions(ctx, verb) if c not in targets]  # "added X to the list alongside Y"
    targets = [t for t in targets if ctx.type(t) in ACTOR_TYPES and t not in owners]
    ctx.add("SANCTIONED", owners, targets, verb, 0.7)


def companions(ctx: Context, verb: Token) -> list[int]:
    """Entities in 'along with ...', 'alongside ...', 'including ...' phrases of a verb or its object."""
    heads = [verb, *(c for c in verb.children if c.dep_ in ("dobj", "nsubjpass"))]
    roots = [p for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ in ctx.lex.companion_preps]
    return [e for e in entities_in(ctx, roots, set()) if ctx.type(e) in ACTOR_TYPES]


def companion_rule(ctx: Context, verb: Token) -> None:
    """'sanctioned X, along with Y and five companies including Z': Y and Z are sanctioned too."""
    owners = [s for s in subjects(ctx, verb) if ctx.type(s) == "GovernmentBody"]
    if owners:
        ctx.memory["list_owner"] = owners[0]
        ctx.add("SANCTIONED", owners, [c for c in companions(ctx, verb) if c not in owners], verb, 0.65)


def penalty_rule(ctx: Context, verb: Token) -> None:
    """ "X and Y each imposed 20 million euro fines": a state body's penalty with no "on Z" falls on the company
    the story is about."""
    fines = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in ctx.lex.penalty_nouns]
    if not fines or preps(verb, {"on"}) or any(preps(f, {"on"}) for f in fines):
        return
    owners = [s for s in subjects(ctx, verb) if ctx.type(s) == "GovernmentBody"]
    topic = topic_company(ctx, verb) if owners else -1
    if topic >= 0:
        ctx.add("SANCTIONED", owners, [topic], verb, 0.6)
