"""The sentences behind a relation and the articles they come from, as citations for tables, tooltips and the reader."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from graph.model import Relation, iso_day, page_label
from graph.store.base import ArticleSummary, GraphStore


@dataclass(frozen=True)
class EvidenceRow:
    """One supporting sentence with where it comes from, ready for a table or a citation."""

    sentence: str
    status: str
    confidence: float
    article_id: str
    title: str
    outlet: str
    published: str
    link: str
    page: str = ""


def evidence_rows(relation: Relation, articles: Mapping[str, ArticleSummary]) -> list[EvidenceRow]:
    """Every sentence behind a relation, with its article's title, outlet, date and link, newest first."""
    rows = []
    for ev in relation.evidence:
        article = articles.get(ev.article_id)
        rows.append(EvidenceRow(
            sentence=ev.sentence,
            status=ev.status,
            confidence=ev.confidence,
            article_id=ev.article_id,
            title=(article.title if article else "") or ev.article_id[:12],
            outlet=(article.outlet if article else None) or "",
            published=iso_day(article.published if article else None) or "",
            link=(article.source if article else "") or "",
            page=page_label(ev.page),
        ))
    rows.sort(key=lambda r: (r.published, r.title), reverse=True)
    return rows


def safe_link(link: str) -> str | None:
    """The link if it is a web address, else None: a `javascript:` or other scheme is never made clickable."""
    text = link.strip()
    return text if text.lower().startswith(("http://", "https://")) else None


def relation_label(relation: Relation, names: Mapping[str, str]) -> str:
    """'Source —type→ Target', for selectors and captions."""
    source, target = names.get(relation.source, relation.source), names.get(relation.target, relation.target)
    return f"{source} —{relation.type}→ {target}"


def article_relations(store: GraphStore, article_id: str) -> list[Relation]:
    """The relations an article supports, each with only that article's sentences."""
    ids = [e.id for e in store.article_entities(article_id)]
    out = []
    for relation in store.relations_of(ids) if ids else []:
        own = tuple(ev for ev in relation.evidence if ev.article_id == article_id)
        if own:
            out.append(replace(relation, evidence=own))
    return sorted(out, key=lambda r: min(ev.start for ev in r.evidence))


def article_titles(articles: Iterable[ArticleSummary]) -> dict[str, str]:
    """Article id to title, for citations in tooltips and exports."""
    return {a.id: a.title or a.id[:12] for a in articles}
