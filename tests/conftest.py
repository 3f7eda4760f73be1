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


def _servers_under(root: Path) -> list[tuple[int, str]]:
    """Embedded-store servers whose socket lies below `root` (pid, command line)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (proc / "stat").read_text().split(") ", 1)[1][:1]
        except OSError:
            continue
        if "redis-server" in command and str(root) in command and state != "Z":
            found.append((int(proc.name), command))
    return found


@pytest.fixture(scope="session", autouse=True)
def no_server_left_behind(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every store a test starts is stopped by it: fail the session (and clean up) if one is still running."""
    yield
    left = _servers_under(tmp_path_factory.getbasetemp())
    for pid, _ in left:
        os.kill(pid, 9)
    assert not left, f"tests left embedded store servers running: {left}"


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


@pytest.fixture
def site(tmp_path: Path):
    """A local web site the test writes pages into, served on 127.0.0.1 for the test's duration."""
    from tests.local_site import local_site

    with local_site(tmp_path / "site") as served:
        yield served


@pytest.fixture
def new_store_dir(tmp_path: Path) -> Iterator[Path]:
    """A store directory, not made yet, that the test's commands create; its server is stopped at the end."""
    directory = tmp_path / "store"
    yield directory
    stop_server(directory)
