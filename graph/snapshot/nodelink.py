"""The lossless format: node-link JSON in networkx's `node_link_data` shape, written canonically.

Canonical means: keys sorted, nodes sorted by id, links by key, evidence by (article, start, end), aliases
sorted, one node or link per line. The same graph therefore always gives the same bytes, and
export -> import into an empty store -> export is byte-identical.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from graph.errors import InvalidData
from graph.model import Article, Entity, Evidence, Relation, relation_status
from graph.schema import load_schema
from graph.snapshot.base import (
    ARTICLE_FIELDS,
    EVIDENCE_FIELDS,
    FORMAT_NAME,
    FORMAT_VERSION,
    Snapshot,
    check_snapshot,
    mention_key,
    relation_confidence,
)
from graph.snapshot.registry import SnapshotFormat


def entity_node(entity: Entity) -> dict[str, Any]:
    """An entity as a node record."""
    return {"id": entity.id, "kind": "entity", "name": entity.name, "type": entity.type,
            "aliases": list(entity.aliases)}


def article_node(article: Article) -> dict[str, Any]:
    """An article as a node record, text included (the id is the hash of the text)."""
    return {"id": article.id, "kind": "article", **{f: getattr(article, f) for f in ARTICLE_FIELDS}}


def evidence_record(ev: Evidence) -> dict[str, Any]:
    """One supporting sentence as a plain record."""
    record = {f: getattr(ev, f) for f in EVIDENCE_FIELDS}
    record["confidence"] = float(ev.confidence)
    return record


def relation_link(relation: Relation) -> dict[str, Any]:
    """A relation as a link record, with its evidence and the counts the store derives from it."""
    return {
        "source": relation.source, "target": relation.target, "key": relation.key, "kind": "relation",
        "type": relation.type, "attributes": dict(relation.attributes),
        "evidence": [evidence_record(ev) for ev in relation.evidence],
        "sources": relation.sources, "status": relation_status(relation),
        "confidence": relation_confidence(relation),
    }


def mention_link(article_id: str, entity_id: str) -> dict[str, Any]:
    """An article's MENTIONS of an entity as a link record."""
    return {"source": article_id, "target": entity_id, "key": mention_key(article_id, entity_id),
            "kind": "mention", "type": load_schema().mention_relation}


def graph_attributes(snapshot: Snapshot) -> dict[str, Any]:
    """What the file is and what it covers: no time, no store location, so the content alone decides the bytes."""
    return {"format": FORMAT_NAME, "format_version": FORMAT_VERSION, "scope": snapshot.scope,
            "redactions": list(snapshot.redactions)}


def node_link_data(snapshot: Snapshot) -> dict[str, Any]:
    """The snapshot as a networkx node-link dict (`networkx.node_link_graph(data, edges="links")` reads it)."""
    nodes = [entity_node(e) for e in snapshot.entities] + [article_node(a) for a in snapshot.articles]
    links = [relation_link(r) for r in snapshot.relations] + [mention_link(a, e) for a, e in snapshot.mentions]
    return {
        "directed": True, "multigraph": True, "graph": graph_attributes(snapshot),
        "nodes": sorted(nodes, key=lambda n: (n["id"], n["kind"])),
        "links": sorted(links, key=lambda link: (link["key"], link["kind"])),
    }


def _dump(value: Any) -> str:
    """One value as canonical JSON text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def render_json(snapshot: Snapshot) -> bytes:
    """Canonical JSON bytes: sorted keys, one node or link per line, UTF-8, ending in a newline."""
    data = node_link_data(snapshot)

    def block(items: list[dict[str, Any]]) -> str:
        """A JSON array with one item per line."""
        return "[\n" + ",\n".join(_dump(item) for item in items) + "\n]" if items else "[]"

    text = (f'{{"directed": true, "graph": {_dump(data["graph"])}, "links": {block(data["links"])}, '
            f'"multigraph": true, "nodes": {block(data["nodes"])}}}\n')
    return text.encode("utf-8")


def content_sha256(snapshot: Snapshot) -> str:
    """sha256 of the canonical JSON: two snapshots with the same content have the same digest."""
    return hashlib.sha256(render_json(snapshot)).hexdigest()


class _Reader:
    """Reads node and link records, collecting every problem by field for one `InvalidData`."""

    def __init__(self, origin: str) -> None:
        """Start with no problems found."""
        self.origin = origin
        self.errors: dict[str, str] = {}

    def field(self, record: dict[str, Any], name: str, where: str, kind: type | tuple[type, ...] = str,
              optional: bool = False) -> Any:
        """The field's value if it has the expected type, else None with the problem noted."""
        value = record.get(name)
        if value is None and optional:
            return None
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            self.errors[f"{where}.{name}"] = f"expected {getattr(kind, '__name__', kind)}, found {value!r:.60}"
            return None
        return value

    def evidence(self, raw: Any, where: str) -> Evidence | None:
        """An evidence record, or None with its problems noted."""
        if not isinstance(raw, dict):
            self.errors[where] = "expected an object"
            return None
        values = {
            "article_id": self.field(raw, "article_id", where), "sentence": self.field(raw, "sentence", where),
            "start": self.field(raw, "start", where, int), "end": self.field(raw, "end", where, int),
            "extractor": self.field(raw, "extractor", where), "version": self.field(raw, "version", where),
            "confidence": self.field(raw, "confidence", where, (int, float)),
            "status": self.field(raw, "status", where),
        }
        if any(v is None for v in values.values()):
            return None
        values["confidence"] = float(values["confidence"])
        page = raw.get("page")
        if page is not None and (type(page) is not int or page < 1):
            self.errors[f"{where}.page"] = "expected a page number from 1, or null"
            return None
        return Evidence(**values, page=page)

    def evidence_list(self, raw: list[Any], where: str) -> list[Evidence] | None:
        """A relation's evidence; well-formed records take a fast path, the first bad one the checking path."""
        out = []
        for record in raw:
            if type(record) is dict and all(type(record.get(f)) is t for f, t in _EVIDENCE_TYPES):
                confidence = record.get("confidence", "")
                page = record.get("page")
                if type(confidence) in (int, float) and (page is None or (type(page) is int and page >= 1)):
                    out.append(Evidence(record["article_id"], record["sentence"], record["start"], record["end"],
                                        record["extractor"], record["version"], float(confidence),
                                        record["status"], page))
                    continue
            checked = [self.evidence(r, f"{where}.evidence[{i}]") for i, r in enumerate(raw)]
            return None if None in checked else [e for e in checked if e is not None]
        return out


