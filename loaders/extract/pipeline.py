"""Document -> clean -> sentence-case headlines -> spaCy Doc -> mentions -> entities -> relations -> Extraction.

`extract_many` runs `nlp.pipe` over batches of documents, in this process or in a pool of worker processes;
everything after the parse is light post-processing of the parsed Doc. A text longer than `CHUNK_CHARS` is
parsed and extracted chunk by chunk (loaders/extract/chunks.py) and the chunks' extractions are merged into
one with document offsets (loaders/extract/merge.py), so any length runs in linear time and bounded memory.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.tokens import Doc

from graph.model import ExtractedEntity, ExtractedRelation, Extraction
from graph.schema import Schema, load_schema
from loaders.clean import clean_text
from loaders.document import Document
from loaders.extract import chunks
from loaders.extract.lexicon import Lexicon, load_lexicon
from loaders.extract.mentions import find_mentions
from loaders.extract.merge import merge_extractions
from loaders.extract.nlp import load_nlp
from loaders.extract.relations import Candidate, find_relations
from loaders.extract.resolve_local import EntityRecord, resolve
from loaders.extract.states import state_actors
from loaders.headlines import sentence_case

EXTRACTOR_NAME = "threadline-rules"
EXTRACTOR_VERSION = "0.1.0"
BATCH_CHARS = 200_000  # characters parsed per `nlp.pipe` batch: about 32 news articles, or four long chunks


def _sentence_bounds(doc: Doc) -> tuple[list[int], list[tuple[int, int]]]:
    """Token -> sentence index, and each sentence's character bounds with outer white space trimmed."""
    index = [0] * len(doc)
    bounds: list[tuple[int, int]] = []
    text = doc.text
    for k, sent in enumerate(doc.sents):
        index[sent.start : sent.end] = [k] * (sent.end - sent.start)
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        bounds.append((start, end))
    return index, bounds


def assemble(
    doc: Doc, entities: list[EntityRecord], candidates: list[Candidate], schema: Schema, text: str
) -> Extraction:
    """Entities and relation candidates -> `Extraction`: local ids, schema checks, evidence, dedupe."""
    ids: dict[int, str] = {}
    out_entities: list[ExtractedEntity] = []
    for n, rec in enumerate(entities):
        if not rec.mentions or rec.type not in schema.entity_types:
            continue
        ids[n] = f"e{len(out_entities) + 1}"
        aliases = tuple(sorted(a for a in rec.aliases if a != rec.name))
        out_entities.append(ExtractedEntity(ids[n], rec.name, rec.type, aliases, len(rec.mentions)))
    sent_of, bounds = _sentence_bounds(doc) if candidates else ([], [])
    best: dict[tuple[str, str, str, int], ExtractedRelation] = {}
    for cand in candidates:
        if cand.source not in ids or cand.target not in ids:
            continue
        rtype = schema.relation_types.get(cand.type)
        src, tgt = entities[cand.source], entities[cand.target]
        if rtype is None or not rtype.allows(src.type, tgt.type):
            continue
        status = cand.status if cand.status in schema.statuses else "stated"
        attrs = {k: v for k, v in cand.attributes.items() if k in rtype.attributes and v}
        k = sent_of[cand.trigger]
        start, end = bounds[k]
        key = (cand.type, ids[cand.source], ids[cand.target], k)
        old = best.get(key)
        if old is not None and old.confidence >= cand.confidence:
            if attrs and not old.attributes:
                best[key] = ExtractedRelation(
                    old.type,
                    old.source,
                    old.target,
                    old.evidence,
                    old.start,
                    old.end,
                    old.confidence,
                    attrs,
                    old.status,
                )
            continue
        if old is not None and not attrs:
            attrs = old.attributes
        best[key] = ExtractedRelation(
            cand.type,
            ids[cand.source],
            ids[cand.target],
            text[start:end],
            start,
            end,
            round(min(max(cand.confidence, 0.0), 1.0), 3),
            attrs,
            status,
        )
    return Extraction(tuple(out_entities), tuple(best.values()), EXTRACTOR_NAME, EXTRACTOR_VERSION)


