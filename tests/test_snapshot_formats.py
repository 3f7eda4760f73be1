"""Snapshot formats on small hand-built graphs: hostile strings, redaction, the import merge rule, scopes, diff."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from graph.errors import InvalidData
from graph.model import Entity, Subgraph
from graph.snapshot import (
    FORMATS,
    Redaction,
    build,
    diff_snapshots,
    diff_text,
    export_snapshot,
    import_snapshot,
    importer,
    read_snapshot,
    redact,
    render_files,
    render_snapshot,
    snapshot_of_entities,
    snapshot_of_query,
    snapshot_of_store,
    snapshot_of_subgraph,
)
from graph.snapshot.cypher_script import literal, quote_string, run_script, script_statements
from graph.snapshot.ftm import ftm_entities
from graph.spreadsheet import FORMULA_START, restore
from graph.store.base import ArticleGraph
from tests.cypher_lint import lint, report
from tests.graphs import BANK, POLICE, SENATOR, SUPPLIER, article, evidence, relation, supply_story

HOSTILE = ("<img src=x onerror=alert(1)>", '"><script>alert(2)</script>', "'); DROP GRAPH threadline; //",
           'quote " and \' and back\\slash \\n not a newline', "line one\nline two\r\nthree\ttab", "ends \\",
           '=HYPERLINK("http://x","y")', "@SUM(A1)", "+1", "-2+3", "\t=1", "'=x")
"""Markup, Cypher, quoting and line breaks, and text a spreadsheet would run as a formula."""
HOSTILE_TEXT = " ".join(f"{h} sold spyware to Ruritania." for h in HOSTILE)


def hostile_graph() -> ArticleGraph:
    """An article whose title, outlet, source, entity names, aliases, attributes and sentences are hostile."""
    a = article(HOSTILE_TEXT, title=HOSTILE[1] + " " + HOSTILE[4])
    a = type(a)(**{**a.__dict__, "outlet": HOSTILE[0], "source": "https://example.org/?q=" + HOSTILE[2]})
    vendors = [Entity(f"e-h{i}", h, "Company", (f"alias {h}", HOSTILE[(i + 1) % len(HOSTILE)]))
               for i, h in enumerate(HOSTILE)]
    buyer = Entity("e-ruritania", "Ruritania <b>police</b>", "GovernmentBody")
    relations = tuple(relation("SUPPLIED_TO", v, buyer, evidence(a, f"{h} sold spyware to Ruritania."), product=h)
                      for v, h in zip(vendors, HOSTILE, strict=True))
    return ArticleGraph(a, (*vendors, buyer), relations)


def test_hostile_strings_survive_every_importable_format_exactly(falkordb_store, tmp_path):
    """json, graphml, csv and bundle (folder and zip) give back exactly what went in."""
    falkordb_store.write_article(hostile_graph())
    original = snapshot_of_store(falkordb_store)
    targets = {"json": ["s.json"], "graphml": ["s.graphml"], "csv": ["csv", "csv.zip"],
               "bundle": ["bundle", "bundle.zip"]}
    for fmt, names in targets.items():
        for name in names:
            back = read_snapshot(export_snapshot(original, fmt, tmp_path / name))
            assert back.entities == original.entities, name
            assert back.relations == original.relations, name
            assert back.articles == original.articles, name
            assert back.mentions == original.mentions, name


def test_hostile_strings_in_the_cypher_script_are_quoted_and_load_exactly(falkordb_store, tmp_path):
    """One statement per line, accepted by Neo4j's front end, and the embedded store loads the same graph."""
    falkordb_store.write_article(hostile_graph())
    original = snapshot_of_store(falkordb_store)
    script = render_snapshot(original, "cypher").decode("utf-8")
    statements = script_statements(script)
    assert all("\n" not in s for s in statements)
    falkordb_store.clear()
    run_script(falkordb_store, script)
    assert render_snapshot(snapshot_of_store(falkordb_store), "json") == render_snapshot(original, "json")
    results = lint([*statements, "RETURN 'a'b' AS broken"])
    assert not any(r["errors"] for r in results[:-1]), report(results[:-1])
    assert results[-1]["errors"], "the linter must refuse an unescaped quote"


