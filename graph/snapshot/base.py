"""The `Snapshot` record every format reads and writes, kept in one canonical order.

A snapshot is a piece of the graph that can travel: entities, relations with their evidence, the articles
that evidence or MENTIONS point at, the MENTIONS links themselves, and a description of its scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from graph.errors import InvalidData
from graph.model import Article, Entity, Evidence, Relation, Subgraph, relation_key
from graph.schema import load_schema
from graph.store.params import value_problem

FORMAT_NAME = "threadline-snapshot"
FORMAT_VERSION = 1
ARTICLE_FIELDS = ("title", "text", "source", "outlet", "published", "ingested_at", "author")
EVIDENCE_FIELDS = ("article_id", "sentence", "start", "end", "extractor", "version", "confidence", "status", "page")
_ATTRIBUTE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_STORE_EVIDENCE = ("article", "sentence", "start", "end", "extractor", "version", "confidence", "status", "page")
# Edge properties the store derives or uses itself: a relation attribute of that name would clobber one.
_RESERVED_ATTRIBUTES = {"key", "sources", "confidence", "status", "type", *(f"ev_{f}" for f in _STORE_EVIDENCE)}


def evidence_order(ev: Evidence) -> tuple:
    """Evidence sorts by article, then offsets, then the rest, so the order never depends on write order."""
    return (ev.article_id, ev.start, ev.end, ev.sentence, ev.extractor, ev.version, ev.confidence, ev.status,
            ev.page or 0)


def canonical_entity(entity: Entity) -> Entity:
    """The entity with its aliases sorted, without duplicates and without its own name."""
    aliases = tuple(sorted({a for a in entity.aliases if a != entity.name}))
    return entity if aliases == entity.aliases else replace(entity, aliases=aliases)


def canonical_relation(relation: Relation) -> Relation:
    """The relation with its evidence in canonical order and its attributes as sorted strings."""
    evidence = tuple(sorted(set(relation.evidence), key=evidence_order))
    attributes = {k: str(v) for k, v in sorted(relation.attributes.items()) if v is not None}
    if evidence == relation.evidence and list(attributes.items()) == list(relation.attributes.items()):
        return relation
    return replace(relation, evidence=evidence, attributes=attributes)




def relation_confidence(relation: Relation) -> float:
    """The highest confidence of any sentence supporting the relation."""
    return max((float(ev.confidence) for ev in relation.evidence), default=0.0)


def mention_key(article_id: str, entity_id: str) -> str:
    """The link key of an article's MENTIONS of an entity, stable like every relation key."""
    return relation_key(load_schema().mention_relation, article_id, entity_id)


@dataclass(frozen=True)
class Snapshot:
    """A portable piece of the graph, normalised on creation so that every export of it is deterministic.

    `mentions` holds (article id, entity id) pairs; `scope` says what was exported (the whole store, some
    entities and a depth, a query, a view); `redactions` counts what was withheld, by rule.
    """

    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    articles: tuple[Article, ...]
    mentions: tuple[tuple[str, str], ...] = ()
    scope: dict[str, Any] = field(default_factory=lambda: {"kind": "store"})
    redactions: tuple[dict[str, Any], ...] = ()
    store_kind: str = ""

    def __post_init__(self) -> None:
        """Sort and normalise every part, so equal content is an equal record."""
        entities = {e.id: canonical_entity(e) for e in self.entities}
        relations = {r.key: canonical_relation(r) for r in self.relations}
        articles = {a.id: a for a in self.articles}
        object.__setattr__(self, "entities", tuple(entities[i] for i in sorted(entities)))
        object.__setattr__(self, "relations", tuple(relations[k] for k in sorted(relations)))
        object.__setattr__(self, "articles", tuple(articles[i] for i in sorted(articles)))
        object.__setattr__(self, "mentions", tuple(sorted(set(self.mentions))))

    def entity_map(self) -> dict[str, Entity]:
        """Entities by id."""
        return {e.id: e for e in self.entities}

    def article_map(self) -> dict[str, Article]:
        """Articles by id."""
        return {a.id: a for a in self.articles}

    def counts(self) -> dict[str, int]:
        """How many entities, connections, articles, MENTIONS links and evidence sentences the snapshot holds."""
        return {
            "entities": len(self.entities),
            "connections": len(self.relations),
            "articles": len(self.articles),
            "mentions": len(self.mentions),
            "evidence": sum(len(r.evidence) for r in self.relations),
        }

    def subgraph(self) -> Subgraph:
        """The entities and relations as a `Subgraph`, for drawing."""
        return Subgraph(entities=self.entities, relations=self.relations, omitted=int(self.scope.get("omitted", 0)))


