"""GEXF for Gephi: entities coloured by type, relations labelled, with sources and evidence counts.

Export only (GraphML and JSON are the formats that come back in). Articles and MENTIONS links are left
out so the drawing shows the connections; the evidence lives in the JSON, bundle and fact-check sheet.
"""

from __future__ import annotations

import io

import networkx as nx

from graph.model import relation_status
from graph.schema import load_schema
from graph.snapshot.base import Snapshot, relation_confidence
from graph.snapshot.graphml import xml_safe
from graph.snapshot.registry import SnapshotFormat


def _rgb(color: str) -> dict[str, int | float]:
    """A #rrggbb colour as GEXF's viz colour."""
    value = color.lstrip("#")
    return {"r": int(value[0:2], 16), "g": int(value[2:4], 16), "b": int(value[4:6], 16), "a": 1.0}


def to_gexf_graph(snapshot: Snapshot) -> nx.MultiDiGraph:
    """Entities and relations with Gephi-friendly attributes (no attribute is named `type`: GEXF reserves it)."""
    schema = load_schema()
    graph = nx.MultiDiGraph()
    for entity in snapshot.entities:
        graph.add_node(entity.id, label=xml_safe(entity.name), entity_type=entity.type,
                       type_label=schema.entity_types[entity.type].label,
                       aliases=xml_safe("; ".join(entity.aliases)), viz={"color": _rgb(schema.color(entity.type))})
    for relation in snapshot.relations:
        graph.add_edge(relation.source, relation.target, key=relation.key, id=relation.key,
                       label=schema.relation_types[relation.type].label, relation=relation.type,
                       sources=relation.sources, evidence_count=len(relation.evidence),
                       status=relation_status(relation), confidence=relation_confidence(relation),
                       weight=float(relation.sources))
    return graph


def render_gexf(snapshot: Snapshot) -> bytes:
    """GEXF 1.2 bytes (UTF-8), written by networkx."""
    buffer = io.BytesIO()
    nx.write_gexf(to_gexf_graph(snapshot), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


FORMAT = SnapshotFormat("gexf", "GEXF (Gephi)", 20, ".gexf", write=render_gexf)
