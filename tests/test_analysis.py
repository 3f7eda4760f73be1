"""graph.analysis on graphs with known answers: the Florentine families, two triangles, a star, a chain."""

from __future__ import annotations

import doctest

import networkx as nx
import pytest

import graph.analysis as analysis
from graph.analysis import (
    TWO_TRIANGLES,
    betweenness_centrality,
    bridges,
    communities,
    community_colours,
    degree_centrality,
    key_brokers,
    sizes_from,
    subgraph_from_edges,
    to_networkx,
)
from graph.model import Evidence, Relation, Subgraph


def florentine() -> Subgraph:
    """Padgett's Florentine families (networkx's copy) as a view."""
    return subgraph_from_edges(sorted(nx.florentine_families_graph().edges()))


def test_doctests_pass():
    assert doctest.testmod(analysis).failed == 0


def test_florentine_betweenness_is_the_published_one():
    between = betweenness_centrality(florentine())
    assert max(between, key=between.get) == "Medici"
    assert between["Medici"] == pytest.approx(0.5219, abs=1e-4)
    assert between["Guadagni"] == pytest.approx(0.2546, abs=1e-4)
    assert between["Pazzi"] == 0.0


def test_florentine_degree_and_brokers():
    degree = degree_centrality(florentine())
    assert degree["Medici"] == pytest.approx(6 / 14)
    brokers = key_brokers(florentine(), top=3)
    assert [b.name for b in brokers] == ["Medici", "Guadagni", "Albizzi"]
    assert brokers[0].degree == 6 and brokers[0].communities_reached >= 2
    assert all(b.betweenness > 0 for b in key_brokers(florentine(), top=100))


def test_florentine_bridges():
    found = {(a, b) for a, b, _ in bridges(florentine())}
    assert found == {tuple(sorted(e)) for e in nx.bridges(nx.florentine_families_graph())}
    assert ("Medici", "Salviati") in found and ("Pazzi", "Salviati") in found


def test_two_triangles_make_two_communities_joined_by_one_bridge():
    view = subgraph_from_edges(TWO_TRIANGLES)
    groups = communities(view)
    assert groups == [{"a1", "a2", "a3"}, {"b1", "b2", "b3"}]
    colours = community_colours(groups)
    assert colours["a1"] == colours["a2"] != colours["b1"]
    assert [k for _, _, k in bridges(view)] == [("a1-b1",)]
    brokers = key_brokers(view)
    assert {b.id for b in brokers} == {"a1", "b1"} and all(b.bridges == 1 for b in brokers)


def test_parallel_relations_make_one_heavier_edge_and_self_loops_are_ignored():
    ev = Evidence("art", "s", 0, 1, "t", "1", 0.9)
    view = Subgraph(
        subgraph_from_edges([("a", "b")]).entities,
        (Relation("k1", "OWNS", "a", "b", {}, (ev,)), Relation("k2", "FUNDED", "b", "a", {}, (ev,)),
         Relation("k3", "OWNS", "a", "a", {}, (ev,)), Relation("k4", "OWNS", "a", "zz", {}, (ev,))),
    )
    graph = to_networkx(view)
    assert graph.number_of_edges() == 1 and graph.edges["a", "b"]["weight"] == 2
    assert graph.edges["a", "b"]["keys"] == ("k1", "k2")


def test_empty_and_edgeless_views():
    assert communities(Subgraph((), ())) == []
    lonely = subgraph_from_edges([("a", "b")])
    lonely = Subgraph(lonely.entities, ())
    assert communities(lonely) == [{"a"}, {"b"}]
    assert degree_centrality(Subgraph(lonely.entities[:1], ())) == {"a": 0.0}
    assert key_brokers(lonely) == [] and bridges(lonely) == []


def test_large_views_estimate_betweenness_quickly_and_deterministically():
    edges = [(f"n{i}", f"n{(i * 7 + 3) % 1200}") for i in range(1200)] + [(f"n{i}", f"n{i + 1}") for i in range(1199)]
    view = subgraph_from_edges(edges)
    first = betweenness_centrality(view)
    assert len(first) == 1200 and first == betweenness_centrality(view)


def test_sizes_scale_into_a_range():
    assert sizes_from({"a": 0.0, "b": 2.0, "c": 1.0}, 1, 11) == {"a": 1.0, "b": 11.0, "c": 6.0}
    assert sizes_from({}) == {}
    assert sizes_from({"a": 0.0}) == {"a": 1.0}
