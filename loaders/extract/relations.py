"""Find typed, directed relations between resolved entities from the dependency parse.

One pass over tokens dispatches each trigger (relation verb, relation noun, role noun, '-based', response)
to a small rule; name and report mentions add location, publication and subject relations. Every candidate
keeps the token that triggered it, so its status and evidence sentence can be read off.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from loaders.extract.context import (
    ORG_TYPES,
    Candidate,
    Context,
    direct_objects,
    phrase,
    pobjs,
    preps,
    slot,
    subjects,
)
from loaders.extract.lexicon import Frame, Lexicon
from loaders.extract.mentions import Mention
from loaders.extract.nouns import relational_noun_rule
from loaders.extract.pairs import load_pair_model, score_pairs
from loaders.extract.places import (
    PLACED_TYPES,
    located_rule,
    name_rules,
    nationality_rule,
    product_owner_rule,
    seat_rule,
    source_line_rule,
)
from loaders.extract.reports import report_rules
from loaders.extract.resolve_local import EntityRecord
from loaders.extract.roles import founding_rule, role_rule
from loaders.extract.sanctions import companion_rule, list_rule, penalty_rule
from loaders.extract.status import status_of

__all__ = ["ORG_TYPES", "Candidate", "Context", "find_relations", "phrase"]


def product_of(ctx: Context, verb: Token, frame: Frame) -> str:
    """The product phrase a frame names (dobj or a preposition), or an empty string."""
    for name in frame.product:
        for tok in slot(ctx, verb, name):
            if ctx.ent(tok) < 0 and tok.pos_ in ("NOUN", "PROPN"):
                return phrase(tok)
    return ""


def _frame_ok(ctx: Context, verb: Token, frame: Frame) -> bool:
    """Whether a verb has the particle and prepositional nouns its frame requires."""
    if frame.requires_particle and not any(
        c.dep_ == "prt" and c.lower_ == frame.requires_particle for c in verb.children
    ):
        return False
    if frame.requires_object and not any(
        c.dep_ == "dobj" and c.lemma_.lower() in frame.requires_object for c in verb.children
    ):
        return False
    if frame.requires_prep:
        heads = [verb, *(c for c in verb.children if c.dep_ == "dobj")]  # "hit X, a firm, with a penalty"
        for word, nouns in frame.requires_prep.items():
            if not any(
                t.lemma_.lower() in nouns or any(x.lower_ in nouns for x in t.subtree)
                for h in heads
                for p in preps(h, {word})
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
            objs = [o for o in objs if (not frame.object_types or ctx.type(o) in frame.object_types) and o not in s_ok]
            if objs:
                break
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


def adjective_rule(ctx: Context, adjective: Token, frame: Frame) -> None:
    """ "X, who was critical of Y": the copula's subject is the source, the frame's slot the target."""
    if adjective.dep_ != "acomp":
        return
    sources = subjects(ctx, adjective.head)
    others = [e for name in frame.object for t in slot(ctx, adjective, name) for e in ctx.ents(t)]
    ctx.add(frame.type, sources, [o for o in others if o not in sources], adjective, 0.7)


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
    if noun.dep_ == "pobj" and head.lower_ == "in" and head.head.pos_ == "VERB":
        return subjects(ctx, head.head)  # "In a letter to X, two senators cited ...": the senators wrote it
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
    if frame.subject == "either":  # "ICE's contract with Palantir", "Palantir's contract with ICE"
        for a in owner:
            for b in others:
                buyer_holds = ctx.type(a) == "GovernmentBody" and ctx.type(b) != "GovernmentBody"
                ctx.add(frame.type, [b] if buyer_holds else [a], [a] if buyer_holds else [b], noun, 0.7, attrs)
    elif frame.subject == "source":
        ctx.add(frame.type, owner, others, noun, 0.7, attrs)
    else:
        ctx.add(frame.type, others, owner, noun, 0.7, attrs)


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


def combine_with_scorer(ctx: Context) -> None:
    """Let the trained pair scorer add role and location relations the rules missed (probability above its
    threshold) and veto rule ones it finds very unlikely; other relation types are the rules' alone."""
    model = load_pair_model()
    if model is None:
        return
    scored = score_pairs(ctx.doc, ctx.mentions, ctx.entities, model, ctx.lex.wire_agencies)
    if not scored:
        return
    kinds = {"HAS_ROLE_AT": "role", "LOCATED_IN": "based"}
    doc = ctx.doc
    kept: list[Candidate] = []
    for cand in ctx.out:
        key = (cand.type, cand.source, cand.target, doc[cand.trigger].sent.start)
        kind = kinds.get(cand.type)
        if kind and key in scored and scored[key][0] < model.veto.get(kind, 0.0):
            continue
        kept.append(cand)
    have = {(c.type, c.source, c.target, doc[c.trigger].sent.start) for c in kept}
    for key, (p, trigger, near) in scored.items():
        rtype, source, target, _ = key
        if rtype == "LOCATED_IN" and ctx.type(source) not in PLACED_TYPES:
            continue  # a state body "located in" its own country says nothing (see places.PLACED_TYPES)
        if key not in have and near and p >= model.threshold.get(kinds[rtype], 1.0):
            kept.append(Candidate(rtype, source, target, trigger, round(p, 3)))
    ctx.out = kept


