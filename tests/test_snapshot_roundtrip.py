"""Issue 5's "Must show" on the demo store: exact round trips, tools that read the exports, the diff, the CLI.

The demo corpus is ingested once for the module (about 5 s): first all articles but the last two, when a
"before" snapshot is taken, then the last two, so the diff test knows exactly what they added.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest
from followthemoney import model
from typer.testing import CliRunner

import graph
from cli import app
from graph.snapshot import (
    Redaction,
    Snapshot,
    diff_snapshots,
    export_snapshot,
    import_snapshot,
    read_snapshot,
    redact,
    render_snapshot,
    snapshot_of_store,
)
from graph.snapshot.cypher_script import run_script, script_statements
from graph.store import GraphStore, open_store
from graph.store.falkordb_server import stop_server
from loaders.ingest import ingest_paths
from tests.conftest import ROOT
from tests.cypher_lint import lint, report

DEMO = ROOT / "data" / "articles"
runner = CliRunner()


@dataclass
class Demo:
    """The module's demo store, its directory, the snapshot before the last two articles, and those two."""
    store: GraphStore
    directory: Path
    before: Snapshot
    late_articles: list[Path]

    def snapshot(self) -> Snapshot:
        """The store as it is now."""
        return snapshot_of_store(self.store)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The demo corpus in an embedded store of this module's own, with a snapshot taken before the last two."""
    directory = tmp_path_factory.mktemp("demo") / "store"
    store = open_store(str(directory))
    try:
        files = sorted(DEMO.glob("*.txt"))
        assert ingest_paths(store, files[:-2]).ok
        before = snapshot_of_store(store)
        assert ingest_paths(store, files[-2:]).ok
        yield Demo(store, directory, before, files[-2:])
    finally:
        store.close()
        stop_server(directory)


def shape(snapshot: Snapshot) -> dict:
    """Every node, relationship, type and evidence count: what a lossy-looking format must still keep."""
    return {
        "entities": sorted((e.id, e.type) for e in snapshot.entities),
        "relations": sorted((r.key, r.type, r.source, r.target, r.sources, len(r.evidence))
                            for r in snapshot.relations),
        "articles": sorted(a.id for a in snapshot.articles),
        "mentions": sorted(snapshot.mentions),
    }


def test_demo_store_is_a_real_graph(demo):
    """The fixture holds the whole demo corpus, with facts from several articles."""
    counts = demo.snapshot().counts()
    assert counts["articles"] == 16 and counts["entities"] > 50 and counts["connections"] > 40
    assert any(r.sources > 1 for r in demo.snapshot().relations), "some facts come from several articles"


def test_json_export_import_export_is_byte_identical(demo, falkordb_store, tmp_path):
    """json -> empty store -> json gives the same bytes; importing again changes nothing; networkx reads it."""
    first = export_snapshot(demo.snapshot(), "json", tmp_path / "first.json").read_bytes()
    import_snapshot(falkordb_store, tmp_path / "first.json")
    assert falkordb_store.stats() == demo.store.stats()
    second = render_snapshot(snapshot_of_store(falkordb_store), "json")
    assert second == first
    import_snapshot(falkordb_store, tmp_path / "first.json")  # idempotent: a second import changes nothing
    assert render_snapshot(snapshot_of_store(falkordb_store), "json") == first
    data = json.loads(first)
    assert nx.node_link_graph(data, edges="links").number_of_edges() == len(data["links"])


