"""graph.paths: the shortest paths between two entities, bounded, cited and direction-aware."""

from __future__ import annotations

import pytest

from graph.model import Entity
from graph.paths import connection_paths
from graph.store.base import ArticleGraph
from tests.graphs import article, evidence, relation


def chain_store(store, length: int = 5) -> list[Entity]:
    """n0 - n1 - ... as CONTACTED facts, plus a detour n0 - x - n2 (so two routes lead to n2)."""
    nodes = [Entity(f"n{i}", f"Node {i}", "Company") for i in range(length)]
    detour = Entity("x", "Detour", "Person")
    text = " ".join(f"Node {i} contacted Node {i + 1}." for i in range(length - 1)) + " Detour met them."
    a = article(text, "Chain")
    relations = [relation("CONTACTED", nodes[i], nodes[i + 1], evidence(a, f"Node {i} contacted Node {i + 1}."))
                 for i in range(length - 1)]
    relations += [relation("CONTACTED", detour, nodes[0], evidence(a, "Detour met them.")),
                  relation("CONTACTED", detour, nodes[2], evidence(a, "Detour met them."))]
    store.write_article(ArticleGraph(a, (*nodes, detour), tuple(relations)))
    return nodes


def test_paths_are_shortest_first_bounded_and_cited(falkordb_store):
    chain_store(falkordb_store)
    result = connection_paths(falkordb_store, "n0", "n4", max_length=4, k=5)
    lengths = [len(p) for p in result.paths]
    assert lengths == sorted(lengths) and lengths[0] == 4 and len(result.paths) == 2
    first = result.paths[0]
    assert first[0].source == "n0" and first[-1].target == "n4"
    assert all(h.relation.evidence for h in first)
    assert {e.id for e in result.subgraph.entities} >= {"n0", "n4"}
    assert connection_paths(falkordb_store, "n0", "n4", max_length=3).paths == ()
    backwards = connection_paths(falkordb_store, "n2", "x", max_length=1).paths[0][0]
    assert not backwards.forward and backwards.relation.source == "x"


def test_paths_need_two_different_entities(falkordb_store):
    with pytest.raises(ValueError):
        connection_paths(falkordb_store, "a", "a")
