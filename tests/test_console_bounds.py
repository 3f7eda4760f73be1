"""Bounded console results: the row limit applies inside the database, an answer too big for memory is
dropped while it arrives, and the result says which cut happened."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from contextlib import closing

import pytest
from falkordb import Graph

from graph.console import cut_message, result_json
from graph.store.base import CUT_MEMORY, CUT_ROWS, QueryResult
from graph.store.falkordb import GRAPH_NAME
from graph.store.falkordb_console import ask, bounded_client, limited
from graph.store.falkordb_server import client
from graph.store.limits import MAX_RESULT_BYTES, approx_size
from graph.store.return_columns import return_columns
from tests.apptest import ok, open_app
from tests.conftest import ROOT
from tests.graphs import supply_story

MEMORY_BOUND = 2 * MAX_RESULT_BYTES
"""The peak RSS growth a console query may cause in the client (measured: about 23 MB for `RETURN range(1,
10000000)` with the 32 MB budget; unbounded, the same query took 82 s and gigabytes to decode)."""


def test_many_rows_stop_inside_the_database(falkordb_store):
    """Only limit + 1 rows of five million reach the client, and the result says the row limit cut it."""
    with closing(bounded_client(falkordb_store._socket, 30, MAX_RESULT_BYTES)) as connection:
        columns, rows, _ = ask(Graph(connection, GRAPH_NAME), "UNWIND range(1, 5000000) AS x RETURN x", {},
                               write=False, timeout_ms=20_000, limit=1000)
    assert columns == ("x",) and len(rows) == 1001 and rows[0] == [1] and rows[-1] == [1001]
    result = falkordb_store.run("UNWIND range(1, 5000000) AS x RETURN x", limit=1000, timeout=20)
    assert result.truncated and result.cut == CUT_ROWS and len(result.rows) == 1000
    assert result.rows[-1] == (1000,)
    assert cut_message(result).startswith("Truncated: only the first 1,000 rows")
    assert json.loads(result_json(result))["cut"] == "rows"


def test_a_cross_product_answers_its_first_rows_at_once(falkordb_store):
    """`MATCH (a),(b) RETURN a, b` is cut by the database: the rows kept are whole nodes, the cut is stated."""
    falkordb_store.write_article(supply_story())
    nodes = falkordb_store.run("MATCH (n) RETURN count(n) AS n").rows[0][0]
    result = falkordb_store.run("MATCH (a), (b) RETURN a, b", limit=5)
    assert nodes * nodes > 5 and result.truncated and result.cut == CUT_ROWS and len(result.rows) == 5
    assert result.columns == ("a", "b") and all(row[0].labels for row in result.rows)


@pytest.mark.slow
def test_a_huge_value_is_dropped_under_the_memory_bound(falkordb_store):
    """`RETURN range(1, 10000000)` as the Query page and `threadline query` run it: the client's peak memory
    grows by less than MEMORY_BOUND, and the result says it was cut for memory."""
    script = textwrap.dedent("""
        import json, resource, sys
        from graph.store import open_store
        store = open_store(sys.argv[1])
        small = store.run("RETURN range(1, 1000) AS r")  # warm up: imports and connections are not the query
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        big = store.run("RETURN range(1, 10000000) AS r", timeout=30)
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
        store.close()
        print(json.dumps({"grown": grown, "cut": big.cut, "truncated": big.truncated, "rows": len(big.rows),
                          "small": len(small.rows[0][0]), "small_cut": small.cut}))
    """)
    done = subprocess.run([sys.executable, "-c", script, falkordb_store.location], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=True)
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    assert measured["small"] == 1000 and measured["small_cut"] is None  # the same query, small, comes whole
    assert measured["truncated"] and measured["cut"] == CUT_MEMORY and measured["rows"] == 0
    assert measured["grown"] < MEMORY_BOUND, f"peak RSS grew {measured['grown'] / 2**20:.0f} MB"


def test_a_memory_cut_says_so_and_how_to_narrow_the_query():
    cut = QueryResult(columns=(), rows=(), truncated=True, limit=1000, cut=CUT_MEMORY, max_bytes=MAX_RESULT_BYTES)
    message = cut_message(cut)
    assert message.startswith("Cut for memory") and "(32 MB)" in message and "no rows are shown" in message
    assert "size(list)" in message and json.loads(result_json(cut))["cut"] == "memory"
    assert cut_message(QueryResult(columns=("x",), rows=((1,),), limit=1000)) is None


def test_columns_keep_the_order_the_query_gives(falkordb_store):
    """The wrapper's `RETURN *` sorts columns by name; the console gives them back as the query wrote them."""
    falkordb_store.write_article(supply_story())
    assert falkordb_store.run("RETURN 1 AS b, 2 AS a").columns == ("b", "a")
    result = falkordb_store.run("MATCH (n:Entity) RETURN n.type AS type, count(*) AS c, n.type IN ['Person'] "
                                "ORDER BY c DESC, type")
    assert result.columns == ("type", "c", "n.type IN ['Person']")
    assert result.rows[0][1] >= result.rows[-1][1] and isinstance(result.rows[0][0], str)


