"""How two entities connect: the k shortest paths between them, explored through the store protocol."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import networkx as nx

from graph.model import Entity, Relation, Subgraph
from graph.store.base import GraphStore


@dataclass(frozen=True)
class Hop:
    """One step of a path: from one entity to the next along a relation (possibly against its direction)."""

    source: str
    target: str
    relation: Relation

    @property
    def forward(self) -> bool:
        """Whether the step follows the relation's own direction."""
        return self.relation.source == self.source


@dataclass(frozen=True)
class PathsResult:
    """Up to k shortest paths, the subgraph they span, and whether the search was cut short by its cap."""

    paths: tuple[tuple[Hop, ...], ...]
    subgraph: Subgraph
    explored: int
    complete: bool = True
    entities: dict[str, Entity] = field(default_factory=dict)


def _ball(store: GraphStore, start: str, depth: int, cap: int) -> tuple[dict[str, Relation], set[str], bool]:
    """Relations reached within `depth` hops of `start`, breadth first, stopping after `cap` entities."""
    seen = {start}
    frontier = [start]
    relations: dict[str, Relation] = {}
    complete = True
    for _ in range(depth):
        if not frontier:
            break
        nxt: list[str] = []
        for relation in store.relations_of(frontier):
            relations[relation.key] = relation
            for end in (relation.source, relation.target):
                if end not in seen:
                    seen.add(end)
                    nxt.append(end)
        if len(seen) > cap:
            complete = False
            break
        frontier = nxt
    return relations, seen, complete


def connection_paths(
    store: GraphStore,
    source: str,
    target: str,
    *,
    max_length: int = 4,
    k: int = 5,
    cap: int = 5000,
    relation_types: Sequence[str] | None = None,
) -> PathsResult:
    """The k shortest paths of at most `max_length` hops between two entities, ignoring edge direction.

    Both ends are explored breadth first (half the length each, through the store protocol), which is
    enough to hold every such path; networkx then ranks simple paths by length.
    """
    if source == target:
        raise ValueError("pick two different entities")
    from_source, seen_a, done_a = _ball(store, source, (max_length + 1) // 2, cap)
    from_target, seen_b, done_b = _ball(store, target, max_length // 2, cap)
    relations = {**from_source, **from_target}
    if relation_types:
        relations = {k_: r for k_, r in relations.items() if r.type in relation_types}
    graph = nx.Graph()
    by_pair: dict[frozenset[str], list[Relation]] = {}
    for relation in relations.values():
        if relation.source == relation.target:
            continue
        graph.add_edge(relation.source, relation.target)
        by_pair.setdefault(frozenset((relation.source, relation.target)), []).append(relation)
    paths: list[tuple[Hop, ...]] = []
    if source in graph and target in graph:
        try:
            for nodes in itertools.islice(nx.shortest_simple_paths(graph, source, target), k * 4):
                if len(nodes) - 1 > max_length:
                    break
                hops = tuple(
                    Hop(a, b, max(by_pair[frozenset((a, b))], key=lambda r: (r.sources, r.key)))
                    for a, b in itertools.pairwise(nodes)
                )
                paths.append(hops)
                if len(paths) >= k:
                    break
        except nx.NetworkXNoPath:
            pass
    on_paths = list(dict.fromkeys([source, target, *(h.target for p in paths for h in p)]))
    entities = {e.id: e for e in store.get_entities(on_paths)}
    used = {h.relation.key: h.relation for p in paths for h in p}
    subgraph = Subgraph(tuple(entities[i] for i in on_paths if i in entities), tuple(used.values()))
    return PathsResult(tuple(paths), subgraph, len(seen_a | seen_b), done_a and done_b, entities)
