"""Open a graph store from a spec: a directory means the embedded FalkorDB, a Bolt URI means Neo4j."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from graph.store.base import ArticleGraph, GraphStore, QueryResult, SearchHit
from graph.store.location import check_existing, is_store, prepare_new

DEFAULT_STORE = "data/store"
NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")

__all__ = ["ArticleGraph", "GraphStore", "QueryResult", "SearchHit", "check_store", "is_neo4j", "is_store",
           "open_store", "store_spec"]


def store_spec(explicit: str | None = None) -> str:
    """The store to use: the explicit one, else $THREADLINE_STORE, else `data/store`."""
    return explicit or os.environ.get("THREADLINE_STORE") or DEFAULT_STORE


def is_neo4j(spec: str) -> bool:
    return spec.startswith(NEO4J_SCHEMES)


def check_store(spec: str | None = None) -> str:
    """The spec, once it names an existing store (a Neo4j URI is the server's to judge); else a `StoreError`
    that names the path, the reason and where a store may be."""
    spec = store_spec(spec)
    if not is_neo4j(spec):
        check_existing(Path(spec), DEFAULT_STORE)
    return spec


def open_store(spec: str | None = None, *, create: bool = True) -> GraphStore:
    """Connect to the store named by `spec` (see `store_spec`), starting the embedded server if needed.

    With `create=False` (every command but ingest and import, and the app) a missing or wrong directory is an
    error, so a typo in --store never silently opens an empty store. A new store is only made in a new or
    empty directory.
    """
    spec = store_spec(spec)
    if is_neo4j(spec):
        from graph.store.neo4j import Neo4jStore

        return Neo4jStore.from_env(spec)
    from graph.store.falkordb import FalkorStore

    directory = Path(spec)
    if not create:
        check_existing(directory, DEFAULT_STORE)
        return FalkorStore(directory)
    created = prepare_new(directory)
    try:
        return FalkorStore(directory)
    except BaseException:
        if created:  # a store that never started holds nothing: leave no empty store behind
            shutil.rmtree(directory, ignore_errors=True)
        raise


def stop_store(spec: str | None = None) -> bool:
    """Stop the embedded server of a store directory; Neo4j servers are not ours to stop."""
    spec = store_spec(spec)
    if is_neo4j(spec):
        return False
    from graph.store.falkordb_server import stop_server

    return stop_server(Path(spec))
