"""The contract every graph store keeps, run against each backend (Neo4j only when NEO4J_URI is set)."""

from __future__ import annotations

import pytest

from graph.errors import QueryTimeout, ReadOnlyViolation, StoreError
from graph.model import Entity, name_key
from graph.snapshot.build import snapshot_of_store
from graph.snapshot.export import render_snapshot
from graph.store.base import ArticleGraph, EdgeValue, NodeValue
from tests.graphs import BANK, POLICE, SENATOR, SUPPLIER, article, evidence, relation, supply_story


def test_write_article_stores_article_entities_mentions_and_relations(store):
    store.write_article(supply_story())
    stats = store.stats()
    assert stats["articles"] == 1
    assert stats["entities"] == 3
    assert stats["entities_by_type"] == {"Company": 1, "GovernmentBody": 1, "Person": 1}
    assert stats["facts_by_type"] == {"CONTACTED": 1, "SUPPLIED_TO": 1}
    assert stats["facts"] == 2 and stats["mentions"] == 3


def test_writing_the_same_article_twice_changes_nothing(store):
    story = supply_story()
    store.write_article(story)
    before = (store.stats(), sorted(r.key for r in store.iter_relations()))
    store.write_article(story)
    assert (store.stats(), sorted(r.key for r in store.iter_relations())) == before
    (supplied,) = [r for r in store.iter_relations() if r.type == "SUPPLIED_TO"]
    assert len(supplied.evidence) == 1


def test_one_fact_from_three_articles_is_one_edge_with_three_sources(store):
    for n in range(3):
        store.write_article(supply_story(text=f"Thermo Fisher sold sequencers to police in Xinjiang. Rubio wrote to "
                                              f"Thermo Fisher. Story {n}.", title=f"Story {n}"))
    (supplied,) = [r for r in store.iter_relations() if r.type == "SUPPLIED_TO"]
    assert supplied.sources == 3
    assert {ev.sentence for ev in supplied.evidence} == {"Thermo Fisher sold sequencers to police in Xinjiang."}
    assert supplied.attributes == {"product": "DNA sequencers"}
    assert store.stats()["facts_by_type"]["SUPPLIED_TO"] == 1


def test_source_count_is_one_cheap_query(store):
    store.write_article(supply_story())
    store.write_article(supply_story(text="Police in Xinjiang bought Thermo Fisher sequencers. Thermo Fisher sold "
                                          "sequencers to police in Xinjiang. Rubio wrote to Thermo Fisher.", title="B"))
    result = store.run("MATCH (:Entity {id: $s})-[r:SUPPLIED_TO]->(:Entity {id: $t}) RETURN r.sources AS n",
                       {"s": SUPPLIER.id, "t": POLICE.id})
    assert result.rows == ((2,),)


def test_evidence_keeps_sentence_offsets_extractor_confidence_and_status(store):
    a = article("Rumour has it. The firm allegedly sold kits to the police.")
    ev = evidence(a, "The firm allegedly sold kits to the police.", status="alleged", confidence=0.6)
    store.write_article(ArticleGraph(a, (SUPPLIER, POLICE), (relation("SUPPLIED_TO", SUPPLIER, POLICE, ev),)))
    (stored,) = store.relations_of([SUPPLIER.id])
    assert stored.evidence == (ev,)
    assert a.text[ev.start:ev.end] == ev.sentence
    status = store.run("MATCH ()-[r:SUPPLIED_TO]->() RETURN r.status AS s, r.confidence AS c")
    assert status.rows == (("alleged", 0.6),)


def test_a_failed_write_leaves_nothing_behind(store):
    story = supply_story()
    store.write_article(story)
    before = store.stats()
    a = article("A second story about a bank.", "Bank")
    bad = relation("SUPPLIED_TO", BANK, POLICE, evidence(a, "A second story about a bank."))
    bad = type(bad)(bad.key, bad.type, bad.source, bad.target, {"nested": {"not": "allowed"}}, bad.evidence)
    with pytest.raises(StoreError):
        store.write_article(ArticleGraph(a, (BANK, POLICE), (bad,)))
    assert store.stats() == before
    assert not store.has_article(a.id)


def test_has_article_and_get_article(store):
    story = supply_story()
    assert not store.has_article(story.article.id)
    store.write_article(story)
    assert store.has_article(story.article.id)
    assert store.get_article(story.article.id) == story.article
    assert store.get_article("missing") is None
    (summary,) = store.articles()
    assert (summary.title, summary.entities, summary.outlet) == ("Sequencers", 3, "The Test Times")
    assert {e.name for e in store.article_entities(story.article.id)} == {e.name for e in story.entities}


