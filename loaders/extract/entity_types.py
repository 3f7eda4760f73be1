"""Map a name mention to a schema entity type: gazetteer first, then cue words in the name, then what the
sentence says about it ("X, a Chinese company"), then the model's label.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from graph.model import name_key
from loaders.extract.lexicon import Lexicon
from loaders.extract.mentions import ORG_TYPES, Mention, place_of_description

LABEL_TYPES = {
    "PERSON": "Person",
    "GPE": "Location",
    "LOC": "Location",
    "FAC": "Location",
    "PRODUCT": "Product",
    "WORK_OF_ART": "Report",
    "ORG": "Organization",
    "NORP": "",
}


def type_from_name(name: str, lex: Lexicon) -> str:
    """The type a name's words give away ('... Ministry' -> GovernmentBody, '... Inc.' -> Company), or ''."""
    key = name_key(name)
    if key in lex.gazetteer:
        return lex.gazetteer[key]
    words = key.split()
    if not words:
        return ""
    if "of" in words[1:]:  # "Department of Defence", "Bank of America": the head before "of" tells the kind
        head = " ".join(words[: words.index("of")])
        if head != key:
            etype = type_from_name(head, lex)
            if etype:
                return etype
    for etype, suffixes in lex.cue_suffixes:
        if words[-1] in suffixes or (
            len(words) > 1 and words[-1] in lex.corporate_suffixes and words[-2] in suffixes
        ):
            return etype
    for etype, cues in lex.cue_words:
        if any(w in cues for w in words):
            return etype
    return ""


def _possessed(noun: Token) -> bool:
    """Whether a noun has a possessive ("its X brand", "NSO's X line")."""
    return any(c.dep_ == "poss" for c in noun.children)


def kind_noun(m: Mention, doc: Doc, lex: Lexicon) -> Token | None:
    """The type noun a name modifies, at most one word after it: 'the Minox company', 'the Brera meteorological
    institute'. Not for places and nationalities ('a Tel Aviv company', 'the Chinese firm' say where it is)."""
    if m.label in ("GPE", "LOC", "NORP") or m.end >= len(doc):
        return None
    head = doc[m.head]
    noun = head.head
    near = head.dep_ in ("compound", "nmod") and noun.pos_ == "NOUN" and 0 <= noun.i - m.end <= 1
    if near and lex.type_nouns.get(noun.lemma_.lower()) in ORG_TYPES:
        return noun  # products have their own heads ("Pegasus spyware", not "any Apple software")
    return None


def type_from_context(m: Mention, doc: Doc, lex: Lexicon) -> str:
    """The type an appositive or predicate noun gives: 'X, a Chinese company' or 'the firm X' -> Company."""
    head = doc[m.head]
    nouns = [c for c in head.children if c.dep_ == "appos" and c.i >= m.end]
    described = kind_noun(m, doc, lex)
    if described is not None:
        nouns.append(described)
    if head.dep_ == "appos":
        nouns.append(head.head)
    if head.dep_ == "nsubj" and head.head.lemma_ == "be":
        nouns.extend(c for c in head.head.children if c.dep_ == "attr")
    if m.start > 0 and doc[m.start - 1].pos_ == "NOUN" and doc[m.start - 1].dep_ == "compound":
        nouns.append(doc[m.start - 1])
    noun = head
    while noun.dep_ == "compound" and noun.head.pos_ == "NOUN" and noun.head.i > noun.i:
        noun = noun.head  # "PacketLogic product line", "FinSpy surveillance software"
    if noun.i != head.i and noun.lemma_.lower() in lex.product_heads:
        weak = noun.lemma_.lower() in lex.weak_product_heads  # "any Apple software": Apple makes it
        if not weak or head.head.i != noun.i or _possessed(noun):
            return "Product"  # "Pegasus spyware", "FinSpy surveillance software", "its Applied Biosystems brand"
    verb = head.head
    attacker = verb.head.head if verb.dep_ == "conj" and verb.head.lower_ == "with" else verb.head
    if head.dep_ == "pobj" and verb.lower_ == "with" and attacker.lemma_.lower() in lex.attack_verbs:
        return "Product"  # "was targeted with FinSpy", "phones infected with Pegasus"
    if (
        head.dep_ == "dobj"
        and verb.lemma_.lower() in lex.offer_verbs
        and any(c.dep_ == "poss" and c.pos_ in ("PRON", "PROPN") for c in head.children)
    ):
        return "Product"  # "sells its UFED to police forces", "markets NSO's Pegasus"
    for noun in nouns:
        lemma = noun.lemma_.lower()
        etype = lex.type_nouns.get(lemma)
        if etype:
            return etype
        after_role = head.dep_ == "appos" and head.head.i == noun.i  # "the then interior minister, X Y"
        titled = noun.i == m.start - 1  # "human rights lawyer Eitay Mack"
        if lemma in lex.roles and (noun.i > head.i or after_role or titled) and len(m.text.split()) > 1:
            return "Person"  # "Donncha Ó Cearbhaill, head of ...": a role said of a full name
    role_of = head.dep_ == "pobj" and head.head.lower_ in ("of", "at") and head.head.head.lemma_.lower() in lex.roles
    if role_of and m.label not in ("GPE", "LOC", "NORP"):
        return "Organization"  # "co-founder of Anomaly 6": what a role is held at is an organisation, not a product
    return ""


def type_of(m: Mention, doc: Doc, lex: Lexicon) -> str:
    """The schema type of a name mention ('' when it should not become an entity)."""
    if m.type:
        return m.type
    label = m.label
    words = name_key(m.text).split()
    if words and words[-1] in lex.not_name_heads and label in ("ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "LAW"):
        return ""  # 'Entity List', 'Export Control Reform Act': documents and rules, not actors
    if label == "PERSON":
        said = type_from_context(m, doc, lex)
        if said and said != "Person":
            return said  # "AGCU Scientech, a Wuxi-based company"
    if label == "PERSON":
        key = name_key(m.text)
        if key in lex.gazetteer:
            return lex.gazetteer[key]
        if len(words) > 1 and any(w in cues for w in words for t, cues in lex.cue_words if t != "MediaOutlet"):
            return type_from_name(m.text, lex)
        named = type_from_name(m.text, lex)
        if (
            named
            and named != "GovernmentBody"
            and len(m.text.split()) > 1
            and named in ("Company", "MediaOutlet")
        ):
            suffix = m.text.split()[-1].lower().rstrip(".")
            if suffix in lex.corporate_suffixes or suffix in lex.not_surnames:
                return named
        return "Person"
    if label in ("GPE", "LOC", "FAC", "NORP"):
        key = name_key(m.text)
        if key in lex.gazetteer:
            return lex.gazetteer[key]
        if label in ("GPE", "LOC") and place_of_description(doc[m.head], lex) is not None:
            return "Location"  # "the Waltham, Massachusetts-based company": Waltham is where the company is
        return type_from_context(m, doc, lex) or LABEL_TYPES[label]  # "Cytrox, a Skopje-based company"
    if label in ("PRODUCT", "WORK_OF_ART"):
        if label == "PRODUCT":
            return type_from_context(m, doc, lex) or "Product"
        return ""
    head = doc[m.head]
    if head.dep_ in ("npadvmod", "compound") and head.head.lemma_.lower() in lex.located_participles:
        return "Location"  # "a Skopje-based company": whatever the model says, Skopje is a place
    return type_from_name(m.text, lex) or type_from_context(m, doc, lex) or "Organization"
