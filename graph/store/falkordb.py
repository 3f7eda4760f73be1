"""The embedded store: a FalkorDB server that Threadline runs itself, one per store directory."""

from __future__ import annotations

import fcntl
import re
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager, nullcontext
from pathlib import Path
from typing import Any

import redis
from falkordb import FalkorDB, Graph
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as FalkorPath

from graph.errors import QueryTimeout, ReadOnlyViolation, StoreError
from graph.store import cypher
from graph.store.base import CUT_MEMORY, CUT_ROWS, EdgeValue, NodeValue, PathValue, QueryResult
from graph.store.common import CypherStore
from graph.store.falkordb_console import AnswerTooLarge, ask, bounded_client
from graph.store.falkordb_server import ensure_server
from graph.store.limits import MAX_RESULT_BYTES
from graph.store.params import check_parameters

GRAPH_NAME = "threadline"
# Held by a writer from its look-ups to its write (see `FalkorStore.writer`); beside the server's own lock file.
WRITER_LOCK = "writer.lock"

# FalkorDB's index statements; Neo4j says the same in its own dialect (graph/store/neo4j.py).
SCHEMA_STATEMENTS = (
    "CREATE INDEX FOR (n:Entity) ON (n.id)",
    "CREATE INDEX FOR (a:Article) ON (a.id)",
    "CREATE FULLTEXT INDEX FOR (n:Entity) ON (n.search)",
)
INDEX_STATUS = "CALL db.indexes() YIELD label, status RETURN label, status"
INDEX_WAIT_SECONDS = 30.0
# How long the client waits for any answer before calling the server stuck (FalkorDB can deadlock; a hung app
# tells a reporter nothing). Console queries wait their own time limit plus the grace.
ANSWER_SECONDS = 300.0
ANSWER_GRACE_SECONDS = 5.0
FULLTEXT = (
    "CALL db.idx.fulltext.queryNodes('Entity', $q) YIELD node, score "
    "WHERE size($types) = 0 OR node.type IN $types "
    "RETURN node.id AS id, node.name AS name, node.type AS type, node.aliases AS aliases, score "
    "ORDER BY score DESC LIMIT $limit"
)


def _to_value(value: Any) -> Any:
    """Turn the client's graph objects into the store protocol's plain values."""
    if isinstance(value, Node):
        return NodeValue(str(value.id), tuple(value.labels or ()), dict(value.properties))
    if isinstance(value, Edge):
        start = value.src_node.id if isinstance(value.src_node, Node) else value.src_node
        end = value.dest_node.id if isinstance(value.dest_node, Node) else value.dest_node
        return EdgeValue(str(value.id), value.relation, str(start), str(end), dict(value.properties))
    if isinstance(value, FalkorPath):
        return PathValue(tuple(_to_value(n) for n in value.nodes()), tuple(_to_value(e) for e in value.edges()))
    if isinstance(value, list):
        return [_to_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_value(v) for k, v in value.items()}
    return value


def _translate(exc: redis.ResponseError, cypher_text: str) -> StoreError:
    message = str(exc)
    if "read-only" in message:
        return ReadOnlyViolation("this query would change the graph; it was refused (read-only). "
                                 "Use --write to allow changes.")
    if "timed out" in message.lower():
        return QueryTimeout(f"the query ran past its time limit and was stopped: {cypher_text[:80]}")
    return StoreError(f"the database refused the query: {_plain(message)}")


def _plain(message: str) -> str:
    """FalkorDB's parser reports 'errMsg: WHAT errCtx: TEXT errCtxOffset: N'; keep what and where, in words."""
    found = re.fullmatch(r"errMsg: (.*?) errCtx: (.*?) errCtxOffset: \d+", message.strip(), re.DOTALL)
    return f"{found.group(1)} (in: {found.group(2).strip()})" if found else message


def _unanswered(location: str, seconds: float) -> StoreError:
    return StoreError(f"{location}: the database did not answer within {seconds:g} s and may be stuck; "
                      "`threadline stop` ends it, and the next command starts it again with the data kept")


def _lost(location: str, exc: Exception) -> StoreError:
    return StoreError(f"{location}: lost the connection to the database server ({exc}); it may have stopped or "
                      "crashed. What was written before is kept: the next command starts the server again")


def _columns(result: Any) -> tuple[str, ...]:
    return tuple(h[1] if isinstance(h, list | tuple) else h for h in (result.header or []))


