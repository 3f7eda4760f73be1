"""Fuzzing snapshot import: truncated, garbled or random JSON, GraphML, CSV folders and zips are read into a
snapshot or refused with an InvalidData that names the file and the reason; never another exception. A refused
import leaves the store exactly as it was, and an accepted one loses nothing already stored."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from graph.errors import InvalidData, ThreadlineError
from graph.snapshot import Snapshot, content_sha256, import_snapshot, read_snapshot, snapshot_of_store
from graph.snapshot.bundle import bundle_files, zip_files
from graph.snapshot.graphml import render_graphml
from graph.snapshot.neo4j_csv import render_csv_files
from graph.snapshot.nodelink import node_link_data, render_json
from graph.store import GraphStore, open_store
from graph.store.falkordb_server import stop_server
from tests.fuzz.budget import examples
from tests.fuzz.strategies import json_values
from tests.graphs import second_story, supply_story


def _sample() -> Snapshot:
    """Two hand-built stories as a snapshot: every kind of node, link and evidence a real export holds."""
    stories = [supply_story(), second_story()]
    return Snapshot(
        entities=tuple({e.id: e for s in stories for e in s.entities}.values()),
        relations=tuple(r for s in stories for r in s.relations),
        articles=tuple(s.article for s in stories),
        mentions=tuple((s.article.id, e.id) for s in stories for e in s.entities),
    )


SAMPLE = _sample()
JSON_BYTES = render_json(SAMPLE)
GRAPHML_BYTES = render_graphml(SAMPLE)
CSV_FILES = render_csv_files(SAMPLE)
BUNDLE_FILES = bundle_files(SAMPLE, created_at="2026-01-01T00:00:00+00:00")


@st.composite
def garbled(draw: st.DrawFn, data: bytes) -> bytes:
    """The bytes cut short, with a byte changed, a stretch removed or random bytes put in."""
    how = draw(st.sampled_from(["cut", "flip", "drop", "insert", "same"]))
    at = draw(st.integers(0, len(data)))
    if how == "cut":
        return data[:at]
    if how == "flip" and at < len(data):
        return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
    if how == "drop":
        return data[:at] + data[at + draw(st.integers(1, 200)):]
    if how == "insert":
        return data[:at] + draw(st.binary(min_size=1, max_size=20)) + data[at:]
    return data


def _paths(value: Any, prefix: tuple = ()) -> Iterator[tuple]:
    """Every place inside a JSON value: keys of objects and indexes of lists."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


@st.composite
def node_link_edits(draw: st.DrawFn) -> dict[str, Any]:
    """The sample's node-link data with one to three places (a field, a record, a list) replaced or removed."""
    data = json.loads(JSON_BYTES)
    for _ in range(draw(st.integers(1, 3))):
        places = [p for p in _paths(data) if p]
        place = draw(st.sampled_from(places))
        parent = data
        for step in place[:-1]:
            parent = parent[step]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[place[-1]]
        else:
            parent[place[-1]] = draw(json_values)
    return data


def _refused_by_name(exc: InvalidData, path: Path, names: tuple[str, ...] = ()) -> None:
    """A refusal names the file (or, inside a folder or zip, the member file) and gives a reason after it."""
    message = str(exc)
    assert any(name in message for name in (str(path), *names)), message
    assert len(message) > len(str(path)) + 2


def _read(path: Path, names: tuple[str, ...] = ()) -> Snapshot | None:
    """The snapshot at `path`, or None when refused as the contract says."""
    try:
        return read_snapshot(path)
    except InvalidData as exc:
        _refused_by_name(exc, path, names)
        return None


@settings(max_examples=examples(60))
@given(raw=st.one_of(garbled(JSON_BYTES), st.builds(lambda v: json.dumps(v).encode(), json_values),
                     st.builds(lambda v: json.dumps(v).encode(), node_link_edits())))
@example(raw=b'{"nodes": [], "links": [' + b"[" * 100_000 + b"]}")
@example(raw=b'{"nodes": [{"id": "x", "kind": "entity", "name": "n", "type": "Company", "aliases": []}], "x": '
         + b"9" * 5000 + b"}")
