"""What a journalist narrows a view to: pure functions over a `Subgraph`, so filtering never asks the database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from graph.model import Evidence, Relation, Subgraph, iso_day
from graph.store.base import ArticleSummary


@dataclass(frozen=True)
class ViewFilter:
    """What a journalist narrows a view to; the defaults keep everything."""

    entity_types: tuple[str, ...] = ()
    relation_types: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    outlets: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    min_sources: int = 1
    min_confidence: float = 0.0

    @property
    def active(self) -> bool:
        """Whether this filter can remove anything at all."""
        return self != ViewFilter()

    @property
    def touches_evidence(self) -> bool:
        """Whether this filter looks at single sentences (dates, outlets, articles, confidence)."""
        return bool(self.date_from or self.date_to or self.outlets or self.articles or self.min_confidence > 0)


def _with_relations(subgraph: Subgraph, relations: Iterable[Relation]) -> Subgraph:
    """The same view with other relations."""
    return replace(subgraph, relations=tuple(relations))


def filter_entity_types(subgraph: Subgraph, types: Sequence[str], keep: Iterable[str] = ()) -> Subgraph:
    """Only entities of these types (and those in `keep`), and the relations between them.

    >>> from graph.model import Entity
    >>> g = Subgraph((Entity("a", "A", "Company"), Entity("b", "B", "Person")), ())
    >>> [e.id for e in filter_entity_types(g, ["Person"]).entities]
    ['b']
    """
    if not types:
        return subgraph
    keep = set(keep)
    entities = tuple(e for e in subgraph.entities if e.type in types or e.id in keep)
    ids = {e.id for e in entities}
    relations = tuple(r for r in subgraph.relations if r.source in ids and r.target in ids)
    return replace(subgraph, entities=entities, relations=relations)


def filter_relation_types(subgraph: Subgraph, types: Sequence[str]) -> Subgraph:
    """Only relations of these types."""
    if not types:
        return subgraph
    return _with_relations(subgraph, (r for r in subgraph.relations if r.type in types))


def evidence_passes(ev: Evidence, view_filter: ViewFilter, articles: Mapping[str, ArticleSummary]) -> bool:
    """Whether one sentence meets the filter's date range, outlets, articles and minimum confidence.

    Evidence from an article with no known date is dropped as soon as a date range is set.
    """
    if ev.confidence < view_filter.min_confidence:
        return False
    if view_filter.articles and ev.article_id not in view_filter.articles:
        return False
    article = articles.get(ev.article_id)
    if view_filter.outlets and (article is None or article.outlet not in view_filter.outlets):
        return False
    if view_filter.date_from or view_filter.date_to:
        day = iso_day(article.published) if article else None
        if day is None:
            return False
        if view_filter.date_from and day < view_filter.date_from:
            return False
        if view_filter.date_to and day > view_filter.date_to:
            return False
    return True


def filter_evidence(subgraph: Subgraph, view_filter: ViewFilter, articles: Mapping[str, ArticleSummary]) -> Subgraph:
    """Keep only the sentences that pass the filter; a relation left with none goes too."""
    if not view_filter.touches_evidence:
        return subgraph
    kept = []
    for relation in subgraph.relations:
        evidence = tuple(ev for ev in relation.evidence if evidence_passes(ev, view_filter, articles))
        if evidence:
            kept.append(replace(relation, evidence=evidence))
    return _with_relations(subgraph, kept)


def filter_min_sources(subgraph: Subgraph, minimum: int) -> Subgraph:
    """Only relations stated by at least `minimum` independent articles."""
    if minimum <= 1:
        return subgraph
    return _with_relations(subgraph, (r for r in subgraph.relations if r.sources >= minimum))


def drop_isolated(subgraph: Subgraph, keep: Iterable[str] = ()) -> Subgraph:
    """Remove entities left with no relation in the view, except those in `keep`."""
    keep = set(keep)
    linked = {r.source for r in subgraph.relations} | {r.target for r in subgraph.relations}
    return replace(subgraph, entities=tuple(e for e in subgraph.entities if e.id in linked or e.id in keep))


def hide_entities(subgraph: Subgraph, ids: Iterable[str]) -> Subgraph:
    """The view without these entities and their relations."""
    gone = set(ids)
    if not gone:
        return subgraph
    return Subgraph(
        entities=tuple(e for e in subgraph.entities if e.id not in gone),
        relations=tuple(r for r in subgraph.relations if r.source not in gone and r.target not in gone),
        omitted=subgraph.omitted,
    )


def apply_filters(
    subgraph: Subgraph,
    view_filter: ViewFilter,
    articles: Mapping[str, ArticleSummary],
    keep: Iterable[str] = (),
) -> Subgraph:
    """Every filter in turn; entities stranded by the filters leave too, except `keep` (seeds, pinned)."""
    if not view_filter.active:
        return subgraph
    keep = tuple(keep)
    out = filter_entity_types(subgraph, view_filter.entity_types, keep)
    out = filter_relation_types(out, view_filter.relation_types)
    out = filter_evidence(out, view_filter, articles)
    out = filter_min_sources(out, view_filter.min_sources)
    return drop_isolated(out, keep)


def outlets_and_dates(articles: Iterable[ArticleSummary]) -> tuple[list[str], str | None, str | None]:
    """The outlets named by the articles, and their earliest and latest publication dates."""
    summaries = list(articles)
    outlets = sorted({a.outlet for a in summaries if a.outlet})
    dates = sorted(d for d in (iso_day(a.published) for a in summaries) if d)
    return outlets, (dates[0] if dates else None), (dates[-1] if dates else None)
