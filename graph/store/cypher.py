"""Cypher that both backends understand, as pure builders: (query text, parameters).

Labels and relationship types cannot be parameters in Cypher, so they are spliced in; every one
of them comes from the schema and is checked against it here, never from article text.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from graph.model import Article, Entity, Evidence, Relation, name_key
from graph.schema import load_schema
from graph.store.base import ArticleGraph

# The store's change counter lives on one node under a label of its own, which no read of entities, articles or
# facts matches (they all name :Entity or :Article, and the node has no edges). `epoch` is set when the node is
# made, so a counter deleted by a user's query and made again never repeats a value the app has seen.
META_LABEL = "StoreMeta"
BUMP = (f"MERGE (meta:{META_LABEL} {{id: 'changes'}}) ON CREATE SET meta.epoch = $epoch, meta.n = 0 "
        "SET meta.n = meta.n + 1")
CHANGES = f"MATCH (meta:{META_LABEL} {{id: 'changes'}}) RETURN meta.epoch AS epoch, meta.n AS n"

EVIDENCE_FIELDS = ("article", "sentence", "start", "end", "extractor", "version", "confidence", "status")
# `ev_page` came later: stored as 0 for "no page" (Neo4j lists hold no nulls), and missing on older edges,
# which are padded with zeros when next written and read as no page.
_PAGE_FIELD = "page"
NO_PAGE = 0
_ARTICLE_FIELDS = ("title", "text", "source", "outlet", "published", "ingested_at", "author")


def checked_entity_type(name: str) -> str:
    if name not in load_schema().entity_types:
        raise ValueError(f"unknown entity type {name!r}")
    return name


def checked_relation_type(name: str) -> str:
    if name not in load_schema().relation_types:
        raise ValueError(f"unknown relation type {name!r}")
    return name


def entity_keys(entity: Entity) -> list[str]:
    """The folded forms of an entity's name and aliases, used for look-up and search."""
    keys: list[str] = []
    for name in (entity.name, *entity.aliases):
        key = name_key(name)
        if key and key not in keys:
            keys.append(key)
    return keys


def _entity_row(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": [a for a in dict.fromkeys(entity.aliases) if a != entity.name],
        "keys": entity_keys(entity),
        "search": "".join(" " + k for k in entity_keys(entity)),
    }


def _relation_row(relation: Relation) -> dict[str, Any]:
    evidence = relation.evidence
    return {
        "key": relation.key,
        "source": relation.source,
        "target": relation.target,
        "attributes": {k: v for k, v in relation.attributes.items() if v is not None},
        "confidence": max((ev.confidence for ev in evidence), default=0.0),
        "ev_article": [ev.article_id for ev in evidence],
        "ev_sentence": [ev.sentence for ev in evidence],
        "ev_start": [ev.start for ev in evidence],
        "ev_end": [ev.end for ev in evidence],
        "ev_extractor": [ev.extractor for ev in evidence],
        "ev_version": [ev.version for ev in evidence],
        "ev_confidence": [float(ev.confidence) for ev in evidence],
        "ev_status": [ev.status for ev in evidence],
        "ev_page": [ev.page or NO_PAGE for ev in evidence],
    }


def new_epoch() -> str:
    """A fresh value for the change counter's `epoch` (used only when the counter node is made)."""
    return uuid.uuid4().hex


def bumped(query: str) -> str:
    """`query` followed by a bump of the change counter, in the same statement (so the same transaction).

    The bump comes last: a reader that sees the new count also sees the data, and on Neo4j the counter's
    lock is held for the shortest time.
    """
    return f"{query}\nWITH count(*) AS _\n{BUMP}"


