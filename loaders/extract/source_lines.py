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
from loaders.extract.mentions import Mention, claim, language_at

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


def _caps_word(doc: Doc, k: int) -> bool:
    """An all-capitals word ('JORNADA', 'AL'), one letter only before a hyphen or another such word ('N-TV',
    'O ESTADO', 'I GIDROLOGIYA'): how monitored outlets are written."""
    tok = doc[k]
    if not (tok.is_upper and tok.is_alpha):
        return False
    if len(tok) > 1:
        return True
    nxt = doc[k + 1] if k + 1 < len(doc) else None
    return nxt is not None and (nxt.text == "-" or (nxt.is_upper and nxt.is_alpha and len(nxt) > 1))


def _place_word(tok: Token) -> bool:
    """Whether a line's first word can open a place name: a proper noun or the model's place, not 'As' or
    'Watch' ('As CBS 2 reported', 'Watch CBS News')."""
    if tok.lower_ == "the" and tok.i + 1 < len(tok.doc):
        tok = tok.doc[tok.i + 1]  # "The Hague ANP"
    return tok.pos_ == "PROPN" or tok.ent_type_ in ("GPE", "LOC")


def _place_end(doc: Doc, start: int, stop: int, lex: Lexicon) -> int:
    """Where the place name opening a run ends: before the first all-capitals word when one or two title-case
    words (and connectors) come first ('Mexico City LA JORNADA'), else the model's place entity, else one word
    (two or three after a prefix such as 'New', 'Tel' or 'Rio de')."""
    titled = 1
    for k in range(start + 1, stop):
        if _caps_word(doc, k):
            return k
        titled += doc[k].is_title
        if titled > 2 or not (doc[k].is_title or doc[k].lower_ in lex.name_connectors):
            break
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


def _caps_name_end(doc: Doc, start: int) -> int:
    """End of an all-capitals outlet name from `start`, hyphens inside included ('AL-AHALI', 'N-TV'), and at
    most two title-case words after it ('RNE International'); `start` when there is none."""
    n = len(doc)
    end = start
    while end < n and end - start < 7 and (
        _caps_word(doc, end) or (doc[end].text == "-" and end > start and end + 1 < n and doc[end + 1].is_upper)
    ):
        end += 1
    tail = end
    while end > start and tail < n and tail - end < 2 and doc[tail].is_title and doc[tail].is_alpha:
        tail += 1
    return tail if tail > end and (tail == n or doc[tail].is_space) else end


def _run_before(doc: Doc, stop: int, lex: Lexicon) -> tuple[int, int] | None:
    """The name run [start, end) that ends at `stop`, or before one bracketed aside just before it
    ('Beijing CHINA DAILY (SCIENCE MEDICINE) in English'); None when it is shorter than two tokens."""
    start = stop
    if start > 0 and doc[start - 1].text == ")":
        k = start - 1
        while k > 0 and stop - k < _MAX_RUN and doc[k].text != "(":
            k -= 1
        if doc[k].text == "(":
            start = stop = k
    while start > 0 and stop - start < _MAX_RUN and _name_like(doc[start - 1], lex.name_connectors):
        start -= 1
    return (start, stop) if stop - start >= 2 else None


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
        if tok.lower_ == "in" and language_at(doc, i + 1, lex):
            run = _run_before(doc, i, lex)
            if run is None or not _anchored(doc, run[0]):
                continue
            start, stop = run
            split = _place_end(doc, start, stop, lex)
            _add(doc, taken, mentions, start, split, stop)
        elif _anchored(doc, i) and tok.is_title and tok.is_alpha and not _is_id(tok) and _place_word(tok):
            split = _place_end(doc, i, n, lex)
            end = _caps_name_end(doc, split)
            if end == split:
                end = _media_name_end(doc, split, lex)
            if end == split:
                continue
            closed = end == n or (doc[end].is_space and "\n" in doc[end].text) or doc[end].like_num
            closed = closed or doc[end].text == "--"
            outlet = doc[split:end].text
            wire = name_key(outlet) in lex.wire_agencies or name_key(doc[split].text) in lex.wire_agencies
            if closed and sum(ch.isalpha() for ch in outlet) >= 3 and not wire:
                _add(doc, taken, mentions, i, split, end)
