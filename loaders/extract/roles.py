"""Role nouns: a person's role at an organisation (HAS_ROLE_AT), or membership (MEMBER_OF) for 'member'."""

from __future__ import annotations

from spacy.tokens import Token

from graph.model import name_key
from loaders.extract.context import ORG_TYPES, ROLE_PREPS, Context, direct_objects, pobjs, preps, subjects
from loaders.extract.nouns import topic_company


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
        """People among the entities of a token."""
        return [e for e in ctx.ents(tok) if ctx.type(e) == "Person"]

    def own(tok: Token) -> list[int]:
        """People among the entities the role noun is said of (context.said_of)."""
        return [e for e in ctx.said_of(noun, tok) if ctx.type(e) == "Person"]

    head = noun.head
    if noun.dep_ == "appos":
        people += own(head)
    for c in noun.children:
        if c.dep_ == "appos":
            people += own(c)
    if noun.dep_ in ("attr", "oprd") and head.pos_ in ("AUX", "VERB"):
        for c in head.children:
            if c.dep_ in ("nsubj", "nsubjpass", "dobj"):
                people += person(c)
        if head.dep_ == "relcl":
            people += person(head.head)
    if noun.dep_ in ("compound", "nmod") and ctx.taken[head.i] >= 0 and ctx.type(ctx.ent(head)) == "Person":
        people.append(ctx.ent(head))  # "Commerce Secretary X and Treasury Secretary Y": each title its own name
    if noun.dep_ == "pobj" and head.lower_ == "as":
        gov = head.head
        if gov.pos_ in ("VERB", "AUX"):
            objs = [e for t in direct_objects(ctx, gov) for e in person(t)]
            people += objs or [s for s in subjects(ctx, gov) if ctx.type(s) == "Person"]
    if noun.tag_ in ("NNS", "NNPS") and not people:  # "two Human Rights Watch employees: A, and B, ..."
        people += [e for e in ctx.listed(noun) if ctx.type(e) == "Person"]
    if not people:  # "the chairman of the X Front, Mohamed Issa,": the parser hangs the name on the organisation
        for p in preps(noun, ROLE_PREPS):
            for t in pobjs(p):
                people += [e for c in t.children if c.dep_ == "appos" for e in person(c)]
    return people


def role_orgs(ctx: Context, noun: Token) -> list[int]:
    """The organisations a role noun is held at: 'CEO of X', "X's CEO", 'X spokesman'."""
    orgs: list[int] = []

    def org(tok: Token) -> list[int]:
        """Organisations among the entities of a token."""
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
    body = _body_by_department(ctx, noun)
    if body >= 0 and all(body_words(ctx, o) < body_words(ctx, body) for o in orgs):
        return [body]  # "Commerce Secretary X" -> "US Commerce Department", not a stray "Commerce"
    return orgs


def _body_of_title(ctx: Context, noun: Token) -> int:
    """The one government body of the document named with the title's body word, or -1."""
    word = (ctx.lex.title_body_words or {}).get(noun.lemma_.lower()) or (ctx.lex.title_body_words or {}).get(
        noun.lower_
    )
    if not word:
        return -1
    title = noun.lemma_.lower()
    found = [
        n
        for n, rec in enumerate(ctx.entities)
        if rec.mentions
        and rec.type == "GovernmentBody"
        and ({word, title, title + "s"} & body_words(ctx, n))  # "Information Commissioner's Office"
        and len(rec.name.split()) > 1
    ]
    return found[0] if len(found) == 1 else -1


def _sentence_companies(ctx: Context, noun: Token) -> set[int]:
    """The companies named (not described) in the role's sentence."""
    named = (ctx.mentions[ctx.taken[i]] for i in range(noun.sent.start, noun.sent.end) if ctx.taken[i] >= 0)
    return {m.entity for m in named if m.kind == "name" and m.entity >= 0 and ctx.type(m.entity) == "Company"}


