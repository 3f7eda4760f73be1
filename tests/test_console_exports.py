"""Query results as CSV are safe in a spreadsheet (no cell runs as a formula), while JSON and the snapshot
exports keep every text exactly, formula-like text included, through `import`."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

from typer.testing import CliRunner

from cli import app
from graph.console import result_csv, result_json
from graph.model import Entity
from graph.snapshot import export_snapshot, import_snapshot, read_snapshot, snapshot_of_store
from graph.snapshot.neo4j_csv import render_csv_files
from graph.spreadsheet import FORMULA_START, neutralise, restore
from graph.store.base import ArticleGraph, QueryResult
from tests.graphs import article, evidence, relation

FORMULAS = ('=HYPERLINK("http://x","y")', "@SUM(A1) of the budget", "+1", "-2+3", "\t=1", "'=x", "\r=2")
"""Text that Excel or LibreOffice would run, and an apostrophe that must survive the escape."""
QUERY = ("MATCH (s:Entity)-[r:SUPPLIED_TO]->(t:Entity)<-[:MENTIONS]-(a:Article) "
         "RETURN a.title AS title, s.name AS name, s.aliases AS aliases, r.ev_sentence[0] AS sentence, "
         "r.product AS product, -5 AS minus, 2.5 AS half ORDER BY name")
runner = CliRunner()


def formula_graph() -> ArticleGraph:
    """One article whose title, outlet, names, aliases, products and sentences each start like a formula."""
    sentences = [f"{f} sold kit to the ministry." for f in FORMULAS]
    a = article(" ".join(sentences), title=FORMULAS[0])
    a = replace(a, outlet="@outlet", source="=source.html")
    buyer = Entity("e-ministry", "-Ministry", "GovernmentBody", ("+ministry",))
    sellers = [Entity(f"e-f{i}", f, "Company", (f"'{f}", "=alias")) for i, f in enumerate(FORMULAS)]
    relations = tuple(relation("SUPPLIED_TO", s, buyer, evidence(a, sentence), product=f)
                      for s, sentence, f in zip(sellers, sentences, FORMULAS, strict=True))
    return ArticleGraph(a, (*sellers, buyer), relations)


def cells(text: str) -> list[list[str]]:
    """Every row of a CSV text, as Python's csv module reads it."""
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_no_formula(rows: list[list[str]]) -> None:
    """No cell starts with a character that makes a spreadsheet compute it (numbers aside: see below)."""
    text = [cell for row in rows for cell in row if cell not in {"-5", "2.5"}]
    assert text and not [cell for cell in text if cell.startswith(FORMULA_START)]


def test_neutralise_is_reversible_and_leaves_plain_text_alone():
    for text in (*FORMULAS, "'", "''", "", "plain", "a=b", " =x", "'plain"):
        assert restore(neutralise(text)) == text
        assert not neutralise(text).startswith(FORMULA_START)
    assert neutralise("Thermo Fisher") == "Thermo Fisher" and neutralise("=1") == "'=1"
    assert neutralise("'=x") == "''=x" and restore("'plain") == "'plain"


def test_query_csv_from_the_console_and_the_cli_runs_no_formula(falkordb_store):
    falkordb_store.write_article(formula_graph())
    result = falkordb_store.run(QUERY)
    assert len(result.rows) == len(FORMULAS)
    console = cells(result_csv(result))  # what the Query page's "Download CSV" offers
    cli = runner.invoke(app, ["query", QUERY, "--format", "csv", "--store", falkordb_store.location])
    assert cli.exit_code == 0, cli.output
    assert cells(cli.output) == console
    assert console[0] == ["title", "name", "aliases", "sentence", "product", "minus", "half"]
    assert_no_formula(console)
    body = console[1:]
    # Every text cell gives back the stored text exactly once its one apostrophe is taken off.
    assert sorted(restore(row[1]) for row in body) == sorted(FORMULAS)
    assert {restore(row[0]) for row in body} == {FORMULAS[0]}
    for name, aliases, sentence, product in ((restore(r[1]), r[2], restore(r[3]), restore(r[4])) for r in body):
        assert sentence == f"{name} sold kit to the ministry." and product == name
        assert json.loads(aliases) == [f"'{name}", "=alias"]  # a list cell is JSON: it starts with [
    # Numbers come from the query, not from an article: they stay numbers a spreadsheet can add up.
    assert {(row[5], row[6]) for row in body} == {("-5", "2.5")}


def test_query_json_keeps_text_exactly(falkordb_store):
    falkordb_store.write_article(formula_graph())
    data = json.loads(result_json(falkordb_store.run(QUERY)))
    assert sorted(row[1] for row in data["rows"]) == sorted(FORMULAS) and data["rows"][0][5] == -5


def test_a_header_from_the_query_is_neutralised_too():
    result = QueryResult(columns=("=cmd", "ok"), rows=(("@x", 3),))
    assert cells(result_csv(result)) == [["'=cmd", "ok"], ["'@x", "3"]]


def test_json_and_csv_snapshots_give_back_every_text_exactly(falkordb_store, tmp_path):
    """Export, clear the store, import: every text field of every entity, relation and article is as stored."""
    falkordb_store.write_article(formula_graph())
    original = snapshot_of_store(falkordb_store)
    files = render_csv_files(original)
    titles = [row[2] for row in cells(files["articles.csv"].decode("utf-8"))[1:]]
    assert titles == [FORMULAS[0]]  # the neo4j-admin CSV is exact, for Neo4j ...
    assert b"Do not open these files in a spreadsheet" in files["README.txt"]  # ... and says so
    for fmt, out in (("json", tmp_path / "s.json"), ("csv", tmp_path / "csv")):
        export_snapshot(original, fmt, out)
        assert read_snapshot(out).entities == original.entities
        falkordb_store.clear()
        import_snapshot(falkordb_store, out)
        back = snapshot_of_store(falkordb_store)
        assert back.entities == original.entities, fmt
        assert back.articles == original.articles, fmt
        assert back.relations == original.relations, fmt
        assert {e.name for e in back.entities} >= set(FORMULAS)
        assert {ev.sentence for r in back.relations for ev in r.evidence} == {
            f"{f} sold kit to the ministry." for f in FORMULAS}