def test_cypher_literals_escape_what_must_be_escaped():
    """Backslash, quote and line breaks escaped; attribute keys quoted; NUL refused."""
    assert quote_string("it's \\ \"x\"\n\r\t") == "'it\\'s \\\\ \"x\"\\n\\r\\t'"
    assert literal({"a": [1, 2.5, None, True], "weird": "x"}) == "{`a`: [1, 2.5, null, true], `weird`: 'x'}"
    with pytest.raises(InvalidData):
        quote_string("nul\x00")


def test_hostile_strings_are_text_in_html_markdown_and_xml(falkordb_store):
    """No markup from article strings in HTML, Markdown, GraphML, GEXF; CSV and FtM keep them exactly."""
    falkordb_store.write_article(hostile_graph())
    snapshot = snapshot_of_store(falkordb_store)
    page = render_snapshot(snapshot, "html").decode("utf-8")
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page  # present as JSON data, drawn as text
    markdown = render_snapshot(snapshot, "factcheck", markdown=True).decode("utf-8")
    assert "<img" not in markdown and "<script" not in markdown and "&lt;img src=x onerror=alert(1)&gt;" in markdown
    rows = list(csv.DictReader(io.StringIO(render_snapshot(snapshot, "factcheck").decode("utf-8-sig"))))
    assert len(rows) == len(HOSTILE)
    assert {restore(r["from"]) for r in rows} == set(HOSTILE)  # exact once the apostrophe is taken off
    cells = [cell for row in rows for cell in row.values()]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells and "'@SUM(A1)" in cells and "'-2+3" in cells
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]  # no cell a spreadsheet would run
    assert all(f"{restore(r['from'])} sold spyware to Ruritania." in r["evidence"] for r in rows)
    for fmt in ("graphml", "gexf"):
        root = ET.fromstring(render_snapshot(snapshot, fmt))  # well-formed XML
        assert root.find(".//{*}script") is None and root.find(".//{*}img") is None
    gexf = nx.read_gexf(io.BytesIO(render_snapshot(snapshot, "gexf")))
    assert {gexf.nodes[n]["label"] for n in gexf} == {e.name for e in snapshot.entities}
    ftm = [json.loads(line) for line in render_snapshot(snapshot, "ftm").decode("utf-8").splitlines()]
    sentences = {s for d in ftm if d["schema"] == "UnknownLink" for s in d["properties"]["description"]}
    # followthemoney trims the whitespace around a value (the tab before "=1"); the rest is kept exactly.
    assert sentences == {f"{h} sold spyware to Ruritania.".strip() for h in HOSTILE}


def test_every_format_renders_or_writes(falkordb_store, tmp_path):
    """Each format writes; a folder holding other files is not overwritten."""
    falkordb_store.write_article(supply_story())
    snapshot = snapshot_of_store(falkordb_store)
    for fmt in FORMATS:
        files = render_files(snapshot, fmt)
        assert files and all(files.values()), fmt
        out = export_snapshot(snapshot, fmt, tmp_path / f"x-{fmt}")
        assert out.exists()
    assert (tmp_path / "x-csv").is_dir() and sorted(p.name for p in (tmp_path / "x-bundle").iterdir()) == [
        "factcheck.csv", "factcheck.md", "manifest.json", "snapshot.json", "view.html"]
    with pytest.raises(InvalidData, match="unknown format"):
        render_snapshot(snapshot, "pdf")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    with pytest.raises(InvalidData, match="other files"):
        export_snapshot(snapshot, "bundle", tmp_path / "busy")


def test_import_merges_idempotently_and_unions_evidence(falkordb_store):
    """Same ids merge, evidence from two articles is unioned, aliases grow, a second import changes nothing."""
    first = supply_story()
    second = supply_story("Thermo Fisher sold sequencers to police in Xinjiang, a second paper says.", "Again")
    # The second article states the same fact and knows Thermo Fisher by one more alias.
    thermo = Entity(SUPPLIER.id, SUPPLIER.name, SUPPLIER.type, ("Thermo Fisher", "Thermo"))
    a2 = second.article
    supplied = relation("SUPPLIED_TO", thermo, POLICE,
                        evidence(a2, "Thermo Fisher sold sequencers to police in Xinjiang, a second paper says."),
                        product="DNA sequencers")
    falkordb_store.write_article(first)
    only_first = snapshot_of_store(falkordb_store)
    falkordb_store.clear()
    falkordb_store.write_article(ArticleGraph(a2, (thermo, POLICE), (supplied,)))
    report_ = import_snapshot(falkordb_store, only_first)
    assert report_.articles == 1 and not report_.kept_types
    merged = snapshot_of_store(falkordb_store)
    fact = next(r for r in merged.relations if r.type == "SUPPLIED_TO")
    assert fact.sources == 2 and len(fact.evidence) == 2
    assert merged.entity_map()[SUPPLIER.id].aliases == ("Thermo", "Thermo Fisher")
    import_snapshot(falkordb_store, only_first)  # again: nothing changes
    assert snapshot_of_store(falkordb_store) == merged


