"""`CypherStore`: the store protocol written once over the shared Cypher in `cypher.py`.

A backend supplies how to read (`_rows`), how to write in one transaction (`_write`), how to run the
user's own query (`run`), and its full-text dialect (`_fulltext_queries`, `_fulltext`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from graph.model import Article, Entity, Relation, fold
from graph.schema import load_schema
from graph.store import cypher
from graph.store.base import ArticleGraph, ArticleSummary, QueryResult, SearchHit

_PAGE = 5000


class CypherStore(ABC):
    kind: str = ""
    location: str = ""

    @abstractmethod
    def _rows(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a read-only query and return its rows as dicts keyed by column."""

    @abstractmethod
    def _write(self, query: str, params: dict[str, Any]) -> None:
        """Run a write in one transaction: all of it lands or none of it."""

    @abstractmethod
    def _fulltext_queries(self, words: list[str]) -> list[str]:
        """Full-text query strings to try in order, from exact-prefix to forgiving, in this dialect."""

    @abstractmethod
    def _fulltext(self, query: str, types: list[str], limit: int) -> list[dict[str, Any]]:
        """Rows (id, name, type, aliases, score) of the full-text index for one query string."""

    @abstractmethod
    def run(
        self,
        cypher_text: str,
        params: dict[str, Any] | None = None,
        *,
        write: bool = False,
        timeout: float = 10.0,
        limit: int = 1000,
    ) -> QueryResult: ...

    @abstractmethod
    def close(self) -> None: ...

    def write_article(self, batch: ArticleGraph) -> None:
        self._write(*cypher.write_article(batch))

    def has_article(self, article_id: str) -> bool:
        return self._rows(cypher.HAS_ARTICLE, {"id": article_id})[0]["n"] > 0

    def lookup(self, keys: Iterable[str]) -> dict[str, list[Entity]]:
        wanted = sorted(set(keys))
        found: dict[str, list[Entity]] = {}
        if not wanted:
            return found
        wanted_set = set(wanted)
        for row in self._rows(cypher.LOOKUP, {"keys": wanted}):
            entity = cypher.entity_from_row(row)
            for key in row["keys"]:
                if key in wanted_set:
                    found.setdefault(key, []).append(entity)
        return found

    def get_entities(self, ids: Sequence[str]) -> list[Entity]:
        return [cypher.entity_from_row(r) for r in self._rows(cypher.GET_ENTITIES, {"ids": list(ids)})]

    def relations_of(self, ids: Sequence[str], types: Sequence[str] | None = None) -> list[Relation]:
        params = {"ids": list(ids), "types": list(types or [])}
        seen: dict[str, Relation] = {}
        for query in (cypher.RELATIONS_FROM, cypher.RELATIONS_TO):
            for row in self._rows(query, params):
                relation = cypher.relation_from_row(row)
                seen.setdefault(relation.key, relation)
        return list(seen.values())

    def relations_between(self, ids: Sequence[str]) -> list[Relation]:
        return [cypher.relation_from_row(r) for r in self._rows(cypher.RELATIONS_BETWEEN, {"ids": list(ids)})]

    def degrees(self, ids: Sequence[str]) -> dict[str, int]:
        return {r["id"]: r["degree"] for r in self._rows(cypher.DEGREES, {"ids": list(ids)})}

    def search(self, text: str, types: Sequence[str] | None = None, limit: int = 20) -> list[SearchHit]:
        """Names and aliases matching `text`: prefix first, then fuzzy, then plain substring."""
        words = fold(text).split()
        if not words:
            return []
        type_list = list(types or [])
        scores: dict[str, float] = {}
        entities: dict[str, Entity] = {}
        for attempt in self._fulltext_queries(words):
            for row in self._fulltext(attempt, type_list, limit):
                entities.setdefault(row["id"], cypher.entity_from_row(row))
                scores[row["id"]] = max(scores.get(row["id"], 0.0), float(row["score"]))
            if entities:
                break
        if not entities:
            params = {"q": " ".join(words), "types": type_list, "limit": limit}
            for row in self._rows(cypher.SEARCH_CONTAINS, params):
                entities[row["id"]] = cypher.entity_from_row(row)
                scores[row["id"]] = 0.0
        degrees = self.degrees(list(entities))
        hits = [SearchHit(entities[i], degrees.get(i, 0), scores[i]) for i in entities]
        exact = fold(text)
        hits.sort(key=lambda h: (fold(h.entity.name) != exact, -h.score, -h.connections, h.entity.name))
        return hits[:limit]

    def get_article(self, article_id: str) -> Article | None:
        rows = self._rows(cypher.GET_ARTICLE, {"id": article_id})
        return cypher.article_from_row(rows[0]) if rows else None

    def articles(self) -> list[ArticleSummary]:
        return [ArticleSummary(**row) for row in self._rows(cypher.ARTICLES)]

    def article_entities(self, article_id: str) -> list[Entity]:
        return [cypher.entity_from_row(r) for r in self._rows(cypher.ARTICLE_ENTITIES, {"id": article_id})]

    def stats(self) -> dict[str, Any]:
        """Headline counts (articles, entities, facts, mentions) and entities and facts by type; facts are every
        relation but the article-to-entity mentions. The CLI, the ingest summary and the app all show these."""
        mention = load_schema().mention_relation
        entities = {r["type"]: r["n"] for r in self._rows(cypher.STATS_ENTITIES)}
        facts = {r["type"]: r["n"] for r in self._rows(cypher.STATS_RELATIONS)}
        mentions = facts.pop(mention, 0)
        return {
            "articles": self._rows(cypher.STATS_ARTICLES)[0]["n"],
            "entities": sum(entities.values()),
            "facts": sum(facts.values()),
            "mentions": mentions,
            "entities_by_type": dict(sorted(entities.items())),
            "facts_by_type": dict(sorted(facts.items())),
        }

    def _pages(self, query: str, key: str) -> Iterator[dict[str, Any]]:
        """Every row of a query that pages by `$after`/`$page` on a sortable key."""
        after = ""
        while True:
            rows = self._rows(query, {"after": after, "page": _PAGE})
            yield from rows
            if len(rows) < _PAGE:
                return
            after = rows[-1][key]

    def iter_entities(self) -> Iterator[Entity]:
        return (cypher.entity_from_row(r) for r in self._pages(cypher.ITER_ENTITIES, "id"))

    def iter_relations(self) -> Iterator[Relation]:
        """Every relation, read a page of source entities at a time: paging on the indexed entity id
        avoids sorting every edge for every page."""
        ids: list[str] = []
        for row in self._pages(cypher.ITER_SOURCE_IDS, "id"):
            ids.append(row["id"])
            if len(ids) == _PAGE:
                yield from self._relations_from(ids)
                ids = []
        if ids:
            yield from self._relations_from(ids)

    def _relations_from(self, ids: list[str]) -> Iterator[Relation]:
        rows = self._rows(cypher.RELATIONS_FROM, {"ids": ids, "types": []})
        return (cypher.relation_from_row(r) for r in sorted(rows, key=lambda r: (r["source"], r["props"]["key"])))

    def iter_articles(self) -> Iterator[Article]:
        return (cypher.article_from_row(r) for r in self._pages(cypher.ITER_ARTICLES, "id"))

    def clear(self) -> None:
        self._write(cypher.CLEAR, {"epoch": cypher.new_epoch()})

    def changes(self) -> str:
        """The change counter as a token ("epoch:count"); "" for a store never written to."""
        rows = self._rows(cypher.CHANGES)
        return f"{rows[0]['epoch']}:{rows[0]['n']}" if rows else ""
