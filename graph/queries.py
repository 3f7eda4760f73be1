"""What the app and the CLI ask of the graph, over the store protocol: no Cypher here, no UI."""

from __future__ import annotations

from collections.abc import Sequence

from graph.model import Entity, Relation, Subgraph, fold
from graph.store.base import GraphStore


def find_entity(store: GraphStore, name_or_id: str) -> Entity | None:
    """The entity with this id, else the best search hit for this name (exact names first)."""
    text = name_or_id.strip()
    if not text:
        return None
    by_id = store.get_entities([text])
    if by_id:
        return by_id[0]
    hits = store.search(text, limit=5)
    for hit in hits:
        if fold(hit.entity.name) == fold(text) or any(fold(a) == fold(text) for a in hit.entity.aliases):
            return hit.entity
    return hits[0].entity if hits else None


def neighbourhood(
    store: GraphStore,
    ids: Sequence[str],
    depth: int = 1,
    *,
    relation_types: Sequence[str] | None = None,
    limit: int = 300,
) -> Subgraph:
    """The entities within `depth` hops of `ids` and the relations among them, at most `limit` entities.

    Entities are added ring by ring, the best-connected first; what the cap leaves out is counted in
    `omitted`, so a view can say "N more not shown" instead of cutting silently.
    """
    if depth < 1:
        raise ValueError("depth must be at least 1")
    kept: list[str] = list(dict.fromkeys(ids))
    seen = set(kept)
    relations: dict[str, Relation] = {}
    frontier = list(kept)
    omitted: set[str] = set()
    for _ in range(depth):
        if not frontier:
            break
        ring: dict[str, int] = {}
        for relation in store.relations_of(frontier, relation_types):
            relations[relation.key] = relation
            for end in (relation.source, relation.target):
                if end not in seen:
                    ring[end] = ring.get(end, 0) + relation.sources
        ordered = sorted(ring, key=lambda i: (-ring[i], i))
        room = max(0, limit - len(kept))
        kept += ordered[:room]
        omitted |= set(ordered[room:])
        seen |= set(ordered)
        frontier = ordered[:room]
    keep = set(kept)
    entities = {e.id: e for e in store.get_entities(kept)}
    inner = [r for r in relations.values() if r.source in keep and r.target in keep]
    between = {r.key: r for r in store.relations_between(kept)} if depth > 1 else {}
    if relation_types:
        between = {k: r for k, r in between.items() if r.type in relation_types}
    merged = {r.key: r for r in inner} | between
    return Subgraph(
        entities=tuple(entities[i] for i in kept if i in entities),
        relations=tuple(sorted(merged.values(), key=lambda r: r.key)),
        omitted=len(omitted - keep),
    )


def overview(store: GraphStore) -> dict:
    """Counts for the front page."""
    return store.stats()
