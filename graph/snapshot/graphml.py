"""GraphML (yEd, Gephi, networkx, Cytoscape): typed attributes, evidence kept as JSON text, and read back.

Nodes are entities and articles (`kind`), edges are relations and MENTIONS links keyed by their key.
Names and counts are plain attributes for the tools; aliases, relation attributes and evidence travel
as JSON strings so the file imports without loss. XML cannot hold most control characters: they are
replaced by U+FFFD in plain attributes (JSON strings escape them, so evidence survives).
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import networkx as nx

from graph.errors import InvalidData
from graph.model import Article, Entity, Relation, relation_status
from graph.schema import load_schema
from graph.snapshot.base import (
    ARTICLE_FIELDS,
    FORMAT_NAME,
    FORMAT_VERSION,
    Snapshot,
    check_snapshot,
    relation_confidence,
)
from graph.snapshot.nodelink import _Reader as FieldReader
from graph.snapshot.nodelink import evidence_record
from graph.snapshot.registry import SnapshotFormat

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """The text with characters XML 1.0 cannot carry replaced by U+FFFD."""
    return _XML_ILLEGAL.sub("\ufffd", text)


def _json(value: Any) -> str:
    """A value as JSON text for a GraphML string attribute."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def to_graphml_graph(snapshot: Snapshot) -> nx.MultiDiGraph:
    """The snapshot as a networkx multigraph whose attributes GraphML can hold (scalars only)."""
    schema = load_schema()
    graph = nx.MultiDiGraph(format=FORMAT_NAME, format_version=FORMAT_VERSION, scope=_json(snapshot.scope),
                            redactions=_json(list(snapshot.redactions)))
    for entity in snapshot.entities:
        graph.add_node(entity.id, kind="entity", label=xml_safe(entity.name), name=xml_safe(entity.name),
                       type=entity.type, aliases=_json(list(entity.aliases)), color=schema.color(entity.type))
    for article in snapshot.articles:
        fields = {f: xml_safe(getattr(article, f)) for f in ARTICLE_FIELDS if getattr(article, f) is not None}
        graph.add_node(article.id, kind="article", label=xml_safe(article.title), **fields)
    for relation in snapshot.relations:
        rtype = schema.relation_types[relation.type]
        graph.add_edge(relation.source, relation.target, key=relation.key, kind="relation", type=relation.type,
                       label=rtype.label, sources=relation.sources, evidence_count=len(relation.evidence),
                       status=relation_status(relation), confidence=relation_confidence(relation),
                       attributes=_json(relation.attributes),
                       evidence=_json([evidence_record(ev) for ev in relation.evidence]))
    for article_id, entity_id in snapshot.mentions:
        graph.add_edge(article_id, entity_id, key=f"{schema.mention_relation}:{article_id}:{entity_id}",
                       kind="mention", type=schema.mention_relation, label="mentions")
    return graph


def render_graphml(snapshot: Snapshot) -> bytes:
    """GraphML bytes (UTF-8), written by networkx."""
    buffer = io.BytesIO()
    nx.write_graphml(to_graphml_graph(snapshot), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def _loads(text: Any, where: str, errors: dict[str, str], default: Any) -> Any:
    """Parse JSON text of an attribute, noting a problem under `where`."""
    if text is None:
        return default
    try:
        return json.loads(text)
    except (TypeError, json.JSONDecodeError):
        errors[where] = "not JSON text"
        return default


def read_graphml(raw: bytes, origin: str = "snapshot.graphml") -> Snapshot:
    """A snapshot from GraphML written by `render_graphml` (or by a tool that kept its attributes)."""
    try:
        graph = nx.read_graphml(io.BytesIO(raw), force_multigraph=True)
    except Exception as exc:  # networkx raises bare exceptions of several kinds on malformed XML
        raise InvalidData(f"{origin}: not readable GraphML ({exc})") from None
    errors: dict[str, str] = {}
    entities: list[Entity] = []
    articles: list[Article] = []
    for node_id, data in graph.nodes(data=True):
        if data.get("kind") == "article":
            articles.append(Article(id=str(node_id), title=str(data.get("title", "")), text=str(data.get("text", "")),
                                    source=str(data.get("source", "")),
                                    **{f: data.get(f) for f in ("outlet", "published", "ingested_at", "author")}))
        else:
            aliases = _loads(data.get("aliases"), f"node {node_id}.aliases", errors, [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                errors[f"node {node_id}.aliases"] = "not a JSON list of strings"
                continue
            entities.append(Entity(id=str(node_id), name=str(data.get("name", data.get("label", node_id))),
                                   type=str(data.get("type", "")), aliases=tuple(str(a) for a in aliases)))
    relations: list[Relation] = []
    mentions: list[tuple[str, str]] = []
    for source, target, key, data in graph.edges(keys=True, data=True):
        if data.get("kind") == "mention":
            mentions.append((str(source), str(target)))
            continue
        where = f"edge {key}"
        raw_evidence = _loads(data.get("evidence"), f"{where}.evidence", errors, [])
        attributes = _loads(data.get("attributes"), f"{where}.attributes", errors, {})
        if not isinstance(attributes, dict):
            errors[f"{where}.attributes"] = "not a JSON object"
            continue
        if not isinstance(raw_evidence, list):
            errors[f"{where}.evidence"] = "not a JSON list of evidence records"
            continue
        reader = FieldReader(origin)  # checks each record's fields and types, as the JSON import does
        evidence = reader.evidence_list(raw_evidence, where)
        if evidence is None:
            errors.update(reader.errors)
            continue
        relations.append(Relation(key=str(key), type=str(data.get("type", "")), source=str(source),
                                  target=str(target), attributes={str(k): str(v) for k, v in attributes.items()},
                                  evidence=tuple(evidence)))
    if errors:
        first = next(iter(errors.items()))
        raise InvalidData(f"{origin}: {first[0]}: {first[1]}", errors)
    scope = _loads(graph.graph.get("scope"), "graph.scope", errors, {"kind": "store"})
    redactions = _loads(graph.graph.get("redactions"), "graph.redactions", errors, [])
    snapshot = Snapshot(entities=tuple(entities), relations=tuple(relations), articles=tuple(articles),
                        mentions=tuple(mentions), scope=scope if isinstance(scope, dict) else {"kind": "store"},
                        redactions=tuple(r for r in redactions if isinstance(r, dict)), store_kind="file")
    return check_snapshot(snapshot, origin)


FORMAT = SnapshotFormat("graphml", "GraphML (Gephi, yEd, networkx)", 10, ".graphml", write=render_graphml,
                        read=read_graphml, read_suffixes=(".graphml", ".xml"), sniff=b"<")
