"""Explore: search an entity and draw its neighbourhood."""

from __future__ import annotations

import streamlit as st

from graph.queries import find_entity, neighbourhood
from graph.render import render_html
from graph.schema import load_schema
from ui.state import get_store

store = get_store()
schema = load_schema()
params = st.query_params

st.title("Explore")
query = st.text_input("Search people, companies, agencies, NGOs…", value=params.get("entity", ""), key="explore_q")
types = st.multiselect("Types", list(schema.entity_types), format_func=lambda t: schema.entity_types[t].label,
                       key="explore_types")
hits = store.search(query, types=types, limit=20) if query.strip() else []
if query.strip() and not hits:
    st.info(f"Nothing matches “{query}”.")
if hits:
    wanted = find_entity(store, params["entity"]) if params.get("entity") else None
    choices = [h.entity.id for h in hits]
    if wanted is not None and wanted.id not in choices:
        choices.insert(0, wanted.id)
    labels = {h.entity.id: f"{h.entity.name} · {schema.entity_types[h.entity.type].label} · {h.connections} connections"
              for h in hits}
    if wanted is not None:
        labels.setdefault(wanted.id, wanted.name)
    chosen = st.selectbox("Entity", choices, format_func=lambda i: labels.get(i, i), key="explore_entity",
                          index=choices.index(wanted.id) if wanted is not None else 0)
    depth = st.slider("Depth", 1, 3, int(params.get("depth", 1)), key="explore_depth")
    params["entity"] = labels[chosen].split(" · ")[0] if chosen in labels else chosen
    params["depth"] = str(depth)
    view = neighbourhood(store, [chosen], depth)
    st.caption(f"{len(view.entities)} entities, {len(view.relations)} connections"
               + (f" — {view.omitted} more not shown" if view.omitted else ""))
    st.iframe(render_html(view, focus=(chosen,)), height=700)