def test_import_keeps_a_stored_type_and_writes_entities_no_article_mentions(falkordb_store):
    """Entities left without articles by a redaction are still imported, searchable; stored types win."""
    falkordb_store.write_article(supply_story())
    snapshot = snapshot_of_store(falkordb_store)
    lonely = redact(snapshot, Redaction(exclude_sources=(snapshot.articles[0].title,)))
    assert lonely.relations == () and lonely.articles == () and len(lonely.entities) == 3
    falkordb_store.clear()
    falkordb_store.write_article(ArticleGraph(article("Rubio is a company here."), (Entity(SENATOR.id, "Marco Rubio",
                                                                                           "Company"),), ()))
    result = import_snapshot(falkordb_store, lonely)
    assert result.kept_types == [SENATOR.id]
    stored = {e.id: e for e in falkordb_store.iter_entities()}
    assert set(stored) == {SUPPLIER.id, POLICE.id, SENATOR.id} and stored[SENATOR.id].type == "Company"
    assert stored[POLICE.id].aliases == POLICE.aliases
    assert falkordb_store.search("police in xinjiang")[0].entity.id == POLICE.id  # keys written for search


def test_relation_whose_end_is_mentioned_only_by_a_later_article_is_imported(falkordb_store):
    """An edge whose end arrives with a later article is written in the second pass."""
    a1, a2 = article("First text names nobody.", "First"), article("Second text names the bank.", "Second")
    fact = relation("FUNDED", BANK, SUPPLIER, evidence(a1, "First text names nobody."))
    falkordb_store.write_article(ArticleGraph(a1, (BANK, SUPPLIER), (fact,)))
    falkordb_store.write_article(ArticleGraph(a2, (BANK,), ()))
    original = snapshot_of_store(falkordb_store)
    # Say only the second article mentions the bank: the edge must wait for it.
    edited = type(original)(entities=original.entities, relations=original.relations, articles=original.articles,
                            mentions=tuple(m for m in original.mentions if m != (a1.id, BANK.id)))
    falkordb_store.clear()
    import_snapshot(falkordb_store, edited)
    assert snapshot_of_store(falkordb_store).relations == original.relations


def test_redaction_drops_types_entities_sources_and_counts_by_rule(falkordb_store):
    """Each rule removes what it says, connections left without evidence go, the record counts but names nothing."""
    falkordb_store.write_article(supply_story())
    second = supply_story("Thermo Fisher sold sequencers to police in Xinjiang. Rubio wrote to Thermo Fisher. More.",
                          "Second source")
    falkordb_store.write_article(second)
    snapshot = snapshot_of_store(falkordb_store)
    by_type = redact(snapshot, Redaction(exclude_types=("Person",)))
    assert {e.type for e in by_type.entities} == {"Company", "GovernmentBody"}
    assert {r.type for r in by_type.relations} == {"SUPPLIED_TO"}
    assert by_type.redactions == ({"rule": "exclude-type", "values": 1, "unmatched": 0, "types": ["Person"],
                                   "removed": {"entities": 1, "connections": 1, "evidence": 2, "mentions": 2,
                                               "articles": 0}},)
    by_source = redact(snapshot, Redaction(exclude_sources=("second source", "no such article")))
    assert [a.title for a in by_source.articles] == ["Sequencers"]
    assert all(r.sources == 1 for r in by_source.relations) and len(by_source.relations) == 2
    assert by_source.redactions[0]["unmatched"] == 1 and by_source.redactions[0]["removed"]["evidence"] == 2
    by_entity = redact(snapshot, Redaction(exclude_entities=("rubio",)))  # an alias, folded
    assert SENATOR.id not in by_entity.entity_map() and len(by_entity.relations) == 1
    manifest = json.loads(render_files(by_entity, "bundle")["manifest.json"])
    assert "Rubio" not in json.dumps(manifest["redactions"])  # counts, not content
    with pytest.raises(InvalidData, match="unknown entity type"):
        redact(snapshot, Redaction(exclude_types=("Spy",)))


