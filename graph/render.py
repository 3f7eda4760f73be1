"""Draw a `Subgraph` with vis-network (the copy shipped inside pyvis), as data for the app or as one HTML page.

Nothing is fetched from a network: the script is inlined, and pyvis's own template (which links Bootstrap
from a CDN and turns tooltips into innerHTML) is not used. Article strings travel only as JSON data and are
shown as text: canvas labels, `innerText` tooltips, and details built with `textContent`.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import networkx as nx
import pyvis

from graph.model import Relation, Subgraph, relation_status
from graph.schema import load_schema

VIS_JS = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
PHYSICS_LIMIT = 1000  # past this many nodes the layout is computed once, then physics is switched off
LAYOUT_LIMIT = 500  # up to here networkx computes the starting layout; vis-network's Barnes-Hut does bigger views
TOOLTIP_EVIDENCE = 3  # sentences in an edge's hover tooltip
DETAIL_EVIDENCE = 25  # sentences in an edge's details (click), then "N more"
DOUBTFUL = ("alleged", "denied", "negated", "planned", "hypothetical")
UNKNOWN_COLOUR = "#999999"

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@lru_cache(maxsize=1)
def vis_js() -> str:
    """The vis-network library bundled with pyvis, read once."""
    return VIS_JS.read_text(encoding="utf-8")


def script_json(value: object) -> str:
    """JSON that is safe inside a <script> element: no `</script>`, no HTML comment can be formed."""
    text = json.dumps(value, ensure_ascii=False)
    for char, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return text




def _plural(n: int, word: str) -> str:
    """'1 source', '2 sources'."""
    return f"{n} {word}{'s' * (n != 1)}"


def evidence_details(relation: Relation, article_titles: Mapping[str, str] | None,
                     cap: int = DETAIL_EVIDENCE) -> tuple[list[dict[str, str]], int]:
    """The first `cap` sentences behind a relation with their article titles, and how many more there are."""
    titles = article_titles or {}
    items = [
        {"sentence": ev.sentence, "title": titles.get(ev.article_id) or ev.article_id[:12], "status": ev.status}
        for ev in relation.evidence[:cap]
    ]
    return items, max(0, len(relation.evidence) - cap)


def edge_tooltip(relation: Relation, names: Mapping[str, str], article_titles: Mapping[str, str] | None) -> str:
    """Plain text for an edge's hover tooltip: the fact, its status and sources, then its first sentences."""
    rtype = load_schema().relation_types.get(relation.type)
    label = rtype.label if rtype else relation.type
    head = (f"{names.get(relation.source, relation.source)} —{label}→ {names.get(relation.target, relation.target)}"
            f" ({relation_status(relation)}; {_plural(relation.sources, 'source')})")
    items, _ = evidence_details(relation, article_titles, TOOLTIP_EVIDENCE)
    lines = [head] + [f"• “{i['sentence']}” — {i['title']}" for i in items]
    extra = len(relation.evidence) - len(items)
    if extra > 0:
        lines.append(f"… {extra} more (click the connection)")
    return "\n".join(lines)