def write_article(batch: ArticleGraph) -> tuple[str, dict[str, Any]]:
    """One statement that writes an article, its entities, mentions and relations, or nothing.

    Relations carry their evidence as parallel lists on the edge (`ev_*`), guarded by the article id
    so that writing the same article twice adds nothing; `sources` counts distinct articles. The
    statement ends by bumping the change counter.
    """
    article = batch.article
    params: dict[str, Any] = {
        "epoch": new_epoch(),
        "article_id": article.id,
        "article": {k: getattr(article, k) for k in _ARTICLE_FIELDS if getattr(article, k) is not None},
        "mentions": [e.id for e in batch.entities],
    }
    parts = ["MERGE (a:Article {id: $article_id})", "ON CREATE SET a += $article"]
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entity in batch.entities:
        by_type[checked_entity_type(entity.type)].append(_entity_row(entity))
    for index, (etype, rows) in enumerate(sorted(by_type.items())):
        name = f"entities_{index}"
        params[name] = rows
        parts += [
            "WITH count(*) AS _",
            f"UNWIND ${name} AS e",
            # Both labels in the pattern: adding a label with SET costs ten times more in FalkorDB.
            # An entity's type never changes once stored (loaders/resolve.py keeps the stored type).
            f"MERGE (n:Entity:{etype} {{id: e.id}})",
            "ON CREATE SET n.name = e.name, n.type = e.type, n.aliases = e.aliases, n.keys = e.keys,",
            "    n.search = e.search",
            "WITH n, [x IN e.aliases WHERE NOT x IN n.aliases AND x <> n.name] AS aliases,",
            "     [k IN e.keys WHERE NOT k IN n.keys] AS keys",
            "WHERE size(aliases) > 0 OR size(keys) > 0",
            "SET n.aliases = n.aliases + aliases, n.keys = n.keys + keys,",
            "    n.search = n.search + reduce(s = '', k IN keys | s + ' ' + k)",
        ]
    if batch.entities:
        parts += [
            "WITH count(*) AS _",
            "MATCH (a:Article {id: $article_id})",
            "UNWIND $mentions AS mid",
            "MATCH (n:Entity {id: mid})",
            "MERGE (a)-[:MENTIONS]->(n)",
        ]
    by_rel: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for relation in batch.relations:
        by_rel[checked_relation_type(relation.type)].append(_relation_row(relation))
    for index, (rtype, rows) in enumerate(sorted(by_rel.items())):
        name = f"relations_{index}"
        params[name] = rows
        appends = ", ".join(f"x.ev_{f} = x.ev_{f} + r.ev_{f}" for f in EVIDENCE_FIELDS)
        empties = ", ".join(f"x.ev_{f} = []" for f in (*EVIDENCE_FIELDS, _PAGE_FIELD))
        parts += [
            "WITH count(*) AS _",
            f"UNWIND ${name} AS r",
            "MATCH (s:Entity {id: r.source})",
            "MATCH (t:Entity {id: r.target})",
            f"MERGE (s)-[x:{rtype} {{key: r.key}}]->(t)",
            f"ON CREATE SET x += r.attributes, x.sources = 0, x.confidence = 0.0, {empties}",
            "WITH x, r WHERE NOT $article_id IN x.ev_article",
            "WITH x, r, x.ev_status + r.ev_status AS statuses,",
            f"     coalesce(x.ev_page, [i IN range(1, size(x.ev_article)) | {NO_PAGE}]) AS pages",
            f"SET {appends}, x.ev_page = pages + r.ev_page, x.sources = x.sources + 1,",
            "    x.confidence = CASE WHEN r.confidence > x.confidence THEN r.confidence ELSE x.confidence END,",
            "    x.status = CASE WHEN 'stated' IN statuses THEN 'stated'"
            " WHEN 'alleged' IN statuses THEN 'alleged' ELSE statuses[0] END",
        ]
    return bumped("\n".join(parts)), params


HAS_ARTICLE = "MATCH (a:Article {id: $id}) RETURN count(a) AS n"

LOOKUP = (
    "MATCH (n:Entity) WHERE any(k IN n.keys WHERE k IN $keys) "
    "RETURN n.id AS id, n.name AS name, n.type AS type, n.aliases AS aliases, n.keys AS keys"
)

GET_ENTITIES = (
    "MATCH (n:Entity) WHERE n.id IN $ids "
    "RETURN n.id AS id, n.name AS name, n.type AS type, n.aliases AS aliases"
)

_RELATION_RETURN = "RETURN s.id AS source, t.id AS target, type(x) AS type, properties(x) AS props"

RELATIONS_FROM = (
    "MATCH (s:Entity)-[x]->(t:Entity) WHERE s.id IN $ids AND (size($types) = 0 OR type(x) IN $types) "
    + _RELATION_RETURN
)
RELATIONS_TO = (
    "MATCH (s:Entity)-[x]->(t:Entity) WHERE t.id IN $ids AND (size($types) = 0 OR type(x) IN $types) "
    + _RELATION_RETURN
)
RELATIONS_BETWEEN = (
    "MATCH (s:Entity)-[x]->(t:Entity) WHERE s.id IN $ids AND t.id IN $ids " + _RELATION_RETURN
)

