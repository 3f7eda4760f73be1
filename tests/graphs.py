"""Small hand-built article graphs, and the view around them, for store and graph tests (no extractor involved)."""

from __future__ import annotations

from dataclasses import astuple, replace

from graph.model import Article, Entity, Evidence, Relation, Subgraph, relation_key, text_id
from graph.store.base import ArticleGraph, GraphStore
from graph.views import ViewSpec, build_view

SUPPLIER = Entity("e-thermo", "Thermo Fisher Scientific", "Company", ("Thermo Fisher",))
POLICE = Entity("e-police", "Xinjiang police", "GovernmentBody", ("police in Xinjiang",))
SENATOR = Entity("e-rubio", "Marco Rubio", "Person", ("Rubio",))
BANK = Entity("e-sg", "Société Générale", "Company")


def article(text: str, title: str = "A story") -> Article:
    return Article(id=text_id(text), title=title, text=text, source=f"{title}.txt", outlet="The Test Times",
                   published="2024-05-01", ingested_at="2024-05-02T00:00:00+00:00")


def evidence(a: Article, sentence: str, status: str = "stated", confidence: float = 0.9) -> Evidence:
    start = a.text.find(sentence)
    return Evidence(a.id, sentence, start, start + len(sentence), "test", "1", confidence, status)


def relation(rtype: str, source: Entity, target: Entity, *ev: Evidence, **attributes: str) -> Relation:
    return Relation(relation_key(rtype, source.id, target.id), rtype, source.id, target.id, dict(attributes), ev)


def supply_story(text: str = "Thermo Fisher sold sequencers to police in Xinjiang. Rubio wrote to Thermo Fisher.",
                 title: str = "Sequencers") -> ArticleGraph:
    a = article(text, title)
    sold = evidence(a, "Thermo Fisher sold sequencers to police in Xinjiang.")
    supplied = relation("SUPPLIED_TO", SUPPLIER, POLICE, sold, product="DNA sequencers")
    contacted = relation("CONTACTED", SENATOR, SUPPLIER, evidence(a, "Rubio wrote to Thermo Fisher."))
    return ArticleGraph(a, (SUPPLIER, POLICE, SENATOR), (supplied, contacted))


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


def supplier_view(store: GraphStore) -> Subgraph:
    """The depth-one view around Thermo Fisher."""
    return build_view(store, ViewSpec(seeds=(SUPPLIER.id,)))


def graph_contents(store: GraphStore) -> dict:
    """Everything a store holds except the ingest times: entities, facts with their evidence, articles, mentions."""
    articles = sorted((a.id, a.title, a.text, a.source) for a in store.iter_articles())
    return {
        "entities": sorted((e.id, e.name, e.type, tuple(sorted(e.aliases))) for e in store.iter_entities()),
        "relations": sorted((r.key, r.type, r.source, r.target, tuple(sorted(r.attributes.items())),
                             tuple(sorted(map(astuple, r.evidence)))) for r in store.iter_relations()),
        "articles": articles,
        "mentions": {a[0]: sorted(e.id for e in store.article_entities(a[0])) for a in articles},
    }