def _sentence_company(ctx: Context, noun: Token) -> list[int]:
    """The one company named in the role's sentence, else the story's company; none when it is unclear."""
    found = _sentence_companies(ctx, noun)
    if len(found) == 1:
        return list(found)
    topic = topic_company(ctx, noun) if not found else -1
    return [topic] if topic >= 0 else []


GENERIC_MODIFIERS = frozenset({"former", "then", "acting", "interim", "deputy", "vice", "chief", "senior", "junior",
                               "assistant", "associate", "first", "prime", "new", "current", "late", "the"})


def body_words(ctx: Context, entity: int) -> set[str]:
    """The folded words of an entity's name and aliases."""
    rec = ctx.entities[entity]
    return {w for a in (rec.name, *rec.aliases) for w in name_key(a).split()}


def _body_by_department(ctx: Context, noun: Token) -> int:
    """ "Commerce Secretary X", "the interior minister, X": the one government body of the document whose name
    holds the role's department words ("US Commerce Department", "Ministry of Interior"), or -1."""
    words = {
        c.lower_
        for c in noun.children
        if c.dep_ in ("compound", "amod") and c.i < noun.i and c.is_alpha and c.lower_ not in GENERIC_MODIFIERS
    }
    if not words:
        return -1
    found = [
        n
        for n, rec in enumerate(ctx.entities)
        if rec.mentions and rec.type == "GovernmentBody" and words <= body_words(ctx, n) and len(rec.name.split()) > 1
    ]
    return found[0] if len(found) == 1 else -1


def role_rule(ctx: Context, noun: Token) -> None:
    """A role noun linking a person to an organisation: HAS_ROLE_AT, or MEMBER_OF for 'member'."""
    people = role_people(ctx, noun)
    if not people:
        return
    orgs = role_orgs(ctx, noun)
    if not orgs and noun.lemma_.lower() in ctx.lex.company_roles and not _sentence_companies(ctx, noun):
        topic = topic_company(ctx, noun)  # "Co-founder X built the system": the story's company
        orgs = [topic] if topic >= 0 else []
    if not orgs and any(c.dep_ == "compound" and c.lemma_.lower() in ("company", "firm") for c in noun.children):
        orgs = _sentence_company(ctx, noun)  # "said Debra Born, a company official": the company just named
    if not orgs:
        body = _body_of_title(ctx, noun)  # "Commissioner X" -> the document's one "... Commission"
        orgs = [body] if body >= 0 else []
    if not orgs:
        return
    member = noun.lemma_.lower() in ctx.lex.member_roles
    attrs = {} if member else {"role": role_text(ctx, noun)}
    status = "" if noun.dep_ in ("attr", "oprd") else "stated"
    ctx.add("MEMBER_OF" if member else "HAS_ROLE_AT", people, orgs, noun, 0.8, attrs, status)


def founding_rule(ctx: Context, verb: Token) -> None:
    """ "Variston was established in Barcelona by A and B", "A founded Acme in 2010": the people who set an
    organisation up hold the role of founder there."""
    passive = any(c.dep_ == "nsubjpass" for c in verb.children) or verb.dep_ == "acl"
    if passive:
        orgs = [e for c in verb.children if c.dep_ == "nsubjpass" for e in ctx.ents(c)]
        if verb.dep_ == "acl":
            orgs += ctx.ents(verb.head)  # "Acme, founded by A in 2010"
        people = [e for a in verb.children if a.dep_ == "agent" for t in pobjs(a) for e in ctx.ents(t)]
    else:
        orgs = [e for c in verb.children if c.dep_ == "dobj" for e in ctx.ents(c)]
        people = [e for c in verb.children if c.dep_ == "nsubj" for e in ctx.ents(c)]
    people = [p for p in people if ctx.type(p) == "Person"]
    orgs = [o for o in orgs if ctx.type(o) in ORG_TYPES and ctx.type(o) != "GovernmentBody"]
    ctx.add("HAS_ROLE_AT", people, orgs, verb, 0.75, {"role": "founder"})
