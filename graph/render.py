"""Draw a `Subgraph` as one self-contained HTML page with vis-network (as shipped with pyvis).

Nothing is fetched from a network: the script is inlined. Article strings travel only as JSON data
inside the page and are shown by vis-network as text (its tooltips use innerText), never as markup.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache
from pathlib import Path

import pyvis

from graph.model import Relation, Subgraph
from graph.schema import load_schema

VIS_JS = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
PHYSICS_LIMIT = 1000  # past this many nodes the layout is computed once, then frozen

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@lru_cache(maxsize=1)
def _vis_js() -> str:
    return VIS_JS.read_text(encoding="utf-8")


def script_json(value: object) -> str:
    """JSON that is safe inside a <script> element: no `</script>`, no HTML comment can be formed."""
    text = json.dumps(value, ensure_ascii=False)
    for char, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return text


def relation_status(relation: Relation) -> str:
    """A fact's strongest status across its evidence: stated beats alleged beats the rest."""
    statuses = [ev.status for ev in relation.evidence]
    for status in ("stated", "alleged"):
        if status in statuses:
            return status
    return statuses[0] if statuses else "stated"


def graph_data(subgraph: Subgraph, focus: tuple[str, ...] = ()) -> dict:
    """Nodes and edges as vis-network data: colour by type, size by connections, dashes for doubt."""
    schema = load_schema()
    degree: dict[str, int] = {}
    for relation in subgraph.relations:
        degree[relation.source] = degree.get(relation.source, 0) + 1
        degree[relation.target] = degree.get(relation.target, 0) + 1
    nodes = []
    for entity in subgraph.entities:
        kind = schema.entity_types.get(entity.type)
        tip = [entity.name, kind.label if kind else entity.type]
        if entity.aliases:
            tip.append("also: " + ", ".join(entity.aliases))
        tip.append(f"{degree.get(entity.id, 0)} connections in view")
        nodes.append({
            "id": entity.id,
            "label": entity.name,
            "title": "\n".join(tip),
            "color": schema.color(entity.type) if kind else "#999999",
            "value": 1 + degree.get(entity.id, 0),
            "borderWidth": 4 if entity.id in focus else 1,
            "group": entity.type,
        })
    edges = []
    for relation in subgraph.relations:
        rtype = schema.relation_types.get(relation.type)
        status = relation_status(relation)
        sources = relation.sources
        first = relation.evidence[0].sentence if relation.evidence else ""
        tip = f"{rtype.label if rtype else relation.type} ({status}; {sources} source{'s' * (sources != 1)})"
        edges.append({
            "id": relation.key,
            "from": relation.source,
            "to": relation.target,
            "label": rtype.label if rtype else relation.type,
            "title": f"{tip}\n{first}",
            "arrows": "to",
            "dashes": status not in ("stated",),
            "color": {"opacity": 1.0 if sources > 1 else 0.55},
            "width": min(1 + sources, 6),
        })
    return {"nodes": nodes, "edges": edges}


def legend(subgraph: Subgraph) -> list[tuple[str, str]]:
    """(label, colour) for each entity type present in the view."""
    schema = load_schema()
    present = sorted({e.type for e in subgraph.entities})
    return [(schema.entity_types[t].label, schema.color(t)) for t in present if t in schema.entity_types]


_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<style>
body {{ margin: 0; font-family: system-ui, sans-serif; }}
#graph {{ width: 100%; height: {height}px; border: 1px solid #ddd; }}
.legend {{ font-size: 13px; padding: 4px 8px; }}
.legend span {{ display: inline-block; margin-right: 12px; }}
.legend i {{ display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; }}
.note {{ font-size: 13px; color: #555; padding: 0 8px 4px; }}
div.vis-tooltip {{ white-space: pre-wrap; max-width: 420px; position: absolute; background: #fff;
  border: 1px solid #999; padding: 6px; font-size: 12px; }}
</style></head>
<body>
<div class="legend">{legend}</div>
{note}
<div id="graph"></div>
<script>{vis}</script>
<script>
const data = {data};
const nodes = new vis.DataSet(data.nodes);
const edges = new vis.DataSet(data.edges);
const options = {options};
const network = new vis.Network(document.getElementById("graph"), {{nodes, edges}}, options);
{freeze}
</script>
</body></html>
"""


def render_html(subgraph: Subgraph, *, title: str = "Threadline", focus: tuple[str, ...] = (),
                height: int = 620) -> str:
    """A complete HTML page drawing the subgraph; every string from an article is escaped or JSON data."""
    data = graph_data(subgraph, focus)
    big = len(data["nodes"]) > PHYSICS_LIMIT
    options = {
        "nodes": {"shape": "dot", "scaling": {"min": 8, "max": 40}, "font": {"size": 14}},
        "edges": {"font": {"size": 10, "align": "middle"}, "smooth": {"type": "dynamic"}},
        "physics": {"enabled": True, "stabilization": {"iterations": 150},
                    "barnesHut": {"gravitationalConstant": -9000, "springLength": 140}},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
    }
    legend_html = "".join(
        f'<span><i style="background:{html.escape(color)}"></i>{html.escape(label)}</span>'
        for label, color in legend(subgraph)
    )
    note = ""
    if subgraph.omitted:
        note = f'<div class="note">{subgraph.omitted} more not shown</div>'
    freeze = 'network.once("stabilizationIterationsDone", () => network.setOptions({physics: false}));' if big else ""
    return _TEMPLATE.format(
        title=html.escape(title), height=int(height), legend=legend_html, note=note, vis=_vis_js(),
        data=script_json(data), options=script_json(options), freeze=freeze,
    )
