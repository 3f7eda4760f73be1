"""The Snapshots page: whole-store downloads, a diff against the live store, an import, and a bad file."""

from __future__ import annotations

from graph.snapshot import snapshot_of_store
from graph.snapshot.export import render_snapshot
from tests.apptest import ok, open_app
from tests.conftest import ROOT
from tests.graphs import second_story, supply_story


def test_snapshots_page_offers_bundle_and_json(app_store):
    at = ok(open_app("snapshots"))
    labels = [b.proto.label for b in at.get("download_button")]
    assert any("Bundle" in label for label in labels) and "Lossless JSON" in labels


def test_diff_of_an_earlier_snapshot_with_the_live_store_lists_what_was_added(falkordb_store, monkeypatch):
    falkordb_store.write_article(supply_story())
    earlier = render_snapshot(snapshot_of_store(falkordb_store), "json")
    falkordb_store.write_article(second_story())
    monkeypatch.setenv("THREADLINE_STORE", falkordb_store.location)
    monkeypatch.chdir(ROOT)
    at = ok(open_app("snapshots"))
    at.file_uploader(key="snap_before").set_value(("last-week.json", earlier, "application/json"))
    ok(at.run())
    text = at.get("code")[0].value
    added = {e.name for e in falkordb_store.iter_entities()} - {e.name for e in supply_story().entities}
    assert added and all(name in text for name in added)
    assert "last-week.json" in text


def test_import_merges_a_snapshot_into_the_store(falkordb_store, tmp_path, monkeypatch):
    from graph.store import open_store
    from graph.store.falkordb_server import stop_server
    source = open_store(str(tmp_path / "source"))
    try:
        source.write_article(supply_story())
        data = render_snapshot(snapshot_of_store(source), "json")
        expected = source.stats()
    finally:
        source.close()
        stop_server(tmp_path / "source")
    monkeypatch.setenv("THREADLINE_STORE", falkordb_store.location)
    monkeypatch.chdir(ROOT)
    at = ok(open_app("snapshots"))
    at.file_uploader(key="snap_import").set_value(("partner.json", data, "application/json"))
    ok(at.run())
    at.button(key="snap_import_go").click()
    ok(at.run())
    assert any("Imported partner.json" in s.value for s in at.success)
    assert falkordb_store.stats() == expected


def test_a_file_that_is_no_snapshot_is_refused_clearly(app_store):
    at = ok(open_app("snapshots"))
    at.file_uploader(key="snap_before").set_value(("notes.json", b"{\"not\": \"a snapshot\"}", "application/json"))
    ok(at.run())
    assert [e.value for e in at.error] == ["notes.json: not a node-link snapshot (no 'nodes' list)"]