def test_bundle_round_trip_is_byte_identical_and_its_manifest_is_complete(demo, falkordb_store, tmp_path):
    """bundle -> empty store -> bundle: the same files but the manifest's time; the manifest says it all."""
    original = demo.snapshot()
    export_snapshot(original, "bundle", tmp_path / "first.zip")
    import_snapshot(falkordb_store, tmp_path / "first.zip")
    export_snapshot(snapshot_of_store(falkordb_store), "bundle", tmp_path / "second")
    with zipfile.ZipFile(tmp_path / "first.zip") as archive:
        first = {name: archive.read(name) for name in archive.namelist()}
    second = {p.name: p.read_bytes() for p in (tmp_path / "second").iterdir()}
    assert sorted(first) == sorted(second) == ["factcheck.csv", "factcheck.md", "manifest.json", "snapshot.json",
                                               "view.html"]
    for name in ("snapshot.json", "factcheck.csv", "factcheck.md", "view.html"):
        assert first[name] == second[name], name
    assert first["snapshot.json"] == render_snapshot(original, "json")
    manifest, again = json.loads(first["manifest.json"]), json.loads(second["manifest.json"])
    assert {k: v for k, v in manifest.items() if k != "created_at"} == {k: v for k, v in again.items()
                                                                         if k != "created_at"}
    assert manifest["threadline_version"] == graph.__version__ and manifest["store"] == {"kind": "falkordb"}
    assert manifest["scope"] == {"kind": "store"} and manifest["counts"] == original.counts()
    assert manifest["content_sha256"] == hashlib.sha256(first["snapshot.json"]).hexdigest()
    assert manifest["files"]["view.html"]["sha256"] == hashlib.sha256(first["view.html"]).hexdigest()
    assert manifest["created_at"].endswith("+00:00") and manifest["redactions"] == []
    listed = {a["id"]: a for a in manifest["articles"]}
    assert set(listed) == {a.id for a in original.articles}
    for article in original.articles:
        assert (listed[article.id]["title"], listed[article.id]["outlet"], listed[article.id]["published"],
                listed[article.id]["source"]) == (article.title, article.outlet, article.published, article.source)


@pytest.mark.parametrize(("fmt", "name"), [("graphml", "demo.graphml"), ("csv", "csv"), ("csv", "csv.zip")])
def test_graphml_and_csv_round_trips_keep_every_node_relationship_type_and_evidence_count(
        demo, falkordb_store, tmp_path, fmt, name):
    """GraphML and CSV (folder and zip) keep every node, relationship, type and evidence count."""
    original = demo.snapshot()
    import_snapshot(falkordb_store, export_snapshot(original, fmt, tmp_path / name))
    back = snapshot_of_store(falkordb_store)
    assert shape(back) == shape(original)
    assert falkordb_store.stats() == demo.store.stats()
    # More than the bar: both formats carry evidence in full, so the graph comes back exactly.
    assert render_snapshot(back, "json") == render_snapshot(original, "json")


def test_csv_headers_follow_neo4j_admin_import(demo, tmp_path):
    """The headers use neo4j-admin's ID spaces, :LABEL, :TYPE and typed (array) columns."""
    out = export_snapshot(demo.snapshot(), "csv", tmp_path / "csv")
    headers = {p.name: p.read_text(encoding="utf-8").splitlines()[0] for p in out.glob("*.csv")}
    assert headers["entities.csv"].startswith("id:ID(Entity),:LABEL,name,type,aliases:string[]")
    assert headers["articles.csv"].startswith("id:ID(Article),:LABEL,title,text")
    assert headers["relations.csv"].startswith(":START_ID(Entity),:END_ID(Entity),:TYPE,key,sources:int")
    assert "ev_sentence:string[]" in headers["relations.csv"] and "ev_start:int[]" in headers["relations.csv"]
    assert headers["mentions.csv"] == ":START_ID(Article),:END_ID(Entity),:TYPE"
    assert "--array-delimiter=U+001F" in (out / "README.txt").read_text()


def test_networkx_reads_the_graphml_and_gexf_exports(demo):
    """networkx reads both, with types and evidence counts as attributes."""
    snapshot = demo.snapshot()
    counts = snapshot.counts()
    graphml = nx.read_graphml(io.BytesIO(render_snapshot(snapshot, "graphml")), force_multigraph=True)
    assert graphml.number_of_nodes() == counts["entities"] + counts["articles"]
    assert graphml.number_of_edges() == counts["connections"] + counts["mentions"]
    kinds = Counter(d["kind"] for _, _, d in graphml.edges(data=True))
    assert kinds == {"relation": counts["connections"], "mention": counts["mentions"]}
    relation = next(r for r in snapshot.relations if r.sources > 1)
    data = graphml.get_edge_data(relation.source, relation.target, relation.key)
    assert (data["type"], data["sources"], data["evidence_count"]) == (relation.type, relation.sources,
                                                                      len(relation.evidence))
    assert Counter(d["type"] for _, d in graphml.nodes(data=True) if d["kind"] == "entity") == Counter(
        e.type for e in snapshot.entities)
    gexf = nx.read_gexf(io.BytesIO(render_snapshot(snapshot, "gexf")))
    assert gexf.number_of_nodes() == counts["entities"] and gexf.number_of_edges() == counts["connections"]
    assert Counter(d["entity_type"] for _, d in gexf.nodes(data=True)) == Counter(e.type for e in snapshot.entities)
    assert sum(d["evidence_count"] for *_, d in gexf.edges(data=True)) == counts["evidence"]
    assert {d["relation"] for *_, d in gexf.edges(data=True)} == {r.type for r in snapshot.relations}


