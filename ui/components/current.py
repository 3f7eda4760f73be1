"""The current view, computed once per run: what the store holds for it, what the filters keep, and how to draw it."""

from __future__ import annotations

from dataclasses import dataclass, replace

import streamlit as st

from graph import analysis
from graph.evidence import article_titles
from graph.filters import apply_filters
from graph.model import Subgraph
from graph.render import graph_data, layout_positions
from graph.store.base import ArticleSummary
from ui.components.graph_view import graph_view
from ui.nav import EXPLORE
from ui.state import articles_index, degrees, view_subgraph
from ui.urlstate import get_view, publish, set_view
from ui.view import ViewState


@dataclass(frozen=True)
class CurrentView:
    """The view before filters (`raw`), after them (`shown`), with article summaries and entity names."""

    view: ViewState
    raw: Subgraph
    shown: Subgraph
    articles: dict[str, ArticleSummary]

    @property
    def names(self) -> dict[str, str]:
        """Entity id to name for everything fetched (before filters)."""
        return {e.id: e.name for e in self.raw.entities}


def current(spec: str, view: ViewState) -> CurrentView:
    """Fetch (cached) and filter (pure) the view."""
    raw = view_subgraph(spec, view.spec())
    articles = articles_index(spec)
    shown = apply_filters(raw, view.filter, articles, keep=view.keep())
    return CurrentView(view, raw, shown, articles)


@st.cache_data(show_spinner=False, max_entries=32)
def _communities(subgraph: Subgraph) -> list[set[str]]:
    """Louvain communities, cached on the subgraph."""
    return analysis.communities(subgraph)


@st.cache_data(show_spinner=False, max_entries=32)
def _betweenness(subgraph: Subgraph) -> dict[str, float]:
    """Betweenness centrality, cached on the subgraph."""
    return analysis.betweenness_centrality(subgraph)


@st.cache_data(show_spinner=False, max_entries=32)
def positions(subgraph: Subgraph) -> dict[str, tuple[float, float]]:
    """Starting positions of a view's nodes (networkx), cached on the view itself."""
    return layout_positions(subgraph)


def communities(subgraph: Subgraph) -> list[set[str]]:
    """Louvain communities of a view, cached on the view itself."""
    return _communities(subgraph)


def betweenness(subgraph: Subgraph) -> dict[str, float]:
    """Betweenness centrality of a view, cached on the view itself."""
    return _betweenness(subgraph)


def drawing(spec: str, cv: CurrentView) -> dict:
    """vis-network data for the shown view: sizes by connections or centrality, colours by type or community."""
    shown = cv.shown
    ids = tuple(sorted(e.id for e in shown.entities))
    if cv.view.size_by == "centrality":
        sizes = analysis.sizes_from(betweenness(shown))
    else:
        sizes = analysis.sizes_from({k: float(v) for k, v in degrees(spec, ids).items()})
    colours = analysis.community_colours(communities(shown)) if cv.view.colour_by == "community" else None
    return graph_data(shown, cv.view.seeds, sizes=sizes, colours=colours, pinned=cv.view.pinned,
                      article_titles=article_titles(cv.articles.values()), positions=positions(shown))


def draw(spec: str, cv: CurrentView, key: str, height: int = 620) -> str | None:
    """Draw the shown view; a clicked node is expanded (the page reruns), a clicked edge is returned."""
    node, edge = graph_view(drawing(spec, cv), key=key, height=height)
    if node:
        set_view(get_view().expand(node))
        st.rerun()
    if edge:
        set_view(replace(get_view(), relation=edge))
    return edge


def no_view_yet() -> None:
    """What view pages say before anything is explored."""
    st.info("No view yet: open an entity on the Explore page (or a link with `?entity=<name>`) first.")
    st.page_link(EXPLORE.path, label="Go to Explore")


def stop_without_view(view: ViewState) -> None:
    """End the page with a pointer to Explore when no entity is in the view yet (keeping the URL as it is)."""
    if not view.seeds and not view.pinned:
        no_view_yet()
        publish(view)
        st.stop()
