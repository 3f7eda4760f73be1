"""Evidence: pick a connection (from the current view or an entity's connections) to read every sentence behind
it with its article, outlet, date and link; pick an article to read it with its entities highlighted."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from graph.evidence import relation_label
from ui.components.current import current
from ui.components.evidence import show_evidence
from ui.components.reader import show_reader
from ui.components.search import entity_search
from ui.state import articles_index, current_spec, entity_names, get_store
from ui.urlstate import bind, current_view, get_view, incoming, on_change, publish_page, set_view

store = get_store()
spec = current_spec()
view = current_view(store)
articles = articles_index(spec)
page_params = incoming("evidence", ("read",))
if page_params:
    st.session_state["ev_article"] = page_params["read"][0]

st.title("Evidence")
st.subheader("A connection")
if view.seeds or view.pinned:
    cv = current(spec, view)
    relations = list(cv.shown.relations)
    names = cv.names
    st.caption(f"Connections of the current view ({len(relations)}).")
else:
    st.caption("No view yet: find an entity to list its connections.")
    picked = entity_search("ev", on_pick=lambda entity_id: set_view(get_view().open(entity_id)))
    relations = store.relations_of([picked]) if picked else []
    ends = tuple(sorted({r.source for r in relations} | {r.target for r in relations}))
    names = entity_names(spec, ends)

if relations:
    relations.sort(key=lambda r: (-r.sources, relation_label(r, names)))
    by_key = {r.key: r for r in relations}
    selected = view.relation if view.relation in by_key else relations[0].key
    bind("ev_rel", selected)
    st.selectbox("Connection", list(by_key), key="ev_rel",
                 format_func=lambda k: f"{relation_label(by_key[k], names)} · {by_key[k].sources} source(s)",
                 on_change=on_change("ev_rel", lambda v, x: replace(v, relation=x)))
    relation = by_key[selected]
    show_evidence(relation, names, articles)
    supporting = list(dict.fromkeys(ev.article_id for ev in relation.evidence))
else:
    supporting = []

st.subheader("An article")
ids = sorted(articles, key=lambda i: (i not in supporting, (articles[i].title or "").lower()))
if not ids:
    st.caption("No article in the store yet.")
else:
    if st.session_state.get("ev_article") not in articles:
        st.session_state["ev_article"] = ids[0]
    article_id = st.selectbox("Article (those behind the connection come first)", ids, key="ev_article",
                              format_func=lambda i: ("★ " if i in supporting else "") + (articles[i].title or i))
    show_reader(store, article_id, key="ev")
publish_page("evidence", {"read": st.session_state.get("ev_article") or ""}, view=get_view())
