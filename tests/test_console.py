"""graph.console: saved queries run read-only, parameters, and a result as a graph, a table, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest

from graph.console import canned_queries, parse_parameters, result_csv, result_json, result_subgraph, result_table
from tests.graphs import POLICE, SUPPLIER


def test_every_canned_query_runs_read_only_with_its_defaults(story_store):
    library = canned_queries()
    assert len(library) >= 5
    assert len({q.name for q in library}) == len(library)
    for query in library:
        assert query.description and query.cypher
        params = {p.name: p.default for p in query.parameters}
        result = story_store.run(query.cypher, params, limit=50)
        assert result.columns, query.name


def test_parameters_must_be_a_json_object():
    assert parse_parameters("") == {}
    assert parse_parameters('{"name": "x", "n": 2}') == {"name": "x", "n": 2}
    with pytest.raises(ValueError, match="not valid JSON"):
        parse_parameters("{name: x}")
    with pytest.raises(ValueError, match="JSON object"):
        parse_parameters("[1, 2]")


def test_query_results_become_a_graph_a_table_csv_and_json(story_store):
    result = story_store.run("MATCH (s:Entity)-[r:SUPPLIED_TO]->(t:Entity) RETURN s, r, t, s.name AS name")
    subgraph, dangling = result_subgraph(result)
    assert {e.name for e in subgraph.entities} == {SUPPLIER.name, POLICE.name} and dangling == 0
    assert subgraph.relations[0].type == "SUPPLIED_TO" and subgraph.relations[0].evidence
    assert subgraph.relations[0].source == SUPPLIER.id
    table = result_table(result)
    assert table[0]["name"] == SUPPLIER.name and json.loads(table[0]["s"])["name"] == SUPPLIER.name
    rows = list(csv.reader(io.StringIO(result_csv(result))))
    assert rows[0] == ["s", "r", "t", "name"] and rows[1][3] == SUPPLIER.name
    data = json.loads(result_json(result))
    assert data["truncated"] is False and data["rows"][0][3] == SUPPLIER.name
    only_edges, missing_ends = result_subgraph(story_store.run("MATCH ()-[r:SUPPLIED_TO]->() RETURN r"))
    assert only_edges.entities == () and missing_ends == 1
