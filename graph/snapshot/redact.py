"""Redaction: withhold entity types, entities or source articles from a snapshot before it is exported.

Dropping an entity drops its connections and MENTIONS links; dropping an article drops its evidence, and
connections left with no evidence go too. Articles no longer cited or mentioning anything are dropped.
What was withheld is recorded by rule and count only, never by name, so the manifest itself leaks nothing.
Article texts and other sentences are not rewritten: to withhold a text, exclude its article.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from graph.errors import InvalidData
from graph.model import fold
from graph.schema import load_schema
from graph.snapshot.base import Snapshot


@dataclass(frozen=True)
class Redaction:
    """What to withhold: entity types, entities (id, name or alias) and source articles (id or title)."""

    exclude_types: tuple[str, ...] = ()
    exclude_entities: tuple[str, ...] = ()
    exclude_sources: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        """Whether any rule is given."""
        return bool(self.exclude_types or self.exclude_entities or self.exclude_sources)


def _matches_entity(value: str, entity_id: str, names: tuple[str, ...]) -> bool:
    """Whether a rule value names this entity: its id, or a name or alias equal when folded."""
    return value == entity_id or fold(value) in {fold(n) for n in names}


def _drop(snapshot: Snapshot, entity_ids: set[str], article_ids: set[str]) -> tuple[Snapshot, dict[str, int]]:
    """The snapshot without these entities and articles, and how many of each kind of thing went."""
    relations = []
    dropped_evidence = 0
    for relation in snapshot.relations:
        if relation.source in entity_ids or relation.target in entity_ids:
            dropped_evidence += len(relation.evidence)
            continue
        kept = tuple(ev for ev in relation.evidence if ev.article_id not in article_ids)
        dropped_evidence += len(relation.evidence) - len(kept)
        if kept:
            relations.append(replace(relation, evidence=kept))
    entities = tuple(e for e in snapshot.entities if e.id not in entity_ids)
    mentions = tuple((a, e) for a, e in snapshot.mentions if a not in article_ids and e not in entity_ids)
    cited = {ev.article_id for r in relations for ev in r.evidence} | {a for a, _ in mentions}
    articles = tuple(a for a in snapshot.articles if a.id in cited)
    counts = {
        "entities": len(snapshot.entities) - len(entities),
        "connections": len(snapshot.relations) - len(relations),
        "evidence": dropped_evidence,
        "mentions": len(snapshot.mentions) - len(mentions),
        "articles": len(snapshot.articles) - len(articles),
    }
    result = Snapshot(entities=entities, relations=tuple(relations), articles=articles, mentions=mentions,
                      scope=snapshot.scope, redactions=snapshot.redactions, store_kind=snapshot.store_kind)
    return result, counts


def redact(snapshot: Snapshot, redaction: Redaction) -> Snapshot:
    """Apply each rule in turn (types, entities, sources) and record one redaction entry per rule used.

    Each entry has the rule, how many values were given and how many matched nothing, and the counts of what
    was removed; only `exclude-type` names its values (types are schema words, not content).
    """
    if not redaction:
        return snapshot
    schema = load_schema()
    records: list[dict[str, Any]] = list(snapshot.redactions)
    unknown_types = sorted(set(redaction.exclude_types) - set(schema.entity_types))
    if unknown_types:
        known = ", ".join(sorted(schema.entity_types))
        raise InvalidData(f"unknown entity type(s) {', '.join(unknown_types)}; known: {known}",
                          {t: "unknown entity type" for t in unknown_types})
    rules: list[tuple[str, tuple[str, ...]]] = [
        ("exclude-type", redaction.exclude_types),
        ("exclude-entity", redaction.exclude_entities),
        ("exclude-source", redaction.exclude_sources),
    ]
    for rule, values in rules:
        if not values:
            continue
        entity_ids: set[str] = set()
        article_ids: set[str] = set()
        unmatched = 0
        for value in values:
            if rule == "exclude-type":
                hits = {e.id for e in snapshot.entities if e.type == value}
                entity_ids |= hits
            elif rule == "exclude-entity":
                hits = {e.id for e in snapshot.entities if _matches_entity(value, e.id, (e.name, *e.aliases))}
                entity_ids |= hits
            else:
                hits = {a.id for a in snapshot.articles if value == a.id or fold(value) == fold(a.title)}
                article_ids |= hits
            unmatched += not hits
        snapshot, counts = _drop(snapshot, entity_ids, article_ids)
        record: dict[str, Any] = {"rule": rule, "values": len(values), "unmatched": unmatched, "removed": counts}
        if rule == "exclude-type":
            record["types"] = sorted(values)
        records.append(record)
    return replace(snapshot, redactions=tuple(records))
