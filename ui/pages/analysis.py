"""Analysis of the current view with networkx: degree and betweenness centrality, Louvain communities, bridges,
and the key brokers who connect otherwise separate groups; the graph can be coloured by community."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from graph import analysis
from graph.schema import load_schema
from ui.components.current import betweenness, communities, current, draw, stop_without_view
from ui.components.legend import show_legend
from ui.state import current_spec, get_store
from ui.urlstate import bind, current_view, get_view, on_change, publish

store = get_store()
spec = current_spec()
schema = load_schema()
view = current_view(store)

st.title("Analysis")
stop_without_view(view)

cv = current(spec, view)
shown = cv.shown
names = {e.id: e.name for e in shown.entities}
types = {e.id: e.type for e in shown.entities}
graph = analysis.to_networkx(shown)
groups = communities(shown)
between = betweenness(shown)
degree = analysis.degree_centrality(shown)
bridge_list = analysis.bridges(shown)
brokers = analysis.key_brokers(shown, top=15, groups=groups)


def label(entity_type: str) -> str:
    """An entity type's display label."""
    return schema.entity_types[entity_type].label if entity_type in schema.entity_types else entity_type


st.caption("Measured on the current view (after filters), edges taken as undirected and weighted by sources. "
           "Change the view on Explore or Filters to analyse something else.")
cols = st.columns(5)
cols[0].metric("Entities", graph.number_of_nodes())
cols[1].metric("Connected pairs", graph.number_of_edges())
cols[2].metric("Communities", len(groups))
cols[3].metric("Bridges", len(bridge_list))
cols[4].metric("Density", f"{analysis.nx.density(graph):.3f}" if len(graph) > 1 else "–")

st.subheader("Key brokers")
st.caption("Entities that sit on many shortest paths between others and reach several communities: who to ask, "
           "or who to look at, when two groups deal with each other.")
if brokers:
    st.dataframe([{"name": b.name, "type": label(b.type), "betweenness": b.betweenness, "connections": b.degree,
                   "communities reached": b.communities_reached, "bridges": b.bridges} for b in brokers],
                 hide_index=True, width="stretch")
else:
    st.caption("No entity lies between others in this view.")

centrality_tab, community_tab, bridge_tab = st.tabs(["Centrality", "Communities", "Bridges"])
with centrality_tab:
    st.dataframe(
        sorted(({"name": names[n], "type": label(types[n]), "degree centrality": round(degree.get(n, 0.0), 4),
                 "betweenness": round(between.get(n, 0.0), 4), "connections": graph.degree(n)} for n in graph),
               key=lambda row: (-row["betweenness"], -row["degree centrality"], row["name"])),
        hide_index=True, width="stretch",
    )
with community_tab:
    st.dataframe(
        [{"community": i + 1, "size": len(g),
          "members (most central first)": ", ".join(names[n] for n in sorted(g, key=lambda n: -between.get(n, 0))[:12])
          + (" …" if len(g) > 12 else "")} for i, g in enumerate(groups)],
        hide_index=True, width="stretch",
    )
with bridge_tab:
    relation_types = {r.key: r.type for r in shown.relations}
    if bridge_list:
        st.dataframe([{"one end": names[a], "other end": names[b],
                       "relations": ", ".join(sorted({relation_types[k] for k in keys}))}
                      for a, b, keys in bridge_list], hide_index=True, width="stretch")
    else:
        st.caption("No bridge: every connection in view lies on a cycle.")

st.subheader("The view")
bind("an_colour", view.colour_by == "community")
st.toggle("Colour by community", key="an_colour",
          on_change=on_change("an_colour", lambda v, x: replace(v, colour_by="community" if x else "type")))
bind("an_size", view.size_by == "centrality")
st.toggle("Size by betweenness centrality", key="an_size",
          on_change=on_change("an_size", lambda v, x: replace(v, size_by="centrality" if x else "connections")))
cv = current(spec, get_view())
draw(spec, cv, "an_graph", height=520)
show_legend(shown, len(groups) if get_view().colour_by == "community" else 0)
publish(get_view())
