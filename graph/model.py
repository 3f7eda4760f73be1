"""Small frozen records that flow between the loaders, the stores and the app.

`Extraction` is what an extractor returns for one article (local ids `e1`, `e2`, ...);
`Entity`, `Relation`, `Evidence` and `Article` are what the graph holds.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_INITIALS = re.compile(r"\b((?:[^\W\d_]\.){2,})")


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation, squeeze spaces: the form names are compared in."""
    text = _INITIALS.sub(lambda m: m.group(1).replace(".", ""), text)  # "S.A." and "SA", "U.S." and "US"
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", bare.casefold().replace("'", "").replace("\u2019", "")).split())


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """Folded name without a leading article: "The Thermo Fisher" and "thermo fisher" share a key (cached: a
    long text asks for the same few hundred names tens of thousands of times)."""
    return fold(_LEADING_ARTICLE.sub("", name.strip()))


def stable_id(*parts: str) -> str:
    """A short deterministic id from its parts, so re-loading the same thing yields the same id."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:16]


def text_id(text: str) -> str:
    """An article's id: sha256 of its text with line endings and outer white space normalised."""
    normal = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return hashlib.sha256(normal.strip().encode("utf-8")).hexdigest()


def page_label(page: int | None) -> str:
    """How a page is cited: "p. 3", or nothing for a document without pages."""
    return f"p. {page}" if page else ""


def iso_day(value: str | None) -> str | None:
    """The YYYY-MM-DD part of a date or timestamp, or None: the form dates are compared and shown in."""
    return value[:10] if value else None


@dataclass(frozen=True)
class ExtractedEntity:
    """An entity found in one document; `id` is local to that document's extraction."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: int = 1


@dataclass(frozen=True)
class ExtractedRelation:
    """A directed, typed connection between two local entities, with the sentence that states it."""

    type: str
    source: str
    target: str
    evidence: str
    start: int
    end: int
    confidence: float
    attributes: dict[str, str] = field(default_factory=dict)
    status: str = "stated"


@dataclass(frozen=True)
class Extraction:
    """Everything one extractor pulled out of one document."""

    entities: tuple[ExtractedEntity, ...]
    relations: tuple[ExtractedRelation, ...]
    extractor: str
    version: str


@dataclass(frozen=True)
class Article:
    """A source document as stored: its id is the sha256 of its normalised text."""

    id: str
    title: str
    text: str
    source: str = ""
    outlet: str | None = None
    published: str | None = None
    ingested_at: str | None = None
    author: str | None = None  # the byline's names, comma-separated


@dataclass(frozen=True)
class Entity:
    """A resolved entity in the graph."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """One sentence of one article that supports one relation; `page` (from 1) where the article has pages."""

    article_id: str
    sentence: str
    start: int
    end: int
    extractor: str
    version: str
    confidence: float
    status: str = "stated"
    page: int | None = None


@dataclass(frozen=True)
class Relation:
    """One fact: a typed edge between two entities, with every sentence that supports it."""

    key: str
    type: str
    source: str
    target: str
    attributes: dict[str, str] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()

    @property
    def sources(self) -> int:
        """How many independent articles state this fact."""
        return len({ev.article_id for ev in self.evidence})


def relation_status(relation: Relation) -> str:
    """A fact's strongest status across its evidence: stated beats alleged beats the rest (as the store keeps it)."""
    statuses = [ev.status for ev in relation.evidence]
    for status in ("stated", "alleged"):
        if status in statuses:
            return status
    return statuses[0] if statuses else "stated"


def relation_key(rel_type: str, source_id: str, target_id: str) -> str:
    """The key of the one edge that holds every statement of a fact."""
    return stable_id(rel_type, source_id, target_id)


@dataclass(frozen=True)
class Subgraph:
    """A piece of the graph to show or export; `omitted` counts what a cap left out."""

    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    omitted: int = 0