@example(raw=b'{"nodes": [], "links": [], "graph": {"scope": {"kind": "query", "query": 1}}}')
def test_json_snapshots_read_or_are_refused_by_name(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "snap.json"
        path.write_bytes(raw)
        _read(path)


@settings(max_examples=examples(40))
@given(raw=garbled(GRAPHML_BYTES), attribute=st.sampled_from(["aliases", "evidence", "attributes", "scope", "type"]),
       value=json_values)
@example(raw=GRAPHML_BYTES, attribute="attributes", value=[1, 2])
@example(raw=GRAPHML_BYTES, attribute="evidence", value=[{"article_id": 1}])
def test_graphml_snapshots_read_or_are_refused_by_name(raw: bytes, attribute: str, value: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "snap.graphml"
        path.write_bytes(raw)
        _read(path)
        # The same file with one attribute's JSON text replaced by another JSON value, escaped for XML.
        text = GRAPHML_BYTES.decode()
        keys = {line.split('attr.name="')[1].split('"')[0]: line.split('id="')[1].split('"')[0]
                for line in text.splitlines() if "<key " in line and "attr.name=" in line}
        if attribute in keys:
            escaped = json.dumps(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            start = text.find(f'<data key="{keys[attribute]}">')
            if start >= 0:
                end = text.find("</data>", start)
                head = f'<data key="{keys[attribute]}">'
                path.write_text(text[:start] + head + escaped + text[end:], encoding="utf-8")
                _read(path)
        assert attribute in keys  # each attribute the strategy picks is in the sample file


csv_edits = st.fixed_dictionaries({
    "file": st.sampled_from(sorted(CSV_FILES)),
    "how": st.sampled_from(["garble", "cell", "drop-file", "drop-column"]),
    "cell": st.one_of(st.text(max_size=20), st.sampled_from(["", "x", "1e999", "nan", "\x1f", "-1", "9" * 30])),
    "row": st.integers(0, 10), "column": st.integers(0, 30),
})


def _edit_csv(files: dict[str, bytes], edit: dict[str, Any], raw: bytes) -> dict[str, bytes]:
    """The CSV files with one edit: a file garbled, a cell replaced, a file or a column removed."""
    files = dict(files)
    name = edit["file"]
    if edit["how"] == "garble":
        files[name] = raw
    elif edit["how"] == "drop-file":
        del files[name]
    else:
        rows = list(csv.reader(io.StringIO(files[name].decode())))
        row = rows[edit["row"] % len(rows)]
        column = edit["column"] % max(len(row), 1)
        if edit["how"] == "cell" and row:
            row[column] = edit["cell"]
        elif row:
            for r in rows:
                del r[column % max(len(r), 1):column % max(len(r), 1) + 1]
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        files[name] = out.getvalue().encode()
    return files


@settings(max_examples=examples(60))
@given(edit=csv_edits, raw=st.one_of(*(garbled(data) for data in CSV_FILES.values())), as_zip=st.booleans())
@example(edit={"file": "relations.csv", "how": "drop-column", "cell": "", "row": 0, "column": 3}, raw=b"",
         as_zip=False)
@example(edit={"file": "entities.csv", "how": "drop-column", "cell": "", "row": 0, "column": 0}, raw=b"",
         as_zip=True)
@example(edit={"file": "relations.csv", "how": "cell", "cell": "x", "row": 0, "column": 14}, raw=b"", as_zip=False)
def test_csv_folders_and_zips_read_or_are_refused_by_name(edit: dict[str, Any], raw: bytes, as_zip: bool) -> None:
    files = _edit_csv(CSV_FILES, edit, raw)
    with tempfile.TemporaryDirectory() as folder:
        if as_zip:
            path = Path(folder) / "snap.zip"
            path.write_bytes(zip_files(files))
        else:
            path = Path(folder) / "snap"
            path.mkdir()
            for name, data in files.items():
                (path / name).write_bytes(data)
        _read(path, tuple(CSV_FILES))


@settings(max_examples=examples(40))
@given(raw=st.one_of(garbled(zip_files(BUNDLE_FILES)), garbled(zip_files(CSV_FILES)), st.binary(max_size=200)),
       member=st.sampled_from(sorted(BUNDLE_FILES)), content=garbled(JSON_BYTES))
def test_zips_read_or_are_refused_by_name(raw: bytes, member: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bundle.zip"
        path.write_bytes(raw)
        _read(path, tuple(BUNDLE_FILES) + tuple(CSV_FILES))
        path.write_bytes(zip_files({**BUNDLE_FILES, member: content}))
        _read(path, tuple(BUNDLE_FILES))


def _twice(data: Any) -> Any:
    """The node-link data with each node listed twice (a reader must merge repeats), when it has a node list."""
    return {**data, "nodes": data["nodes"] * 2} if isinstance(data.get("nodes"), list) else data


@pytest.fixture(scope="module")
def import_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """One store for every import example, holding the sample at the start; stopped at the end."""
    directory = tmp_path_factory.mktemp("fuzz-import") / "store"
    store = open_store(str(directory))
    try:
        import_snapshot(store, SAMPLE)
        yield store
    finally:
        store.close()
        stop_server(directory)


@settings(max_examples=examples(30))
@given(data=st.one_of(node_link_edits(), node_link_edits().map(_twice)))
@example(data={**node_link_data(SAMPLE), "nodes": [{**n, "title": "x\u0000y"} if n["kind"] == "article" else n
                                                    for n in node_link_data(SAMPLE)["nodes"]]})
def test_a_refused_import_changes_nothing_and_an_accepted_one_loses_nothing(import_store, data) -> None:
    before = snapshot_of_store(import_store)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "edited.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        try:
            import_snapshot(import_store, path)
        except ThreadlineError as exc:
            assert isinstance(exc, InvalidData), exc
            _refused_by_name(exc, path)
            assert content_sha256(snapshot_of_store(import_store)) == content_sha256(before)
            return
    after = snapshot_of_store(import_store)
    assert {e.id for e in before.entities} <= {e.id for e in after.entities}
    assert {a.id for a in before.articles} <= {a.id for a in after.articles}
    kept = {(r.key, ev) for r in after.relations for ev in r.evidence}
    assert {(r.key, ev) for r in before.relations for ev in r.evidence} <= kept


def test_the_sample_reads_back_whole_from_every_format(tmp_path):
    """The fuzzed inputs start from files that do read: the properties above are not about refusals only."""
    for name, data in (("s.json", JSON_BYTES), ("s.graphml", GRAPHML_BYTES), ("b.zip", zip_files(BUNDLE_FILES))):
        (tmp_path / name).write_bytes(data)
        assert read_snapshot(tmp_path / name).counts() == SAMPLE.counts()
    (tmp_path / "csv").mkdir()
    for name, data in CSV_FILES.items():
        (tmp_path / "csv" / name).write_bytes(data)
    assert read_snapshot(tmp_path / "csv").counts() == SAMPLE.counts()


def _nodes_with(field: str, value: Any) -> bytes:
    """The sample's JSON with one field of every article node set to `value`."""
    data = node_link_data(SAMPLE)
    data["nodes"] = [{**n, field: value} if n["kind"] == "article" else n for n in data["nodes"]]
    return json.dumps(data).encode()


def _evidence_with(field: str, value: Any) -> bytes:
    """The sample's JSON with one field of every evidence record set to `value`."""
    data = node_link_data(SAMPLE)
    for link in data["links"]:
        for record in link.get("evidence", []):
            record[field] = value
    return json.dumps(data).encode()


@pytest.mark.parametrize(("raw", "reason"), [
    (b'{"nodes": [], "links": ' + b"[" * 100_000 + b"}", "not valid JSON (a number too long or nesting too deep)"),
    (b'{"nodes": [], "x": ' + b"9" * 5000 + b"}", "not valid JSON (a number too long or nesting too deep)"),
    (_nodes_with("title", "x\u0000y"), ".title: holds a NUL character at position 1"),
    (_nodes_with("text", "\ud800"), ".text: holds an unpaired surrogate U+D800"),
    (_evidence_with("confidence", float("nan")), ".evidence.confidence: nan is not a finite number"),
    (_evidence_with("start", 2**70), ".evidence.start: an integer outside the 64-bit range"),
])
def test_json_the_store_cannot_hold_is_refused_by_file_and_field(tmp_path, raw, reason):
    path = tmp_path / "snap.json"
    path.write_bytes(raw)
    with pytest.raises(InvalidData) as refused:
        read_snapshot(path)
    assert str(refused.value).startswith(f"{path}: ") and reason in str(refused.value)


def test_graphml_with_attributes_that_are_not_an_object_is_refused_by_name(tmp_path):
    path = tmp_path / "snap.graphml"
    path.write_bytes(GRAPHML_BYTES.replace(b'{"product": "DNA sequencers"}', b"[1, 2]"))
    with pytest.raises(InvalidData, match=r"snap\.graphml: edge ccbc10d68216a2ff\.attributes: not a JSON object"):
        read_snapshot(path)
    path.write_bytes(GRAPHML_BYTES.replace(b'"start": 0', b'"start": "zero"'))
    with pytest.raises(InvalidData, match=r"snap\.graphml: edge .*\.evidence\[0\]\.start: expected int"):
        read_snapshot(path)


def test_csv_without_a_needed_column_and_damaged_zips_are_refused_by_name(tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    for name, data in CSV_FILES.items():
        (folder / name).write_bytes(data)
    (folder / "relations.csv").write_bytes(CSV_FILES["relations.csv"].replace(b",key,", b",kee,", 1))
    with pytest.raises(InvalidData, match=r"relations\.csv: the header lacks key"):
        read_snapshot(folder)
    zipped = zip_files(BUNDLE_FILES)
    at = zipped.index(b"snapshot.json") + 40  # inside the member's deflated bytes
    path = tmp_path / "bundle.zip"
    path.write_bytes(zipped[:at] + bytes([zipped[at] ^ 0xFF]) + zipped[at + 1:])
    with pytest.raises(InvalidData, match=r"bundle\.zip: "):
        read_snapshot(path)


def test_an_import_refused_for_a_nul_leaves_the_store_as_it_was(falkordb_store, tmp_path):
    import_snapshot(falkordb_store, SAMPLE)
    before = content_sha256(snapshot_of_store(falkordb_store))
    path = tmp_path / "nul.json"
    path.write_bytes(_nodes_with("title", "x\u0000y"))
    with pytest.raises(InvalidData, match="holds a NUL character"):
        import_snapshot(falkordb_store, path)
    assert content_sha256(snapshot_of_store(falkordb_store)) == before
    assert snapshot_of_store(falkordb_store).counts() == SAMPLE.counts()