DEGREES = (
    "MATCH (n:Entity) WHERE n.id IN $ids "
    "OPTIONAL MATCH (n)-[x]-(m:Entity) "
    "RETURN n.id AS id, count(DISTINCT m) AS degree"
)

GET_ARTICLE = (
    "MATCH (a:Article {id: $id}) RETURN a.id AS id, a.title AS title, a.text AS text, a.source AS source, "
    "a.outlet AS outlet, a.published AS published, a.ingested_at AS ingested_at, a.author AS author"
)

ARTICLES = (
    "MATCH (a:Article) OPTIONAL MATCH (a)-[m:MENTIONS]->() "
    "RETURN a.id AS id, a.title AS title, a.source AS source, a.outlet AS outlet, a.published AS published, "
    "a.ingested_at AS ingested_at, a.author AS author, count(m) AS entities ORDER BY a.ingested_at, a.title"
)

ARTICLE_ENTITIES = (
    "MATCH (a:Article {id: $id})-[:MENTIONS]->(n:Entity) "
    "RETURN n.id AS id, n.name AS name, n.type AS type, n.aliases AS aliases ORDER BY n.name"
)

STATS_ARTICLES = "MATCH (a:Article) RETURN count(a) AS n"
STATS_ENTITIES = "MATCH (n:Entity) RETURN n.type AS type, count(n) AS n"
STATS_RELATIONS = "MATCH ()-[x]->() RETURN type(x) AS type, count(x) AS n"

ITER_ENTITIES = (
    "MATCH (n:Entity) WHERE n.id > $after "
    "RETURN n.id AS id, n.name AS name, n.type AS type, n.aliases AS aliases ORDER BY n.id LIMIT $page"
)
ITER_SOURCE_IDS = (
    "MATCH (s:Entity) WHERE s.id > $after AND (s)-->(:Entity) RETURN s.id AS id ORDER BY s.id LIMIT $page"
)
ITER_ARTICLES = (
    "MATCH (a:Article) WHERE a.id > $after "
    "RETURN a.id AS id, a.title AS title, a.text AS text, a.source AS source, a.outlet AS outlet, "
    "a.published AS published, a.ingested_at AS ingested_at, a.author AS author ORDER BY a.id LIMIT $page"
)

# Everything but the change counter, which goes on counting (so an emptied store never looks unchanged).
CLEAR = bumped(f"MATCH (n) WHERE NOT n:{META_LABEL} DETACH DELETE n")


def entity_from_row(row: dict[str, Any]) -> Entity:
    return Entity(id=row["id"], name=row["name"], type=row["type"], aliases=tuple(row.get("aliases") or ()))


def article_from_row(row: dict[str, Any]) -> Article:
    return Article(**{k: row.get(k) for k in ("id", "title", "text", "source", "outlet", "published",
                                               "ingested_at", "author")})


def relation_from_row(row: dict[str, Any]) -> Relation:
    """Rebuild a `Relation` from an edge's properties, zipping the parallel evidence lists."""
    props = dict(row["props"])
    columns = [props.pop(f"ev_{f}", []) or [] for f in EVIDENCE_FIELDS]
    pages = props.pop(f"ev_{_PAGE_FIELD}", None) or [NO_PAGE] * len(columns[0])
    evidence = tuple(
        Evidence(
            article_id=article, sentence=sentence, start=int(start), end=int(end), extractor=extractor,
            version=version, confidence=float(confidence), status=status, page=int(page) or None,
        )
        for article, sentence, start, end, extractor, version, confidence, status, page
        in zip(*columns, pages, strict=True)
    )
    key = props.pop("key")
    for derived in ("sources", "confidence", "status"):
        props.pop(derived, None)
    attributes = {k: str(v) for k, v in props.items()}
    return Relation(key=key, type=row["type"], source=row["source"], target=row["target"],
                    attributes=attributes, evidence=evidence)

SEARCH_CONTAINS = (
    "MATCH (n:Entity) WHERE n.search CONTAINS $q AND (size($types) = 0 OR n.type IN $types) "
    "RETURN n.id AS id, n.name AS name, n.type AS type, n.aliases AS aliases LIMIT $limit"
)
