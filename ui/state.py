"""The app's shared handles: one store connection per process, opened from $THREADLINE_STORE."""

from __future__ import annotations

import streamlit as st

from graph.store import GraphStore, open_store, store_spec


@st.cache_resource(show_spinner=False)
def _store(spec: str) -> GraphStore:
    return open_store(spec)


def get_store() -> GraphStore:
    """The store named by $THREADLINE_STORE (default data/store), opened once."""
    return _store(store_spec())
