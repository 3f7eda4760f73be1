"""The legend under the graph: entity types (or communities) by colour, and what edge styles mean."""

from __future__ import annotations

import html

import streamlit as st

from graph.analysis import PALETTE
from graph.model import Subgraph
from graph.render import EDGE_LEGEND, legend


def legend_html(subgraph: Subgraph, communities: int = 0) -> str:
    """Coloured chips (escaped) for the types present, or for `communities` communities when colouring by them."""
    if communities:
        items = [(f"community {i + 1}", PALETTE[i % len(PALETTE)]) for i in range(communities)]
    else:
        items = legend(subgraph)
    chips = "".join(
        f'<span style="margin-right:14px;white-space:nowrap"><span style="display:inline-block;width:11px;'
        f'height:11px;border-radius:50%;background:{html.escape(colour)};margin-right:5px"></span>'
        f"{html.escape(label)}</span>"
        for label, colour in items
    )
    edges = " · ".join(f"<b>{html.escape(style)}</b> {html.escape(meaning)}" for style, meaning in EDGE_LEGEND)
    return (f'<div style="font-size:13px" data-testid="graph-legend">{chips}</div>'
            f'<div style="font-size:12px;color:#555">Edges: {edges}</div>')


def show_legend(subgraph: Subgraph, communities: int = 0) -> None:
    """Draw the legend under a graph."""
    st.html(legend_html(subgraph, communities))
