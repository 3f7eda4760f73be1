"""graph.queries: views, caps and paging, pure filters, evidence, paths and the console's helpers."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest

from graph.model import Entity, Subgraph
from graph.queries import (
    ViewFilter,
    ViewSpec,
    apply_filters,
    article_relations,
    build_view,
    canned_queries,
    connection_paths,
    drop_isolated,
    evidence_rows,
    filter_entity_types,
    filter_evidence,
    filter_min_sources,
    filter_relation_types,
    find_entity,
    hide_entities,
    neighbourhood,
    outlets_and_dates,
    parse_parameters,
    result_csv,
    result_json,
    result_subgraph,
    result_table,
    safe_link,
)
from graph.store.base import ArticleGraph, ArticleSummary
from tests.graphs import BANK, POLICE, SENATOR, SUPPLIER, article, evidence, relation, supply_story


def summary(a, outlet: str | None = None, published: str | None = None) -> ArticleSummary:
    """An `ArticleSummary` of an article, with another outlet or date if given."""
    return ArticleSummary(a.id, a.title, a.source, outlet if outlet is not None else a.outlet,
                          published if published is not None else a.published, a.ingested_at, 0)


def hub_story(n: int) -> ArticleGraph:
    """One company connected to `n` customers, customer i with i % 3 + 1 sentences (so ranking is testable)."""
    sentences = [f"Hub Corp sold kit to Customer {i}." for i in range(n)]
    a = article(" ".join(sentences), "Hub")
    hub = Entity("hub", "Hub Corp", "Company")
    customers = [Entity(f"c{i:03d}", f"Customer {i}", "GovernmentBody" if i % 2 else "Company") for i in range(n)]
    relations = tuple(relation("SUPPLIED_TO", hub, c, evidence(a, sentences[i])) for i, c in enumerate(customers))
    return ArticleGraph(a, (hub, *customers), relations)


def second_story() -> ArticleGraph:
    """A later article from another outlet: Rubio again (a second source), and an alleged funding."""
    a = article("Rubio wrote to Thermo Fisher again. Société Générale funded Thermo Fisher.", "Again")
    a = replace(a, outlet="Other Post", published="2025-02-01")
    wrote = relation("CONTACTED", SENATOR, SUPPLIER, evidence(a, "Rubio wrote to Thermo Fisher again."))
    funded = relation("FUNDED", BANK, SUPPLIER, evidence(a, "Société Générale funded Thermo Fisher.", "alleged", 0.4))
    return ArticleGraph(a, (SENATOR, SUPPLIER, BANK), (wrote, funded))


@pytest.fixture
def story_store(falkordb_store):
    """A store with both stories."""
    falkordb_store.write_article(supply_story())
    falkordb_store.write_article(second_story())
    return falkordb_store


# --- views ----------------------------------------------------------------------------------------------------------

def test_neighbourhood_caps_and_counts_what_it_leaves_out(falkordb_store):
    falkordb_store.write_article(hub_story(12))
    view = neighbourhood(falkordb_store, ["hub"], 1, limit=5)
    assert len(view.entities) == 5 and view.omitted == 8
    assert view.entities[0].id == "hub"
    assert all(r.source == "hub" for r in view.relations) and len(view.relations) == 4


def test_neighbourhood_pages_through_the_overflowing_ring(falkordb_store):
    falkordb_store.write_article(hub_story(12))
    pages = [neighbourhood(falkordb_store, ["hub"], 1, limit=5, offset=4 * p) for p in range(3)]
    ids = [{e.id for e in page.entities} - {"hub"} for page in pages]
    assert ids[0].isdisjoint(ids[1]) and ids[1].isdisjoint(ids[2])
    assert len(ids[0] | ids[1] | ids[2]) == 12
    assert all(page.omitted == 8 for page in pages[:2])


def test_neighbourhood_keeps_only_wanted_types(falkordb_store):
    falkordb_store.write_article(hub_story(12))
    view = neighbourhood(falkordb_store, ["hub"], 1, entity_types=["GovernmentBody"], limit=100)
    assert {e.type for e in view.entities if e.id != "hub"} == {"GovernmentBody"}
    assert len(view.entities) == 7 and view.omitted == 0


def test_build_view_expands_pins_and_hides(story_store):
    base = build_view(story_store, ViewSpec(seeds=(POLICE.id,)))
    assert {e.id for e in base.entities} == {POLICE.id, SUPPLIER.id}
    grown = build_view(story_store, ViewSpec(seeds=(POLICE.id,), expanded=(SUPPLIER.id,)))
    assert {e.id for e in grown.entities} == {POLICE.id, SUPPLIER.id, SENATOR.id, BANK.id}
    assert {r.type for r in grown.relations} == {"SUPPLIED_TO", "CONTACTED", "FUNDED"}
    hidden = build_view(story_store, ViewSpec(seeds=(POLICE.id,), expanded=(SUPPLIER.id,), hidden=(BANK.id,)))
    assert BANK.id not in {e.id for e in hidden.entities} and "FUNDED" not in {r.type for r in hidden.relations}
    pinned = build_view(story_store, ViewSpec(seeds=(POLICE.id,), pinned=(BANK.id,), hidden=(BANK.id,)))
    assert BANK.id in {e.id for e in pinned.entities}


def test_a_depth_one_view_includes_edges_among_neighbours(story_store):
    view = build_view(story_store, ViewSpec(seeds=(SUPPLIER.id,)))
    assert ("CONTACTED", SENATOR.id, SUPPLIER.id) in {(r.type, r.source, r.target) for r in view.relations}
    assert len(view.entities) == 4


def test_find_entity_by_id_name_alias_and_typo(story_store):
    assert find_entity(story_store, SUPPLIER.id) == find_entity(story_store, "thermo fisher scientific")
    assert find_entity(story_store, "police in Xinjiang").id == POLICE.id
    assert find_entity(story_store, "societe generale").id == BANK.id
    assert find_entity(story_store, "") is None


# --- pure filters -------------------------------------------------------------------------------------------------

def _view(store) -> Subgraph:
    """The depth-one view around Thermo Fisher."""
    return build_view(store, ViewSpec(seeds=(SUPPLIER.id,)))


def test_type_filters(story_store):
    view = _view(story_store)
    people = filter_entity_types(view, ["Person"], keep=[SUPPLIER.id])
    assert {e.id for e in people.entities} == {SENATOR.id, SUPPLIER.id}
    assert {r.type for r in people.relations} == {"CONTACTED"}
    only_funding = filter_relation_types(view, ["FUNDED"])
    assert [r.type for r in only_funding.relations] == ["FUNDED"]
    assert {e.id for e in drop_isolated(only_funding, keep=[SUPPLIER.id]).entities} == {SUPPLIER.id, BANK.id}


def test_evidence_filters_trim_sentences_and_drop_empty_relations(story_store):
    view = _view(story_store)
    articles = {a.id: a for a in story_store.articles()}
    wrote = next(r for r in view.relations if r.type == "CONTACTED")
    assert wrote.sources == 2
    recent = filter_evidence(view, ViewFilter(date_from="2025-01-01"), articles)
    assert {r.type for r in recent.relations} == {"CONTACTED", "FUNDED"}
    assert next(r for r in recent.relations if r.type == "CONTACTED").sources == 1
    old = filter_evidence(view, ViewFilter(date_to="2024-12-31"), articles)
    assert {r.type for r in old.relations} == {"CONTACTED", "SUPPLIED_TO"}
    by_outlet = filter_evidence(view, ViewFilter(outlets=("Other Post",)), articles)
    assert {r.type for r in by_outlet.relations} == {"CONTACTED", "FUNDED"}
    sure = filter_evidence(view, ViewFilter(min_confidence=0.5), articles)
    assert "FUNDED" not in {r.type for r in sure.relations}
    one_article = next(iter(articles))
    assert all(ev.article_id == one_article for r in filter_evidence(view, ViewFilter(articles=(one_article,)),
                                                                      articles).relations for ev in r.evidence)


def test_undated_evidence_goes_once_a_date_range_is_set(story_store):
    view = _view(story_store)
    undated = {a.id: summary(a, published="") for a in story_store.articles()}
    assert filter_evidence(view, ViewFilter(date_from="2000-01-01"), undated).relations == ()
    assert filter_evidence(view, ViewFilter(), undated) == view


def test_min_sources_and_apply_filters(story_store):
    view = _view(story_store)
    articles = {a.id: a for a in story_store.articles()}
    assert [r.type for r in filter_min_sources(view, 2).relations] == ["CONTACTED"]
    both = apply_filters(view, ViewFilter(min_sources=2), articles, keep=[SUPPLIER.id])
    assert {e.id for e in both.entities} == {SUPPLIER.id, SENATOR.id}
    assert apply_filters(view, ViewFilter(), articles) is view
    assert hide_entities(view, [SENATOR.id]).relations == tuple(
        r for r in view.relations if SENATOR.id not in (r.source, r.target))


def test_outlets_and_dates(story_store):
    outlets, first, last = outlets_and_dates(story_store.articles())
    assert outlets == ["Other Post", "The Test Times"] and (first, last) == ("2024-05-01", "2025-02-01")


# --- evidence ------------------------------------------------------------------------------------------------------

def test_evidence_rows_cite_every_sentence_newest_first(story_store):
    view = _view(story_store)
    articles = {a.id: a for a in story_store.articles()}
    wrote = next(r for r in view.relations if r.type == "CONTACTED")
    rows = evidence_rows(wrote, articles)
    assert [r.title for r in rows] == ["Again", "Sequencers"]
    assert rows[0].outlet == "Other Post" and rows[0].published == "2025-02-01"
    assert rows[1].sentence == "Rubio wrote to Thermo Fisher."


def test_only_web_links_are_links():
    assert safe_link("https://example.org/a") == "https://example.org/a"
    assert safe_link("javascript:alert(1)") is None
    assert safe_link(" JavaScript:alert(1)") is None
    assert safe_link("data/articles/01.txt") is None


def test_article_relations_keep_only_that_articles_sentences(story_store):
    first = supply_story().article.id
    relations = article_relations(story_store, first)
    assert {r.type for r in relations} == {"SUPPLIED_TO", "CONTACTED"}
    assert all(ev.article_id == first for r in relations for ev in r.evidence)


# --- paths -----------------------------------------------------------------------------------------------------------

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


# --- the console ----------------------------------------------------------------------------------------------------

def test_every_canned_query_runs_read_only_with_its_defaults(story_store):
    library = canned_queries()
    assert len(library) >= 5
    assert len({q.name for q in library}) == len(library)
    for query in library:
        assert query.description and query.cypher
        params = {p.name: p.default for p in query.parameters}
        result = story_store.run(query.cypher, params, limit=50)
        assert result.columns, query.name


def test_parameters_must_be_a_json_object():
    assert parse_parameters("") == {}
    assert parse_parameters('{"name": "x", "n": 2}') == {"name": "x", "n": 2}
    with pytest.raises(ValueError, match="not valid JSON"):
        parse_parameters("{name: x}")
    with pytest.raises(ValueError, match="JSON object"):
        parse_parameters("[1, 2]")


def test_query_results_become_a_graph_a_table_csv_and_json(story_store):
    result = story_store.run("MATCH (s:Entity)-[r:SUPPLIED_TO]->(t:Entity) RETURN s, r, t, s.name AS name")
    subgraph, dangling = result_subgraph(result)
    assert {e.name for e in subgraph.entities} == {SUPPLIER.name, POLICE.name} and dangling == 0
    assert subgraph.relations[0].type == "SUPPLIED_TO" and subgraph.relations[0].evidence
    assert subgraph.relations[0].source == SUPPLIER.id
    table = result_table(result)
    assert table[0]["name"] == SUPPLIER.name and json.loads(table[0]["s"])["name"] == SUPPLIER.name
    rows = list(csv.reader(io.StringIO(result_csv(result))))
    assert rows[0] == ["s", "r", "t", "name"] and rows[1][3] == SUPPLIER.name
    data = json.loads(result_json(result))
    assert data["truncated"] is False and data["rows"][0][3] == SUPPLIER.name
    only_edges, missing_ends = result_subgraph(story_store.run("MATCH ()-[r:SUPPLIED_TO]->() RETURN r"))
    assert only_edges.entities == () and missing_ends == 1
