"""Explore: search an entity, draw its neighbourhood, expand nodes by clicking them, hide and pin, read the evidence."""

from __future__ import annotations

import math
from dataclasses import replace

import streamlit as st

from graph.schema import load_schema
from ui.components.current import communities, current, draw
from ui.components.evidence import show_evidence
from ui.components.filters import describe
from ui.components.legend import show_legend
from ui.components.search import entity_search
from ui.components.totals import show_totals
from ui.nav import ARTICLES, EVIDENCE, FILTERS
from ui.state import current_spec, entity_names, get_store, stats
from ui.urlstate import bind, current_view, get_view, on_change, publish, set_view
from ui.view import COLOUR_BY, LIMITS, SIZE_BY, ViewState, to_params

store = get_store()
spec = current_spec()
schema = load_schema()
view = current_view(store)

st.title("Explore")
entity_search("ex", on_pick=lambda entity_id: set_view(get_view().open(entity_id)))
view = get_view()

if not view.seeds:
    show_totals(stats(spec))
    st.caption("Search for a person, company, agency or NGO to draw its connections; every connection is backed "
               "by the sentences that state it.")
    publish(view)
    st.stop()

# --- how the view is built and drawn --------------------------------------------------------------------------------
depth_col, limit_col, size_col, colour_col = st.columns([2, 2, 3, 3])
bind("ex_depth", view.depth)
depth_col.slider("Depth (hops)", 1, 3, key="ex_depth",
                 on_change=on_change("ex_depth", lambda v, x: replace(v, depth=int(x), page=0)))
bind("ex_limit", view.limit)
limit_col.selectbox("Show at most", sorted({*LIMITS, view.limit}), key="ex_limit",
                    format_func=lambda n: f"{n:,} entities",
                    on_change=on_change("ex_limit", lambda v, x: replace(v, limit=int(x), page=0)))
bind("ex_size", view.size_by)
size_col.radio("Size by", SIZE_BY, key="ex_size", horizontal=True,
               format_func=lambda s: {"connections": "connections", "centrality": "betweenness centrality"}[s],
               on_change=on_change("ex_size", lambda v, x: replace(v, size_by=x)))
bind("ex_colour", view.colour_by)
colour_col.radio("Colour by", COLOUR_BY, key="ex_colour", horizontal=True,
                 format_func=lambda s: {"type": "entity type", "community": "community (Louvain)"}[s],
                 on_change=on_change("ex_colour", lambda v, x: replace(v, colour_by=x)))

cv = current(spec, view)
names = cv.names
summary = (f"{len(cv.shown.entities):,} entities · {len(cv.shown.relations):,} connections shown · "
           f"filters: {describe(view.filter)}")
if len(cv.shown.entities) < len(cv.raw.entities):
    summary += f" ({len(cv.raw.entities) - len(cv.shown.entities):,} entities filtered out)"
st.caption(summary)

# --- the cap: never silent ------------------------------------------------------------------------------------------
if cv.raw.omitted:
    room = max(1, view.limit - len(view.seeds))
    neighbours = len(cv.raw.entities) - len(view.seeds)
    pages = max(1, math.ceil((neighbours + cv.raw.omitted) / room))
    st.warning(f"**{cv.raw.omitted:,} more not shown.** The best-attested entities are drawn first; page through "
               "the rest, raise the cap, or keep only some entity types.")
    page_col, types_col = st.columns([1, 3])
    bind("ex_page", min(view.page + 1, pages))
    page_col.number_input(f"Page (of {pages})", 1, pages, key="ex_page",
                          on_change=on_change("ex_page", lambda v, x: replace(v, page=int(x) - 1)))
    bind("ex_ntypes", list(view.filter.entity_types))
    types_col.multiselect("Only neighbours of these types", list(schema.entity_types), key="ex_ntypes",
                          format_func=lambda t: schema.entity_types[t].label,
                          on_change=on_change("ex_ntypes", lambda v, x: replace(
                              v, filter=replace(v.filter, entity_types=tuple(x)), page=0)))