_EVIDENCE_TYPES = {"article_id": str, "sentence": str, "start": int, "end": int, "extractor": str, "version": str,
                   "confidence": float, "status": str}


def _value_problem(value: Any, kind: type, optional: bool = False) -> str | None:
    """Why a field's value cannot be stored: the wrong type, or a string, number or list the store cannot hold."""
    if value is None and optional:
        return None
    if not isinstance(value, kind) or isinstance(value, bool):
        return f"expected {kind.__name__}, found {type(value).__name__}"
    return value_problem(value)


def _field_problems(snapshot: Snapshot) -> dict[str, str]:
    """Fields a reader let through with a type or a value the store cannot hold (a NUL, NaN, a 70-bit number)."""
    errors: dict[str, str] = {}

    def note(where: str, problem: str | None) -> None:
        """Keep the first problem found at each place."""
        if problem:
            errors.setdefault(where, problem)

    for entity in snapshot.entities:
        for name in ("id", "name", "type"):
            note(f"entity {entity.id}.{name}", _value_problem(getattr(entity, name), str))
        note(f"entity {entity.id}.aliases", next(filter(None, (_value_problem(a, str) for a in entity.aliases)), None))
    for article in snapshot.articles:
        note(f"article {article.id}.id", _value_problem(article.id, str))
        for name in ARTICLE_FIELDS:
            note(f"article {article.id}.{name}", _value_problem(getattr(article, name), str,
                                                                optional=name not in ("title", "text", "source")))
    for relation in snapshot.relations:
        where = f"connection {relation.key}"
        for name in ("key", "type", "source", "target"):
            note(f"{where}.{name}", _value_problem(getattr(relation, name), str))
        for name, value in relation.attributes.items():
            note(f"{where}.attributes", _value_problem(name, str) or _value_problem(value, str))
        for ev in relation.evidence:
            for name, kind in _EVIDENCE_TYPES.items():
                note(f"{where}.evidence.{name}", _value_problem(getattr(ev, name), kind))
    return errors


def check_snapshot(snapshot: Snapshot, origin: str = "snapshot") -> Snapshot:
    """Refuse a snapshot that cannot be written back: fields of the wrong type or that the store cannot hold,
    unknown types, dangling ends, evidence without article.

    Raises `InvalidData` whose `errors` map the first problems found to their reasons.
    """
    errors = _field_problems(snapshot)
    if errors:  # the checks below assume fields of the right types
        _refuse(origin, errors)
    schema = load_schema()
    entities = snapshot.entity_map()
    articles = snapshot.article_map()
    for entity in snapshot.entities:
        if entity.type not in schema.entity_types:
            errors[f"entity {entity.id}"] = f"unknown entity type {entity.type!r}"
        if entity.id in articles:
            errors[f"entity {entity.id}"] = "has the same id as an article"
    for relation in snapshot.relations:
        where = f"connection {relation.key}"
        if relation.type not in schema.relation_types:
            errors[where] = f"unknown relation type {relation.type!r}"
        for end in (relation.source, relation.target):
            if end not in entities:
                errors[where] = f"its end {end!r} is not among the entities"
        for name in relation.attributes:
            if not _ATTRIBUTE_NAME.match(name) or name in _RESERVED_ATTRIBUTES:
                errors[where] = f"attribute name {name!r} is not a plain identifier or is reserved"
        for ev in relation.evidence:
            if ev.article_id not in articles:
                errors[where] = f"evidence cites article {ev.article_id!r}, which is not in the snapshot"
            if ev.status not in schema.statuses:
                errors[where] = f"unknown evidence status {ev.status!r}"
    for article_id, entity_id in snapshot.mentions:
        if article_id not in articles or entity_id not in entities:
            errors[f"mention {article_id}->{entity_id}"] = "an end is not in the snapshot"
    if errors:
        _refuse(origin, errors)
    return snapshot


def _refuse(origin: str, errors: dict[str, str]) -> None:
    """Raise the `InvalidData` that names the first problem, counts the rest and carries them all."""
    first = next(iter(errors.items()))
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    raise InvalidData(f"{origin}: {first[0]}: {first[1]}{more}", errors)


def scope_text(scope: dict[str, Any]) -> str:
    """A one-line human description of a snapshot's scope."""
    kind = scope.get("kind", "store")
    if kind == "entities":
        names = ", ".join(str(n) for n in scope.get("entities", []))
        return f"{names} and {scope.get('depth', 1)} hop(s) around"
    if kind == "query":
        return f"query: {scope.get('query', '')}"
    if kind == "view":
        return str(scope.get("description") or "a view of the explorer")
    return "the whole graph"
