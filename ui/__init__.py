"""Streamlit pages; they ask `graph/` (views, filters, evidence, paths, console) for data and hold no Cypher."""