def test_aliases_accumulate_and_lookup_finds_every_name(store):
    store.write_article(supply_story())
    a = article("Thermo Fisher Scientific Inc. again.", "Again")
    renamed = Entity(SUPPLIER.id, SUPPLIER.name, "Company", ("Thermo Fisher Scientific Inc.", "Thermo Fisher"))
    store.write_article(ArticleGraph(a, (renamed,), ()))
    (entity,) = store.get_entities([SUPPLIER.id])
    assert entity.aliases == ("Thermo Fisher", "Thermo Fisher Scientific Inc.")
    found = store.lookup([name_key("Thermo Fisher Scientific Inc."), name_key("thermo fisher"), "nobody"])
    assert set(found) == {"thermo fisher scientific inc", "thermo fisher"}
    assert found["thermo fisher"][0].id == SUPPLIER.id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thermo", "Thermo Fisher Scientific"),
        ("THERMO FISHER", "Thermo Fisher Scientific"),
        ("fisher sci", "Thermo Fisher Scientific"),
        ("thremo", "Thermo Fisher Scientific"),
        ("societe generale", "Société Générale"),
        ("Société", "Société Générale"),
        ("rubio", "Marco Rubio"),
        ("xinjiang", "Xinjiang police"),
    ],
)
def test_search_forgives_case_accents_and_typos(store, text, expected):
    store.write_article(supply_story())
    a = article("A bank story.", "Bank")
    store.write_article(ArticleGraph(a, (BANK,), ()))
    hits = store.search(text)
    assert hits and hits[0].entity.name == expected


def test_search_filters_by_type_and_counts_connections(store):
    store.write_article(supply_story())
    (hit,) = store.search("thermo", types=["Company"])
    assert hit.connections == 2
    assert store.search("thermo", types=["Person"]) == []
    assert store.search("   ") == []


def test_relations_of_between_and_degrees(store):
    store.write_article(supply_story())
    assert {r.type for r in store.relations_of([SUPPLIER.id])} == {"SUPPLIED_TO", "CONTACTED"}
    assert {r.type for r in store.relations_of([SUPPLIER.id], types=["CONTACTED"])} == {"CONTACTED"}
    assert {r.type for r in store.relations_between([SUPPLIER.id, POLICE.id])} == {"SUPPLIED_TO"}
    assert store.degrees([SUPPLIER.id, SENATOR.id, POLICE.id]) == {SUPPLIER.id: 2, SENATOR.id: 1, POLICE.id: 1}


def test_iterators_return_everything(store):
    story = supply_story()
    store.write_article(story)
    assert {e.id for e in store.iter_entities()} == {e.id for e in story.entities}
    assert {r.key for r in store.iter_relations()} == {r.key for r in story.relations}
    assert [a.id for a in store.iter_articles()] == [story.article.id]


def test_run_is_read_only_unless_write(store):
    store.write_article(supply_story())
    with pytest.raises(ReadOnlyViolation):
        store.run("CREATE (n:Intruder {name: 'x'})")
    with pytest.raises(ReadOnlyViolation):
        store.run("MATCH (n:Entity) SET n.name = 'changed'")
    assert store.run("MATCH (n:Intruder) RETURN count(n)").rows == ((0,),)
    assert store.run("MATCH (n:Entity) WHERE n.name = 'changed' RETURN count(n)").rows == ((0,),)
    store.run("CREATE (n:Note {text: $t})", {"t": "allowed"}, write=True)
    assert store.run("MATCH (n:Note) RETURN n.text").rows == (("allowed",),)


def test_run_states_truncation(store):
    result = store.run("UNWIND range(1, 50) AS i RETURN i", limit=10)
    assert result.truncated and result.cut == "rows" and len(result.rows) == 10 and result.rows[0] == (1,)
    full = store.run("UNWIND range(1, 5) AS i RETURN i", limit=10)
    assert not full.truncated and full.cut is None and len(full.rows) == 5


def test_run_cuts_an_answer_too_big_for_memory_and_says_so(store):
    """Twenty rows of 100,000 numbers each pass the memory bound: cut for memory, only whole rows kept (the
    embedded store drops the answer; Neo4j keeps the rows read before the bound)."""
    result = store.run("UNWIND range(1, 20) AS i RETURN i, range(1, 100000) AS r", limit=1000, timeout=30)
    assert result.truncated and result.cut == "memory" and len(result.rows) < 20
    assert all(len(row[1]) == 100_000 for row in result.rows)
    fits = store.run("UNWIND range(1, 20) AS i RETURN i, range(1, 100) AS r", limit=1000)
    assert not fits.truncated and len(fits.rows) == 20 and fits.rows[-1][1][-1] == 100


