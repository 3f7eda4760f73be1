"""Export the current view through `graph.snapshot` (the same code as `threadline export`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.model import Subgraph
from graph.store.base import GraphStore
from ui.view import ViewState

FIRST = ("graphml", "json", "html")


def available_formats() -> tuple[str, ...]:
    """The registered snapshot formats, GraphML, JSON and HTML first; empty when graph.snapshot is not installed."""
    try:
        from graph.snapshot import format_names
    except ImportError:
        return ()
    names = format_names()
    return tuple(f for f in FIRST if f in names) + tuple(f for f in names if f not in FIRST)


def label(fmt: str) -> str:
    """What the download button for a format says (its registered label)."""
    from graph.snapshot import get_format

    return get_format(fmt).label


def file_name(fmt: str) -> str:
    """The download's file name for a format."""
    from graph.snapshot import download_name

    return download_name(fmt, "threadline-view")


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