def extract_doc(doc: Doc, text: str, lex: Lexicon | None = None, schema: Schema | None = None) -> Extraction:
    """Everything after the parse, for one parsed document whose text has the same offsets as `text`."""
    lex = lex or load_lexicon()
    schema = schema or load_schema()
    mentions, taken = find_mentions(doc, lex)
    entities = resolve(doc, mentions, lex)
    candidates = state_actors(find_relations(doc, mentions, taken, entities, lex), mentions, entities, schema)
    return assemble(doc, entities, candidates, schema, text)


def extract(document: Document) -> Extraction:
    """Extract entities and relations from one document."""
    return next(extract_many([document]))


def _batches(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Split documents into lists of `size`."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def parse_ready(text: str) -> str:
    """What the model reads: page furniture blanked, Title-Case headlines sentence-cased; offsets unchanged."""
    return sentence_case(clean_text(text))


def _extract_batch(batch: list[Document]) -> list[Extraction]:
    """Worker entry point: extract one batch of documents in this process."""
    return list(_extract_serial(batch, len(batch)))


Unit = tuple[str, tuple[Document, int, int, str]]
"""What `nlp.pipe` reads: a chunk ready to parse, with (its document, chunks in it, chunk start, raw chunk)."""


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with each span's characters but line breaks turned into spaces: same length, same offsets."""
    for start, end in spans:
        text = text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]
    return text


def _units(documents: Iterable[Document]) -> Iterator[Unit]:
    """Every document as the chunks the model parses (one for any text up to `chunks.CHUNK_CHARS`); metadata
    lines (byline, date line, dateline) are blanked so their names are not taken for the story's."""
    for document in documents:
        text = document.text
        ready = _blank(parse_ready(text), document.furniture)
        bounds = chunks.chunk_bounds(text, chunks.CHUNK_CHARS)
        for start, end in bounds:
            yield ready[start:end], (document, len(bounds), start, text[start:end])


def _with_outlet(extraction: Extraction, document: Document) -> Extraction:
    """The outlet a dateline or byline names, as a MediaOutlet entity of the article (joined with one the text
    already names)."""
    if not document.named_outlet:
        return extraction
    name, *aliases = document.named_outlet
    outlet = ExtractedEntity("e1", name, "MediaOutlet", tuple(a for a in aliases if a != name))
    return merge_extractions([(0, extraction), (0, Extraction((outlet,), (), EXTRACTOR_NAME, EXTRACTOR_VERSION))])


def _sized(units: Iterator[Unit], items: int, chars: int) -> Iterator[list[Unit]]:
    """Batches of at most `items` chunks and, past the first chunk, `chars` characters: the parsed Docs of one
    batch are what is held in memory at once."""
    batch: list[Unit] = []
    size = 0
    for unit in units:
        if batch and (len(batch) >= items or size + len(unit[0]) > chars):
            yield batch
            batch, size = [], 0
        batch.append(unit)
        size += len(unit[0])
    if batch:
        yield batch


def _extract_serial(documents: Iterable[Document], batch_size: int) -> Iterator[Extraction]:
    """Extract documents in this process: chunks go through `nlp.pipe` in batches bounded by count and size,
    and a long document's chunk extractions are merged into one."""
    nlp = load_nlp()
    lex = load_lexicon()
    schema = load_schema()
    parts: list[tuple[int, Extraction]] = []
    for batch in _sized(_units(documents), batch_size, BATCH_CHARS):
        for doc, (document, count, start, raw) in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
            parts.append((start, extract_doc(doc, raw, lex, schema)))
            if len(parts) == count:
                yield _with_outlet(merge_extractions(parts), document)
                parts = []


def _warm() -> None:
    """Load the model, lexicon and schema once per worker process."""
    load_nlp()
    load_lexicon()
    load_schema()


def extract_many(
    documents: Iterable[Document], workers: int = 1, batch_size: int = 32
) -> Iterator[Extraction]:
    """Extract many documents, yielding in input order; `workers > 1` spreads batches over processes."""
    if workers <= 1:
        yield from _extract_serial(documents, batch_size)
        return
    _warm()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers, initializer=_warm) as pool:
        for result in pool.imap(_extract_batch, _batches(documents, batch_size)):
            yield from result