def test_ftm_export_validates_with_followthemoney(demo):
    """Every line is a valid FtM entity whose references stay inside the file."""
    snapshot = demo.snapshot()
    lines = render_snapshot(snapshot, "ftm").decode("utf-8").splitlines()
    entities = [json.loads(line) for line in lines]
    ids = {e["id"] for e in entities}
    assert len(ids) == len(entities)
    counts = snapshot.counts()
    assert len(entities) == counts["entities"] + counts["articles"] + counts["connections"] + counts["mentions"]
    for data in entities:
        schema = model.get(data["schema"])
        assert schema is not None and not schema.abstract, data["schema"]
        assert set(data["properties"]) <= set(schema.properties), data
        assert schema.validate(data) is None
        assert set(schema.required) <= set(data["properties"]), (data["schema"], schema.required)
        proxy = model.get_proxy(data, cleaned=False)
        cleaned = model.get_proxy(data, cleaned=True)
        assert cleaned.to_dict()["properties"] == proxy.to_dict()["properties"], "every value is valid as it is"
        for prop, values in data["properties"].items():
            if schema.properties[prop].type.name == "entity":
                assert set(values) <= ids, f"{data['id']}.{prop} points outside the file"
    schemata = Counter(e["schema"] for e in entities)
    assert schemata["Mention"] == counts["mentions"] and schemata["Article"] >= counts["articles"]
    assert {"Company", "Person", "PublicBody", "UnknownLink", "Documentation"} <= set(schemata)


def test_cypher_export_passes_neo4j_front_end_and_reproduces_the_counts(demo, falkordb_store):
    """No parameters, accepted by Neo4j's front end, and run into an empty store it rebuilds the graph."""
    script = render_snapshot(demo.snapshot(), "cypher").decode("utf-8")
    statements = script_statements(script)
    assert all(s.startswith("UNWIND [") and "$" not in s.split(" AS row ")[1] for s in statements)
    results = lint([*statements, "UNWIND [{id: 'x'] AS row MERGE (n:Entity {id: row.id})"])
    assert not any(r["errors"] for r in results[:-1]), report(results[:-1])
    assert results[-1]["errors"], "negative control: a broken statement must be refused"
    assert run_script(falkordb_store, script) == len(statements)
    assert falkordb_store.stats() == demo.store.stats()
    assert render_snapshot(snapshot_of_store(falkordb_store), "json") == render_snapshot(demo.snapshot(), "json")


def test_diff_before_and_after_two_articles_lists_exactly_what_they_added(demo):
    """The diff equals what the store says the two late articles mention and support, and nothing else."""
    after = demo.snapshot()
    diff = diff_snapshots(demo.before, after).to_json()
    new_articles = {a.id for a in after.articles} - {a.id for a in demo.before.articles}
    assert len(new_articles) == 2
    assert sorted(a["title"] for a in diff["articles"]["added"]) == sorted(
        a.title for a in after.articles if a.id in new_articles)
    # The oracle: what the store says the two new articles mention and support.
    mentioned = {e for a, e in after.mentions if a in new_articles}
    before_entities = demo.before.entity_map()
    assert {e["id"] for e in diff["entities"]["added"]} == mentioned - set(before_entities)
    for change in diff["entities"]["changed"]:
        assert change["id"] in mentioned and set(change) <= {"id", "name", "type", "aliases_added"}
    grown = {e.id for e in after.entities if e.id in before_entities
             and set(e.aliases) > set(before_entities[e.id].aliases)}
    assert {c["id"] for c in diff["entities"]["changed"]} == grown
    cited = {r.key: [ev for ev in r.evidence if ev.article_id in new_articles] for r in after.relations}
    cited = {k: v for k, v in cited.items() if v}
    before_relations = {r.key for r in demo.before.relations}
    assert {c["key"] for c in diff["connections"]["added"]} == set(cited) - before_relations
    changed = {c["key"]: c for c in diff["connections"]["changed"]}
    assert set(changed) == set(cited) & before_relations
    for key, change in changed.items():
        assert [ev["article_id"] for ev in change["evidence_added"]] == [ev.article_id for ev in cited[key]]
        assert set(change) - {"evidence_added"} == {"key", "type", "source", "target", "source_name",
                                                    "target_name", "sources", "evidence", "sources_before"}
    assert diff["entities"]["removed"] == [] and diff["connections"]["removed"] == []
    assert diff["articles"]["removed"] == []