_EVIDENCE_TYPES = (("article_id", str), ("sentence", str), ("start", int), ("end", int), ("extractor", str),
                   ("version", str), ("status", str))


def from_node_link(data: Any, origin: str = "snapshot") -> Snapshot:
    """A snapshot from node-link data; `InvalidData` names each bad field (`nodes[3].name: expected str`)."""
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        raise InvalidData(f"{origin}: not a node-link snapshot (no 'nodes' list)")
    links = data.get("links", data.get("edges", []))
    if not isinstance(links, list):
        raise InvalidData(f"{origin}: 'links' must be a list")
    reader = _Reader(origin)
    entities: list[Entity] = []
    articles: list[Article] = []
    for index, node in enumerate(data["nodes"]):
        where = f"nodes[{index}]"
        if not isinstance(node, dict):
            reader.errors[where] = "expected an object"
            continue
        node_id = reader.field(node, "id", where)
        if node.get("kind") == "article":
            values = {f: reader.field(node, f, where, optional=f not in ("title", "text")) for f in ARTICLE_FIELDS}
            if node_id is not None and values["title"] is not None and values["text"] is not None:
                values["source"] = values["source"] or ""
                articles.append(Article(id=node_id, **values))
        elif node.get("kind", "entity") == "entity":
            name, etype = reader.field(node, "name", where), reader.field(node, "type", where)
            aliases = reader.field(node, "aliases", where, list, optional=True) or []
            if not all(isinstance(a, str) for a in aliases):
                reader.errors[f"{where}.aliases"] = "expected a list of strings"
            elif node_id is not None and name is not None and etype is not None:
                entities.append(Entity(id=node_id, name=name, type=etype, aliases=tuple(aliases)))
        else:
            reader.errors[f"{where}.kind"] = f"expected 'entity' or 'article', found {node.get('kind')!r:.40}"
    relations: list[Relation] = []
    mentions: list[tuple[str, str]] = []
    mention_type = load_schema().mention_relation
    for index, link in enumerate(links):
        where = f"links[{index}]"
        if not isinstance(link, dict):
            reader.errors[where] = "expected an object"
            continue
        source, target = reader.field(link, "source", where), reader.field(link, "target", where)
        if link.get("kind") == "mention" or link.get("type") == mention_type:
            if source is not None and target is not None:
                mentions.append((source, target))
            continue
        key, rtype = reader.field(link, "key", where), reader.field(link, "type", where)
        attributes = reader.field(link, "attributes", where, dict, optional=True) or {}
        raw_evidence = reader.field(link, "evidence", where, list, optional=True) or []
        evidence = reader.evidence_list(raw_evidence, where)
        if None in (source, target, key, rtype) or evidence is None:
            continue
        relations.append(Relation(key=key, type=rtype, source=source, target=target,
                                  attributes={str(k): str(v) for k, v in attributes.items()},
                                  evidence=tuple(evidence)))
    if reader.errors:
        first = next(iter(reader.errors.items()))
        raise InvalidData(f"{origin}: {first[0]}: {first[1]}", reader.errors)
    attributes = data.get("graph")
    graph: dict[str, Any] = attributes if isinstance(attributes, dict) else {}
    raw_scope = graph.get("scope")
    scope: dict[str, Any] = raw_scope if isinstance(raw_scope, dict) else {"kind": "store"}
    raw_redactions = graph.get("redactions")
    redactions = tuple(r for r in raw_redactions if isinstance(r, dict)) if isinstance(raw_redactions, list) else ()
    snapshot = Snapshot(entities=tuple(entities), relations=tuple(relations), articles=tuple(articles),
                        mentions=tuple(mentions), scope=scope, redactions=redactions, store_kind="file")
    return check_snapshot(snapshot, origin)


def read_json(raw: bytes, origin: str = "snapshot") -> Snapshot:
    """Parse snapshot JSON bytes."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidData(f"{origin}: not valid UTF-8 JSON ({exc})") from None
    except (ValueError, RecursionError):  # a number of thousands of digits, arrays nested past the stack
        raise InvalidData(f"{origin}: not valid JSON (a number too long or nesting too deep)") from None
    return from_node_link(data, origin)


FORMAT = SnapshotFormat("json", "JSON (node-link, lossless)", 30, ".json", write=render_json, read=read_json,
                        read_suffixes=(".json",), sniff=b"{")
