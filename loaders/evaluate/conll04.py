"""Read the CoNLL04 benchmark: rebuild each sentence's text from its tokens and keep its gold relations.

Tokens are PTB-style (`` ` ` `` and `' '` for quotes, `'s` split off, `_` for a dash); we join them into
readable text and remember each token's character span, so gold entities become text spans.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from graph.model import Extraction, name_key
from graph.schema import load_schema
from loaders.evaluate.scoring import Score

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CONLL_DIR = PROJECT_ROOT / "data" / "benchmarks" / "conll04"
"""The benchmark ships with the project (MIT licence, see its README), so evaluation and training need nothing
outside the repository."""

_NO_SPACE_BEFORE = {
    ",",
    ".",
    ";",
    ":",
    "!",
    "?",
    "%",
    ")",
    "'s",
    "'S",
    "n't",
    "'t",
    "'re",
    "'ve",
    "'ll",
    "'d",
    "'m",
}
_NO_SPACE_AFTER = {"(", "$"}
_REPLACE = {"-LRB-": "(", "-RRB-": ")", "-LCB-": "{", "-RCB-": "}", "_": "--"}


@dataclass(frozen=True)
class ConllEntity:
    """A gold entity: its text, CoNLL label (Peop, Org, Loc, Other) and last token index."""

    text: str
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class ConllRelation:
    """A gold relation between two entities, named by their text."""

    type: str
    head: ConllEntity
    tail: ConllEntity


@dataclass(frozen=True)
class ConllSentence:
    """One benchmark sentence: rebuilt text, gold entities and relations."""

    doc_id: str
    text: str
    entities: tuple[ConllEntity, ...]
    relations: tuple[ConllRelation, ...]


def detokenize(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join PTB tokens into text; return it with each token's (start, end) character span."""
    words: list[str] = []
    i = 0
    merged: list[tuple[str, list[int]]] = []
    while i < len(tokens):
        tok = tokens[i]
        if tok in ("`", "'") and i + 1 < len(tokens) and tokens[i + 1] == tok:
            merged.append(('"' + ("open" if tok == "`" else "close"), [i, i + 1]))
            i += 2
            continue
        merged.append((_REPLACE.get(tok, tok), [i]))
        i += 1
    spans: list[tuple[int, int]] = [(0, 0)] * len(tokens)
    text = ""
    glue_next = False
    for piece, idxs in merged:
        if piece == '"open':
            piece, no_before, glue_after = '"', False, True
        elif piece == '"close':
            piece, no_before, glue_after = '"', True, False
        else:
            no_before = piece in _NO_SPACE_BEFORE or (piece == "'" and text.endswith("s"))
            glue_after = piece in _NO_SPACE_AFTER
        if text and not no_before and not glue_next:
            text += " "
        start = len(text)
        text += piece
        for j in idxs:
            spans[j] = (start, len(text))
        glue_next = glue_after
        words.append(piece)
    return text, spans


def _entities(rows: list[list[str]], text: str, spans: list[tuple[int, int]]) -> dict[int, ConllEntity]:
    """Gold entities keyed by their last token index."""
    out: dict[int, ConllEntity] = {}
    start = -1
    label = ""
    for i, row in enumerate([*rows, ["", "", "O"]]):
        tag = row[2]
        if start >= 0 and not tag.startswith("I-"):
            last = i - 1
            out[last] = ConllEntity(text[spans[start][0] : spans[last][1]], label, start, last)
            start = -1
        if tag.startswith("B-") or (tag.startswith("I-") and start < 0):
            start, label = i, tag[2:]
    return out


def parse(lines: list[str]) -> list[ConllSentence]:
    """Parse the benchmark's tab-separated lines into sentences."""
    sentences: list[ConllSentence] = []
    doc_id = ""
    rows: list[list[str]] = []

    def flush() -> None:
        """Turn the rows read so far into one sentence with its gold relations."""
        if not rows:
            return
        text, spans = detokenize([r[1] for r in rows])
        ents = _entities(rows, text, spans)
        rels = []
        for i, row in enumerate(rows):
            labels = ast.literal_eval(row[3])
            heads = ast.literal_eval(row[4])
            for label, other in zip(labels, heads, strict=False):
                if label != "N" and i in ents and other in ents:
                    rels.append(ConllRelation(label, ents[i], ents[other]))
        sentences.append(ConllSentence(doc_id, text, tuple(ents.values()), tuple(rels)))

    for line in lines:
        line = line.rstrip("\n")
        if line.startswith("#doc"):
            flush()
            doc_id, rows = line.split(maxsplit=1)[1], []
        elif line.strip():
            rows.append(line.split("\t"))
    flush()
    return sentences


def read_split(split: str, directory: Path = CONLL_DIR) -> list[ConllSentence]:
    """Sentences of one split (train, dev or test)."""
    path = directory / f"{split}.txt"
    if not path.exists():
        raise FileNotFoundError(f"{path}: CoNLL04 split not found; expected data/benchmarks/conll04/ in the project")
    with open(path, encoding="utf-8") as handle:
        return parse(handle.readlines())


# How Threadline's relations are compared with CoNLL04's: (our types, allowed source types) per CoNLL type.
PERSON = frozenset({"Person"})
ORGANISATION = frozenset({"Company", "GovernmentBody", "NGO", "MediaOutlet", "Organization"})
MAPPING: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "Work_For": (frozenset({"HAS_ROLE_AT", "MEMBER_OF"}), PERSON),
    "OrgBased_In": (frozenset({"LOCATED_IN"}), ORGANISATION),
}


def conll_key(text: str) -> str:
    """Entity text compared ignoring case, punctuation and leading articles."""
    return name_key(text)


def score_sentence(sentence: ConllSentence, extraction: Extraction) -> Score:
    """Score one sentence's extraction on the mapped CoNLL relation types."""
    score = Score()
    schema = load_schema()
    ents = {e.id: e for e in extraction.entities}
    for conll_type, (our_types, source_types) in MAPPING.items():
        counts = score.counts(conll_type)
        gold = [
            (conll_key(r.head.text), conll_key(r.tail.text), r)
            for r in sentence.relations
            if r.type == conll_type
        ]
        counts.gold += len(gold)
        matched: set[int] = set()
        seen: set[tuple[str, str]] = set()
        for rel in extraction.relations:
            if rel.type not in our_types or not schema.statuses.get(rel.status, False):
                continue
            src, tgt = ents[rel.source], ents[rel.target]
            if src.type not in source_types or (rel.source, rel.target) in seen:
                continue
            seen.add((rel.source, rel.target))
            counts.pred += 1
            src_keys = {conll_key(n) for n in (src.name, *src.aliases)}
            tgt_keys = {conll_key(n) for n in (tgt.name, *tgt.aliases)}
            hit = next(
                (
                    i
                    for i, (h, t, _) in enumerate(gold)
                    if i not in matched and h in src_keys and t in tgt_keys
                ),
                -1,
            )
            if hit >= 0:
                matched.add(hit)
                counts.tp += 1
            else:
                score.wrong.append(
                    f"{sentence.doc_id}: {src.name} -{rel.type}-> {tgt.name}  | {sentence.text[:160]}"
                )
        for i, (_, _, r) in enumerate(gold):
            if i not in matched:
                score.missed.append(
                    f"{sentence.doc_id}: {r.head.text} -{conll_type}-> {r.tail.text}  | {sentence.text[:160]}"
                )
    return score