def test_queries_the_wrapper_cannot_hold_still_run_bounded(falkordb_store):
    """A bare procedure call, a trailing `;` or comment: run as written, the row limit applied as rows arrive."""
    labels = falkordb_store.run("CALL db.labels()", limit=1)
    assert labels.columns == ("label",) and len(labels.rows) == 1 and labels.truncated and labels.cut == CUT_ROWS
    assert falkordb_store.run("RETURN 1 AS x;").rows == ((1,),)
    assert falkordb_store.run("RETURN 2 AS x // the answer").rows == ((2,),)
    assert falkordb_store.run("UNWIND range(1, 3) AS i RETURN i", write=True).rows == ((1,), (2,), (3,))


def test_the_wrapper_keeps_a_trailing_comment_off_the_closing_brace():
    wrapped = limited("MATCH (n) RETURN n // all of them\n", 10)
    assert wrapped == "CALL {\nMATCH (n) RETURN n // all of them\n}\nRETURN * LIMIT 11"
    assert limited("RETURN 1 AS x ;", 0).startswith("CALL {\nRETURN 1 AS x\n}")


@pytest.mark.parametrize(("cypher", "columns"), [
    ("MATCH (a) RETURN a.i % 2 AS k, count(*) AS c", ["k", "c"]),
    ("MATCH (n) RETURN DISTINCT n.name, n ORDER BY n.name LIMIT 3", ["n.name", "n"]),
    ("CALL { RETURN 1 AS z } RETURN z, [x IN range(1, 3) | x] AS `l, m`", ["z", "l, m"]),
    ('RETURN f(a, b), "as, x" AS s // RETURN q', ["f(a, b)", "s"]),
    ("MATCH (a) RETURN a.x AS a UNION RETURN 1 AS a", ["a"]),
    ("RETURN {a: 1, b: 2} AS m, 'RETURN' AS r", ["m", "r"]),
    ("MATCH (n) RETURN *", None),
    ("CALL db.labels()", None),
])
def test_return_columns_reads_the_final_return(cypher, columns):
    assert return_columns(cypher) == columns


def test_approx_size_counts_text_and_values():
    assert approx_size("abc") > approx_size("") > 0
    assert approx_size(list(range(1000))) > 1000 * approx_size(1) - 1
    assert approx_size({"name": "x" * 10_000}) > 10_000


@pytest.mark.slow
def test_the_query_page_says_a_result_was_cut_for_memory(app_store):
    """The page runs the store's `run` as the CLI does, and says why nothing is shown."""
    at = ok(open_app("query", cypher="RETURN range(1, 10000000) AS r", timeout="30"))
    assert "Cut for memory" in at.warning[0].value and "no rows are shown" in at.warning[0].value
    assert len(at.dataframe[0].value) == 0
    small = ok(open_app("query", cypher="RETURN range(1, 10) AS r"))
    assert not small.warning and len(small.dataframe[0].value) == 1


def test_console_queries_leave_no_connection_open(falkordb_store):
    """Each query's own client is closed after it, a dropped answer's too: a long-running app does not pile up
    connections on the server."""
    with closing(client(falkordb_store._socket, 10)) as probe:
        before = probe.info("clients")["connected_clients"]
        for _ in range(10):
            assert falkordb_store.run("RETURN 1 AS one").rows == ((1,),)
        assert falkordb_store.run("RETURN range(1, 2000000) AS r").cut == CUT_MEMORY
        assert probe.info("clients")["connected_clients"] == before
