"""Long documents: cut into chunks at blank lines or sentence ends, extracted chunk by chunk, merged into one
extraction whose offsets point into the whole text; a 1.2-million-character file ingests like any other."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bench.corpus import demo_paragraphs, long_text
from cli import app
from graph.evidence import article_relations
from graph.model import ExtractedEntity, ExtractedRelation, Extraction
from loaders.document import Document
from loaders.extract import chunks
from loaders.extract.chunks import CHUNK_CHARS, chunk_bounds
from loaders.extract.merge import merge_extractions
from loaders.extract.pipeline import extract_many
from tests.documents import docx_bytes, pdf_bytes, write


def _covers(text: str, bounds: list[tuple[int, int]]) -> bool:
    return bounds[0][0] == 0 and bounds[-1][1] == len(text) and all(a[1] == b[0] for a, b in pairwise(bounds))


def test_a_short_text_is_one_chunk() -> None:
    assert chunk_bounds("Acme sold cameras.\n\nIt said so.") == [(0, 31)]
    assert chunk_bounds("x" * CHUNK_CHARS) == [(0, CHUNK_CHARS)]


def test_chunks_end_after_a_blank_line_when_there_is_one() -> None:
    text = "\n\n".join(f"Paragraph {n} says one thing. And then another." for n in range(40))
    bounds = chunk_bounds(text, 300)
    assert _covers(text, bounds) and len(bounds) > 3
    assert all(b - a <= 300 for a, b in bounds)
    assert all(text[a:b].endswith("\n\n") and text[b:].startswith("Paragraph") for a, b in bounds[:-1])


def test_chunks_end_at_a_sentence_end_without_blank_lines() -> None:
    text = " ".join(f"Sentence number {n} ends here." for n in range(60))
    bounds = chunk_bounds(text, 250)
    assert _covers(text, bounds) and len(bounds) > 3
    assert all(text[a:b].endswith("here. ") for a, b in bounds[:-1])


def test_chunks_fall_back_to_spaces_then_to_a_hard_cut() -> None:
    words = " ".join(["word"] * 200)
    spaced = chunk_bounds(words, 101)
    assert _covers(words, spaced) and all(words[b - 1] == " " for _, b in spaced[:-1])
    solid = "x" * 1000
    assert chunk_bounds(solid, 300) == [(0, 300), (300, 600), (600, 900), (900, 1000)]
    with pytest.raises(ValueError):
        chunk_bounds(solid, 1)


def _x(entities, relations) -> Extraction:
    return Extraction(tuple(entities), tuple(relations), "threadline-rules", "0.1.0")


def test_one_part_at_zero_is_returned_unchanged() -> None:
    part = _x([ExtractedEntity("e1", "Varnox Ltd", "Company")], [])
    assert merge_extractions([(0, part)]) is part


def test_merge_moves_offsets_and_joins_names_aliases_and_surnames() -> None:
    first = _x(
        [ExtractedEntity("e1", "Jane Quillon", "Person", (), 2), ExtractedEntity("e2", "Varnox Ltd", "Company",
                                                                                   ("Varnox",), 3)],
        [ExtractedRelation("HAS_ROLE_AT", "e1", "e2", "Jane Quillon runs Varnox.", 0, 25, 0.9)],
    )
    second = _x(
        [ExtractedEntity("e1", "Varnox", "Company"), ExtractedEntity("e2", "Quillon", "Person"),
         ExtractedEntity("e3", "Ostrava Police", "GovernmentBody"), ExtractedEntity("e4", "Varnox", "Location")],
        [ExtractedRelation("SUPPLIED_TO", "e1", "e3", "Varnox sold to Ostrava Police.", 10, 40, 0.8),
         ExtractedRelation("HAS_ROLE_AT", "e2", "e1", "Quillon heads Varnox.", 50, 71, 0.7)],
    )
    merged = merge_extractions([(0, first), (1000, second)])
    names = {e.id: (e.name, e.type, e.aliases, e.mentions) for e in merged.entities}
    assert names == {
        "e1": ("Jane Quillon", "Person", ("Quillon",), 3),
        "e2": ("Varnox Ltd", "Company", ("Varnox",), 4),
        "e3": ("Ostrava Police", "GovernmentBody", (), 1),
        "e4": ("Varnox", "Location", (), 1),  # a place of the same name stays apart
    }
    facts = sorted((r.type, r.source, r.target, r.start, r.end) for r in merged.relations)
    assert facts == [("HAS_ROLE_AT", "e1", "e2", 0, 25), ("HAS_ROLE_AT", "e1", "e2", 1050, 1071),
                     ("SUPPLIED_TO", "e2", "e3", 1010, 1040)]


def test_a_surname_shared_by_two_people_joins_neither() -> None:
    first = _x([ExtractedEntity("e1", "Jane Quillon", "Person"), ExtractedEntity("e2", "Mark Quillon", "Person")], [])
    second = _x([ExtractedEntity("e1", "Quillon", "Person")], [])
    merged = merge_extractions([(0, first), (500, second)])
    assert sorted(e.name for e in merged.entities) == ["Jane Quillon", "Mark Quillon", "Quillon"]


def test_chunked_extraction_keeps_document_offsets_and_joins_entities(monkeypatch) -> None:
    paragraphs = demo_paragraphs()[:12]
    text = "\n\n".join(paragraphs) + "\n"
    whole = next(extract_many([Document(key="whole", text=text)]))
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 1500)
    assert len(chunk_bounds(text, 1500)) >= 3
    chunked = next(extract_many([Document(key="chunked", text=text)]))
    assert chunked.relations and any(r.start > 1500 for r in chunked.relations)
    assert all(text[r.start:r.end] == r.evidence for r in chunked.relations)
    keys = [(e.type, e.name) for e in chunked.entities]
    assert len(keys) == len(set(keys)), "an entity named in several chunks is one entity"
    # the chunks see the same sentences, so most facts found in the whole text are found chunk by chunk too
    found = {(r.type, r.start) for r in chunked.relations}
    assert len(found & {(r.type, r.start) for r in whole.relations}) >= 0.7 * len(whole.relations)


def test_texts_under_the_chunk_size_extract_as_before() -> None:
    text = "\n\n".join(demo_paragraphs()[:6])
    assert len(chunk_bounds(text)) == 1
    once = next(extract_many([Document(key="a", text=text)]))
    again = next(extract_many([Document(key="b", text=text)], batch_size=1))
    assert once == again and once.relations


@pytest.mark.slow
def test_a_folder_with_a_1_2_million_character_text_and_bad_files_reports_each_and_keeps_true_offsets(
        falkordb_store, tmp_path: Path) -> None:
    """Issue 12's folder: one 1.2-million-character text, a binary file, a PDF, a Word file, an unsupported
    `.pages` file and two articles, through `threadline ingest`: every file is named, every readable one is
    stored, the exit status is 1, no traceback, and the long text's evidence quotes it at its own offsets."""
    folder = tmp_path / "in"
    text = long_text(1_200_000)
    write(folder / "report.txt", text.encode("utf-8"))
    write(folder / "core.txt", b"\x7fELF\x02\x01\x01\x00" * 64)
    write(folder / "filing.pdf", pdf_bytes(["Varnox Ltd sold cameras to the Ostrava Police.",
                                            "Quillon Systems supplied drones to the Ruritania Border Guard."]))
    write(folder / "memo.docx", docx_bytes(["Memo", "Acme Corp sold cameras to the police in Ruritania."]))
    write(folder / "draft.pages", b"PK\x03\x04 a Pages bundle")
    write(folder / "short.txt", b"Varnox Ltd sold cameras to the Ostrava Police.\n")
    write(folder / "other.md", b"# Servers\n\nZTE supplied servers to the Ministry of Defence of Kenya.\n")
    result = CliRunner().invoke(app, ["ingest", str(folder), "--store", falkordb_store.location])
    out = result.output
    assert result.exit_code == 1 and "Traceback" not in out, out
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for name in ("report.txt", "filing.pdf", "memo.docx", "short.txt", "other.md"):
        assert f"{folder / name}: added" in out, out
    assert f"{folder / 'core.txt'}: binary file, not text" in out
    assert f"{folder / 'draft.pages'}: unsupported file type .pages; supported: " in out
    assert "5 added, 0 already in the store, 1 unsupported, 1 failed" in out

    stored = next(a for a in falkordb_store.iter_articles() if len(a.text) > 1_000_000)
    assert stored.text == text
    evidence = [ev for rel in article_relations(falkordb_store, stored.id) for ev in rel.evidence]
    assert len(evidence) > 1000
    assert all(text[ev.start:ev.end] == ev.sentence for ev in evidence)
    late = [ev for ev in evidence if ev.start > 20 * CHUNK_CHARS]
    assert late, "facts from the far end of the text are kept, at their own offsets"


def test_entities_one_chunk_kept_apart_stay_apart() -> None:
    first = _x([ExtractedEntity("e1", "Varnox", "Company"), ExtractedEntity("e2", "Varnox Ltd", "Company", ("Varnox",)),
                ExtractedEntity("e3", "Jane Quillon", "Person"), ExtractedEntity("e4", "Quillon", "Person")], [])
    second = _x([ExtractedEntity("e1", "Varnox", "Company")], [])
    merged = merge_extractions([(0, first), (900, second)])
    assert [(e.name, e.mentions) for e in merged.entities] == [("Varnox", 2), ("Varnox Ltd", 1), ("Jane Quillon", 1),
                                                               ("Quillon", 1)]