def test_entity_scope_query_scope_and_view_scope(falkordb_store):
    """Neighbourhood by name or id and depth, a query's relationships or paths, an explorer view."""
    falkordb_store.write_article(supply_story())
    around = snapshot_of_entities(falkordb_store, ["Marco Rubio"], depth=1)
    assert {e.name for e in around.entities} == {"Marco Rubio", "Thermo Fisher Scientific"}
    assert [r.type for r in around.relations] == ["CONTACTED"]
    assert {e for _, e in around.mentions} == {SENATOR.id, SUPPLIER.id} and len(around.articles) == 1
    assert around.scope["kind"] == "entities" and around.scope["depth"] == 1
    wider = snapshot_of_entities(falkordb_store, ["e-rubio"], depth=2)
    assert len(wider.entities) == 3 and len(wider.relations) == 2
    with pytest.raises(InvalidData, match="no entity found"):
        snapshot_of_entities(falkordb_store, ["Nobody At All"])
    query = snapshot_of_query(falkordb_store, "MATCH (s)-[r:SUPPLIED_TO]->(t) RETURN r")
    assert [r.type for r in query.relations] == ["SUPPLIED_TO"] and len(query.entities) == 2
    assert query.scope == {"kind": "query", "query": "MATCH (s)-[r:SUPPLIED_TO]->(t) RETURN r"}
    path = snapshot_of_query(falkordb_store, "MATCH p = (:Person)-[]->(:Company) RETURN p")
    assert {e.id for e in path.entities} == {SENATOR.id, SUPPLIER.id}
    with pytest.raises(InvalidData, match="no nodes or relationships"):
        snapshot_of_query(falkordb_store, "MATCH (n:Entity) RETURN n.name")
    view = snapshot_of_subgraph(falkordb_store, Subgraph((SENATOR,), (), omitted=4),
                                {"kind": "view", "description": "the explorer"})
    assert view.scope == {"kind": "view", "description": "the explorer", "omitted": 4}
    assert [e.id for e in view.entities] == [SENATOR.id]


def test_diff_names_added_removed_and_changed(falkordb_store):
    """New entity, new alias, new connection, new evidence and new article, both ways, as JSON and text."""
    falkordb_store.write_article(supply_story())
    before = snapshot_of_store(falkordb_store)
    again = supply_story("Thermo Fisher sold sequencers to police in Xinjiang. Bank news.", "Two")
    bank_fact = relation("FUNDED", BANK, SUPPLIER, evidence(again.article, "Bank news."))
    thermo = Entity(SUPPLIER.id, SUPPLIER.name, SUPPLIER.type, ("Thermo Fisher", "TF <i>"))
    sold = relation("SUPPLIED_TO", thermo, POLICE,
                    evidence(again.article, "Thermo Fisher sold sequencers to police in Xinjiang."),
                    product="DNA sequencers")
    falkordb_store.write_article(ArticleGraph(again.article, (thermo, POLICE, BANK), (sold, bank_fact)))
    after = snapshot_of_store(falkordb_store)
    diff = diff_snapshots(before, after, "before", "after")
    data = diff.to_json()
    assert [e["id"] for e in data["entities"]["added"]] == [BANK.id]
    assert data["entities"]["changed"] == [{"id": SUPPLIER.id, "name": SUPPLIER.name, "type": "Company",
                                            "aliases_added": ["TF <i>"]}]
    assert [c["type"] for c in data["connections"]["added"]] == ["FUNDED"]
    (changed,) = data["connections"]["changed"]
    assert changed["type"] == "SUPPLIED_TO" and changed["sources_before"] == 1 and changed["sources"] == 2
    assert [ev["article_id"] for ev in changed["evidence_added"]] == [again.article.id]
    assert [a["title"] for a in data["articles"]["added"]] == ["Two"] and data["articles"]["removed"] == []
    back = diff_snapshots(after, before)
    assert back.to_json()["counts"]["entities"] == {"added": 0, "removed": 1, "changed": 1}
    text = diff_text(diff)
    assert "+ \u201cSociété Générale\u201d" in text and "new aliases \u201cTF <i>\u201d" in text
    assert diff_text(diff_snapshots(before, before)).endswith("No differences.")


