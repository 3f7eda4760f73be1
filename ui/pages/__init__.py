"""Streamlit pages, one per file; they ask `graph.queries` for data and hold no Cypher."""