# --- the graph --------------------------------------------------------------------------------------------------------
if not cv.shown.entities:
    st.info("Nothing left to draw: the filters removed everything.")
else:
    if draw(spec, cv, "ex_graph"):
        view = get_view()
    groups = len(communities(cv.shown)) if view.colour_by == "community" else 0
    show_legend(cv.shown, groups)
    st.caption("Click a node to add its neighbours; click a connection to read its evidence below. "
               "Drag nodes to arrange them; scroll to zoom.")

# --- expand, hide, pin ------------------------------------------------------------------------------------------------
with st.expander("Expand, hide and pin nodes", expanded=False):
    in_view = [e.id for e in cv.raw.entities]
    outside = tuple(i for i in (*view.hidden, *view.expanded, *view.pinned) if i not in names)
    label_of = names | entity_names(spec, outside)

    def fmt(entity_id: str) -> str:
        """An entity id's name, for the selectors."""
        return label_of.get(entity_id, entity_id)

    expand_col, button_col = st.columns([4, 1])
    candidates = [i for i in in_view if i not in view.seeds and i not in view.expanded]
    chosen = expand_col.selectbox("Add the neighbours of", candidates, index=None, key="ex_expand_pick",
                                  format_func=fmt, placeholder="pick a node in the view")

    def expand_chosen() -> None:
        """Add the neighbours of the entity picked in the selector."""
        pick = st.session_state.get("ex_expand_pick")
        if pick:
            set_view(get_view().expand(pick))

    button_col.button("Expand", key="ex_expand_go", on_click=expand_chosen, disabled=chosen is None)
    every = list(dict.fromkeys([*in_view, *outside]))
    for key, field, label in (("ex_expanded", "expanded", "Expanded nodes (remove to collapse)"),
                              ("ex_hidden", "hidden", "Hidden nodes"),
                              ("ex_pinned", "pinned", "Pinned nodes (always kept, fixed in place)")):
        bind(key, list(getattr(view, field)))
        st.multiselect(label, every, key=key, format_func=fmt,
                       on_change=on_change(key, lambda v, x, f=field: replace(v, **{f: tuple(x)})))

    def start_over() -> None:
        """Back to the centre entities alone, keeping how the view is drawn."""
        current_view_ = get_view()
        set_view(ViewState(seeds=current_view_.seeds, depth=current_view_.depth, limit=current_view_.limit,
                           size_by=current_view_.size_by, colour_by=current_view_.colour_by))

    st.button("Start over from the centre", key="ex_reset", on_click=start_over)

# --- evidence ---------------------------------------------------------------------------------------------------------
st.subheader("Evidence")
relations = sorted(
    cv.shown.relations,
    key=lambda r: (r.source not in view.seeds and r.target not in view.seeds, -r.sources,
                   names.get(r.source, ""), r.type),
)
if not relations:
    st.caption("No connection in view.")
else:
    keys = [r.key for r in relations]
    by_key = {r.key: r for r in relations}
    selected = view.relation if view.relation in by_key else keys[0]
    bind("ex_rel", selected)
    st.selectbox("Connection", keys, key="ex_rel",
                 format_func=lambda k: f"{names.get(by_key[k].source, '?')} —{by_key[k].type}→ "
                                       f"{names.get(by_key[k].target, '?')} ({by_key[k].sources} src)",
                 on_change=on_change("ex_rel", lambda v, x: replace(v, relation=x)))
    show_evidence(by_key[selected], names, cv.articles)
    links = st.columns(3)
    links[0].page_link(EVIDENCE.path, label="All evidence and articles",
                       query_params=to_params(replace(view, relation=selected)))
    first_article = by_key[selected].evidence[0].article_id if by_key[selected].evidence else None
    if first_article:
        links[1].page_link(ARTICLES.path, label="Read the first article",
                           query_params={"read": first_article})
    links[2].page_link(FILTERS.path, label="Filter this view")

publish(view)