def layout_positions(subgraph: Subgraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Starting positions (Fruchterman-Reingold in networkx, weighted by sources), so the browser draws the graph
    at once instead of after its own stabilisation; empty past `LAYOUT_LIMIT` entities, where that would be slower.
    """
    count = len(subgraph.entities)
    if count == 0 or count > LAYOUT_LIMIT:
        return {}
    from graph.analysis import to_networkx

    graph = to_networkx(subgraph)
    raw = nx.spring_layout(graph, seed=seed, iterations=50)
    scale = 90 * math.sqrt(count) + 150
    return {node: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for node, (x, y) in raw.items()}


def graph_data(
    subgraph: Subgraph,
    focus: tuple[str, ...] = (),
    *,
    sizes: Mapping[str, float] | None = None,
    colours: Mapping[str, str] | None = None,
    pinned: tuple[str, ...] = (),
    article_titles: Mapping[str, str] | None = None,
    positions: Mapping[str, tuple[float, float]] | None = None,
) -> dict:
    """Nodes and edges as vis-network data: colour by type (or `colours`), size by connections (or `sizes`),
    edge labels by relation type, dashes for alleged or denied facts, faded edges for single-source ones;
    `positions` (from `layout_positions`) place the nodes before the browser's physics takes over."""
    schema = load_schema()
    degree: dict[str, int] = {}
    for relation in subgraph.relations:
        degree[relation.source] = degree.get(relation.source, 0) + 1
        degree[relation.target] = degree.get(relation.target, 0) + 1
    names = {e.id: e.name for e in subgraph.entities}
    nodes = []
    for entity in subgraph.entities:
        kind = schema.entity_types.get(entity.type)
        tip = [entity.name, kind.label if kind else entity.type]
        if entity.aliases:
            tip.append("also: " + ", ".join(entity.aliases))
        tip.append(f"{_plural(degree.get(entity.id, 0), 'connection')} in view")
        colour = (colours or {}).get(entity.id) or (schema.color(entity.type) if kind else UNKNOWN_COLOUR)
        size = (sizes or {}).get(entity.id)
        node = {
            "id": entity.id,
            "label": ("📌 " if entity.id in pinned else "") + entity.name,
            "title": "\n".join(tip),
            "color": colour,
            "value": float(size) if size is not None else 1.0 + degree.get(entity.id, 0),
            "borderWidth": 4 if entity.id in focus else (3 if entity.id in pinned else 1),
            "group": entity.type,
        }
        if entity.id in pinned:
            node["pinned"] = True
        if positions and entity.id in positions:
            node["x"], node["y"] = positions[entity.id]
        nodes.append(node)
    edges = []
    for relation in subgraph.relations:
        rtype = schema.relation_types.get(relation.type)
        status = relation_status(relation)
        sources = relation.sources
        details, more = evidence_details(relation, article_titles)
        edges.append({
            "id": relation.key,
            "from": relation.source,
            "to": relation.target,
            "label": rtype.label if rtype else relation.type,
            "title": edge_tooltip(relation, names, article_titles),
            "arrows": "to",
            "dashes": status in DOUBTFUL,
            "color": {"color": "#777777", "opacity": 1.0 if sources > 1 else 0.45},
            "width": min(1 + sources, 6),
            "status": status,
            "sources": sources,
            "evidence": details,
            "more": more,
        })
    return {"nodes": nodes, "edges": edges}


def legend(subgraph: Subgraph) -> list[tuple[str, str]]:
    """(label, colour) for each entity type present in the view."""
    schema = load_schema()
    present = sorted({e.type for e in subgraph.entities})
    return [(schema.entity_types[t].label if t in schema.entity_types else t,
             schema.color(t) if t in schema.entity_types else UNKNOWN_COLOUR) for t in present]


EDGE_LEGEND = (
    ("solid", "stated"),
    ("dashed", "alleged, denied or not (yet) a fact"),
    ("faded", "one source only"),
)


IMPROVED_LAYOUT_LIMIT = 100  # vis-network's own advice: its "improved layout" fails and wastes time past this


def stabilization_iterations(node_count: int) -> int:
    """Physics steps run before the first drawing: fewer for bigger views, so the graph shows in time and settles
    on screen (physics stays on below `PHYSICS_LIMIT`)."""
    if node_count <= IMPROVED_LAYOUT_LIMIT:
        return 150
    return 60 if node_count <= PHYSICS_LIMIT else 40


def network_options(node_count: int, positioned: bool = False) -> dict:
    """vis-network options; past `PHYSICS_LIMIT` nodes the layout is settled quickly and physics switched off.

    A `positioned` view (nodes carry x and y) is drawn at once, with no stabilisation before the first frame.
    """
    big = node_count > PHYSICS_LIMIT
    stabilization: dict = {"enabled": False} if positioned else {"iterations": stabilization_iterations(node_count)}
    return {
        "nodes": {"shape": "dot", "scaling": {"min": 8, "max": 40}, "font": {"size": 20, "strokeWidth": 3}},
        "edges": {"font": {"size": 12, "align": "middle"}, "smooth": {"type": "continuous"} if big else {
            "type": "dynamic"}},
        "physics": {"enabled": True, "stabilization": stabilization,
                    "barnesHut": {"gravitationalConstant": -9000, "springLength": 140}},
        "layout": {"improvedLayout": node_count <= IMPROVED_LAYOUT_LIMIT},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "hideEdgesOnDrag": big},
    }


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
#details {{ font-size: 13px; padding: 6px 8px; }}
#details li {{ margin: 4px 0; }}
#details cite {{ color: #555; }}
div.vis-tooltip {{ white-space: pre-wrap; max-width: 420px; position: absolute; background: #fff;
  border: 1px solid #999; padding: 6px; font-size: 12px; }}
</style></head>
<body>
<div class="legend">{legend}</div>
<div class="legend">{edge_legend}</div>
{note}
<div id="graph"></div>
<div id="details">Click a connection to list the sentences behind it.</div>
<script>{vis}</script>
<script>
const data = {data};
const nodes = new vis.DataSet(data.nodes);
const edges = new vis.DataSet(data.edges);
const options = {options};
const network = new vis.Network(document.getElementById("graph"), {{nodes, edges}}, options);
const details = document.getElementById("details");
function add(parent, tag, text) {{
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  parent.appendChild(el);
  return el;
}}
network.on("click", (params) => {{
  if (!params.edges.length || params.nodes.length) return;
  const edge = edges.get(params.edges[0]);
  details.replaceChildren();
  add(details, "strong", edge.title.split("\\n")[0]);
  const list = add(details, "ul");
  for (const item of edge.evidence) {{
    const li = add(list, "li", "“" + item.sentence + "” ");
    add(li, "cite", "— " + item.title + (item.status !== "stated" ? " (" + item.status + ")" : ""));
  }}
  if (edge.more > 0) add(details, "div", edge.more + " more not shown");
}});
{freeze}
</script>
</body></html>
"""


def render_html(
    subgraph: Subgraph,
    *,
    title: str = "Threadline",
    focus: tuple[str, ...] = (),
    height: int = 620,
    article_titles: Mapping[str, str] | None = None,
    sizes: Mapping[str, float] | None = None,
    colours: Mapping[str, str] | None = None,
    positions: Mapping[str, tuple[float, float]] | None = None,
) -> str:
    """A complete, offline HTML page drawing the subgraph; each edge's details list its sentences and articles.

    Every string from an article is either HTML-escaped (legend, title) or JSON data shown as text.
    `positions` default to `layout_positions(subgraph)`.
    """
    positions = layout_positions(subgraph) if positions is None else positions
    data = graph_data(subgraph, focus, sizes=sizes, colours=colours, article_titles=article_titles,
                      positions=positions)
    big = len(data["nodes"]) > PHYSICS_LIMIT
    legend_html = "".join(
        f'<span><i style="background:{html.escape(color)}"></i>{html.escape(label)}</span>'
        for label, color in legend(subgraph)
    )
    edge_legend = "".join(f"<span><b>{style}</b>: {meaning}</span>" for style, meaning in EDGE_LEGEND)
    note = ""
    if subgraph.omitted:
        note = f'<div class="note">{int(subgraph.omitted)} more not shown</div>'
    freeze = 'network.once("stabilizationIterationsDone", () => network.setOptions({physics: false}));' if big else ""
    return _TEMPLATE.format(
        title=html.escape(title), height=int(height), legend=legend_html, edge_legend=edge_legend, note=note,
        vis=vis_js(), data=script_json(data),
        options=script_json(network_options(len(data["nodes"]), positioned=bool(positions))),
        freeze=freeze,
    )