class FalkorStore(CypherStore):
    """A `GraphStore` on an embedded FalkorDB server reached through a Unix socket."""

    kind = "falkordb"

    def __init__(self, directory: Path | str) -> None:
        self.location = str(directory)
        self._directory = Path(directory)
        self._thread = threading.local()  # per thread: whether it holds the writer lock (see `_reading`)
        self._socket = str(ensure_server(Path(directory)))
        self._db = FalkorDB(unix_socket_path=self._socket, socket_timeout=ANSWER_SECONDS)
        self._graph = self._db.select_graph(GRAPH_NAME)
        for statement in SCHEMA_STATEMENTS:
            try:
                self._graph.query(statement)
            except redis.ResponseError as exc:
                if "already indexed" not in str(exc):
                    raise StoreError(f"could not create the store's indexes: {exc}") from exc
        self._await_indexes()

    def _await_indexes(self, seconds: float = INDEX_WAIT_SECONDS) -> None:
        """Return once every index is built: FalkorDB builds them in the background, and a query planned on an
        index still under construction may miss what is already stored."""
        deadline = time.monotonic() + seconds
        while True:
            rows = self._graph.ro_query(INDEX_STATUS).result_set
            if all(status == "OPERATIONAL" for _, status in rows):
                return
            if time.monotonic() > deadline:
                pending = ", ".join(f"{label} ({status})" for label, status in rows if status != "OPERATIONAL")
                raise StoreError(f"{self.location}: indexes still not built after {seconds:.0f} s: {pending}")
            time.sleep(0.01)

    @contextmanager
    def _asked(self, query: str, seconds: float = ANSWER_SECONDS) -> Iterator[None]:
        """Turn the client's failures while asking `query` into the store's errors; `seconds` is how long the
        client waited for an answer."""
        try:
            yield
        except redis.ResponseError as exc:
            raise _translate(exc, query) from exc
        except redis.TimeoutError as exc:
            raise _unanswered(self.location, seconds) from exc
        except (redis.ConnectionError, ConnectionError) as exc:
            # A server killed or crashed mid-request: the socket is refused, reset or closed under the client.
            raise _lost(self.location, exc) from exc

    @contextmanager
    def writer(self) -> Iterator[None]:
        """Hold this store's writer lock (an `flock` in the store directory, so across processes on this
        machine): look-ups made inside still hold when the write inside lands."""
        with open(self._directory / WRITER_LOCK, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            self._thread.writing = True
            try:
                yield
            finally:
                self._thread.writing = False
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Share the writer lock for one read, so the read never lands inside a writer's statement.

        FalkorDB has been seen (under CPU load, about one run in four of tests/test_ingest_concurrent.py) to
        let a reader see an article's mentions before the same statement's relations; readers holding the
        lock shared wait out each article's write instead. A thread already writing reads under its own lock.
        """
        if getattr(self._thread, "writing", False):
            yield
            return
        with open(self._directory / WRITER_LOCK, "a+") as handle:  # an open of its own: flock is per open
            fcntl.flock(handle, fcntl.LOCK_SH)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _rows(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        with self._reading(), self._asked(query):
            result = self._graph.ro_query(query, params or {})
        columns = _columns(result)
        return [dict(zip(columns, row, strict=True)) for row in result.result_set]

    def _write(self, query: str, params: dict[str, Any]) -> None:
        # One GRAPH.QUERY is one transaction in FalkorDB: a failure leaves nothing behind.
        with self._asked(query):
            self._graph.query(query, params)

    def _fulltext_queries(self, words: list[str]) -> list[str]:
        # RediSearch syntax: `w*` prefix, `%w%` one edit, `%%w%%` two edits (a swapped pair of letters).
        return [
            " ".join(f"{w}*" if len(w) > 1 else w for w in words),
            " ".join(f"%{w}%" if len(w) > 3 else w for w in words),
            " ".join(f"%%{w}%%" if len(w) > 5 else w for w in words),
        ]

    def _fulltext(self, query: str, types: list[str], limit: int) -> list[dict[str, Any]]:
        return self._rows(FULLTEXT, {"q": query, "types": types, "limit": limit})

    def run(
        self,
        cypher_text: str,
        params: dict[str, Any] | None = None,
        *,
        write: bool = False,
        timeout: float = 10.0,
        limit: int = 1000,
    ) -> QueryResult:
        """Run the user's Cypher: the row limit inside the database (graph/store/falkordb_console.py), the
        answer read up to `MAX_RESULT_BYTES`; either cut is stated in the result."""
        check_parameters(params)
        # A client of its own, so the wait for an answer follows this query's time limit.
        patience = timeout + ANSWER_GRACE_SECONDS
        try:
            with (self._reading() if not write else nullcontext(),
                  closing(bounded_client(self._socket, patience, MAX_RESULT_BYTES)) as connection,
                  self._asked(cypher_text, patience)):
                columns, rows, result = ask(Graph(connection, GRAPH_NAME), cypher_text, params or {}, write=write,
                                            timeout_ms=max(1, int(timeout * 1000)), limit=limit)
        except AnswerTooLarge:
            return QueryResult(columns=(), rows=(), truncated=True, limit=limit, cut=CUT_MEMORY,
                               max_bytes=MAX_RESULT_BYTES)
        counters = {
            name: int(getattr(result, name))
            for name in ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
                         "properties_set", "labels_added")
            if getattr(result, name, 0)
        }
        truncated = len(rows) > limit
        if write and (counters or result.properties_removed or result.labels_removed):
            # FalkorDB has no transaction spanning two statements: the bump follows the change, so a reader
            # that sees the new count sees the change too.
            self._write(cypher.BUMP, {"epoch": cypher.new_epoch()})
        return QueryResult(
            columns=columns,
            rows=tuple(tuple(_to_value(v) for v in row) for row in rows[:limit]),
            truncated=truncated,
            limit=limit,
            counters=counters,
            cut=CUT_ROWS if truncated else None,
            max_bytes=MAX_RESULT_BYTES,
        )

    def close(self) -> None:
        self._db.connection.close()
