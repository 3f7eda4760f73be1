"""Overview: what is in the graph."""

from __future__ import annotations

import streamlit as st

from graph.schema import load_schema
from ui.state import get_store

st.title("Threadline")
st.caption("Who supplies, contacts and reports on whom — every connection backed by the sentences that state it.")
numbers = get_store().stats()
left, middle, right = st.columns(3)
left.metric("Articles", numbers["articles"])
middle.metric("Entities", numbers["entities"])
right.metric("Connections", numbers["relations"] - numbers["relations_by_type"].get("MENTIONS", 0))
schema = load_schema()
entity_col, relation_col = st.columns(2)
entity_col.subheader("Entities by type")
entity_col.dataframe(
    [{"type": schema.entity_types[t].label if t in schema.entity_types else t, "count": n}
     for t, n in numbers["entities_by_type"].items()],
    hide_index=True,
)
relation_col.subheader("Connections by type")
relation_col.dataframe(
    [{"type": t, "count": n} for t, n in numbers["relations_by_type"].items() if t != schema.mention_relation],
    hide_index=True,
)
