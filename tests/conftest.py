"""Shared fixtures: real stores started by the tests, on temporary directories, stopped afterwards."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import GraphStore, open_store
from graph.store.falkordb_server import stop_server
from tests.graphs import second_story, supply_story

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def falkordb_store(tmp_path: Path) -> Iterator[GraphStore]:
    """A fresh embedded store in a temporary directory; its server is stopped at the end."""
    directory = tmp_path / "store"
    store = open_store(str(directory))
    try:
        yield store
    finally:
        store.close()
        stop_server(directory)


@pytest.fixture
def neo4j_store() -> Iterator[GraphStore]:
    """The Neo4j named by NEO4J_URI, emptied before and after; skipped when none is configured."""
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        pytest.skip("NEO4J_URI is not set: no Neo4j server to test against (none can be installed here)")
    store = open_store(uri)
    store.clear()
    try:
        yield store
    finally:
        store.clear()
        store.close()


@pytest.fixture(params=["falkordb", "neo4j"])
def store(request: pytest.FixtureRequest) -> GraphStore:
    """Every backend in turn: the contract suite runs against each."""
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture
def story_store(falkordb_store):
    """A store with both stories."""
    falkordb_store.write_article(supply_story())
    falkordb_store.write_article(second_story())
    return falkordb_store


@pytest.fixture
def app_store(falkordb_store, monkeypatch):
    """A store with two hand-built articles, named by $THREADLINE_STORE for the app."""
    from tests.graphs import second_story, supply_story

    falkordb_store.write_article(supply_story())
    falkordb_store.write_article(second_story())
    monkeypatch.setenv("THREADLINE_STORE", falkordb_store.location)
    monkeypatch.chdir(ROOT)
    return falkordb_store
