"""The Neo4j store: the shared Cypher over the official driver, for a newsroom's server, cluster or Aura.

`neo4j://` and `neo4j+s://` URIs route across a cluster (the driver does it): reads run in READ
transactions so they may go to readers, writes in WRITE transactions so they go to the leader.
Every statement here is Neo4j 5 Cypher; tests/test_neo4j_dialect.py runs them through Neo4j's front end.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from neo4j import READ_ACCESS, WRITE_ACCESS, Driver, GraphDatabase, RoutingControl
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable
from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import Point
from neo4j.time import Date, DateTime, Duration, Time

from graph.errors import QueryTimeout, ReadOnlyViolation, StoreError
from graph.store import cypher
from graph.store.base import CUT_MEMORY, CUT_ROWS, EdgeValue, NodeValue, PathValue, QueryResult
from graph.store.common import CypherStore
from graph.store.limits import MAX_RESULT_BYTES, approx_size
from graph.store.params import check_parameters

_FULLTEXT_INDEX = "threadline_entity_search"

# Created on first connect when missing (IF NOT EXISTS makes them no-ops afterwards). The uniqueness
# constraints also give MERGE its index and make concurrent ingests from several machines safe.
SCHEMA_STATEMENTS = (
    "CREATE CONSTRAINT threadline_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT threadline_article_id IF NOT EXISTS FOR (a:Article) REQUIRE a.id IS UNIQUE",
    f"CREATE CONSTRAINT threadline_meta_id IF NOT EXISTS FOR (m:{cypher.META_LABEL}) REQUIRE m.id IS UNIQUE",
    f"CREATE FULLTEXT INDEX {_FULLTEXT_INDEX} IF NOT EXISTS FOR (n:Entity) ON EACH [n.search]",
)
# A new full-text index fills in the background; wait for it before the first search.
AWAIT_FULLTEXT = f"CALL db.awaitIndex('{_FULLTEXT_INDEX}', $seconds)"
FULLTEXT = (
    f"CALL db.index.fulltext.queryNodes('{_FULLTEXT_INDEX}', $q) YIELD node, score "
    "WHERE size($types) = 0 OR node.type IN $types "
    "RETURN node.id AS id, node.name AS name, node.type AS type, node.aliases AS aliases, score "
    "ORDER BY score DESC LIMIT $limit"
)
# Deleting a whole newsroom graph in one transaction can exhaust the server's transaction memory:
# delete in batches, one transaction each, until nothing is left.
# The change counter stays (see graph/store/cypher.py) and is bumped once the rest is gone.
CLEAR_BATCH = (f"MATCH (n) WHERE NOT n:{cypher.META_LABEL} WITH n LIMIT $batch DETACH DELETE n "
               "RETURN count(*) AS deleted")
# Taking the write lock on one node makes every other writer, on any machine, wait for this transaction.
WRITER_LOCK = f"MERGE (l:{cypher.META_LABEL} {{id: 'writer'}}) SET l.held = true"

_CLEAR_BATCH_SIZE = 10_000
_AWAIT_SECONDS = 300
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
_ALREADY_THERE = ("EquivalentSchemaRuleAlreadyExists", "ConstraintAlreadyExists", "IndexAlreadyExists")
_READ_ONLY_CODES = ("Statement.AccessMode", "Cluster.NotALeader", "General.ForbiddenOnReadOnlyDatabase")
_COUNTERS = ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
             "properties_set", "labels_added", "labels_removed", "indexes_added", "indexes_removed",
             "constraints_added", "constraints_removed")


def lucene_escape(word: str) -> str:
    """A word with Lucene's query syntax characters escaped, so it is only ever searched for."""
    return _LUCENE_SPECIAL.sub(r"\\\1", word)


def lucene_queries(words: list[str]) -> list[str]:
    """Lucene queries to try in order, every word required: prefix `w*`, then fuzzy `w~1`, then `w~2`.

    Lucene's fuzzy query counts a swapped pair of letters as one edit; words too short to blur stay exact.
    """
    pairs = [(len(w), lucene_escape(w)) for w in words if w]
    attempts = [
        " AND ".join(f"{w}*" if n > 1 else w for n, w in pairs),
        " AND ".join(f"{w}~1" if n > 3 else w for n, w in pairs),
        " AND ".join(f"{w}~2" if n > 5 else f"{w}~1" if n > 3 else w for n, w in pairs),
    ]
    return [a for a in dict.fromkeys(attempts) if a]


def _point_text(point: Point) -> str:
    """A spatial point in Cypher's own literal form, e.g. `point({srid: 4326, x: 2.35, y: 48.85})`."""
    axes = ", ".join(f"{axis}: {value}" for axis, value in zip("xyz", point, strict=False))
    return f"point({{srid: {point.srid}, {axes}}})"


