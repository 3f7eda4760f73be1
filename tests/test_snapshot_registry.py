"""The snapshot-format registry: one module declares a format, and export, import, the CLI and the app all see it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import graph.snapshot as snapshot_package
from cli import app
from graph.errors import InvalidData
from graph.snapshot import export_snapshot, format_names, formats, get_format, read_snapshot
from graph.snapshot.base import Snapshot
from graph.snapshot.registry import _registry
from tests.conftest import ROOT
from tests.graphs import supply_story
from ui.components.export import available_formats, file_name, label
from ui.components.snapshot_upload import snapshot_types

runner = CliRunner()

EDGE_LIST_MODULE = '''
"""A made-up format for the test: one line per connection, read back as the entities alone."""

from graph.model import Entity
from graph.snapshot.base import Snapshot
from graph.snapshot.registry import SnapshotFormat


def render_edges(snapshot: Snapshot) -> bytes:
    names = snapshot.entity_map()
    return "".join(f"{names[r.source].name}\\t{r.type}\\t{names[r.target].name}\\n"
                   for r in snapshot.relations).encode("utf-8")


def read_edges(raw: bytes, origin: str) -> Snapshot:
    names = {n for line in raw.decode("utf-8").splitlines() for n in line.split("\\t")[::2]}
    return Snapshot(tuple(Entity(n, n, "Company") for n in sorted(names)), (), ())


FORMAT = SnapshotFormat("edges", "Tab-separated edge list", 55, ".edges", write=render_edges, read=read_edges,
                        read_suffixes=(".edges",))
'''


def test_the_registry_keeps_the_order_and_names_the_cli_has_always_shown():
    assert format_names() == ("graphml", "gexf", "json", "csv", "cypher", "html", "ftm", "factcheck", "bundle")
    assert [f.name for f in formats() if f.importable] == ["graphml", "json", "csv", "bundle"]
    assert all(f.label for f in formats())
    assert all(bool(f.suffix) != f.multi_file for f in formats())  # a suffix exactly when it writes one file


def test_docs_and_the_app_list_every_registered_format():
    table = (ROOT / "docs" / "SNAPSHOTS.md").read_text(encoding="utf-8")
    for spec in formats():
        assert f"| `{spec.name}` |" in table, f"docs/SNAPSHOTS.md has no row for {spec.name}"
    assert set(available_formats()) == set(format_names())
    assert label("graphml") == "GraphML (Gephi, yEd, networkx)" and file_name("csv") == "threadline-view.zip"
    assert snapshot_types() == ["graphml", "json", "zip"]


def test_an_unknown_format_is_refused_naming_every_choice():
    with pytest.raises(InvalidData, match="unknown format 'pdf'; choose one of graphml, gexf, json"):
        get_format("pdf")


@pytest.fixture
def edge_list_format(tmp_path: Path):
    """A new format as one module in a folder added to graph.snapshot's path, removed afterwards."""
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "edges.py").write_text(EDGE_LIST_MODULE, encoding="utf-8")
    snapshot_package.__path__.append(str(folder))
    _registry.cache_clear()
    try:
        yield
    finally:
        snapshot_package.__path__.remove(str(folder))
        sys.modules.pop("graph.snapshot.edges", None)
        _registry.cache_clear()


def test_one_new_module_is_a_new_format_everywhere(edge_list_format, tmp_path):
    assert format_names()[:6] == ("graphml", "gexf", "json", "csv", "cypher", "edges")
    story = supply_story()
    snapshot = Snapshot(story.entities, story.relations, (story.article,))
    out = export_snapshot(snapshot, "edges", tmp_path / "out.edges")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines and all(line.count("\t") == 2 for line in lines)
    back = read_snapshot(out)
    assert {e.name for e in back.entities} <= {e.name for e in story.entities} and back.entities
    listed = runner.invoke(app, ["formats"]).stdout
    assert "edges      Tab-separated edge list [.edges]; import reads it" in listed
    refused = runner.invoke(app, ["export", "--format", "pdf", "--out", str(tmp_path / "x")])
    assert refused.exit_code == 2 and "cypher, edges, html" in refused.stderr
    assert "edges" in available_formats() and label("edges") == "Tab-separated edge list"
    assert "edges" in snapshot_types()


def test_the_registry_is_back_to_normal_after_the_plugin_test():
    assert "edges" not in format_names()