def find_relations(
    doc: Doc, mentions: list[Mention], taken: list[int], entities: list[EntityRecord], lex: Lexicon
) -> list[Candidate]:
    """All relation candidates of a document, each with its status set from the trigger's clause."""
    ctx = Context(doc, mentions, taken, entities, lex)
    verb_frames = lex.verb_frames
    noun_frames = lex.noun_frames
    relational = lex.relational_nouns or {}
    for tok in doc:
        pos = tok.pos_
        if pos == "ADJ" and tok.lemma_.lower() in lex.adjective_frames:
            adjective_rule(ctx, tok, lex.adjective_frames[tok.lemma_.lower()])
            continue
        if pos not in ("VERB", "NOUN", "PROPN", "AUX"):
            continue
        lemma = tok.lemma_.lower()
        if pos == "VERB":
            frames = verb_frames.get(lemma)
            if frames:
                verb_rule(ctx, tok, frames)
            if lemma in lex.list_verbs:
                list_rule(ctx, tok)
            if lemma in lex.penalty_verbs:
                penalty_rule(ctx, tok)
            if any(f.type == "SANCTIONED" for f in frames or ()):
                companion_rule(ctx, tok)
            if lemma in lex.response_verbs:
                response_rule(ctx, tok)
            if lemma in lex.located_participles:
                located_rule(ctx, tok)
            if lemma in lex.founding_verbs:
                founding_rule(ctx, tok)
            continue
        if taken[tok.i] >= 0 and mentions[taken[tok.i]].kind == "name":
            continue
        low = tok.lower_
        if lemma in lex.roles or low in lex.roles or lemma in lex.member_roles:
            role_rule(ctx, tok)
        frame = noun_frames.get(lemma)
        if frame:
            noun_rule(ctx, tok, frame)
        if lemma in relational or low in relational:
            relational_noun_rule(ctx, tok)
        if lemma in lex.response_nouns:
            response_rule(ctx, tok)
        if lemma in lex.located_participles:
            located_rule(ctx, tok)
        elif lemma in lex.located_nouns or low in lex.located_nouns:
            seat_rule(ctx, tok)
    for idx, m in enumerate(mentions):
        if m.kind == "report" or m.anchor >= 0:
            report_rules(ctx, idx)
        elif m.kind in ("name", "body"):
            name_rules(ctx, idx)
            nationality_rule(ctx, m)
            source_line_rule(ctx, m)
            product_owner_rule(ctx, m)
    combine_with_scorer(ctx)
    for cand in ctx.out:
        if not cand.status:
            cand.status = status_of(doc[cand.trigger], lex)
    return ctx.out
