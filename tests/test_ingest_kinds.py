"""Ingesting every kind of document into a real store: page citations from PDFs, Word files, e-mails with their
attachments, a folder of mixed files where each file is reported, and one bad document that stops nothing."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from cli import app
from graph.evidence import evidence_rows
from graph.model import ExtractedEntity, ExtractedRelation, Extraction
from graph.snapshot.base import Snapshot
from graph.snapshot.build import snapshot_of_store
from graph.snapshot.export import render_snapshot
from graph.snapshot.graphml import read_graphml, render_graphml
from graph.snapshot.neo4j_csv import read_csv_files, render_csv_files
from graph.snapshot.nodelink import read_json, render_json
from graph.store.base import ArticleSummary
from graph.store.falkordb_server import stop_server
from loaders.document import Document
from loaders.ingest import IngestReport, extract_each, ingest_documents, ingest_paths
from tests.documents import docx_bytes, eml_bytes, encrypted_pdf_bytes, pdf_bytes, write
from tests.graphs import supply_story
from ui.components.evidence import evidence_html

runner = CliRunner()
PAGE_ONE = "Hikvision supplied surveillance cameras to the Xinjiang Public Security Bureau in 2017."
PAGE_TWO = "Huawei supplied servers to the Ministry of Interior of Uganda."


def facts(store) -> dict[tuple[str, str], list]:
    """(source name, target name) -> the evidence behind that fact, read back from the store."""
    snapshot = snapshot_of_store(store)
    names = {e.id: e.name for e in snapshot.entities}
    return {(names[r.source], names[r.target]): list(r.evidence) for r in snapshot.relations}


@pytest.mark.slow
def test_a_two_page_pdf_cites_the_page_of_each_fact(falkordb_store, tmp_path):
    path = write(tmp_path / "report.pdf", pdf_bytes([PAGE_ONE, PAGE_TWO]))
    report = ingest_paths(falkordb_store, [path])
    assert report.added == [str(path)] and report.ok
    found = facts(falkordb_store)
    (hik,) = found[("Hikvision", "Xinjiang Public Security Bureau")]
    (hua,) = found[("Huawei", "Ministry of Interior of Uganda")]
    assert (hik.page, hua.page) == (1, 2)
    (article,) = falkordb_store.iter_articles()
    assert article.text[hua.start:hua.end] == hua.sentence  # offsets stay true across pages
    assert "Annual Report" not in article.text


@pytest.mark.slow
def test_pages_survive_json_graphml_and_csv_round_trips(falkordb_store, tmp_path):
    ingest_paths(falkordb_store, [write(tmp_path / "report.pdf", pdf_bytes([PAGE_ONE, PAGE_TWO]))])
    snapshot = snapshot_of_store(falkordb_store)
    pages = sorted(ev.page for r in snapshot.relations for ev in r.evidence)
    assert pages == [1, 2]
    for back in (read_json(render_json(snapshot)), read_graphml(render_graphml(snapshot)),
                 read_csv_files(render_csv_files(snapshot))):
        assert sorted(ev.page for r in back.relations for ev in r.evidence) == pages


def test_snapshots_written_before_pages_still_read(tmp_path):
    """A JSON snapshot whose evidence records have no `page` reads with no page, not an error."""
    batch = supply_story()
    snapshot = Snapshot(entities=list(batch.entities), relations=list(batch.relations), articles=[batch.article],
                        mentions=[(batch.article.id, e.id) for e in batch.entities])
    data = json.loads(render_json(snapshot))
    for link in data["links"]:
        for ev in link.get("evidence", []):
            assert ev.pop("page") is None
    back = read_json(json.dumps(data).encode())
    assert back.relations and all(ev.page is None for r in back.relations for ev in r.evidence)


@pytest.mark.slow
def test_a_store_written_before_pages_reads_and_takes_new_evidence(falkordb_store):
    """Edges with no `ev_page` list (older stores) read as no page, and new evidence keeps the lists aligned."""
    first = Document(key="a", text=PAGE_TWO + "\n")
    ingest_documents(falkordb_store, [first])
    falkordb_store.run("MATCH ()-[x]->() WHERE x.ev_page IS NOT NULL REMOVE x.ev_page", write=True)
    ((old,),) = facts(falkordb_store).values()
    assert old.page is None and old.sentence.startswith("Huawei supplied")
    second = Document(key="b", text="Cover page.\n\n" + PAGE_TWO + "\n", page_starts=(0, 13))
    ingest_documents(falkordb_store, [second])
    (evidence,) = facts(falkordb_store).values()
    assert sorted((ev.page or 0) for ev in evidence) == [0, 2]


@pytest.mark.slow
def test_a_word_file_becomes_entities_and_facts(falkordb_store, tmp_path):
    path = write(tmp_path / "memo.docx", docx_bytes(["A memo for the desk.", PAGE_TWO], table=[["Supplier", "Buyer"]]))
    report = ingest_paths(falkordb_store, [path])
    assert report.added == [str(path)]
    (evidence,) = facts(falkordb_store)[("Huawei", "Ministry of Interior of Uganda")]
    assert evidence.page is None and evidence.sentence == PAGE_TWO


@pytest.mark.slow
def test_a_mail_and_its_pdf_attachment_are_two_linked_documents(falkordb_store, tmp_path):
    path = write(tmp_path / "tip.eml", eml_bytes("Please see the attached report. " + PAGE_ONE,
                                                 attachments={"report.pdf": pdf_bytes(["Cover page.", PAGE_TWO])}))
    report = ingest_paths(falkordb_store, [path])
    assert report.added == [str(path), f"{path}#report.pdf"] and report.ok
    articles = {a.source: a for a in falkordb_store.iter_articles()}
    mail, attached = articles[str(path)], articles[f"{path}#report.pdf"]
    assert (mail.title, mail.published, mail.outlet) == ("Cameras for the bureau", "2021-03-03", "Jane Doe")
    assert "Attachments: report.pdf" in mail.text
    assert attached.title == "report.pdf (attached to: Cameras for the bureau)"
    found = facts(falkordb_store)
    (from_mail,) = found[("Hikvision", "Xinjiang Public Security Bureau")]
    (from_pdf,) = found[("Huawei", "Ministry of Interior of Uganda")]
    assert (from_mail.article_id, from_mail.page) == (mail.id, None)
    assert (from_pdf.article_id, from_pdf.page) == (attached.id, 2)


@pytest.mark.slow
def test_a_folder_of_mixed_files_reports_every_file_and_ingests_the_readable_ones(tmp_path):
    folder = tmp_path / "case"
    write(folder / "report.pdf", pdf_bytes([PAGE_ONE, PAGE_TWO]))
    write(folder / "memo.docx", docx_bytes(["Memo", "Acme Corp sold cameras to the police in Ruritania."]))
    write(folder / "draft.pages", b"PK\x03\x04 a Pages bundle")
    write(folder / "core.txt", b"\x7fELF\x02\x01\x01\x00" * 64)
    write(folder / "locked.pdf", encrypted_pdf_bytes(PAGE_TWO))
    write(folder / "one.txt", b"Sequencers\n\nThermo Fisher sold DNA sequencers to the police in Xinjiang.\n")
    write(folder / "two.md", b"# Servers\n\nZTE supplied servers to the Ministry of Defence of Kenya.\n")
    store = tmp_path / "store"
    try:
        result = runner.invoke(app, ["ingest", str(folder), "--store", str(store)])
        out = result.output
        assert result.exit_code == 1, out
        assert "Traceback" not in out
        assert result.exception is None or isinstance(result.exception, SystemExit)  # no uncaught error
        for name in ("report.pdf", "memo.docx", "one.txt", "two.md"):
            assert f"{folder / name}: added" in out, out
        assert f"{folder / 'draft.pages'}: unsupported file type .pages; supported: " in out
        assert f"{folder / 'core.txt'}: binary file, not text" in out
        assert f"{folder / 'locked.pdf'}: encrypted PDF: it needs a password" in out
        assert "4 added, 0 already in the store, 1 unsupported, 2 failed" in out
        again = runner.invoke(app, ["ingest", str(folder / "one.txt"), "--store", str(store)])
        assert again.exit_code == 0 and f"{folder / 'one.txt'}: already in the store" in again.output
    finally:
        stop_server(store)


def _extraction(relation_type: str) -> Extraction:
    """What a reader that already knows its facts (a table's rows) hands over instead of spaCy's output."""
    return Extraction(
        entities=(ExtractedEntity("e1", "Acme Corp", "Company"), ExtractedEntity("e2", "Ruritania Police",
                                                                                   "GovernmentBody")),
        relations=(ExtractedRelation(relation_type, "e1", "e2", "Acme Corp | Ruritania Police", 0, 28, 1.0),),
        extractor="table", version="1")


@pytest.mark.slow
def test_one_document_that_cannot_be_written_stops_nothing_and_leaves_nothing(falkordb_store):
    bad = Document(key="bad", text="Acme Corp | Ruritania Police\n", path="rows.csv",
                   extraction=_extraction("NOT_A_TYPE"))
    good = Document(key="good", text="Acme Corp | Ruritania Police | 2021\n", path="rows2.csv",
                    extraction=_extraction("SUPPLIED_TO"))
    story = Document(key="story", text=PAGE_TWO + "\n", path="story.txt")
    report = ingest_documents(falkordb_store, [bad, good, story], report=IngestReport())
    assert [name for name, _ in report.failed] == ["rows.csv"]
    assert "NOT_A_TYPE" in report.failed[0][1]
    assert sorted(report.added) == ["rows2.csv", "story.txt"]
    stored = {a.source for a in falkordb_store.iter_articles()}
    assert stored == {"rows2.csv", "story.txt"}  # the failed one left no article behind
    assert ("Acme Corp", "Ruritania Police") in facts(falkordb_store)  # the reader's own facts, no spaCy


def test_the_page_is_cited_in_the_fact_check_sheet_and_the_evidence_view():
    batch = supply_story()
    paged = tuple(replace(r, evidence=tuple(replace(ev, page=3) for ev in r.evidence)) for r in batch.relations)
    snapshot = Snapshot(entities=list(batch.entities), relations=[paged[0], *batch.relations[1:]],
                        articles=[batch.article], mentions=[(batch.article.id, e.id) for e in batch.entities])
    sheet = render_snapshot(snapshot, "factcheck").decode("utf-8-sig")
    markdown = render_snapshot(snapshot, "factcheck", markdown=True).decode("utf-8")
    assert sheet.count(", p. 3") == len(paged[0].evidence) and markdown.count(", p. 3") == len(paged[0].evidence)
    assert f"\u201c{batch.article.title}\u201d" in sheet
    summaries = {batch.article.id: ArticleSummary(batch.article.id, batch.article.title, batch.article.source,
                                                  batch.article.outlet, batch.article.published, None, 0)}
    cited = evidence_html(evidence_rows(paged[0], summaries))
    assert " · p. 3 · " in cited and batch.article.title in cited
    unpaged = evidence_html(evidence_rows(batch.relations[1], summaries))
    assert "p. " not in unpaged and batch.article.title in unpaged


@pytest.mark.slow
def test_an_extraction_failure_spares_the_other_documents_of_its_batch():
    """A text spaCy cannot take (a lone surrogate, as a JSON string can carry) fails alone; the rest extract."""
    documents = [Document(key="a", text=PAGE_ONE), Document(key="bad", text="Acme sold \ud800 cameras."),
                 Document(key="b", text=PAGE_TWO)]
    results = {document.key: outcome for document, outcome in extract_each(documents, workers=1)}
    assert isinstance(results["bad"], str) and results["bad"].startswith("extraction failed: UnicodeEncodeError")
    assert [r.type for r in results["a"].relations] == ["SUPPLIED_TO"]
    assert [r.type for r in results["b"].relations] == ["SUPPLIED_TO"]


@pytest.mark.slow
def test_a_document_whose_text_cannot_be_stored_is_reported_and_the_rest_ingested(falkordb_store):
    report = ingest_documents(falkordb_store, [Document(key="bad", text="Acme \ud800.", path="docs.jsonl:2"),
                                               Document(key="good", text=PAGE_TWO, path="docs.jsonl:3")])
    assert report.added == ["docs.jsonl:3"]
    assert [(n, r.split(":")[0]) for n, r in report.failed] == [("docs.jsonl:2", "text cannot be stored")]


def test_an_articles_author_survives_the_store_and_json_graphml_and_csv_round_trips(falkordb_store):
    """The byline read from a text (loaders/metadata.py) is stored, exported and imported with the article."""
    story = supply_story()
    signed = replace(story, article=replace(story.article, author="Jane Quillon, John Roe"))
    falkordb_store.write_article(signed)
    snapshot = snapshot_of_store(falkordb_store)
    assert [a.author for a in snapshot.articles] == ["Jane Quillon, John Roe"]
    for back in (read_json(render_json(snapshot)), read_graphml(render_graphml(snapshot)),
                 read_csv_files(render_csv_files(snapshot))):
        assert [(a.id, a.author) for a in back.articles] == [(signed.article.id, "Jane Quillon, John Roe")]
