"""FollowTheMoney entities as JSON lines, so a snapshot opens in Aleph and OpenSanctions tools.

Entities map to FtM schemata (Company, Person, PublicBody, ...); each relation becomes an interval entity
(Ownership, Directorship, Employment, Membership, Payment, Sanction, Documentation, else UnknownLink)
whose `proof` points at the Article entities of its evidence and whose `description` holds the sentences.
Each MENTIONS link becomes a Mention of the entity in its article. Ids are prefixed `tl-`.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from graph.model import Article, Entity, Relation, relation_status, stable_id
from graph.schema import ftm_mapping, load_schema
from graph.snapshot.base import Snapshot
from graph.snapshot.registry import SnapshotFormat

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy

ENTITY_SCHEMATA: dict[str, str] = ftm_mapping()["entities"]
# Relation type -> (FtM schema, property for the source end, property for the target end), tried in order;
# the first whose property ranges accept both ends is used, else UnknownLink (subject, object).
RELATION_SCHEMATA: dict[str, list[tuple[str, str, str]]] = {
    rel: [tuple(c) for c in candidates] for rel, candidates in ftm_mapping()["relations"].items()  # type: ignore[misc]
}
_DIRECTOR_ROLE = re.compile(ftm_mapping()["director_role"], re.IGNORECASE)
_DIRECTORSHIP: tuple[str, str, str] = tuple(ftm_mapping()["directorship"])  # type: ignore[assignment]
_FALLBACK: tuple[str, str, str] = tuple(ftm_mapping()["fallback"])  # type: ignore[assignment]


def _model() -> Any:
    """followthemoney's model: the package takes half a second to import, so only when an FtM export is made."""
    from followthemoney import model

    return model


_FTM_ID = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.\-]*[0-9a-zA-Z])?$")


def _ftm_id(prefix: str, threadline_id: str) -> str:
    """`prefix-id`, or `prefix-<hash of id>` when the id holds characters FtM ids may not."""
    candidate = f"{prefix}-{threadline_id}"
    return candidate if _FTM_ID.match(candidate) else f"{prefix}-{stable_id(threadline_id)}"


def entity_ftm_id(entity_id: str) -> str:
    """The FtM id of a Threadline entity."""
    return _ftm_id("tl-ent", entity_id)


def article_ftm_id(article_id: str) -> str:
    """The FtM id of a Threadline article."""
    return _ftm_id("tl-art", article_id)


def _accepts(schema_name: str, prop: str, end_schema: str) -> bool:
    """Whether an FtM property of this schema may point at an entity of `end_schema`."""
    schema, end = _model().get(schema_name), _model().get(end_schema)
    target = schema.get(prop) if schema is not None else None
    return target is not None and target.range is not None and end is not None and end.is_a(target.range)


def _interval(relation: Relation, source: Entity, target: Entity) -> tuple[str, str, str]:
    """The FtM schema and end properties for a relation between these two entities."""
    candidates = list(RELATION_SCHEMATA.get(relation.type, []))
    if relation.type == "HAS_ROLE_AT" and _DIRECTOR_ROLE.search(relation.attributes.get("role", "")):
        candidates.insert(0, _DIRECTORSHIP)
    source_schema, target_schema = ENTITY_SCHEMATA[source.type], ENTITY_SCHEMATA[target.type]
    for schema_name, source_prop, target_prop in candidates:
        if _accepts(schema_name, source_prop, source_schema) and _accepts(schema_name, target_prop, target_schema):
            return schema_name, source_prop, target_prop
    return _FALLBACK


def _entity(entity: Entity) -> EntityProxy:
    """A Threadline entity as an FtM entity of the mapped schema."""
    proxy = _model().make_entity(ENTITY_SCHEMATA[entity.type])
    proxy.id = entity_ftm_id(entity.id)
    proxy.add("name", entity.name)
    if proxy.schema.name == "Address":
        proxy.add("full", entity.name)
    if proxy.schema.name == "Article":
        proxy.add("title", entity.name)
    proxy.add("alias", list(entity.aliases))
    return proxy


def _article(article: Article) -> EntityProxy:
    """A source article as an FtM Article."""
    proxy = _model().make_entity("Article")
    proxy.id = article_ftm_id(article.id)
    proxy.add("title", article.title)
    proxy.add("name", article.title)
    proxy.add("bodyText", article.text)
    proxy.add("publisher", article.outlet)
    proxy.add("publishedAt", article.published)
    if article.source.startswith(("http://", "https://")):
        proxy.add("sourceUrl", article.source)
    elif article.source:
        proxy.add("fileName", article.source)
    return proxy


def _relation(relation: Relation, entities: dict[str, Entity]) -> EntityProxy:
    """A relation as an FtM interval, its evidence as proof (articles) and description (sentences)."""
    source, target = entities[relation.source], entities[relation.target]
    label = load_schema().relation_types[relation.type].label
    if relation.type == "SANCTIONED":
        proxy = _model().make_entity("Sanction")
        proxy.add("entity", entity_ftm_id(target.id))
        proxy.add("authority", source.name)
    else:
        schema_name, source_prop, target_prop = _interval(relation, source, target)
        proxy = _model().make_entity(schema_name)
        proxy.add(source_prop, entity_ftm_id(source.id))
        proxy.add(target_prop, entity_ftm_id(target.id))
        if proxy.schema.get("role") is not None:
            proxy.add("role", relation.attributes.get("role") or label)
    proxy.id = _ftm_id("tl-rel", relation.key)
    status = relation_status(relation)
    proxy.add("recordId", relation.key)
    proxy.add("status", status, quiet=True)  # not every interval schema has one (Payment has not)
    proxy.add("summary", f"{source.name} {label} {target.name}" + ("" if status == "stated" else f" ({status})"))
    proxy.add("description", [ev.sentence for ev in relation.evidence])
    proxy.add("proof", sorted({article_ftm_id(ev.article_id) for ev in relation.evidence}))
    if "product" in relation.attributes and proxy.schema.get("purpose") is not None:
        proxy.add("purpose", relation.attributes["product"])
    return proxy


def _mention(article_id: str, entity: Entity) -> EntityProxy:
    """An article's MENTIONS of an entity as an FtM Mention."""
    proxy = _model().make_entity("Mention")
    proxy.id = f"tl-men-{stable_id(article_id, entity.id)}"
    proxy.add("document", article_ftm_id(article_id))
    proxy.add("resolved", entity_ftm_id(entity.id))
    proxy.add("name", entity.name)
    proxy.add("detectedSchema", ENTITY_SCHEMATA[entity.type])
    return proxy


def ftm_entities(snapshot: Snapshot) -> list[dict[str, Any]]:
    """Every FtM entity of the snapshot as a plain dict (`id`, `schema`, `properties`), sorted by id."""
    entities = snapshot.entity_map()
    proxies = [_entity(e) for e in snapshot.entities] + [_article(a) for a in snapshot.articles]
    proxies += [_relation(r, entities) for r in snapshot.relations]
    proxies += [_mention(a, entities[e]) for a, e in snapshot.mentions]
    return sorted((p.to_dict() for p in proxies), key=lambda d: d["id"])


def render_ftm(snapshot: Snapshot) -> bytes:
    """JSON lines, one FtM entity per line."""
    lines = [json.dumps(d, sort_keys=True, ensure_ascii=False) for d in ftm_entities(snapshot)]
    return ("\n".join(lines) + "\n" if lines else "").encode("utf-8")


FORMAT = SnapshotFormat("ftm", "FollowTheMoney entities (Aleph)", 70, ".ftm.json", write=render_ftm)
