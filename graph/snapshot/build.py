"""Build snapshots from a store: all of it, entities and their neighbourhood, a query's result, or a view."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from graph.errors import InvalidData
from graph.model import Article, Entity, Relation, Subgraph
from graph.snapshot.base import Snapshot
from graph.store.base import EdgeValue, GraphStore, NodeValue, PathValue
from graph.store.cypher import relation_from_row
from graph.views import find_entity, neighbourhood

# Read-only Cypher both backends understand. Relations are read in one pass rather than through the
# store's paged `iter_relations`, whose pages each sort every edge (100,000 relations: about 35 s against 10 s).
MENTIONS_ALL = "MATCH (a:Article)-[:MENTIONS]->(n:Entity) RETURN a.id AS article, collect(n.id) AS entities"
MENTIONS_OF = (
    "MATCH (a:Article)-[:MENTIONS]->(n:Entity) WHERE n.id IN $ids "
    "RETURN a.id AS article, collect(n.id) AS entities"
)
_EVIDENCE = ("article", "sentence", "start", "end", "extractor", "version", "confidence", "status", "page")
# Named columns parse three times faster than `properties(x)` in the FalkorDB client; the relation's own
# attributes (product, role, ...) come as [name, value] pairs of whatever else the edge holds.
RELATIONS_ALL = (
    "MATCH (s:Entity)-[x]->(t:Entity) RETURN s.id AS source, t.id AS target, type(x) AS type, x.key AS key, "
    + "".join(f"x.ev_{f} AS ev_{f}, " for f in _EVIDENCE)
    + "[k IN keys(x) WHERE NOT k STARTS WITH 'ev_' AND NOT k IN ['key', 'sources', 'confidence', 'status'] "
    "| [k, x[k]]] AS attributes"
)
_NO_LIMIT = 1_000_000_000
_TIMEOUT = 300.0
ENTITY_LIMIT = 10_000  # most entities `--entity ... --depth N` exports; what the cap leaves out is counted


def _mentions(store: GraphStore, entity_ids: Sequence[str] | None) -> list[tuple[str, str]]:
    """(article id, entity id) of every MENTIONS link, or of those reaching `entity_ids`."""
    if entity_ids is None:
        result = store.run(MENTIONS_ALL, limit=_NO_LIMIT, timeout=_TIMEOUT)
    else:
        result = store.run(MENTIONS_OF, {"ids": list(entity_ids)}, limit=_NO_LIMIT, timeout=_TIMEOUT)
    return [(str(article), str(entity)) for article, entities in result.rows for entity in entities]


def _all_relations(store: GraphStore) -> list[Relation]:
    """Every relation between entities, with its evidence, in one read."""
    result = store.run(RELATIONS_ALL, limit=_NO_LIMIT, timeout=_TIMEOUT)
    relations = []
    for row in result.rows:
        record = dict(zip(result.columns, row, strict=True))
        props = {"key": record["key"], **{f"ev_{f}": record[f"ev_{f}"] for f in _EVIDENCE}}
        props.update((name, value) for name, value in record["attributes"])
        relations.append(relation_from_row({"source": record["source"], "target": record["target"],
                                            "type": record["type"], "props": props}))
    return relations


def snapshot_of_store(store: GraphStore) -> Snapshot:
    """Everything in the store: every entity, relation, article and MENTIONS link."""
    return Snapshot(
        entities=tuple(store.iter_entities()),
        relations=tuple(_all_relations(store)),
        articles=tuple(store.iter_articles()),
        mentions=tuple(_mentions(store, None)),
        scope={"kind": "store"},
        store_kind=store.kind,
    )


def snapshot_of_subgraph(store: GraphStore, subgraph: Subgraph, scope: dict[str, Any] | None = None) -> Snapshot:
    """A view (the explorer's current drawing, a neighbourhood) with the articles behind it.

    Articles come in when a relation's evidence cites them or when they mention an entity of the view;
    only MENTIONS links to entities of the view are kept.
    """
    entities: dict[str, Entity] = {e.id: e for e in subgraph.entities}
    missing = sorted({end for r in subgraph.relations for end in (r.source, r.target)} - set(entities))
    entities.update({e.id: e for e in store.get_entities(missing)})
    mentions = _mentions(store, sorted(entities)) if entities else []
    article_ids = {ev.article_id for r in subgraph.relations for ev in r.evidence} | {a for a, _ in mentions}
    articles: list[Article] = []
    for article_id in sorted(article_ids):
        article = store.get_article(article_id)
        if article is not None:
            articles.append(article)
    scope = dict(scope or {"kind": "view"})
    if subgraph.omitted:
        scope["omitted"] = subgraph.omitted
    return Snapshot(entities=tuple(entities.values()), relations=subgraph.relations, articles=tuple(articles),
                    mentions=tuple(mentions), scope=scope, store_kind=store.kind)


def snapshot_of_entities(store: GraphStore, names: Iterable[str], depth: int = 1,
                         limit: int = ENTITY_LIMIT) -> Snapshot:
    """Named entities (by id or name) and everything within `depth` hops of them."""
    found: list[Entity] = []
    unknown: dict[str, str] = {}
    wanted = list(names)
    for name in wanted:
        entity = find_entity(store, name)
        if entity is None:
            unknown[name] = "no entity has this id or name"
        else:
            found.append(entity)
    if unknown:
        raise InvalidData(f"no entity found for {', '.join(repr(n) for n in unknown)}", unknown)
    if not found:
        raise InvalidData("name at least one entity to export around")
    view = neighbourhood(store, [e.id for e in found], depth, limit=limit)
    scope = {"kind": "entities", "entities": [e.name for e in found], "ids": [e.id for e in found], "depth": depth}
    return snapshot_of_subgraph(store, view, scope)


def _collect(value: Any, nodes: dict[str, NodeValue], edges: dict[str, EdgeValue]) -> None:
    """Gather the nodes and relationships inside one query value (lists, maps and paths included)."""
    if isinstance(value, NodeValue):
        nodes[value.id] = value
    elif isinstance(value, EdgeValue):
        edges[value.id] = value
    elif isinstance(value, PathValue):
        for node in value.nodes:
            nodes[node.id] = node
        for edge in value.edges:
            edges[edge.id] = edge
    elif isinstance(value, list | tuple):
        for item in value:
            _collect(item, nodes, edges)
    elif isinstance(value, dict):
        for item in value.values():
            _collect(item, nodes, edges)


def snapshot_of_query(store: GraphStore, cypher: str, params: dict[str, Any] | None = None) -> Snapshot:
    """The entities, relations and articles a read-only query returns (plus the ends of its relations)."""
    result = store.run(cypher, params, limit=_NO_LIMIT, timeout=_TIMEOUT)
    nodes: dict[str, NodeValue] = {}
    edges: dict[str, EdgeValue] = {}
    for row in result.rows:
        _collect(list(row), nodes, edges)
    if not nodes and not edges:
        raise InvalidData("the query returned no nodes or relationships to export; return nodes, "
                          "relationships or paths (for example RETURN n, r, m)")
    entity_ids = {str(n.properties["id"]) for n in nodes.values() if "Entity" in n.labels and "id" in n.properties}
    article_ids = {str(n.properties["id"]) for n in nodes.values() if "Article" in n.labels and "id" in n.properties}
    keys = {str(e.properties["key"]) for e in edges.values() if "key" in e.properties}
    backend_ids = {n.id: str(n.properties.get("id")) for n in nodes.values()}
    ends = {backend_ids.get(e.start) for e in edges.values()} | {backend_ids.get(e.end) for e in edges.values()}
    relations: dict[str, Relation] = {}
    if keys:
        # The ends of a returned relationship may not be returned themselves: look them up through its key.
        candidates = store.relations_of(sorted(entity_ids | {i for i in ends if i}))
        relations = {r.key: r for r in candidates if r.key in keys}
        if len(relations) < len(keys):
            relations = {r.key: r for r in _all_relations(store) if r.key in keys}
    entity_ids |= {end for r in relations.values() for end in (r.source, r.target)}
    entities = store.get_entities(sorted(entity_ids))
    view = Subgraph(entities=tuple(entities), relations=tuple(relations.values()))
    snapshot = snapshot_of_subgraph(store, view, {"kind": "query", "query": cypher})
    extra = [a for a in (store.get_article(i) for i in sorted(article_ids - snapshot.article_map().keys())) if a]
    if not extra:
        return snapshot
    return Snapshot(entities=snapshot.entities, relations=snapshot.relations, articles=snapshot.articles + tuple(extra),
                    mentions=snapshot.mentions, scope=snapshot.scope, store_kind=snapshot.store_kind)
