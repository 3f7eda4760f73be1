"""Connections: how are two entities connected? Up to k shortest paths of bounded length, each hop with its
relation and citation, drawn as a graph."""

from __future__ import annotations

import contextlib

import streamlit as st

from graph.paths import PathsResult, connection_paths
from graph.render import graph_data, layout_positions
from graph.views import find_entity
from ui.components.graph_view import graph_view
from ui.components.legend import show_legend
from ui.components.paths import show_paths
from ui.components.search import entity_search
from ui.state import _store, articles_index, current_spec, entity_names, get_store
from ui.urlstate import incoming, plain, publish_page

KEYS = ("a", "b", "hops", "k")

store = get_store()
spec = current_spec()


@st.cache_data(ttl=300, show_spinner="Looking for paths…", max_entries=64)
def find_paths(spec: str, a: str, b: str, max_length: int, k: int) -> PathsResult:
    """Cached path search between two entity ids."""
    return connection_paths(_store(spec), a, b, max_length=max_length, k=k)


page_params = incoming("connections", KEYS)
if page_params:
    for side in ("a", "b"):
        if page_params.get(side):
            found = find_entity(store, page_params[side][0])
            st.session_state[f"cn_{side}_id"] = found.id if found else None
    for key, low, high in (("hops", 1, 6), ("k", 1, 10)):
        if page_params.get(key):
            with contextlib.suppress(ValueError):
                st.session_state[f"cn_{key}"] = min(high, max(low, int(page_params[key][0])))

st.title("How are they connected?")
left, right = st.columns(2)
for side, column, label in (("a", left, "From"), ("b", right, "To")):
    with column:
        st.markdown(f"**{label}**")
        entity_search(f"cn_{side}", label="Search", with_types=False,
                      on_pick=lambda entity_id, s=side: st.session_state.update({f"cn_{s}_id": entity_id}))
a_id, b_id = st.session_state.get("cn_a_id"), st.session_state.get("cn_b_id")
chosen = entity_names(spec, tuple(i for i in (a_id, b_id) if i))
st.caption(f"From: {plain(chosen.get(a_id or '', '—'))} · To: {plain(chosen.get(b_id or '', '—'))}")
hops_col, k_col = st.columns(2)
st.session_state.setdefault("cn_hops", 4)
st.session_state.setdefault("cn_k", 3)
max_length = hops_col.slider("At most this many hops", 1, 6, key="cn_hops")
k = k_col.slider("Show up to this many paths", 1, 10, key="cn_k")

if a_id and b_id and a_id != b_id:
    result = find_paths(spec, a_id, b_id, max_length, k)
    if not result.complete:
        st.warning(f"The search stopped after exploring {result.explored:,} entities around the two ends; "
                   "longer or rarer paths may exist. Lower the number of hops to search exhaustively.")
    if not result.paths:
        st.info(f"No path of at most {max_length} hops between them.")
    else:
        names = {e.id: e.name for e in result.subgraph.entities}
        st.caption(f"{len(result.paths)} shortest path(s), searched {result.explored:,} entities.")
        show_paths(result.paths, names, articles_index(spec))
        graph_view(graph_data(result.subgraph, (a_id, b_id), positions=layout_positions(result.subgraph)),
                   key="cn_graph", height=420)
        show_legend(result.subgraph)
elif a_id and a_id == b_id:
    st.info("Pick two different entities.")
publish_page("connections", {"a": a_id or "", "b": b_id or "", "hops": str(max_length), "k": str(k)})
