"""Fuzzing the readers: any bytes in a .txt, .md, .html or .jsonl file give a Document or an InvalidData that
names the file (and line) and says why; never another exception, never text the store cannot hold."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from graph.errors import InvalidData
from graph.store.params import text_problem
from loaders.document import Document
from loaders.sources import read_document, read_jsonl
from tests.fuzz.budget import examples
from tests.fuzz.strategies import dumps, hostile_bytes, hostile_text, json_values


def _check_document(doc: Document, path: Path) -> None:
    """A document the rest of the pipeline can rely on: text present, storable, metadata text or None."""
    assert isinstance(doc.text, str) and doc.text.strip()
    assert text_problem(doc.text) is None
    assert isinstance(doc.title, str) and isinstance(doc.key, str) and doc.key
    for value in (doc.url, doc.outlet, doc.published):
        assert value is None or (isinstance(value, str) and text_problem(value) is None)
    assert doc.path == str(path)


@settings(max_examples=examples(60))
@given(data=hostile_bytes, suffix=st.sampled_from([".txt", ".md", ".TXT"]), front=st.booleans())
@example(data=b"x" * 9000 + b"\x00 after the first eight kilobytes", suffix=".txt", front=False)
@example(data=b"title: &a [x, *a]\n", suffix=".md", front=True)
def test_text_files_read_or_refuse_by_name(data: bytes, suffix: str, front: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"story{suffix}"
        path.write_bytes(b"---\n" + data + b"\n---\nBody text.\n" if front else data)
        try:
            doc = read_document(path)
        except InvalidData as exc:
            assert str(exc).startswith(f"{path}: ") and exc.errors
        else:
            _check_document(doc, path)


@settings(max_examples=examples(25))
@given(data=hostile_bytes, wrap=st.booleans())
def test_html_pages_read_or_refuse_by_name(data: bytes, wrap: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.html"
        path.write_bytes(b"<html><body><article><p>" + data + b"</p></article></body></html>" if wrap else data)
        try:
            doc = read_document(path)
        except InvalidData as exc:
            assert str(exc).startswith(f"{path}: ")
        else:
            _check_document(doc, path)


def _jsonl_line(kind: str, value: object, text: str) -> str:
    """One line of a JSON-lines file: a fair record with one field set to `value`, or junk."""
    if kind == "record":
        return dumps({"id": "a1", "text": text})
    if kind == "field":
        return dumps({"id": "a1", "text": text, "title": value, "url": value, "outlet": value, "published": value})
    if kind == "value":
        return dumps(value)
    return str(value)[:200]


jsonl_lines = st.lists(
    st.builds(_jsonl_line, st.sampled_from(["record", "field", "value", "junk"]), json_values, hostile_text),
    max_size=6,
)


@settings(max_examples=examples(60))
@given(lines=jsonl_lines, cut=st.integers(0, 10_000))
@example(lines=['{"id": "a", "text": "' + "9" * 5000 + '"}', '{"id": "b", "text": ' + "9" * 5000 + "}"], cut=10**6)
@example(lines=["[" * 100_000], cut=10**6)
@example(lines=['{"id": "a", "text": "x\\u0000y"}', '{"id": "b", "text": "\\ud800"}'], cut=10**6)
@example(lines=['{"id": "a", "text": "fine", "url": {"a": 1}, "outlet": 3}'], cut=10**6)
def test_jsonl_reads_or_refuses_by_line(lines: list[str], cut: int) -> None:
    raw = "\n".join(lines).encode("utf-8", "surrogatepass")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "docs.jsonl"
        path.write_bytes(raw[: cut % (len(raw) + 1)])
        try:
            docs = list(read_jsonl(path))
        except InvalidData as exc:
            assert str(exc).startswith(f"{path}") and exc.errors
        else:
            for doc in docs:
                _check_document(doc, path)


def test_a_nul_after_the_first_kilobytes_is_refused_as_binary(tmp_path):
    path = tmp_path / "late.txt"
    path.write_bytes(b"Thermo Fisher sold sequencers. " * 400 + b"\x00tail")
    with pytest.raises(InvalidData, match=r"late\.txt: binary file, not text \(a NUL byte at byte 12,400\)"):
        read_document(path)
    fine = tmp_path / "fine.txt"
    fine.write_bytes(b"Thermo Fisher sold sequencers. " * 400)
    assert read_document(fine).text.startswith("Thermo Fisher sold")


def test_front_matter_aliases_cannot_blow_up_a_title(tmp_path):
    path = tmp_path / "bomb.md"
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    path.write_text(f"---\n{bomb}title: *i\noutlet: The Test Times\n---\nBody of the story.\n", encoding="utf-8")
    with pytest.raises(InvalidData, match=r"bomb\.md: front matter field 'title' must be text"):
        read_document(path)
    path.write_text("---\ntitle: A title\ndate: 2024-03-01\n---\nBody of the story.\n", encoding="utf-8")
    assert (read_document(path).title, read_document(path).published) == ("A title", "2024-03-01")


@pytest.mark.parametrize(("line", "reason"), [
    ('{"id": "a", "text": ' + "9" * 5000 + "}", "not valid JSON"),
    ("[" * 100_000, "not valid JSON"),
    ('{"id": "a", "text": "x\\u0000y"}', "field 'text' holds a NUL character"),
    ('{"id": "a", "text": "\\ud800"}', "field 'text' holds an unpaired surrogate U+D800"),
    ('{"id": "a", "text": "fine", "url": {"a": 1}}', "field 'url' must be a string"),
    ('{"id": "a", "text": "fine", "title": 7}', "field 'title' must be a string"),
])
def test_jsonl_refuses_what_the_store_cannot_hold_by_line(tmp_path, line, reason):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"id": "ok", "text": "A good first line."}) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InvalidData, match=r"docs\.jsonl:2: " + re.escape(reason)):
        list(read_jsonl(path))
    path.write_text(json.dumps({"id": "ok", "text": "A good first line.", "title": None, "url": "u"}) + "\n",
                    encoding="utf-8")
    assert [(d.key, d.title, d.url) for d in read_jsonl(path)] == [("ok", "A good first line.", "u")]
