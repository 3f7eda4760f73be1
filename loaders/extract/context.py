"""What the relation rules share: the `Context` they read (parse, mentions, entities, lexicon), the `Candidate`
they emit, and small helpers over the dependency parse (prepositions, subjects, objects, frame slots).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from loaders.extract.lexicon import Lexicon
from loaders.extract.mentions import ORG_TYPES, Mention
from loaders.extract.resolve_local import EntityRecord

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
NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12,
}  # fmt: skip


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
        """Hold the parse, mentions, entities and lexicon; start with no candidates."""
        self.doc = doc
        self.mentions = mentions
        self.taken = taken
        self.entities = entities
        self.lex = lex
        self.out: list[Candidate] = []
        self.memory: dict[str, int] = {}

    def ent(self, tok: Token) -> int:
        """The entity a token belongs to, or that a place noun ('the Rift Valley region') names, or -1."""
        m = self.taken[tok.i]
        if m >= 0:
            return self.mentions[m].entity
        if tok.lower_ in self.lex.group_nouns and tok.pos_ == "NOUN":  # "researchers at the Citizen Lab"
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in ("at", "of", "from", "with"):
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj" and self.taken[pobj.i] >= 0:
                            return self.mentions[self.taken[pobj.i]].entity
        if tok.pos_ == "NOUN":  # "a British journalist named Rori Donaghy": the noun is the one named
            for acl in (c for c in tok.children if c.dep_ == "acl" and c.lemma_.lower() in ("name", "call")):
                named = [self.taken[c.i] for c in acl.children if c.dep_ == "oprd" and self.taken[c.i] >= 0]
                if named:
                    return self.mentions[named[0]].entity
        if tok.pos_ == "NOUN" and tok.dep_ == "compound" and self.taken[tok.head.i] >= 0:
            lemma = tok.lemma_.lower()
            if lemma in self.lex.descriptions or lemma in self.lex.type_nouns:
                return self.mentions[self.taken[tok.head.i]].entity  # "the Israel-based company NSO Group"
        if tok.pos_ == "NOUN":  # "the Minox company": the type noun a name modifies stands for that name
            for child in tok.children:
                named = self.mentions[self.taken[child.i]] if self.taken[child.i] >= 0 else None
                if child.dep_ == "compound" and named and named.kind_noun == tok.i:
                    return named.entity
        lemma = tok.lemma_.lower()
        if lemma in PLACE_NOUNS or lemma in self.lex.org_heads:
            for child in tok.children:  # "the Rift Valley region", "Google's Project Zero team", "EIC network"
                if child.dep_ in ("compound", "amod", "nmod") and self.taken[child.i] >= 0:
                    e = self.mentions[self.taken[child.i]].entity
                    if e >= 0 and (lemma in PLACE_NOUNS) == (self.entities[e].type == "Location"):
                        return e
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
                appos = next((c for c in t.children if c.dep_ == "appos" and self.ent(c) >= 0), None)
                if appos is not None:  # "the American chipmakers Intel and Nvidia"
                    stack.append(appos)
            if e < 0 and t.pos_ == "NOUN" and t.dep_ == "appos":
                e = self.ent(t.head)  # "Pegasus, a spyware product made by NSO": the product is Pegasus
            if e >= 0 and self.type(e) == "Location" and t.pos_ == "PROPN":
                desc = next(
                    (c for c in t.children if c.dep_ == "appos" and c.pos_ == "NOUN" and c.i > t.i), None
                )  # "wrote to the Waltham, Massachusetts-based company": the company, not Waltham
                if desc is not None and self.ent(desc) >= 0 and self.type(self.ent(desc)) != "Location":
                    e = self.ent(desc)
            if e < 0 and t.lower_ == "both" and t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "PRON":
                for pair in self.last_two(t):  # "Procera, which was combined with Sandvine after both were bought"
                    if pair not in out:
                        out.append(pair)
            if e < 0 and (t.tag_ == "NNS" or t.like_num):
                for listed in self.listed(t):  # "four organisations asked ...: A, B, C and D"
                    if listed not in out:
                        out.append(listed)
            if e >= 0 and e not in out:
                out.append(e)
            stack.extend(c for c in t.children if c.dep_ == "conj")
        return out

    def said_of(self, noun: Token, tok: Token) -> list[int]:
        """The entities an appositive noun is said of at `tok`: in "A, owner of X; B, a director of Y" the
        singular 'owner' is A's alone, not the whole list's; a plural ("A and B, co-founders of X") takes them
        all."""
        if noun.tag_ in ("NNS", "NNPS"):
            return self.ents(tok)
        e = self.ent(tok)
        return [e] if e >= 0 else self.ents(tok)[:1]

    def last_two(self, tok: Token) -> list[int]:
        """The last two organisations named before `tok` in its sentence, or none when there are fewer."""
        found: list[int] = []
        for i in range(tok.i - 1, tok.sent.start - 1, -1):
            m = self.taken[i]
            if m < 0 or self.mentions[m].kind != "name" or self.mentions[m].entity < 0:
                continue
            e = self.mentions[m].entity
            if self.type(e) in ORG_TYPES and e not in found:
                found.append(e)
            if len(found) == 2:
                return found
        return []

    def listed(self, noun: Token) -> list[int]:
        """ "five Chinese companies: A, B, C, D and E": the entities listed after a colon later in the sentence,
        when the noun is counted and the count matches the list exactly; "all 10 have been clients": a numeral
        standing alone with 'all', 'the' or 'these' counts the colon list of the sentence before. Else none."""
        if noun.like_num and any(c.dep_ == "det" and c.lower_ in LIST_DETERMINERS for c in noun.children):
            count = _count(noun)
            start = noun.sent.start
            return self._colon_list(self.doc[start - 1].sent, -1, count) if start > 0 else []
        modifiers = [noun, *(c for c in noun.children if c.dep_ == "compound")]  # "two [Watch] employees"
        count = max((_count(c) for m in modifiers for c in m.children if c.dep_ == "nummod"), default=0)
        return self._colon_list(noun.sent, noun.i, count)

    def _colon_list(self, sent: Span, after: int, count: int) -> list[int]:
        """The `count` named entities after the first colon past token `after` in a sentence: the actors when
        they are that many, else every name (a country in the list stands for itself; states.py may make it its
        government); none when neither count matches."""
        if count < 2:
            return []
        colon = next((t.i for t in sent if t.i > after and t.text == ":"), -1)
        if colon < 0:
            return []
        found: list[int] = []
        for i in range(colon + 1, sent.end):
            m = self.taken[i]
            if m < 0 or self.mentions[m].kind != "name":
                continue
            e = self.mentions[m].entity
            if e >= 0 and e not in found:
                found.append(e)
        actors = [e for e in found if self.entities[e].type != "Location"]  # "A, director for Jordan, and B"
        for names in (actors, found):
            if len(names) == count:
                return names
        return []

    def type(self, entity: int) -> str:
        """The schema type of an entity."""
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
        """Add one candidate per (source, target) pair, skipping self-loops and missing ends."""
        for s in sources:
            for t in targets:
                if s != t and s >= 0 and t >= 0:
                    self.out.append(
                        Candidate(rtype, s, t, trigger.i, confidence, dict(attributes or {}), status)
                    )


LIST_DETERMINERS = frozenset({"all", "the", "these", "those"})


def _count(tok: Token) -> int:
    """The number a numeral token says ('five', '10'), or 0."""
    return NUMBER_WORDS.get(tok.lower_, 0) or (int(tok.text) if tok.text.isdigit() else 0)


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
    """Objects of a preposition (pobj, pcomp)."""
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
    """Whether a verb is in the passive (has a passive subject or auxiliary)."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def subjects(ctx: Context, verb: Token, depth: int = 0) -> list[int]:
    """Entities of a verb's logical subject: nsubj, passive agent, controller of an xcomp, relative head."""
    out: list[int] = []
    passive = is_passive(verb) or noun_participle(verb) is not None
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
    if passive and verb.dep_ == "relcl":  # "NSO, which was sanctioned by X": the relative pronoun is NSO
        out = [verb.head if c.tag_ in ("WP", "WDT") else c for c in out]
    if passive and verb.dep_ in ("acl", "relcl") and not out:
        out.append(verb.head)
    noun = noun_participle(verb)
    if not passive and noun is not None:
        out.append(noun)
    return out


