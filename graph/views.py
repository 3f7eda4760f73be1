"""What the Explore view draws: an entity found by name or id, its neighbourhood, and views grown from seeds.

Views are `Subgraph`s built from the store protocol's read methods, so one view can be filtered, analysed, drawn
and exported without asking the database again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
    entity_types: Sequence[str] | None = None,
    limit: int = 300,
    offset: int = 0,
) -> Subgraph:
    """The entities within `depth` hops of `ids` and the relations among them, at most `limit` entities.

    Entities are added ring by ring, the best-attested first (most sources, then name); what the cap leaves
    out is counted in `omitted`, so a view can say "N more not shown" instead of cutting silently. `offset`
    pages through the first ring that overflows; `entity_types` keeps only neighbours of those types.
    """
    if depth < 1:
        raise ValueError("depth must be at least 1")
    kept: list[str] = list(dict.fromkeys(ids))
    known: dict[str, Entity] = {e.id: e for e in store.get_entities(kept)}
    seen = set(kept)
    relations: dict[str, Relation] = {}
    frontier = list(kept)
    omitted: set[str] = set()
    skip = max(0, offset)
    for _ in range(depth):
        if not frontier:
            break
        weight: dict[str, int] = {}
        for relation in store.relations_of(frontier, relation_types or None):
            relations[relation.key] = relation
            for end in (relation.source, relation.target):
                if end not in seen:
                    weight[end] = weight.get(end, 0) + relation.sources
        ring = {e.id: e for e in store.get_entities(list(weight))}
        seen |= set(weight)
        wanted = [i for i in ring if not entity_types or ring[i].type in entity_types]
        ordered = sorted(wanted, key=lambda i: (-weight[i], fold(ring[i].name), i))
        room = max(0, limit - len(kept))
        start = 0
        if len(ordered) > room and skip:
            start = min(skip, max(0, len(ordered) - room))
            skip = 0
        chosen = ordered[start:start + room]
        omitted |= set(ordered) - set(chosen)
        kept += chosen
        known |= {i: ring[i] for i in chosen}
        frontier = chosen
    keep = set(kept)
    inner = {r.key: r for r in relations.values() if r.source in keep and r.target in keep}
    if depth > 1:
        inner |= {r.key: r for r in store.relations_between(kept)
                  if not relation_types or r.type in relation_types}
    return Subgraph(
        entities=tuple(known[i] for i in kept if i in known),
        relations=tuple(sorted(inner.values(), key=lambda r: r.key)),
        omitted=len(omitted - keep),
    )


@dataclass(frozen=True)
class ViewSpec:
    """Everything that decides which entities a view shows; plain values, so it can be cached and put in a URL."""

    seeds: tuple[str, ...] = ()
    depth: int = 1
    expanded: tuple[str, ...] = ()
    pinned: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    limit: int = 300
    offset: int = 0
    expand_limit: int = 100
    relation_types: tuple[str, ...] = ()
    entity_types: tuple[str, ...] = ()


def build_view(store: GraphStore, spec: ViewSpec) -> Subgraph:
    """The seeds' neighbourhood, plus the neighbours of each expanded node and every pinned node, minus hidden ones.

    Relations among all shown entities are included (not only those touching a seed), so analysis sees the
    whole picture; `omitted` adds up what every cap left out.
    """
    if not spec.seeds and not spec.pinned:
        return Subgraph((), ())
    rtypes = spec.relation_types or None
    etypes = spec.entity_types or None
    entities: dict[str, Entity] = {}
    omitted = 0
    if spec.seeds:
        base = neighbourhood(store, spec.seeds, spec.depth, relation_types=rtypes, entity_types=etypes,
                             limit=spec.limit, offset=spec.offset)
        entities |= {e.id: e for e in base.entities}
        omitted += base.omitted
    for node in spec.expanded:
        part = neighbourhood(store, [node], 1, relation_types=rtypes, entity_types=etypes,
                             limit=spec.expand_limit + 1)
        new = {e.id: e for e in part.entities if e.id not in entities}
        entities |= new
        omitted += part.omitted
    missing = [i for i in spec.pinned if i not in entities]
    entities |= {e.id: e for e in store.get_entities(missing)} if missing else {}
    hidden = set(spec.hidden) - set(spec.pinned)
    ids = [i for i in entities if i not in hidden]
    relations = [r for r in store.relations_between(ids) if not rtypes or r.type in rtypes]
    return Subgraph(
        entities=tuple(entities[i] for i in ids),
        relations=tuple(sorted(relations, key=lambda r: r.key)),
        omitted=omitted,
    )


def merge(*parts: Subgraph) -> Subgraph:
    """The union of subgraphs (first occurrence wins), with their omitted counts added."""
    entities: dict[str, Entity] = {}
    relations: dict[str, Relation] = {}
    for part in parts:
        entities |= {e.id: e for e in part.entities if e.id not in entities}
        relations |= {r.key: r for r in part.relations if r.key not in relations}
    return Subgraph(tuple(entities.values()), tuple(relations.values()), sum(p.omitted for p in parts))
