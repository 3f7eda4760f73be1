"""Small hand-built article graphs for store tests (no extractor involved)."""

from __future__ import annotations

from graph.model import Article, Entity, Evidence, Relation, relation_key, text_id
from graph.store.base import ArticleGraph

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
