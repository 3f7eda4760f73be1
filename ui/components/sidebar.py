"""The sidebar under the navigation: which store the app reads, and a way to see what another process just wrote."""

from __future__ import annotations

import streamlit as st

from ui.state import current_spec, refresh


def show_sidebar() -> None:
    """Store location and a refresh button (cached reads otherwise expire after a few minutes)."""
    with st.sidebar:
        st.caption("Store")
        st.code(current_spec(), language=None)
        if st.button("Refresh from the store", key="sb_refresh", help="Forget cached reads, e.g. after "
                     "`threadline ingest` ran in another terminal."):
            refresh()
