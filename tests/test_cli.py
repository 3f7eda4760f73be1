"""The `threadline` command line, run in-process on real temporary stores."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli import app
from graph.store import open_store
from graph.store.falkordb_server import is_running, stop_server
from tests.graphs import supply_story

runner = CliRunner()


@pytest.fixture
def store_dir(tmp_path):
    directory = tmp_path / "store"
    store = open_store(str(directory))
    store.write_article(supply_story())
    store.close()
    yield str(directory)
    stop_server(directory)


def test_query_is_read_only_and_says_so(store_dir):
    result = runner.invoke(app, ["query", "CREATE (n:X)", "--store", store_dir])
    assert result.exit_code == 1
    assert "read-only" in result.output and "--write" in result.output
    count = runner.invoke(app, ["query", "MATCH (n:X) RETURN count(n) AS n", "--store", store_dir, "--format", "json"])
    assert json.loads(count.output)["rows"] == [[0]]


def test_query_write_changes_the_graph_when_asked(store_dir):
    result = runner.invoke(app, ["query", "CREATE (n:X {v: $v})", "--param", "v=3", "--write", "--store", store_dir])
    assert result.exit_code == 0, result.output
    count = runner.invoke(app, ["query", "MATCH (n:X) RETURN n.v AS v", "--store", store_dir, "--format", "csv"])
    assert count.output.splitlines() == ["v", "3"]


def test_query_states_truncation(store_dir):
    result = runner.invoke(app, ["query", "UNWIND range(1, 20) AS i RETURN i", "--limit", "5", "--store", store_dir])
    assert result.exit_code == 0
    assert "truncated: only the first 5 rows" in result.output.lower()
    assert result.output.count("\n") >= 7


def test_query_table_shows_nodes_as_json(store_dir):
    result = runner.invoke(app, ["query", "MATCH (n:Person) RETURN n.name AS name, n", "--store", store_dir])
    assert result.exit_code == 0
    header, rule, row = result.output.splitlines()[:3]
    assert header.split(" | ")[0].strip() == "name" and set(rule) <= {"-", "+"}
    assert row.startswith("Marco Rubio") and '"_labels"' in row


def test_stats_json_has_the_documented_keys(store_dir):
    result = runner.invoke(app, ["stats", "--json", "--store", store_dir])
    numbers = json.loads(result.output)
    assert set(numbers) == {"articles", "entities", "facts", "mentions", "entities_by_type", "facts_by_type"}
    assert numbers["articles"] == 1 and numbers["facts_by_type"] == {"CONTACTED": 1, "SUPPLIED_TO": 1}
    assert numbers["facts"] == 2 and numbers["mentions"] == 3


def test_extract_prints_the_contract_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("THREADLINE_STORE", str(tmp_path / "never"))
    article = tmp_path / "story.txt"
    article.write_text("Acme sells cameras\n\nAcme Corp, a company based in Lyon, sold cameras to the police in "
                       "Ruritania, according to Amnesty International.\n", encoding="utf-8")
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"id": "given-id", "text": "Marc Casper is the CEO of Thermo Fisher Scientific.",
                                "title": "T"}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(article), "--docs", str(docs)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["document"]["id"] for line in lines] == ["given-id", "story"]
    for line in lines:
        assert set(line) == {"document", "entities", "relations"}
        ids = {e["id"] for e in line["entities"]}
        for entity in line["entities"]:
            assert set(entity) >= {"id", "name", "type", "aliases", "mentions"}
        for relation in line["relations"]:
            assert {relation["source"], relation["target"]} <= ids
            assert set(relation) >= {"type", "source", "target", "evidence", "start", "end", "confidence",
                                     "attributes"}
    assert not (tmp_path / "never").exists()


def test_ingest_reports_bad_files_and_exits_1(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("Acme Corp sold cameras to the police.\n", encoding="utf-8")
    (tmp_path / "in" / "bad.txt").write_bytes(b"\x00\x01binary")
    store = tmp_path / "store"
    try:
        result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--store", str(store)])
        assert result.exit_code == 1
        assert "bad.txt: binary file" in result.output
        assert "1 added" in result.output
    finally:
        stop_server(store)


def test_stop_stops_the_server(store_dir):
    assert is_running(store_dir)
    assert runner.invoke(app, ["stop", "--store", store_dir]).output.strip() == "stopped"
    assert not is_running(store_dir)
    assert runner.invoke(app, ["stop", "--store", store_dir]).output.strip() == "no server was running"


def test_ingest_stats_and_import_speak_of_the_same_counts(tmp_path):
    """Ingest ends with what it added and the store's totals in the words `stats` uses, and the numbers agree."""
    article = tmp_path / "story.txt"
    article.write_text("Acme sells cameras\n\nAcme Corp, a company based in Lyon, sold cameras to the police in "
                       "Ruritania, according to Amnesty International.\n", encoding="utf-8")
    store, copy = tmp_path / "store", tmp_path / "copy"
    try:
        ingested = runner.invoke(app, ["ingest", str(article), "--store", str(store)])
        assert ingested.exit_code == 0, ingested.output
        summary, added, totals = ingested.output.splitlines()[-3:]
        assert summary == "1 added, 0 already in the store, 0 failed"
        numbers = json.loads(runner.invoke(app, ["stats", "--json", "--store", str(store)]).output)
        assert numbers["facts"] == sum(numbers["facts_by_type"].values()) >= 1 and numbers["mentions"] >= 2
        expected = (f"{numbers['articles']} articles, {numbers['entities']} entities, {numbers['facts']} facts, "
                    f"{numbers['mentions']} mentions")
        assert added == f"added {expected}" and totals == f"the store now holds {expected}"
        text = runner.invoke(app, ["stats", "--store", str(store)]).output.splitlines()
        assert text[0] == f"the store holds {expected}"
        assert "facts by type:" in text and "  MENTIONS: " not in "\n".join(text)
        again = runner.invoke(app, ["ingest", str(article), "--store", str(store)])
        assert again.output.splitlines()[-2:] == ["added 0 articles, 0 entities, 0 facts, 0 mentions",
                                                  f"the store now holds {expected}"]
        snapshot = tmp_path / "snap.json"
        assert runner.invoke(app, ["export", "--format", "json", "--out", str(snapshot), "--store", str(store)]
                             ).exit_code == 0
        imported = runner.invoke(app, ["import", str(snapshot), "--store", str(copy)])
        assert imported.exit_code == 0, imported.output
        assert imported.output.splitlines()[-2:] == [f"added {expected}", f"the store now holds {expected}"]
    finally:
        stop_server(store)
        stop_server(copy)
