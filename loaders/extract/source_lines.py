"""Source lines of monitored media: 'PM2401200594 Moscow KOMSOMOLSKAYA PRAVDA in Russian 25 Jan 94' names a
paper or station after the city it is published in. The line gives two mentions (the place and the outlet)
before the model's entities, which often fuse or split them; relations.py turns the pair into LOCATED_IN.

Only two shapes count, both anchored at a line start, a sentence start or a monitoring id: '<Place> <Outlet>
in <Language>' (languages in loaders/data/entities.yaml), and '<Place> <OUTLET IN CAPITALS>' ending the
line. A wire agency (Reuters, AP, Xinhua...) in the second shape is a dateline, not a home city, and is skipped.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from graph.model import name_key
from loaders.extract.lexicon import Lexicon
from loaders.extract.mentions import Mention, claim

SOURCE_LINE = "source line"
_MAX_RUN = 9


def _is_id(tok: Token) -> bool:
    """A monitoring id such as 'PM2401200594' or '94WD0125D': letters and at least four digits."""
    text = tok.text
    return len(text) >= 8 and sum(ch.isdigit() for ch in text) >= 4 and any(ch.isalpha() for ch in text)


def _name_like(tok: Token, connectors: frozenset[str]) -> bool:
    """A token that can be part of a place or outlet name in a source line."""
    return (
        not tok.is_space
        and not _is_id(tok)
        and (tok.text[:1].isupper() or tok.lower_ in connectors)
        and not (tok.is_punct and tok.text != "-")
    )


def _anchored(doc: Doc, i: int) -> bool:
    """Whether a source line may start at token `i`: document, line or sentence start, or after an id."""
    if i == 0 or doc[i].is_sent_start:
        return True
    prev = doc[i - 1]
    return prev.is_space or _is_id(prev) or prev.text == ")"


def _place_end(doc: Doc, start: int, stop: int, lex: Lexicon) -> int:
    """Where the place name opening a run ends: the model's place entity, else one word (two or three after a
    prefix such as 'New', 'Tel' or 'Rio de')."""
    tok = doc[start]
    if tok.ent_type_ in ("GPE", "LOC") and tok.ent_iob_ == "B":
        end = start + 1
        while end < stop and doc[end].ent_iob_ == "I":
            end += 1
        if end < stop:
            return end
    end = start + 1
    if tok.lower_ in lex.place_prefixes and end < stop - 1:
        end += 1
        if doc[end - 1].lower_ in lex.name_connectors and end < stop - 1:
            end += 1
    return end


def _media_name_end(doc: Doc, start: int, lex: Lexicon) -> int:
    """End of a title-case station or paper name with a media cue word ('Radio Reloj Network'), else `start`."""
    end = start
    while end < len(doc) and end - start < 6 and _name_like(doc[end], lex.name_connectors) and not doc[end].like_num:
        end += 1
    words = {t.lower_ for t in doc[start:end]}
    return end if end - start >= 2 and words & lex.media_cues else start


def _add(doc: Doc, taken: list[int], mentions: list[Mention], start: int, split: int, end: int) -> None:
    """Record the place [start, split) and the outlet [split, end) as mentions, the outlet pointing at the place."""
    if any(taken[k] >= 0 for k in range(start, end)):
        return
    place = Mention(start, split, split - 1, " ".join(doc[start:split].text.split()), "GPE")
    claim(taken, mentions, place)
    outlet = Mention(
        split,
        end,
        end - 1,
        " ".join(doc[split:end].text.split()),
        "ORG",
        type="MediaOutlet",
        ref=len(mentions) - 1,
        noun=SOURCE_LINE,
    )
    claim(taken, mentions, outlet)


def source_line_mentions(doc: Doc, lex: Lexicon, taken: list[int], mentions: list[Mention]) -> None:
    """Find source lines and add their place and outlet mentions (run before the model's entities)."""
    n = len(doc)
    for tok in doc:
        i = tok.i
        with_language = tok.lower_ == "in" and i + 1 < n and doc[i + 1].lower_ in lex.languages
        if with_language:
            stop = i
            start = stop
            while start > 0 and stop - start < _MAX_RUN and _name_like(doc[start - 1], lex.name_connectors):
                start -= 1
            if stop - start < 2 or not _anchored(doc, start):
                continue
            split = _place_end(doc, start, stop, lex)
            _add(doc, taken, mentions, start, split, stop)
        elif _anchored(doc, i) and tok.is_title and tok.is_alpha and not _is_id(tok):
            split = _place_end(doc, i, n, lex)
            end = split
            while end < n and end - split < 5 and doc[end].is_upper and (doc[end].is_alpha or doc[end].text == "-"):
                end += 1
            if end == split:
                end = _media_name_end(doc, split, lex)
            closed = end == n or (doc[end].is_space and "\n" in doc[end].text) or doc[end].like_num
            closed = closed or doc[end].text == "--"
            outlet = doc[split:end].text
            wire = name_key(outlet) in lex.wire_agencies
            if end > split and closed and sum(ch.isalpha() for ch in outlet) >= 4 and not wire:
                _add(doc, taken, mentions, i, split, end)
