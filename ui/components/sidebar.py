"""The sidebar under the navigation: which store the app reads, and a way to see what another process just wrote."""

from __future__ import annotations

import streamlit as st

from graph.errors import ThreadlineError
from ui.state import current_spec, follow_changes, refresh


def show_sidebar() -> None:
    """Store location and a refresh button; first, cached reads are dropped if the store changed since."""
    try:
        follow_changes()
    except ThreadlineError as exc:  # a missing store, or one whose server cannot be started again
        st.error(f"Threadline cannot open its store. {exc}")
        st.stop()
    with st.sidebar:
        st.caption("Store")
        st.code(current_spec(), language=None)
        if st.button("Refresh from the store", key="sb_refresh", help="Forget cached reads. Threadline's own writes "
                     "(e.g. `threadline ingest` in another terminal) show by themselves on the next click; this is "
                     "for changes made outside Threadline."):
            refresh()
