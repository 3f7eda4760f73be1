"""Decide how sure a sentence is of the relation a trigger word states: stated, alleged, denied, negated,
planned or hypothetical, from cue words on the trigger and the clauses above it (loaders/data/status.yaml).
"""

from __future__ import annotations

from spacy.tokens import Token

from loaders.extract.lexicon import Lexicon

_CLIMB = {"xcomp", "ccomp", "pcomp"}
_REQUEST_VERBS = {"ask", "urge", "press", "call", "demand", "request", "encourage", "push", "order"}


def _cues(tok: Token, lex: Lexicon) -> str:
    """The status cue found among one token's children (or '' if none)."""
    st = lex.status
    for child in tok.children:
        low = child.lower_
        dep = child.dep_
        if dep == "neg" or (dep in ("advmod", "det", "preconj", "cc") and low in st["negators"]):
            return "negated"
        if dep == "advmod" and any(g.lower_ in st["negators"] for g in child.children):
            return "negated"  # "no longer sells to X"
        if dep in ("aux", "auxpass"):
            if low in st["hypothetical_auxiliaries"]:
                return "hypothetical"
            if low in st["plan_auxiliaries"]:
                return "planned"
        if dep == "mark" and low in st["hypothetical_marks"]:
            return "hypothetical"
        if dep == "advmod" and low in st["hedge_adverbs"]:
            return "alleged"
    return ""


def _forms(tok: Token) -> set[str]:
    """The lemma and simple de-inflections of a word (the small model lemmatises 'hopes' as 'hop')."""
    low = tok.lower_
    forms = {tok.lemma_.lower(), low}
    for suffix, repl in (
        ("s", ""),
        ("es", ""),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("ing", ""),
        ("ing", "e"),
    ):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            forms.add(low[: -len(suffix)] + repl)
    return forms


def status_of(trigger: Token, lex: Lexicon) -> str:
    """The status of what `trigger` (a verb or relation noun) states in its sentence."""
    st = lex.status
    tok = trigger
    # From a noun, climb to the verb of its clause, checking the noun itself for 'no'.
    steps = 0
    while tok.pos_ not in ("VERB", "AUX") and tok.dep_ != "ROOT" and steps < 6:
        if any(c.dep_ == "det" and c.lower_ in ("no",) for c in tok.children):
            return "negated"
        tok = tok.head
        steps += 1
    if tok.pos_ not in ("VERB", "AUX"):
        return "stated"
    first = tok
    alleged = False
    while True:
        cue = _cues(tok, lex)
        if cue == "alleged":
            alleged = True
        elif cue:
            return cue
        forms = _forms(tok)
        if tok.i != first.i:
            if forms & st["deny_verbs"]:
                return "denied"
            if forms & st["plan_verbs"]:
                return "planned"
            if (
                forms & _REQUEST_VERBS
                and first.i == trigger.i
                and trigger.dep_ == "xcomp"
                and trigger.head.i == tok.i
            ):
                return "planned"
            if forms & st["hedge_verbs"]:
                alleged = True
        if (
            tok.tag_ == "VBN"
            and forms & st["hedge_passive_verbs"]
            and any(c.dep_ == "xcomp" for c in tok.children)
        ):
            alleged = True
        if tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX") and tok.head.dep_ in _CLIMB:
            tok = tok.head  # "denied acquiring or using X": the second verb shares the first one's governor,
            #                 not its own cues ("did not sell X but supplied Y" stays stated)
        if tok.dep_ not in _CLIMB or tok.head.i == tok.i:
            break
        tok = tok.head
    return "alleged" if alleged else "stated"
