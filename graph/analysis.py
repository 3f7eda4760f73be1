"""Network measures of a view with networkx: centralities, Louvain communities, bridges and key brokers.

Pure functions over a `Subgraph`; edges are taken as undirected (who is connected to whom), weighted by
the number of independent sources behind them. Results are deterministic (fixed seeds).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from graph.model import Entity, Relation, Subgraph

EXACT_BETWEENNESS_LIMIT = 800  # past this many nodes betweenness is estimated from a fixed sample of sources
SEED = 7
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363",
)


TWO_TRIANGLES = [("a1", "a2"), ("a2", "a3"), ("a3", "a1"), ("b1", "b2"), ("b2", "b3"), ("b3", "b1"), ("a1", "b1")]
"""Two triangles joined by one edge: the example behind the doctests below."""


def subgraph_from_edges(edges: list[tuple[str, str]], entity_type: str = "Company") -> Subgraph:
    """A small view from (source, target) pairs, for examples and tests: names equal ids, one source each.

    >>> len(subgraph_from_edges([("a", "b"), ("b", "c")]).relations)
    2
    """
    ids = list(dict.fromkeys(n for pair in edges for n in pair))
    return Subgraph(
        entities=tuple(Entity(i, i, entity_type) for i in ids),
        relations=tuple(Relation(f"{a}-{b}", "CONTACTED", a, b) for a, b in edges),
    )


def to_networkx(subgraph: Subgraph) -> nx.Graph:
    """An undirected graph of the view: one edge per connected pair, `weight` = sources, `keys` = relation keys.

    >>> from graph.model import Entity, Relation
    >>> g = Subgraph((Entity("a", "A", "Company"), Entity("b", "B", "Person")), (Relation("k", "OWNS", "b", "a"),))
    >>> sorted(to_networkx(g).edges(data="keys"))
    [('a', 'b', ('k',))]
    """
    graph = nx.Graph()
    for entity in subgraph.entities:
        graph.add_node(entity.id, name=entity.name, type=entity.type)
    for relation in subgraph.relations:
        if relation.source == relation.target or relation.source not in graph or relation.target not in graph:
            continue
        data = graph.get_edge_data(relation.source, relation.target)
        if data:
            data["weight"] += max(1, relation.sources)
            data["keys"] += (relation.key,)
        else:
            graph.add_edge(relation.source, relation.target, weight=max(1, relation.sources), keys=(relation.key,))
    return graph


def degree_centrality(subgraph: Subgraph) -> dict[str, float]:
    """Share of the other entities in view each entity is directly connected to.

    >>> degree_centrality(subgraph_from_edges([("hub", "a"), ("hub", "b"), ("hub", "c")]))["hub"]
    1.0
    """
    graph = to_networkx(subgraph)
    return nx.degree_centrality(graph) if len(graph) > 1 else {n: 0.0 for n in graph}


def betweenness_centrality(subgraph: Subgraph) -> dict[str, float]:
    """Share of shortest paths between other entities that run through each one (normalised, 0..1).

    Exact up to `EXACT_BETWEENNESS_LIMIT` nodes, then estimated from a fixed sample so it stays fast.

    >>> betweenness_centrality(subgraph_from_edges([("n0", "n1"), ("n1", "n2")]))
    {'n0': 0.0, 'n1': 1.0, 'n2': 0.0}
    """
    graph = to_networkx(subgraph)
    sample = None if len(graph) <= EXACT_BETWEENNESS_LIMIT else EXACT_BETWEENNESS_LIMIT // 2
    return nx.betweenness_centrality(graph, k=sample, seed=SEED if sample else None, normalized=True)


def communities(subgraph: Subgraph) -> list[set[str]]:
    """Louvain communities (weighted by sources), largest first; isolated entities form their own.

    >>> [sorted(c) for c in communities(subgraph_from_edges(TWO_TRIANGLES))]
    [['a1', 'a2', 'a3'], ['b1', 'b2', 'b3']]
    """
    graph = to_networkx(subgraph)
    if graph.number_of_edges() == 0:
        return [{n} for n in sorted(graph)]
    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))


def community_of(groups: list[set[str]]) -> dict[str, int]:
    """Entity id to the index of its community."""
    return {node: index for index, group in enumerate(groups) for node in group}


def community_colours(groups: list[set[str]]) -> dict[str, str]:
    """A colour per entity, one per community (the palette repeats past 20 communities)."""
    return {node: PALETTE[index % len(PALETTE)] for node, index in community_of(groups).items()}


def bridges(subgraph: Subgraph) -> list[tuple[str, str, tuple[str, ...]]]:
    """Connections whose removal splits the view in two: (one end, other end, relation keys).

    >>> [(a, b) for a, b, _ in bridges(subgraph_from_edges(TWO_TRIANGLES))]
    [('a1', 'b1')]
    """
    graph = to_networkx(subgraph)
    out = []
    for a, b in nx.bridges(graph):
        first, second = sorted((a, b))
        out.append((first, second, graph.edges[a, b]["keys"]))
    return sorted(out)


@dataclass(frozen=True)
class Broker:
    """An entity that connects otherwise separate parts of the view."""

    id: str
    name: str
    type: str
    betweenness: float
    degree: int
    communities_reached: int
    bridges: int


def key_brokers(subgraph: Subgraph, top: int = 10, groups: list[set[str]] | None = None) -> list[Broker]:
    """The entities most in between: high betweenness, reaching several communities, ends of bridges.

    Ranked by betweenness, then by how many communities their neighbours belong to; entities with no
    betweenness at all are not brokers and are left out.

    >>> [b.id for b in key_brokers(subgraph_from_edges(TWO_TRIANGLES), top=2)]
    ['a1', 'b1']
    """
    graph = to_networkx(subgraph)
    between = betweenness_centrality(subgraph)
    membership = community_of(groups if groups is not None else communities(subgraph))
    bridge_count: dict[str, int] = {}
    for a, b, _ in bridges(subgraph):
        bridge_count[a] = bridge_count.get(a, 0) + 1
        bridge_count[b] = bridge_count.get(b, 0) + 1
    rows = []
    for node in graph:
        if between.get(node, 0.0) <= 0.0:
            continue
        reached = {membership.get(n) for n in graph.neighbors(node)} | {membership.get(node)}
        rows.append(Broker(
            id=node,
            name=graph.nodes[node].get("name", node),
            type=graph.nodes[node].get("type", ""),
            betweenness=round(between[node], 4),
            degree=graph.degree(node),
            communities_reached=len(reached - {None}),
            bridges=bridge_count.get(node, 0),
        ))
    rows.sort(key=lambda b: (-b.betweenness, -b.communities_reached, b.name))
    return rows[:top]


def sizes_from(measure: Mapping[str, float], low: float = 1.0, high: float = 30.0) -> dict[str, float]:
    """Node sizes scaled from a measure (centrality, connections) into [low, high]."""
    if not measure:
        return {}
    top = max(measure.values()) or 1.0
    return {node: low + (high - low) * (value / top) for node, value in measure.items()}
