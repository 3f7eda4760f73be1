"""graph.views: finding an entity, neighbourhoods with their caps and paging, and views grown from seeds."""

from __future__ import annotations

from graph.views import ViewSpec, build_view, find_entity, neighbourhood
from tests.graphs import BANK, POLICE, SENATOR, SUPPLIER, hub_story


def test_neighbourhood_caps_and_counts_what_it_leaves_out(falkordb_store):
    falkordb_store.write_article(hub_story(12))
    view = neighbourhood(falkordb_store, ["hub"], 1, limit=5)
    assert len(view.entities) == 5 and view.omitted == 8
    assert view.entities[0].id == "hub"
    assert all(r.source == "hub" for r in view.relations) and len(view.relations) == 4


def test_neighbourhood_pages_through_the_overflowing_ring(falkordb_store):
    falkordb_store.write_article(hub_story(12))
    pages = [neighbourhood(falkordb_store, ["hub"], 1, limit=5, offset=4 * p) for p in range(3)]
    ids = [{e.id for e in page.entities} - {"hub"} for page in pages]
    assert ids[0].isdisjoint(ids[1]) and ids[1].isdisjoint(ids[2])
    assert len(ids[0] | ids[1] | ids[2]) == 12
    assert all(page.omitted == 8 for page in pages[:2])


def test_neighbourhood_keeps_only_wanted_types(falkordb_store):
    falkordb_store.write_article(hub_story(12))
    view = neighbourhood(falkordb_store, ["hub"], 1, entity_types=["GovernmentBody"], limit=100)
    assert {e.type for e in view.entities if e.id != "hub"} == {"GovernmentBody"}
    assert len(view.entities) == 7 and view.omitted == 0


def test_build_view_expands_pins_and_hides(story_store):
    base = build_view(story_store, ViewSpec(seeds=(POLICE.id,)))
    assert {e.id for e in base.entities} == {POLICE.id, SUPPLIER.id}
    grown = build_view(story_store, ViewSpec(seeds=(POLICE.id,), expanded=(SUPPLIER.id,)))
    assert {e.id for e in grown.entities} == {POLICE.id, SUPPLIER.id, SENATOR.id, BANK.id}
    assert {r.type for r in grown.relations} == {"SUPPLIED_TO", "CONTACTED", "FUNDED"}
    hidden = build_view(story_store, ViewSpec(seeds=(POLICE.id,), expanded=(SUPPLIER.id,), hidden=(BANK.id,)))
    assert BANK.id not in {e.id for e in hidden.entities} and "FUNDED" not in {r.type for r in hidden.relations}
    pinned = build_view(story_store, ViewSpec(seeds=(POLICE.id,), pinned=(BANK.id,), hidden=(BANK.id,)))
    assert BANK.id in {e.id for e in pinned.entities}


def test_a_depth_one_view_includes_edges_among_neighbours(story_store):
    view = build_view(story_store, ViewSpec(seeds=(SUPPLIER.id,)))
    assert ("CONTACTED", SENATOR.id, SUPPLIER.id) in {(r.type, r.source, r.target) for r in view.relations}
    assert len(view.entities) == 4


def test_find_entity_by_id_name_alias_and_typo(story_store):
    assert find_entity(story_store, SUPPLIER.id) == find_entity(story_store, "thermo fisher scientific")
    assert find_entity(story_store, "police in Xinjiang").id == POLICE.id
    assert find_entity(story_store, "societe generale").id == BANK.id
    assert find_entity(story_store, "") is None
