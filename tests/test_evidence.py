"""graph.evidence: the sentences behind a relation cited with their articles, safe links, an article's relations."""

from __future__ import annotations

from graph.evidence import article_relations, evidence_rows, safe_link
from tests.graphs import supplier_view as _view
from tests.graphs import supply_story


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