def test_redacted_export_withholds_and_the_manifest_counts(demo, tmp_path):
    """A redacted bundle holds no trace of the withheld, and its manifest counts by rule."""
    snapshot = demo.snapshot()
    dropped = snapshot.articles[0]
    redacted = redact(snapshot, Redaction(exclude_types=("Person",), exclude_sources=(dropped.id,)))
    out = export_snapshot(redacted, "bundle", tmp_path / "redacted")
    text = (out / "snapshot.json").read_text(encoding="utf-8")
    assert dropped.id not in text and '"type": "Person"' not in text
    manifest = json.loads((out / "manifest.json").read_text())
    assert [r["rule"] for r in manifest["redactions"]] == ["exclude-type", "exclude-source"]
    assert manifest["redactions"][0]["removed"]["entities"] == sum(e.type == "Person" for e in snapshot.entities)
    assert dropped.id not in json.dumps(manifest) and dropped.title not in json.dumps(manifest["redactions"])
    for relation in read_snapshot(out).relations:
        assert relation.evidence and all(ev.article_id != dropped.id for ev in relation.evidence)


def test_cli_export_import_and_diff(demo, tmp_path):
    """threadline export (whole, --entity, --query), import and diff, and their errors."""
    store = str(demo.directory)
    out = tmp_path / "all.json"
    result = runner.invoke(app, ["export", "--format", "json", "--out", str(out), "--store", store])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == render_snapshot(demo.snapshot(), "json") and "wrote" in result.output
    around = tmp_path / "nso.graphml"
    result = runner.invoke(app, ["export", "--format", "graphml", "--out", str(around), "--entity", "NSO Group",
                                 "--depth", "1", "--exclude-type", "Location", "--store", store])
    assert result.exit_code == 0, result.output
    part = read_snapshot(around)
    assert part.scope["kind"] == "entities" and "Location" not in {e.type for e in part.entities}
    assert "redacted by --exclude-type" in result.output
    result = runner.invoke(app, ["export", "--format", "factcheck", "--out", str(tmp_path / "q.md"), "--query",
                                 "MATCH (s)-[r:SUPPLIED_TO]->(t) RETURN s, r, t", "--store", store])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "q.md").read_text().startswith("# Fact-check sheet")
    fresh = tmp_path / "fresh"
    try:
        result = runner.invoke(app, ["import", str(out), "--store", str(fresh)])
        assert result.exit_code == 0, result.output and "imported" in result.output
        result = runner.invoke(app, ["diff", str(out), "store", "--store", str(fresh)])
        assert result.exit_code == 0 and result.output.strip().endswith("No differences."), result.output
    finally:
        stop_server(fresh)
    result = runner.invoke(app, ["diff", str(tmp_path / "all.json"), str(around), "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["counts"]["entities"]["added"] == 0
    result = runner.invoke(app, ["export", "--format", "pdf", "--out", str(tmp_path / "x"), "--store", store])
    assert result.exit_code == 2 and "--format must be" in result.output
    result = runner.invoke(app, ["export", "--format", "json", "--out", str(tmp_path / "x"), "--entity",
                                 "No Such Entity Anywhere", "--store", store])
    assert result.exit_code == 1 and "no entity found" in result.output
    result = runner.invoke(app, ["import", str(tmp_path / "missing.json"), "--store", store])
    assert result.exit_code == 1 and "no such file" in result.output
