"""Relational nouns: 'the Israeli firm's customers', 'its parent company, OSY Technologies', 'Hikvision, whose
largest shareholder is CETC', 'both were Cellebrite customers', 'listed INSA as a Hacking Team customer'.

The noun's possessor (possessive, compound name or 'of' phrase) is one end; the entity the noun is said of
(apposition, copula subject or predicate, 'as' phrase, 'among'/'one of' phrase) is the other. Which end is the
relation's source is data: loaders/data/relations.yaml, `relational_nouns`.
"""

from __future__ import annotations

from spacy.tokens import Token

from loaders.extract.context import Context, direct_objects, pobjs, preps


def possessors(ctx: Context, node: Token) -> list[int]:
    """Who the relational noun belongs to: "X's", 'its', 'whose', a compound name ('Cellebrite customers'),
    'of X'."""
    out: list[int] = []
    for c in node.children:
        if c.dep_ == "poss":
            if c.lower_ == "whose" and node.head.dep_ == "relcl":
                out += ctx.ents(node.head.head)
            else:
                out += ctx.ents(c)
        elif c.dep_ in ("compound", "amod") and c.i < node.i:
            out += ctx.ents(c)
    if not out:
        for p in preps(node, {"of"}):
            for t in pobjs(p):
                out += ctx.ents(t)
    return out


def _climb(node: Token) -> Token:
    """From 'customers' in 'one of the firm's customers' or 'among the NSO clients' to the word the copula
    governs ('one', or the 'among' phrase itself)."""
    tok = node
    for _ in range(2):
        if tok.dep_ == "pobj" and tok.head.lower_ in ("of", "among") and tok.head.head.lower_ in ("one", "some"):
            tok = tok.head.head
        elif tok.dep_ == "pobj" and tok.head.lower_ == "among":
            tok = tok.head
    return tok


def bearers(ctx: Context, node: Token, owners: list[int]) -> list[int]:
    """The entities the noun is said of: apposition, copula subject or predicate, 'as' phrase."""
    out: list[int] = []
    out += [e for c in node.children if c.dep_ == "appos" for e in ctx.said_of(node, c)]
    if node.dep_ == "appos":
        out += ctx.said_of(node, node.head)
    tok = _climb(node)
    head = tok.head
    if tok.dep_ in ("attr", "prep") and head.lemma_.lower() in ctx.lex.copulas:
        out += [e for c in head.children if c.dep_ in ("nsubj", "nsubjpass") for e in ctx.ents(c)]
    if tok.dep_ == "nsubj" and head.lemma_.lower() in ctx.lex.copulas:
        out += [e for c in head.children if c.dep_ in ("attr", "dobj") for e in ctx.ents(c)]
    if node.dep_ == "pobj" and head.lower_ == "as":
        gov = head.head
        objs = [e for t in direct_objects(ctx, gov) for e in ctx.ents(t)]
        out += objs or [e for c in gov.children if c.dep_ == "nsubj" for e in ctx.ents(c)]
    return [e for e in out if e not in owners]


def relational_noun_rule(ctx: Context, noun: Token) -> None:
    """One relational noun: possessor and bearer, directed as its entry in `relational_nouns` says."""
    spec = ctx.lex.relational_nouns.get(noun.lemma_.lower()) or ctx.lex.relational_nouns.get(noun.lower_)
    if spec is None:
        return
    rtype, possessor_end = spec
    node = noun.head if noun.dep_ == "compound" and noun.head.pos_ == "NOUN" else noun
    owners = possessors(ctx, node) or (possessors(ctx, noun) if node is not noun else [])
    if not owners and possessor_end == "source" and not any(c.dep_ == "det" for c in node.children):
        topic = topic_company(ctx, noun)  # "the FBI and the DEA were both listed as clients": the article's firm
        owners = [topic] if topic >= 0 else []
    if not owners:
        return
    others = bearers(ctx, node, owners)
    if not others:
        return
    if possessor_end == "source":
        ctx.add(rtype, owners, others, noun, 0.7)
    else:
        ctx.add(rtype, others, owners, noun, 0.7)


TOPIC_WINDOW = 200  # tokens


def topic_company(ctx: Context, noun: Token) -> int:
    """The company the text is about at `noun`: the most mentioned company so far, if it is also named within
    the last TOPIC_WINDOW tokens and clearly ahead of any other (at least two mentions, no tie); else -1."""
    counts: dict[int, int] = {}
    recent: set[int] = set()
    for m in ctx.mentions:
        if m.start < 0 or m.start >= noun.i or m.entity < 0 or ctx.type(m.entity) != "Company":
            continue
        counts[m.entity] = counts.get(m.entity, 0) + 1
        if noun.i - m.start <= TOPIC_WINDOW:
            recent.add(m.entity)
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return -1
    return ranked[0][0] if ranked[0][0] in recent else -1
