"""The interactive, offline HTML view of a snapshot, drawn by graph.render (vis-network inlined, strings escaped)."""

from __future__ import annotations

from graph.render import render_html
from graph.snapshot.base import Snapshot, scope_text
from graph.snapshot.registry import SnapshotFormat


def article_labels(snapshot: Snapshot) -> dict[str, str]:
    """Article id -> "Title — Outlet, date", how each edge's details name the article behind a sentence."""
    labels = {}
    for article in snapshot.articles:
        extra = ", ".join(p for p in (article.outlet, article.published) if p)
        labels[article.id] = f"{article.title} \u2014 {extra}" if extra else article.title
    return labels


def render_snapshot_html(snapshot: Snapshot) -> bytes:
    """One self-contained page (UTF-8) with a legend and every edge's evidence in its details."""
    page = render_html(snapshot.subgraph(), title=f"Threadline \u2014 {scope_text(snapshot.scope)}",
                       article_titles=article_labels(snapshot))
    return page.encode("utf-8")


FORMAT = SnapshotFormat("html", "HTML (one offline, interactive page)", 60, ".html", write=render_snapshot_html)
