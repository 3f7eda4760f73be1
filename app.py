"""Threadline's Streamlit app: the navigation and the shared sidebar, nothing else (Explore opens first, so
`?entity=<name or id>` lands on it)."""

import streamlit as st

from ui.components.sidebar import show_sidebar
from ui.nav import DEFAULT, PAGES

st.set_page_config(page_title="Threadline", layout="wide")  # no icons: Material ones are fetched from Google
navigation = st.navigation([
    st.Page(page.path, title=page.title, url_path=page.url_path, default=page is DEFAULT)
    for page in PAGES
])
show_sidebar()
navigation.run()
