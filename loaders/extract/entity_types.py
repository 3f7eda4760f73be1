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
    for noun in nouns:
        etype = lex.type_nouns.get(noun.lemma_.lower())
        if etype:
            return etype
    return ""


def type_of(m: Mention, doc: Doc, lex: Lexicon) -> str:
    """The schema type of a name mention ('' when it should not become an entity)."""
    if m.type:
        return m.type
    label = m.label
    if label == "PERSON":
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
        return LABEL_TYPES[label]
    if label in ("PRODUCT", "WORK_OF_ART"):
        return LABEL_TYPES[label] if label != "WORK_OF_ART" else ""
    return type_from_name(m.text, lex) or type_from_context(m, doc, lex) or "Organization"
