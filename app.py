"""Threadline's Streamlit app: the navigation, nothing else."""

import streamlit as st

st.set_page_config(page_title="Threadline", layout="wide")
navigation = st.navigation([
    st.Page("ui/pages/overview.py", title="Overview", default=True),
    st.Page("ui/pages/explore.py", title="Explore", url_path="explore"),
])
navigation.run()
