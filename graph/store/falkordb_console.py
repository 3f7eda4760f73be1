"""Bounded answers for the embedded store's console: the row limit runs inside FalkorDB, and the client stops
reading an answer once it passes a memory budget (its bytes plus a cost per value), so no query can fill the
app's memory.

FalkorDB 4.16 offers `RESULTSET_SIZE` and `QUERY_MEM_CAPACITY`, but both are server-wide settings (the first
cuts silently, and would cut Threadline's own reads too), so the console does its bounding per query:
the user's Cypher runs as `CALL { ... } RETURN * LIMIT n+1`, which FalkorDB evaluates lazily (a cross
product of 9 million rows answers its first 11 at once), and the socket the reply arrives on keeps count.
"""

from __future__ import annotations

import socket
from typing import Any

import redis
from falkordb import Graph
from falkordb.query_result import QueryResult as FalkorResult
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph.store.limits import ELEMENT_BYTES
from graph.store.return_columns import return_columns

# Server refusals that the unwrapped query would meet too: retrying them would only double the wait.
_FINAL_ERRORS = ("read-only", "timed out", "mem consumption")


class AnswerTooLarge(Exception):
    """The answer passed the byte budget while arriving (or FalkorDB's own memory capacity) and was dropped."""


class _CountingSocket:
    """A socket that raises `AnswerTooLarge` once what it received would cost more than `budget` decoded:
    its bytes, plus `ELEMENT_BYTES` for each value in it (every RESP value ends with a CRLF)."""

    def __init__(self, sock: socket.socket, budget: int) -> None:
        self._sock = sock
        self._left = budget

    def _take(self, data: bytes | memoryview) -> None:
        self._left -= len(data) + ELEMENT_BYTES * bytes(data).count(b"\r\n")
        if self._left < 0:
            raise AnswerTooLarge

    def recv(self, size: int, *flags: int) -> bytes:
        data = self._sock.recv(size, *flags)
        self._take(data)
        return data

    def recv_into(self, buffer: Any, nbytes: int = 0, *flags: int) -> int:
        count = self._sock.recv_into(buffer, nbytes, *flags)
        self._take(memoryview(buffer)[:count])
        return count

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class _BoundedConnection(redis.UnixDomainSocketConnection):
    """A Unix-socket connection whose replies, all told, may not exceed `max_bytes`."""

    def __init__(self, *, max_bytes: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_bytes = max_bytes

    def _connect(self) -> Any:
        return _CountingSocket(super()._connect(), self.max_bytes)


def bounded_client(sock: str, timeout: float, max_bytes: int) -> redis.Redis:
    """A client for one console query: no retries, answers decoded as text, at most `max_bytes` read."""
    pool = redis.ConnectionPool(connection_class=_BoundedConnection, path=sock, max_bytes=max_bytes,
                                socket_timeout=timeout, socket_connect_timeout=timeout,
                                retry=Retry(NoBackoff(), 0), decode_responses=True)
    return redis.Redis.from_pool(pool)  # the client owns the pool: closing it closes the socket


def limited(cypher_text: str, limit: int) -> str:
    """The user's query inside a subquery whose LIMIT the database applies (one row past `limit` tells of
    more). Line breaks keep a trailing `//` comment from swallowing the closing brace."""
    body = cypher_text.strip().rstrip(";").rstrip()
    return f"CALL {{\n{body}\n}}\nRETURN * LIMIT {int(limit) + 1}"


def in_order(result: FalkorResult, cypher_text: str) -> tuple[tuple[str, ...], list[list[Any]]]:
    """Columns and rows in the order the user's RETURN names them (`RETURN *` sorted them by name); as they
    came when the text does not say, or says differently."""
    columns = tuple(h[1] if isinstance(h, list | tuple) else h for h in (result.header or []))
    rows = result.result_set or []
    wanted = return_columns(cypher_text)
    if wanted is None or sorted(wanted) != sorted(columns) or len(set(columns)) != len(columns):
        return columns, rows
    index = [columns.index(name) for name in wanted]
    return tuple(wanted), [[row[i] for i in index] for row in rows]


def ask(graph: Graph, cypher_text: str, params: dict[str, Any], *, write: bool, timeout_ms: int,
        limit: int) -> tuple[tuple[str, ...], list[list[Any]], FalkorResult]:
    """Run a console query with its row limit inside the database when the query allows it.

    A read is first tried wrapped; a query the wrapper cannot hold (a bare `CALL db.labels()`, repeated column
    names) runs as written, still under the byte budget, and its rows are cut here. Writes run as written.
    `AnswerTooLarge` means the answer was dropped for its size.
    """
    if not write:
        try:
            result = graph.ro_query(limited(cypher_text, limit), params, timeout=timeout_ms)
            columns, rows = in_order(result, cypher_text)
            return columns, rows, result
        except redis.ResponseError as exc:
            if any(word in str(exc) for word in _FINAL_ERRORS):
                _raise_if_memory(exc)
                raise
    call = graph.query if write else graph.ro_query
    try:
        result = call(cypher_text, params, timeout=timeout_ms)
    except redis.ResponseError as exc:
        _raise_if_memory(exc)
        raise
    columns = tuple(h[1] if isinstance(h, list | tuple) else h for h in (result.header or []))
    return columns, result.result_set or [], result


def _raise_if_memory(exc: redis.ResponseError) -> None:
    """FalkorDB's own memory capacity (QUERY_MEM_CAPACITY, when a server sets it) reads as a memory cut."""
    if "mem consumption" in str(exc):
        raise AnswerTooLarge from exc
