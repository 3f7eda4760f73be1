"""Export the current view (after filters) as GraphML, JSON, a self-contained HTML page and the other snapshot
formats; files are built when their button is clicked. The whole store: `threadline export`."""

from __future__ import annotations

import streamlit as st

from ui.components.current import current, stop_without_view
from ui.components.export import available_formats, export_bytes, file_name, label, view_scope
from ui.components.filters import describe
from ui.state import current_spec, get_store
from ui.urlstate import current_view, publish

store = get_store()
spec = current_spec()
view = current_view(store)

st.title("Export")
stop_without_view(view)

cv = current(spec, view)
formats = available_formats()
scope = view_scope(view, cv.names, describe(view.filter))
st.caption(f"The current view: {len(cv.shown.entities):,} entities and {len(cv.shown.relations):,} connections "
           f"(filters: {describe(view.filter)}), with the articles behind them. For the whole store use "
           "`threadline export --format FORMAT --out PATH`.")
if cv.raw.omitted:
    st.warning(f"The view leaves {cv.raw.omitted:,} entities out (its cap); they are not exported. Raise the cap "
               "on Explore, or export from the command line.")
if not formats:
    st.error("Export needs `graph.snapshot`, which is not installed in this copy of Threadline.")
else:
    columns = st.columns(3)
    for index, fmt in enumerate(formats):
        columns[index % 3].download_button(
            label(fmt), data=lambda fmt=fmt: export_bytes(store, cv.shown, scope, fmt),
            file_name=file_name(fmt), key=f"xp_{fmt}", on_click="ignore", width="stretch",
        )
publish(view)
