"""Overview: what is in the graph."""

from __future__ import annotations

import streamlit as st

from graph.schema import load_schema
from ui.components.totals import show_totals
from ui.state import get_store

st.title("Threadline")
st.caption("Who supplies, contacts and reports on whom — every connection backed by the sentences that state it.")
numbers = get_store().stats()
show_totals(numbers)
schema = load_schema()
entity_col, fact_col = st.columns(2)
entity_col.subheader("Entities by type")
entity_col.dataframe(
    [{"type": schema.entity_types[t].label if t in schema.entity_types else t, "count": n}
     for t, n in numbers["entities_by_type"].items()],
    hide_index=True,
)
fact_col.subheader("Facts by type")
fact_col.dataframe([{"type": t, "count": n} for t, n in numbers["facts_by_type"].items()], hide_index=True)
