"""Structured records (spreadsheet rows, FollowTheMoney links) written as one cited article per source.

A record states one fact between two named parties. The source (a file's sheet, a dataset) becomes one
`Article` whose text is its records rendered one per line ("payments.csv, row 12: Acme Ltd supplied ..."),
so each fact's evidence is its own line with true offsets, and the citation names the file, sheet and row.
Names then resolve against the store like extracted ones (`loaders/resolve.py`), and because the article's
id is the hash of its text, writing the same records again changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from graph.model import Article, ExtractedEntity, ExtractedRelation, Extraction, name_key, text_id
from graph.schema import load_schema
from graph.store.base import GraphStore
from loaders.resolve import resolve

EXTRACTOR_VERSION = "1"
PART_SIZE = 5000
"""Most records per article: a bigger source is cut into parts, each written in one transaction of its own."""


@dataclass(frozen=True)
class Party:
    """An entity a record names; `key` groups the mentions of one entity within a source."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    key: str = ""

    @property
    def group(self) -> str:
        """The grouping key: the given one, else the type and the folded name."""
        return self.key or f"{self.type}\x1f{name_key(self.name)}"


@dataclass(frozen=True)
class Record:
    """One line of a source: `citation` says where it is, `statement` what it says.

    With `relation` set the line states that fact from `parties[0]` to `parties[1]`; without, it only
    names its parties (an FtM entity with no links, say).
    """

    citation: str
    statement: str
    parties: tuple[Party, ...]
    relation: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def line(self) -> str:
        """The article line that cites this record."""
        return f"{self.citation}: {self.statement}"


@dataclass
class SourceOutcome:
    """What happened to one source: `dropped` lists records whose fact could not be stored, with the reason."""

    title: str
    status: str  # added or unchanged
    facts: int = 0
    entities: int = 0
    dropped: list[tuple[str, str]] = field(default_factory=list)


def relation_label(relation: str) -> str:
    """The schema's wording of a relation type ("supplied", "owns")."""
    return load_schema().relation_types[relation].label


def records_text(records: Sequence[Record]) -> str:
    """The article text: one line per record."""
    return "\n".join(r.line for r in records)


def records_extraction(records: Sequence[Record], extractor: str) -> Extraction:
    """Entities and relations of the records, each relation citing its own line with true offsets."""
    local: dict[str, str] = {}
    entities: dict[str, ExtractedEntity] = {}
    relations: list[ExtractedRelation] = []
    offset = 0
    for record in records:
        ids = []
        for party in record.parties:
            local_id = local.setdefault(party.group, f"e{len(local) + 1}")
            known = entities.get(local_id)
            aliases = tuple(dict.fromkeys((*(known.aliases if known else ()), *party.aliases)))
            entities[local_id] = ExtractedEntity(local_id, known.name if known else party.name, party.type,
                                                 aliases, (known.mentions + 1) if known else 1)
            ids.append(local_id)
        line = record.line
        if record.relation:
            relations.append(ExtractedRelation(record.relation, ids[0], ids[1], line, offset, offset + len(line),
                                               1.0, dict(record.attributes)))
        offset += len(line) + 1
    return Extraction(tuple(entities.values()), tuple(relations), extractor, EXTRACTOR_VERSION)


def store_records(
    store: GraphStore,
    records: Sequence[Record],
    *,
    title: str,
    source: str,
    extractor: str,
    outlet: str | None = None,
) -> SourceOutcome:
    """Write the records as one article in one transaction; a source already stored is left as it is.

    A fact the resolver leaves out (its two ends turned out to be one stored entity, or a stored entity's
    type does not allow the relation) is listed in `dropped` rather than lost without a word.
    """
    text = records_text(records)
    extraction = records_extraction(records, extractor)
    with store.writer():  # as an ingest does: the look-ups still hold when the write lands (loaders/ingest.py)
        if store.has_article(text_id(text)):
            return SourceOutcome(title, "unchanged")
        article = Article(id=text_id(text), title=title, text=text, source=source, outlet=outlet,
                          ingested_at=datetime.now(UTC).replace(microsecond=0).isoformat())
        batch = resolve(article, extraction, store.lookup)
        store.write_article(batch)
    stored_lines = {ev.start for rel in batch.relations for ev in rel.evidence}
    outcome = SourceOutcome(title, "added", facts=len(batch.relations), entities=len(batch.entities))
    offset = 0
    for record in records:
        if record.relation and offset not in stored_lines:
            outcome.dropped.append((record.citation, "not stored: once matched to the store, its ends are one "
                                                     f"entity or their stored types do not allow {record.relation}"))
        offset += len(record.line) + 1
    return outcome


def store_in_parts(
    store: GraphStore,
    records: Sequence[Record],
    *,
    title: str,
    source: str,
    extractor: str,
    outlet: str | None = None,
    part_size: int | None = None,
) -> list[SourceOutcome]:
    """Write the records as articles of at most `part_size` records ("TITLE, part 2 of 3"), the same cut every time.

    Entities recur across parts by name (and by alias), so a fact in one part may link entities another
    part introduced; the cut depends only on the records, so a re-import finds every part already stored.
    """
    size = part_size or PART_SIZE
    parts = [records[i:i + size] for i in range(0, len(records), size)]
    outcomes = []
    for number, part in enumerate(parts, start=1):
        part_title = title + (f", part {number} of {len(parts)}" if len(parts) > 1 else "")
        outcomes.append(store_records(store, part, title=part_title, source=source, extractor=extractor,
                                      outlet=outlet))
    return outcomes
