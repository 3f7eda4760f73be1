"""The interactive graph: vis-network inside a `st.components.v2` component that reports clicks back to Python.

Nodes and edges go in as JSON data (never HTML); labels are drawn on a canvas and tooltips are set as
text by vis-network, so a hostile entity name is shown, not run. A click on a node or an edge comes back
as a trigger value (`node` or `edge`) for the rerun it causes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import streamlit as st

from graph.render import network_options, vis_js

COMPONENT = "threadline_graph"

_MODULE = r"""
export default function (component) {
  const data = component.data[0];
  const { parentElement, setTriggerValue } = component;
  let state = parentElement.__threadline;
  if (!state) {
    const box = document.createElement("div");
    box.className = "tl-graph";
    box.setAttribute("data-testid", "threadline-graph");
    parentElement.appendChild(box);
    state = parentElement.__threadline = { box: box, network: null, signature: null };
  }
  state.box.style.height = data.height + "px";
  if (state.signature === data.signature) return;
  state.signature = data.signature;
  state.box.removeAttribute("data-stable");
  const options = JSON.parse(JSON.stringify(data.options));
  const before = state.network ? state.network.getPositions() : {};
  const redraw = Object.keys(before).length > 0;
  if (redraw) {
    // What is on screen stays where it is; newcomers start next to a neighbour already drawn.
    const near = {};
    for (const edge of data.edges) {
      if (before[edge.from] && !before[edge.to]) near[edge.to] = before[edge.from];
      if (before[edge.to] && !before[edge.from]) near[edge.from] = before[edge.to];
    }
    for (const node of data.nodes) {
      const kept = before[node.id];
      const next = near[node.id];
      if (kept) { node.x = kept.x; node.y = kept.y; }
      else if (next) { node.x = next.x + (Math.random() - 0.5) * 160; node.y = next.y + (Math.random() - 0.5) * 160; }
    }
    options.physics.stabilization = { enabled: false };
  }
  if (state.network) state.network.destroy();
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const network = new vis.Network(state.box, { nodes: nodes, edges: edges }, options);
  state.network = network;
  parentElement.__threadlineNetwork = network;
  const settle = () => {
    const pinned = data.nodes.filter((n) => n.pinned).map((n) => ({ id: n.id, fixed: true }));
    if (pinned.length) nodes.update(pinned);
    if (data.freeze) network.setOptions({ physics: false });
    if (!redraw) {
      network.fit({ animation: false });
      network.once("stabilized", () => network.fit({ animation: { duration: 300 } }));
    }
    state.box.setAttribute("data-stable", "1");
  };
  if (options.physics.stabilization.enabled === false) network.once("afterDrawing", settle);
  else network.once("stabilizationIterationsDone", settle);
  network.on("click", (params) => {
    if (params.nodes.length) setTriggerValue("node", params.nodes[0]);
    else if (params.edges.length) setTriggerValue("edge", params.edges[0]);
  });
  return () => { if (state.network) state.network.destroy(); };
}
"""

_CSS = """
.tl-graph { box-sizing: border-box; width: 100%; border: 1px solid #ddd; border-radius: 4px; position: relative; }
div.vis-tooltip { white-space: pre-wrap; max-width: 460px; position: absolute; background: #fff; color: #222;
  border: 1px solid #999; padding: 6px; font-size: 12px; font-family: sans-serif; pointer-events: none;
  z-index: 10; }
"""


@st.cache_resource(show_spinner=False)
def _component() -> Any:
    """Register the component once per process: vis-network followed by the ES module that drives it."""
    return st.components.v2.component(COMPONENT, js=vis_js() + "\n" + _MODULE, css=_CSS)


def payload(data: dict, height: int, freeze: bool) -> dict:
    """What the component receives: vis data and options, plus a signature so an unchanged view is not redrawn."""
    positioned = any("x" in node for node in data["nodes"])
    body = {**data, "options": network_options(len(data["nodes"]), positioned), "height": int(height),
            "freeze": freeze}
    body["signature"] = hashlib.sha1(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
    return body


def graph_view(data: dict, *, key: str, height: int = 620) -> tuple[str | None, str | None]:
    """Draw the graph; returns (clicked node id, clicked edge id) for the run a click caused, else Nones."""
    from graph.render import PHYSICS_LIMIT

    body = payload(data, height, freeze=len(data["nodes"]) > PHYSICS_LIMIT)
    # A one-item list, not a dict: Streamlit scans a dict for dataframes, which imports pandas (0.5 s cold).
    result = _component()(key=key, data=[body], height=height + 4, on_node_change=lambda: None,
                          on_edge_change=lambda: None)
    node = getattr(result, "node", None)
    edge = getattr(result, "edge", None)
    return (node if isinstance(node, str) else None), (edge if isinstance(edge, str) else None)
