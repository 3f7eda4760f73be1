"""Streamlit pages, one per file; they ask `graph/` for data and hold no Cypher."""
