"""Map a name mention to a schema entity type: gazetteer first, then cue words in the name, then what the
sentence says about it ("X, a Chinese company"), then the model's label.
"""

from __future__ import annotations

from spacy.tokens import Doc

from graph.model import name_key
from loaders.extract.lexicon import Lexicon
from loaders.extract.mentions import Mention

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


def type_from_context(m: Mention, doc: Doc, lex: Lexicon) -> str:
    """The type an appositive or predicate noun gives: 'X, a Chinese company' or 'the firm X' -> Company."""
    head = doc[m.head]
    nouns = [c for c in head.children if c.dep_ == "appos" and c.i >= m.end]
    if head.dep_ == "appos":
        nouns.append(head.head)
    if head.dep_ == "nsubj" and head.head.lemma_ == "be":
        nouns.extend(c for c in head.head.children if c.dep_ == "attr")
    if m.start > 0 and doc[m.start - 1].pos_ == "NOUN" and doc[m.start - 1].dep_ == "compound":
        nouns.append(doc[m.start - 1])
    if head.dep_ == "compound" and head.head.lemma_.lower() in lex.product_heads:
        return "Product"  # "Pegasus spyware", "FinSpy surveillance software"
    for noun in nouns:
        lemma = noun.lemma_.lower()
        etype = lex.type_nouns.get(lemma)
        if etype:
            return etype
        if lemma in lex.roles and noun.i > head.i and len(m.text.split()) > 1:
            return "Person"  # "Donncha Ó Cearbhaill, head of ...": a role said of a full name
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
            if suffix in lex.corporate_suffixes:
                return named
        return "Person"
    if label in ("GPE", "LOC", "FAC", "NORP"):
        key = name_key(m.text)
        if key in lex.gazetteer:
            return lex.gazetteer[key]
        return type_from_context(m, doc, lex) or LABEL_TYPES[label]  # "Cytrox, a Skopje-based company"
    if label in ("PRODUCT", "WORK_OF_ART"):
        if label == "PRODUCT":
            return type_from_context(m, doc, lex) or "Product"
        return ""
    head = doc[m.head]
    if head.dep_ in ("npadvmod", "compound") and head.head.lemma_.lower() in lex.located_participles:
        return "Location"  # "a Skopje-based company": whatever the model says, Skopje is a place
    return type_from_name(m.text, lex) or type_from_context(m, doc, lex) or "Organization"
