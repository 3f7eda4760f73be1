"""The store protocol: what every graph backend offers, and the plain records it answers with."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from graph.model import Article, Entity, Relation


@dataclass(frozen=True)
class ArticleGraph:
    """One article with its resolved entities and relations, written in one transaction."""

    article: Article
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]


@dataclass(frozen=True)
class NodeValue:
    """A node returned by a user query, with the backend's own id."""

    id: str
    labels: tuple[str, ...]
    properties: dict[str, Any]


@dataclass(frozen=True)
class EdgeValue:
    """A relationship returned by a user query."""

    id: str
    type: str
    start: str
    end: str
    properties: dict[str, Any]


@dataclass(frozen=True)
class PathValue:
    nodes: tuple[NodeValue, ...]
    edges: tuple[EdgeValue, ...]


CUT_ROWS = "rows"
CUT_MEMORY = "memory"


@dataclass(frozen=True)
class QueryResult:
    """Rows of a user query; `truncated` says it was cut, so the cut is never silent, and `cut` says why:
    `CUT_ROWS` (more rows than `limit`) or `CUT_MEMORY` (the answer outgrew `max_bytes` while it arrived)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    truncated: bool = False
    limit: int | None = None
    counters: dict[str, int] = field(default_factory=dict)
    cut: str | None = None
    max_bytes: int | None = None


@dataclass(frozen=True)
class SearchHit:
    entity: Entity
    connections: int
    score: float


@dataclass(frozen=True)
class ArticleSummary:
    id: str
    title: str
    source: str
    outlet: str | None
    published: str | None
    ingested_at: str | None
    entities: int
    author: str | None = None


@runtime_checkable
class GraphStore(Protocol):
    """One interface, two backends (embedded FalkorDB, Neo4j); the contract suite defines it."""

    kind: str
    location: str

    def write_article(self, batch: ArticleGraph) -> None:
        """Write an article, its entities, mentions and relations in one transaction."""

    def has_article(self, article_id: str) -> bool: ...

    def writer(self) -> AbstractContextManager[None]:
        """Hold the store's writer lock: what is looked up inside still holds when the write inside lands, so
        two processes ingesting at once end with the graph one of them would have made alone."""

    def changes(self) -> str:
        """A cheap token that differs after every write (articles, imports, clear, a user's changing query):
        a reader compares it with the one it saw to know its cached reads are stale."""

    def lookup(self, keys: Iterable[str]) -> dict[str, list[Entity]]:
        """Entities whose name or an alias has one of these `name_key`s, by key."""

    def get_entities(self, ids: Sequence[str]) -> list[Entity]: ...

    def relations_of(self, ids: Sequence[str], types: Sequence[str] | None = None) -> list[Relation]:
        """Every relation with at least one end among `ids`, with its evidence."""

    def relations_between(self, ids: Sequence[str]) -> list[Relation]:
        """Every relation with both ends among `ids`."""

    def degrees(self, ids: Sequence[str]) -> dict[str, int]:
        """Number of distinct connections (non-MENTIONS edges) of each entity."""

    def search(self, text: str, types: Sequence[str] | None = None, limit: int = 20) -> list[SearchHit]: ...

    def get_article(self, article_id: str) -> Article | None: ...

    def articles(self) -> list[ArticleSummary]: ...

    def article_entities(self, article_id: str) -> list[Entity]: ...

    def run(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        write: bool = False,
        timeout: float = 10.0,
        limit: int = 1000,
    ) -> QueryResult:
        """Run the user's own Cypher; read-only unless `write`, enforced by the database."""

    def stats(self) -> dict[str, Any]:
        """articles, entities, facts (relations but mentions), mentions, entities_by_type, facts_by_type."""

    def iter_entities(self) -> Iterator[Entity]: ...

    def iter_relations(self) -> Iterator[Relation]: ...

    def iter_articles(self) -> Iterator[Article]: ...

    def clear(self) -> None:
        """Delete everything in this store (tests and imports into a fresh store)."""

    def close(self) -> None: ...


def to_plain(value: Any) -> Any:
    """A query value as JSON-ready data: nodes, edges and paths become dicts."""
    if isinstance(value, NodeValue):
        return {"_id": value.id, "_labels": list(value.labels), **{k: to_plain(v) for k, v in value.properties.items()}}
    if isinstance(value, EdgeValue):
        return {"_id": value.id, "_type": value.type, "_start": value.start, "_end": value.end,
                **{k: to_plain(v) for k, v in value.properties.items()}}
    if isinstance(value, PathValue):
        return {"nodes": [to_plain(n) for n in value.nodes], "relationships": [to_plain(e) for e in value.edges]}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value