def _to_value(value: Any) -> Any:
    """Turn the driver's graph, temporal and spatial values into the store protocol's plain values."""
    if isinstance(value, Node):
        return NodeValue(value.element_id, tuple(sorted(value.labels)), _to_value(dict(value)))
    if isinstance(value, Relationship):
        start = value.start_node.element_id if value.start_node is not None else ""
        end = value.end_node.element_id if value.end_node is not None else ""
        return EdgeValue(value.element_id, value.type, start, end, _to_value(dict(value)))
    if isinstance(value, Path):
        return PathValue(tuple(_to_value(n) for n in value.nodes),
                         tuple(_to_value(r) for r in value.relationships))
    if isinstance(value, Date | Time | DateTime):
        return value.iso_format()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, Point):
        return _point_text(value)
    if isinstance(value, list | tuple):
        return [_to_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_value(v) for k, v in value.items()}
    return value


def _translate(exc: Exception, cypher_text: str) -> StoreError:
    """The driver's error as one of Threadline's, keeping the server's own message."""
    if isinstance(exc, Neo4jError):
        code = exc.code or ""
        message = exc.message or str(exc)
        if any(code.endswith(c) for c in _READ_ONLY_CODES):
            return ReadOnlyViolation("this query would change the graph; it was refused (read-only). "
                                     "Use --write to allow changes.")
        timed_out = "TransactionTimedOut" in code or (
            code.endswith(("Transaction.Terminated", "Transaction.LockClientStopped"))
            and "timeout" in message.lower()
        )
        if timed_out:
            return QueryTimeout(f"the query ran past its time limit and was stopped: {cypher_text[:80]}")
        if isinstance(exc, AuthError):
            return StoreError(f"Neo4j refused the credentials (NEO4J_USERNAME, NEO4J_PASSWORD): {message}")
        return StoreError(f"the database refused the query: {message}")
    if isinstance(exc, ServiceUnavailable):
        return StoreError(f"cannot reach Neo4j: {exc}")
    return StoreError(f"the Neo4j driver failed: {exc}")


