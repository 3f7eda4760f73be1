"""graph.filters: pure filters over a view, by type, evidence (dates, outlets, articles, confidence) and sources."""

from __future__ import annotations

from graph.filters import (
    ViewFilter,
    apply_filters,
    drop_isolated,
    filter_entity_types,
    filter_evidence,
    filter_min_sources,
    filter_relation_types,
    hide_entities,
    outlets_and_dates,
)
from graph.store.base import ArticleSummary
from tests.graphs import BANK, SENATOR, SUPPLIER
from tests.graphs import supplier_view as _view


def summary(a, outlet: str | None = None, published: str | None = None) -> ArticleSummary:
    """An `ArticleSummary` of an article, with another outlet or date if given."""
    return ArticleSummary(a.id, a.title, a.source, outlet if outlet is not None else a.outlet,
                          published if published is not None else a.published, a.ingested_at, 0)


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