def test_run_stops_at_the_time_limit(store):
    with pytest.raises(QueryTimeout):
        store.run("UNWIND range(1, 3000) AS a UNWIND range(1, 3000) AS b WITH a, b WHERE (a * b) % 7 = 3 "
                  "RETURN count(*)", timeout=0.05)


def test_run_returns_nodes_and_edges_as_values(store):
    store.write_article(supply_story())
    result = store.run("MATCH (a:Entity)-[r:SUPPLIED_TO]->(b:Entity) RETURN a, r, b")
    a, r, b = result.rows[0]
    assert isinstance(a, NodeValue) and "Company" in a.labels and a.properties["name"] == SUPPLIER.name
    assert isinstance(r, EdgeValue) and r.type == "SUPPLIED_TO" and (r.start, r.end) == (a.id, b.id)
    assert result.columns == ("a", "r", "b")


def test_run_refuses_bad_syntax_with_a_store_error(store):
    with pytest.raises(StoreError):
        store.run("RETRUN 1")


def test_article_strings_are_data_never_code(store):
    hostile = Entity("e-x", "x'}) DETACH DELETE n //", "Company", ("<img src=x onerror=alert(1)>",))
    a = article("A hostile story.", "'; MATCH (n) DETACH DELETE n; //")
    store.write_article(ArticleGraph(a, (hostile, SUPPLIER), ()))
    store.write_article(supply_story())
    assert store.get_entities(["e-x"])[0] == hostile
    assert store.get_article(a.id).title == a.title
    assert store.stats()["articles"] == 2


def test_clear_empties_the_store(store):
    store.write_article(supply_story())
    store.clear()
    assert store.stats()["entities"] == 0 and store.stats()["articles"] == 0


# --- change counter and writer lock (what lets the app follow other processes' writes, and ingests run at once) --

def test_changes_moves_with_every_kind_of_write_and_only_then(store):
    seen = [store.changes()]

    def moved() -> bool:
        now = store.changes()
        fresh = now not in seen
        seen.append(now)
        return fresh

    store.write_article(supply_story())
    assert moved()
    store.get_entities([SUPPLIER.id]), store.search("thermo"), store.stats(), store.articles()
    store.run("MATCH (n:Entity) RETURN n.name")
    assert not moved()
    store.run("MATCH (n:Entity {id: 'nobody'}) SET n.name = 'x'", write=True)  # a write that changed nothing
    assert not moved()
    store.run("MATCH (n:Entity {id: $id}) SET n.name = 'Thermo'", {"id": SUPPLIER.id}, write=True)
    assert moved()
    store.run("MATCH (n:Entity {id: $id}) REMOVE n.name", {"id": SUPPLIER.id}, write=True)
    assert moved()
    store.clear()
    assert moved()
    store.run("MATCH (n) DETACH DELETE n", write=True)  # the counter itself deleted by a user: it starts afresh
    assert moved()
    store.write_article(supply_story())
    assert moved()


def test_the_change_counter_is_never_an_entity_article_or_fact(store):
    store.write_article(supply_story())
    store.clear()
    assert store.changes() != ""
    assert store.run("MATCH (n) RETURN count(n)").rows == ((1,),)  # only the counter is left
    assert store.stats() == {"articles": 0, "entities": 0, "facts": 0, "mentions": 0, "entities_by_type": {},
                             "facts_by_type": {}}
    store.write_article(supply_story())
    assert store.stats()["entities"] == 3 and store.stats()["facts"] == 2 and store.stats()["mentions"] == 3
    assert {e.id for e in store.iter_entities()} == {e.id for e in supply_story().entities}
    assert len(list(store.iter_relations())) == 2 and len(list(store.iter_articles())) == 1
    assert store.search("changes") == [] and store.lookup(["changes"]) == {}
    assert [a.title for a in store.articles()] == ["Sequencers"]
    snapshot = snapshot_of_store(store)
    assert (len(snapshot.entities), len(snapshot.relations), len(snapshot.articles), len(snapshot.mentions)) == (
        3, 2, 1, 3)
    for fmt in ("json", "cypher", "graphml"):
        exported = render_snapshot(snapshot, fmt).decode()
        assert SUPPLIER.name in exported and "StoreMeta" not in exported and store.changes() not in exported


def test_the_writer_lock_makes_a_second_writer_wait(store):
    import threading
    import time

    order: list[str] = []
    held = threading.Event()

    def second() -> None:
        held.wait()
        with store.writer():
            order.append("second in")

    thread = threading.Thread(target=second)
    thread.start()
    with store.writer():
        held.set()
        time.sleep(0.3)  # the second writer is waiting meanwhile
        order.append("first out")
    thread.join(10)
    assert order == ["first out", "second in"]