class Neo4jStore(CypherStore):
    """A `GraphStore` on a Neo4j 5 server, cluster or Aura, through the official driver."""

    kind = "neo4j"

    def __init__(self, uri: str, auth: tuple[str, str] | None, database: str | None = None) -> None:
        """Connect, then create the constraints and the full-text index when they are missing."""
        self.location = uri
        self._database = database
        try:
            self._driver: Driver = GraphDatabase.driver(uri, auth=auth)
        except (ValueError, DriverError) as exc:
            raise StoreError(f"cannot use {uri!r} as a Neo4j address: {exc}") from exc
        # Sessions share the bookmarks of `execute_query`, so a user's query sees the writes before it
        # even when a cluster routes it to another member (causal consistency).
        self._bookmarks = self._driver.execute_query_bookmark_manager
        try:
            self._driver.verify_connectivity()
            self._ensure_schema()
        except ServiceUnavailable as exc:
            self._driver.close()
            raise StoreError(f"cannot reach Neo4j at {uri}: {exc}") from exc
        except (Neo4jError, DriverError) as exc:
            self._driver.close()
            raise _translate(exc, "") from exc
        except BaseException:
            self._driver.close()
            raise

    @classmethod
    def from_env(cls, uri: str) -> Neo4jStore:
        """Open `uri` with NEO4J_USERNAME (default "neo4j"), NEO4J_PASSWORD and NEO4J_DATABASE."""
        password = os.environ.get("NEO4J_PASSWORD")
        auth = (os.environ.get("NEO4J_USERNAME") or "neo4j", password) if password is not None else None
        return cls(uri, auth, os.environ.get("NEO4J_DATABASE") or None)

    def _ensure_schema(self) -> None:
        """Create what is missing of the schema, tolerating another machine creating it at the same time.

        A user not allowed to change the schema (a reader's account) gets the schema an administrator made.
        """
        for statement in SCHEMA_STATEMENTS:
            try:
                self._driver.execute_query(statement, database_=self._database, routing_=RoutingControl.WRITE)
            except Neo4jError as exc:
                if (exc.code or "").startswith("Neo.ClientError.Security.Forbidden"):
                    return
                if not any(name in (exc.code or "") for name in _ALREADY_THERE):
                    raise StoreError(f"could not create the store's constraints and full-text index: "
                                     f"{exc.message or exc}") from exc
        self._driver.execute_query(AWAIT_FULLTEXT, {"seconds": _AWAIT_SECONDS}, database_=self._database,
                                   routing_=RoutingControl.WRITE)

    def _rows(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows of a READ transaction: read-only by the database's own rule, and routable to a reader."""
        try:
            records, _, keys = self._driver.execute_query(
                query, params or {}, database_=self._database, routing_=RoutingControl.READ
            )
        except (Neo4jError, DriverError) as exc:
            raise _translate(exc, query) from exc
        return [dict(zip(keys, record.values(), strict=True)) for record in records]

    def _write(self, query: str, params: dict[str, Any]) -> None:
        """Run one statement in one WRITE transaction, on the leader of a cluster.

        `execute_query` retries it whole on transient errors (a leader change, a deadlock between two
        ingesting machines): safe, because Threadline's writes are idempotent.
        """
        try:
            self._driver.execute_query(query, params, database_=self._database, routing_=RoutingControl.WRITE)
        except (Neo4jError, DriverError) as exc:
            raise _translate(exc, query) from exc

    def _fulltext_queries(self, words: list[str]) -> list[str]:
        """Lucene queries, prefix first, then fuzzy (see `lucene_queries`)."""
        return lucene_queries(words)

    def _fulltext(self, query: str, types: list[str], limit: int) -> list[dict[str, Any]]:
        """Hits of the full-text index over the folded names and aliases (`Entity.search`)."""
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
        """Run the user's Cypher in a READ (or, with `write`, WRITE) transaction the server times out."""
        check_parameters(params)
        mode = WRITE_ACCESS if write else READ_ACCESS
        columns: tuple[str, ...] = ()
        rows: list[tuple[Any, ...]] = []
        cut: str | None = None
        held = 0
        counters: dict[str, int] = {}
        try:
            # fetch_size: pull no more than the rows kept plus one, the one that tells of truncation.
            # The timeout goes to the server with the transaction (0 would mean none: never send it).
            with (
                self._driver.session(database=self._database, default_access_mode=mode,
                                     bookmark_manager=self._bookmarks, fetch_size=limit + 1) as session,
                session.begin_transaction(timeout=max(timeout, 0.001)) as tx,
            ):
                result = tx.run(cypher_text, params or {})
                columns = tuple(result.keys())
                # Records arrive in batches of fetch_size; stop at the row limit, or once what is held would
                # cost more than MAX_RESULT_BYTES (one record is only seen whole: see docs/EXPLORER.md).
                for record in result:
                    if len(rows) == limit:
                        cut = CUT_ROWS
                        break
                    row = tuple(_to_value(v) for v in record.values())
                    held += approx_size(row)
                    if held > MAX_RESULT_BYTES:
                        cut = CUT_MEMORY
                        break
                    rows.append(row)
                if write:
                    summary = result.consume()
                    counters = {name: int(getattr(summary.counters, name)) for name in _COUNTERS
                                if getattr(summary.counters, name, 0)}
                    if summary.counters.contains_updates:
                        tx.run(cypher.BUMP, {"epoch": cypher.new_epoch()}).consume()  # in the same transaction
                    tx.commit()
                else:
                    # Nothing to keep, and no reason to let the server finish what was not read.
                    tx.rollback()
        except (Neo4jError, DriverError) as exc:
            if isinstance(exc, Neo4jError) and (exc.code or "").endswith("MemoryPoolOutOfMemoryError"):
                # The server's own bound (db.memory.transaction.max) stopped the query: a memory cut.
                return QueryResult(columns=columns, rows=(), truncated=True, limit=limit, cut=CUT_MEMORY,
                                   max_bytes=MAX_RESULT_BYTES)
            raise _translate(exc, cypher_text) from exc
        return QueryResult(columns=columns, rows=tuple(rows), truncated=cut is not None, limit=limit,
                           counters=counters, cut=cut, max_bytes=MAX_RESULT_BYTES)

    def clear(self) -> None:
        """Delete every node and relationship, one bounded transaction at a time."""
        while True:
            try:
                records, _, _ = self._driver.execute_query(
                    CLEAR_BATCH, {"batch": _CLEAR_BATCH_SIZE}, database_=self._database,
                    routing_=RoutingControl.WRITE,
                )
            except (Neo4jError, DriverError) as exc:
                raise _translate(exc, CLEAR_BATCH) from exc
            if records[0]["deleted"] < _CLEAR_BATCH_SIZE:
                self._write(cypher.BUMP, {"epoch": cypher.new_epoch()})
                return

    @contextmanager
    def writer(self) -> Iterator[None]:
        """Hold the writer lock for the block: a write lock on one node, in a transaction rolled back at the end
        (Neo4j's own lock manager queues the other writers, on any machine)."""
        try:
            with (
                self._driver.session(database=self._database, default_access_mode=WRITE_ACCESS,
                                     bookmark_manager=self._bookmarks) as session,
                session.begin_transaction() as tx,
            ):
                tx.run(WRITER_LOCK).consume()
                try:
                    yield
                finally:
                    tx.rollback()
        except (Neo4jError, DriverError) as exc:
            raise _translate(exc, WRITER_LOCK) from exc

    def close(self) -> None:
        """Close the driver and its connection pool."""
        self._driver.close()

