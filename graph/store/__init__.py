"""Open a graph store from a spec: a directory means the embedded FalkorDB, a Bolt URI means Neo4j."""

from __future__ import annotations

import os
from pathlib import Path

from graph.store.base import ArticleGraph, GraphStore, QueryResult, SearchHit

DEFAULT_STORE = "data/store"
NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")

__all__ = ["ArticleGraph", "GraphStore", "QueryResult", "SearchHit", "is_neo4j", "open_store", "store_spec"]


def store_spec(explicit: str | None = None) -> str:
    """The store to use: the explicit one, else $THREADLINE_STORE, else `data/store`."""
    return explicit or os.environ.get("THREADLINE_STORE") or DEFAULT_STORE


def is_neo4j(spec: str) -> bool:
    return spec.startswith(NEO4J_SCHEMES)


def open_store(spec: str | None = None) -> GraphStore:
    """Connect to the store named by `spec` (see `store_spec`), starting the embedded server if needed."""
    spec = store_spec(spec)
    if is_neo4j(spec):
        from graph.store.neo4j import Neo4jStore

        return Neo4jStore.from_env(spec)
    from graph.store.falkordb import FalkorStore

    return FalkorStore(Path(spec))


def stop_store(spec: str | None = None) -> bool:
    """Stop the embedded server of a store directory; Neo4j servers are not ours to stop."""
    spec = store_spec(spec)
    if is_neo4j(spec):
        return False
    from graph.store.falkordb_server import stop_server

    return stop_server(Path(spec))
