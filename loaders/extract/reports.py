"""Reports: an unnamed report ('a Human Rights Watch report', 'its report') or a quoted title ('"Hooking Candiru"')
is PUBLISHED by its publisher and CONCERNS the organisations, people and products its clause names.

The clause is the report's own modifiers ('report on X', 'investigation into how X ...', a relative clause) and,
when the report or its publisher is the subject of a reporting verb ('found', 'described', 'tied ... to'), the
rest of that verb's clause. Places are left out: a report is about who did what, not where.
"""

from __future__ import annotations

from spacy.tokens import Token

from loaders.extract.context import Context, pobjs, preps, subjects

SKIP_TYPES = frozenset({"Location", "Report"})
_OWN = ("relcl", "acl", "appos", "ccomp")


def clause_verb(ctx: Context, noun: Token) -> Token | None:
    """The reporting verb a report noun is the subject of ('the report found'), or that its publisher is the
    subject of when the report opens the sentence ('In a 2014 report, the lab showed'); None otherwise."""
    tok = noun
    if tok.dep_ == "appos":
        tok = tok.head
    verb = None
    if tok.dep_ in ("nsubj", "nsubjpass"):
        verb = tok.head
    elif tok.dep_ == "pobj" and tok.head.lower_ == "in" and tok.head.head.pos_ in ("VERB", "AUX"):
        verb = tok.head.head
    if verb is None or verb.lemma_.lower() not in ctx.lex.report_verbs:
        return None
    return verb


def entities_in(ctx: Context, roots: list[Token], skip: set[int]) -> list[int]:
    """Entities named in the subtrees of `roots`, leaving out tokens in `skip`, in text order."""
    out: list[int] = []
    for root in roots:
        for t in root.subtree:
            if t.i in skip or ctx.taken[t.i] < 0:
                continue
            e = ctx.ent(t)
            if e >= 0 and e not in out:
                out.append(e)
    return out


def report_subjects(ctx: Context, heads: list[Token], publishers: list[int]) -> list[int]:
    """What a report is about: entities in its own modifiers and in the clause of its reporting verb."""
    roots: list[Token] = []
    skip: set[int] = set()
    for head in heads:
        own = [c for c in head.children if c.dep_ in _OWN]
        for p in preps(head, ctx.lex.about_preps):
            own += pobjs(p)
        # a modifier that holds a publisher is the report's byline ("the analysis of experts from X, a lab at Y")
        roots += [r for r in own if not any(ctx.ent(t) in publishers for t in r.subtree if ctx.taken[t.i] >= 0)]
        verb = clause_verb(ctx, head)
        if verb is not None:
            owner = head.head if head.dep_ == "appos" else head
            skip |= {t.i for t in owner.subtree}
            skip |= {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
            roots.append(verb)
    found = entities_in(ctx, roots, skip)
    return [e for e in found if e not in publishers and ctx.type(e) not in SKIP_TYPES]


def _publishers_of_anchor(ctx: Context, anchor: Token) -> list[int]:
    """Who published a titled report: the possessor, compound or 'by' phrase of its report noun, or the subject
    of its publishing verb."""
    if anchor.pos_ in ("VERB", "AUX"):
        return subjects(ctx, anchor)
    found = [e for c in anchor.children if c.dep_ in ("poss", "compound") for e in ctx.ents(c)]
    for p in preps(anchor, {"by", "from"}):
        for t in pobjs(p):
            found += ctx.ents(t)
    if not found and anchor.dep_ == "pobj" and anchor.head.lower_ == "in":
        found = subjects(ctx, anchor.head.head)
    return [e for e in found if ctx.type(e) not in SKIP_TYPES]


def authors(ctx: Context, heads: list[Token]) -> list[int]:
    """ "The study, titled "X", was written by A and B": the by-agents of an authoring verb whose passive subject
    is the report."""
    found: list[int] = []
    for head in heads:
        tok = head.head if head.dep_ == "appos" else head
        verb = tok.head
        if tok.dep_ != "nsubjpass" or verb.lemma_.lower() not in ctx.lex.author_verbs:
            continue
        for agent in (c for c in verb.children if c.dep_ == "agent"):
            for t in pobjs(agent):
                found += [e for e in ctx.ents(t) if ctx.type(e) not in SKIP_TYPES]
    return found


def report_rules(ctx: Context, idx: int) -> None:
    """PUBLISHED and CONCERNS for one report mention: unnamed ('a HRW report') or titled ('"Bad Traffic"')."""
    m = ctx.mentions[idx]
    if m.entity < 0 or ctx.type(m.entity) != "Report":
        return
    doc = ctx.doc
    head = doc[m.head]
    heads = [head]
    if m.kind == "report":
        publishers = [ctx.mentions[m.ref].entity] if m.ref >= 0 and ctx.mentions[m.ref].entity >= 0 else []
    elif m.anchor >= 0:
        anchor = doc[m.anchor]
        publishers = _publishers_of_anchor(ctx, anchor)
        if anchor.pos_ not in ("VERB", "AUX"):
            heads.append(anchor)
    else:
        return
    publishers += [a for a in authors(ctx, heads) if a not in publishers]
    ctx.add("PUBLISHED", publishers, [m.entity], head, 0.8, status="stated")
    coauthors = [  # "the report by A and B" is one report each; neither is about the other
        ctx.mentions[o.ref].entity for o in ctx.mentions if o.kind == "report" and o.head == m.head and o.ref >= 0
    ]
    about = report_subjects(ctx, heads, publishers + [c for c in coauthors if c not in publishers])
    ctx.add("CONCERNS", [m.entity], [a for a in about if a != m.entity], head, 0.65, status="stated")
