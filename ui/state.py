"""The app's shared handles and caches: one store connection per process, and cached reads of plain arguments.

Every cached read takes the store spec (a string) so two stores never share entries. `follow_changes()` runs at
the start of every script run: it asks the store for its change counter (one small query) and empties the caches
when it moved, so what another process wrote (`threadline ingest` in a terminal) shows on the next interaction.
Entries also expire after `TTL` seconds, for changes made outside Threadline, which do not move the counter.
"""

from __future__ import annotations

import contextlib

import streamlit as st

from graph.errors import StoreError, ThreadlineError
from graph.model import Subgraph
from graph.store import GraphStore, open_store, store_spec
from graph.store.base import ArticleSummary
from graph.views import ViewSpec, build_view

TTL = 300


@st.cache_resource(show_spinner=False)
def _store(spec: str) -> GraphStore:
    """One connection per store spec and process."""
    return open_store(spec, create=False)  # the app never creates a store: `threadline ingest` does


def current_spec() -> str:
    """The store this app runs on: $THREADLINE_STORE, else data/store."""
    return store_spec()


def get_store() -> GraphStore:
    """The store named by $THREADLINE_STORE (default data/store), opened once; a missing or broken store stops the
    page with the reason in one line instead of a traceback."""
    try:
        return _store(current_spec())
    except ThreadlineError as exc:
        st.error(f"Threadline cannot open its store. {exc}")
        st.stop()
        raise  # st.stop() ends the run; this line only tells type checkers so


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def view_subgraph(spec: str, view: ViewSpec) -> Subgraph:
    """The entities and relations of a view, as the store holds them now (before pure filters)."""
    return build_view(_store(spec), view)


@st.cache_data(ttl=TTL, show_spinner=False)
def articles_index(spec: str) -> dict[str, ArticleSummary]:
    """Every article's summary by id: titles, outlets and dates for citations and filters."""
    return {a.id: a for a in _store(spec).articles()}


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def degrees(spec: str, ids: tuple[str, ...]) -> dict[str, int]:
    """Each entity's number of connections in the whole graph (not only in view)."""
    return _store(spec).degrees(list(ids)) if ids else {}


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def entity_names(spec: str, ids: tuple[str, ...]) -> dict[str, str]:
    """Names for entity ids (for selectors holding ids that are not in the current view)."""
    return {e.id: e.name for e in _store(spec).get_entities(list(ids))} if ids else {}


@st.cache_resource(show_spinner=False)
def _seen() -> dict[str, str]:
    """The change token each store had when this process last looked, shared by every session."""
    return {}


def _reopened(spec: str) -> GraphStore:
    """A new connection, after the old one failed: opening the embedded store starts its server again (after a
    crash or a `threadline stop`); what it had written is kept in its append-only file."""
    with contextlib.suppress(Exception):  # the old handle is being dropped because it is broken
        _store(spec).close()
    _store.clear()
    return _store(spec)


def follow_changes() -> None:
    """Forget cached reads if the store changed since this process last looked; reconnect once if it is gone."""
    spec = current_spec()
    try:
        token = _store(spec).changes()
    except StoreError:
        token = _reopened(spec).changes()
    seen = _seen()
    if seen.get(spec) != token:
        st.cache_data.clear()
        seen[spec] = token


def refresh() -> None:
    """Forget every cached read, e.g. after an ingest changed the store."""
    st.cache_data.clear()


@st.cache_data(ttl=TTL, show_spinner=False)
def stats(spec: str) -> dict:
    """Counts of articles, entities and connections, by type."""
    return _store(spec).stats()
