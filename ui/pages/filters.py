"""Filters: narrow the current view by entity and relation types, evidence dates, outlets or articles,
independent sources and confidence; see what each filter removed, and the filtered graph."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from graph.filters import ViewFilter
from graph.model import relation_status
from ui.components.current import current, draw, no_view_yet
from ui.components.filters import describe, filter_form
from ui.components.legend import show_legend
from ui.state import articles_index, current_spec, get_store, view_subgraph
from ui.urlstate import current_view, publish

store = get_store()
spec = current_spec()
view = current_view(store)

st.title("Filters")
st.caption("Filters apply to every page that shows the current view (Explore, Evidence, Analysis, Export) and are "
           "kept in the page's URL. Seeds and pinned entities are never filtered out.")
if not view.seeds and not view.pinned:
    filter_form(view, articles_index(spec), "fl")
    no_view_yet()
    publish(view)
    st.stop()

filter_form(view, articles_index(spec), "fl")
cv = current(spec, view)
before = view_subgraph(spec, replace(view, filter=ViewFilter()).spec())  # type filters also narrow the query
after = cv.shown
left, middle, right = st.columns(3)
left.metric("Entities kept", f"{len(after.entities):,}", delta=len(after.entities) - len(before.entities) or None)
middle.metric("Connections kept", f"{len(after.relations):,}",
              delta=len(after.relations) - len(before.relations) or None)
sentences_before = sum(len(r.evidence) for r in before.relations)
sentences_after = sum(len(r.evidence) for r in after.relations)
right.metric("Sentences kept", f"{sentences_after:,}", delta=sentences_after - sentences_before or None)
st.caption(f"Filters: {describe(view.filter)}")

kept = {r.key for r in after.relations}
removed = [r for r in before.relations if r.key not in kept]
if removed:
    with st.expander(f"{len(removed)} connection(s) filtered out"):
        names = {e.id: e.name for e in before.entities}
        st.dataframe(
            [{"from": names.get(r.source, r.source), "relation": r.type, "to": names.get(r.target, r.target),
              "status": relation_status(r), "sources": r.sources,
              "best confidence": max((ev.confidence for ev in r.evidence), default=0.0)} for r in removed],
            hide_index=True, width="stretch",
        )
if after.entities:
    draw(spec, cv, "fl_graph", height=480)
    show_legend(after)
else:
    st.info("Nothing is left: loosen a filter.")
publish(view)