def test_reading_bad_files_says_what_is_wrong(tmp_path, falkordb_store):
    """Wrong field types, unknown types, a tampered bundle, missing and unknown files are named."""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"nodes": [{"id": "x", "kind": "entity", "name": 3, "type": "Company"}],
                               "links": []}))
    with pytest.raises(InvalidData, match=r"nodes\[0\]\.name: expected str"):
        read_snapshot(bad)
    bad.write_text(json.dumps({"nodes": [{"id": "x", "kind": "entity", "name": "X", "type": "Spy"}], "links": []}))
    with pytest.raises(InvalidData, match="unknown entity type 'Spy'"):
        read_snapshot(bad)
    falkordb_store.write_article(supply_story())
    out = export_snapshot(snapshot_of_store(falkordb_store), "bundle", tmp_path / "b")
    data = (out / "snapshot.json").read_bytes()
    (out / "snapshot.json").write_bytes(data.replace(b"Marco Rubio", b"Marco Rubia"))
    with pytest.raises(InvalidData, match="does not match the manifest"):
        read_snapshot(out)
    with pytest.raises(InvalidData, match="no such file"):
        read_snapshot(tmp_path / "missing.json")
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(InvalidData, match="cannot tell the format"):
        read_snapshot(tmp_path / "notes.txt")


def test_ftm_maps_types_and_relations(falkordb_store):
    """Ownership, Payment, Directorship, Membership and Sanction where they fit."""
    a = article("Acme owns Beta. Beta funded Gamma. Ann is chief executive of Acme. Acme joined the Alliance.")
    acme, beta = Entity("e-acme", "Acme", "Company"), Entity("e-beta", "Beta", "Company")
    gamma, ann = Entity("e-gamma", "Gamma", "NGO"), Entity("e-ann", "Ann", "Person")
    alliance = Entity("e-all", "Alliance", "Organization")
    relations = (
        relation("OWNS", acme, beta, evidence(a, "Acme owns Beta.")),
        relation("FUNDED", beta, gamma, evidence(a, "Beta funded Gamma.")),
        relation("HAS_ROLE_AT", ann, acme, evidence(a, "Ann is chief executive of Acme."), role="chief executive"),
        relation("MEMBER_OF", acme, alliance, evidence(a, "Acme joined the Alliance.")),
        relation("SANCTIONED", Entity("e-gov", "Gov", "GovernmentBody"), acme, evidence(a, "Acme owns Beta.")),
    )
    gov = Entity("e-gov", "Gov", "GovernmentBody")
    falkordb_store.write_article(ArticleGraph(a, (acme, beta, gamma, ann, alliance, gov), relations))
    by_schema = {}
    for item in ftm_entities(snapshot_of_store(falkordb_store)):
        by_schema.setdefault(item["schema"], []).append(item)
    assert {k: len(v) for k, v in by_schema.items()} == {
        "Article": 1, "Company": 2, "Directorship": 1, "Membership": 1, "Mention": 6, "Organization": 2,
        "Ownership": 1, "Payment": 1, "Person": 1, "PublicBody": 1, "Sanction": 1}
    assert by_schema["Ownership"][0]["properties"]["owner"] == ["tl-ent-e-acme"]
    assert by_schema["Sanction"][0]["properties"]["authority"] == ["Gov"]


def test_the_snapshot_modules_own_cypher_passes_neo4j_front_end():
    """The reads and the entity merge run through `store.run` on Neo4j too: Neo4j's front end must accept them."""
    statements = [build.MENTIONS_ALL, build.MENTIONS_OF, build.RELATIONS_ALL,
                  {"query": importer.MERGE_ENTITIES.format(etype="Company"), "parameters": {"rows": []}}]
    results = lint(statements)
    assert not any(r["errors"] for r in results), report(results)
