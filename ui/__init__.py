"""Streamlit pages; they ask `graph.queries` for data and hold no Cypher."""