def noun_participle(verb: Token) -> Token | None:
    """The noun a past participle modifies ("Cytrox, acquired by X"), also through a coordinated participle
    ("Cellebrite, based in Y and acquired by X"); None for other verbs."""
    if verb.tag_ != "VBN":
        return None
    if verb.dep_ in ("acl", "amod"):
        return verb.head
    head = verb.head
    if verb.dep_ == "conj" and head.tag_ == "VBN" and head.dep_ in ("acl", "amod"):
        return head.head
    if verb.dep_ == "conj" and head.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "agent" for c in verb.children):
        return head  # the parser hung the second participle on the noun itself
    return None


def slot(ctx: Context, verb: Token, name: str) -> list[Token]:
    """Tokens filling one frame slot of a verb or noun: dobj, dative, prep:X, dobj_prep:X."""
    if name == "dobj":
        return direct_objects(ctx, verb)
    if name == "dobj_by":  # "bought sequencers made by X", "kits used by X were supplied by Y"
        return [
            p
            for t in direct_objects(ctx, verb)
            for c in t.children
            if c.dep_ in ("acl", "relcl") and c.tag_ == "VBN"
            for a in c.children
            if a.dep_ == "agent"
            for p in pobjs(a)
        ]
    if name == "head_subject":  # "X relied on processors supplied by Y": X is the customer
        noun = verb.head if verb.dep_ == "acl" else None
        if noun is None or noun.dep_ not in ("pobj", "dobj"):
            return []
        gov = noun.head.head if noun.dep_ == "pobj" else noun.head
        return [c for c in gov.children if c.dep_ == "nsubj"]
    if name == "dobj_nmod":  # "fined Clearview 30.5 million euros": the entity modifies the object
        return [c for t in direct_objects(ctx, verb) for c in t.children if c.dep_ in ("nmod", "compound", "poss")]
    if name == "dative":
        out = []
        for c in verb.children:
            if c.dep_ == "dative":
                out.extend(pobjs(c) if c.pos_ == "ADP" else [c])
        return out
    kind, _, word = name.partition(":")
    word = word.replace("_entity", "")
    if kind == "prep_owner":  # "a critic of Italy's policies": the pobj, or the one whose it is
        objs = [t for p in preps(verb, {word}, adjacent=verb.pos_ == "NOUN") for t in pobjs(p)]
        return objs + [c for t in objs for c in t.children if c.dep_ == "poss"]
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
