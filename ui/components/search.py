"""Type-ahead entity search: a live text box over names and aliases (case, accents and small typos forgiven),
an optional type filter, and the matches with their type and number of connections."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from graph.schema import load_schema
from graph.store.base import SearchHit
from ui.state import _store, current_spec


@st.cache_data(ttl=300, show_spinner=False, max_entries=256)
def search(spec: str, text: str, types: tuple[str, ...], limit: int = 20) -> list[SearchHit]:
    """The store's search (prefix, then fuzzy, then substring), cached per text and types."""
    return _store(spec).search(text, types=list(types), limit=limit) if text.strip() else []


def hit_label(hit: SearchHit) -> str:
    """'Name · Type · N connections' (shown as plain text in a selector)."""
    schema = load_schema()
    kind = schema.entity_types[hit.entity.type].label if hit.entity.type in schema.entity_types else hit.entity.type
    return f"{hit.entity.name} · {kind} · {hit.connections} connection{'s' * (hit.connections != 1)}"


def entity_search(prefix: str, *, label: str = "Search people, companies, agencies, NGOs…",
                  on_pick: Callable[[str], None] | None = None, with_types: bool = True) -> str | None:
    """Draw the search box and its matches; returns the picked entity id (and calls `on_pick` when it changes)."""
    schema = load_schema()
    if with_types:
        left, right = st.columns([3, 2])
    else:
        left, right = st.container(), None
    text = left.text_input(label, key=f"{prefix}_q", live=True, placeholder="e.g. thermo, NSO, societe generale")
    types: list[str] = []
    if right is not None:
        types = right.multiselect("Only these types", list(schema.entity_types), key=f"{prefix}_qtypes",
                                  format_func=lambda t: schema.entity_types[t].label, placeholder="any type")
    hits = search(current_spec(), text, tuple(types))
    if text.strip() and not hits:
        st.info("Nothing matches; try fewer letters or another spelling.")
        return None
    if not hits:
        return None
    labels = {h.entity.id: hit_label(h) for h in hits}

    def picked() -> None:
        """Hand the newly picked entity to `on_pick`."""
        choice = st.session_state.get(f"{prefix}_pick")
        if choice and on_pick:
            on_pick(choice)

    return st.selectbox(f"{len(hits)} match{'es' * (len(hits) != 1)}", list(labels), index=None,
                        format_func=lambda i: labels.get(i, i), key=f"{prefix}_pick",
                        placeholder="pick an entity", on_change=picked)
