"""Export the current view through `graph.snapshot` (the same code as `threadline export`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.model import Subgraph
from graph.store.base import GraphStore
from ui.view import ViewState

LABELS = {
    "graphml": "GraphML (Gephi, yEd, networkx)",
    "gexf": "GEXF (Gephi)",
    "json": "JSON (node-link, lossless)",
    "html": "HTML (one offline, interactive page)",
    "csv": "CSV for neo4j-admin import (zip)",
    "cypher": "Cypher script (MERGE statements)",
    "ftm": "FollowTheMoney entities (Aleph)",
    "factcheck": "Fact-check sheet (CSV)",
    "bundle": "Bundle: JSON + HTML + fact-check + manifest (zip)",
}
FIRST = ("graphml", "json", "html")


def available_formats() -> tuple[str, ...]:
    """The formats `graph.snapshot` offers, GraphML, JSON and HTML first; empty when it is not installed."""
    try:
        from graph.snapshot import FORMATS
    except ImportError:
        return ()
    return tuple(f for f in FIRST if f in FORMATS) + tuple(f for f in FORMATS if f not in FIRST)


def file_name(fmt: str) -> str:
    """The download's file name for a format."""
    from graph.snapshot.export import EXTENSIONS, MULTI_FILE

    return "threadline-view" + (".zip" if fmt in MULTI_FILE else EXTENSIONS.get(fmt, f".{fmt}"))


def view_scope(view: ViewState, names: Mapping[str, str], described_filter: str) -> dict[str, Any]:
    """The snapshot's scope: which entities the view centres on, how deep, and what filters it had."""
    centre = ", ".join(names.get(i, i) for i in view.seeds) or "pinned entities"
    return {
        "kind": "view",
        "description": f"{centre}, {view.depth} hop(s) around" + (
            f" ({described_filter})" if described_filter != "no filters" else ""),
        "entities": list(view.seeds),
        "depth": view.depth,
        "expanded": list(view.expanded),
        "hidden": list(view.hidden),
        "filters": described_filter,
    }


def export_bytes(store: GraphStore, subgraph: Subgraph, scope: dict[str, Any], fmt: str) -> bytes:
    """The view as one downloadable file (zips for the multi-file formats)."""
    from graph.snapshot import render_snapshot, snapshot_of_subgraph

    return render_snapshot(snapshot_of_subgraph(store, subgraph, scope), fmt)
