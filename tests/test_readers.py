"""The readers registry and each reader: PDF, Word, e-mail, text and HTML, chosen by content and suffix."""

from __future__ import annotations

import re

import pytest

from graph.errors import InvalidData
from loaders.readers import find_reader, readers, supported_kinds
from loaders.readers.pdf import drop_running_lines, repair_hyphens
from loaders.sources import read_document, read_file
from tests.documents import (
    HEADER,
    blank_pdf_bytes,
    docx_bytes,
    eml_bytes,
    encrypted_pdf_bytes,
    pdf_bytes,
    write,
)

PAGE_ONE = ("Hikvision supplied surveillance cameras to the Xinjiang Public Security Bureau. "
            "The surveil-\nlance grid grew.")
PAGE_TWO = "Huawei supplied servers to the Ministry of Interior of Uganda in 2019."


def test_every_kind_is_registered_and_named():
    assert {r.name for r in readers()} >= {"text", "html", "pdf", "docx", "eml"}
    kinds = supported_kinds()
    for label in ("PDF (.pdf)", "Word (.docx)", "e-mail (.eml)", "text (.txt, .md)", "HTML (.html, .htm)"):
        assert label in kinds


@pytest.mark.parametrize(
    ("name", "data", "reader"),
    [
        ("report.txt", b"%PDF-1.7\n...", "pdf"),  # content wins over the suffix
        ("report", b"%PDF-1.4\n...", "pdf"),
        ("page.txt", b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        ("mail.txt", b"From: a@example.org\nTo: b@example.org\nSubject: hi\n\nbody", "eml"),
        ("notes.txt", b"Subject: the police.\nSome article text.", "text"),  # one header-like line is not a mail
        ("story.md", b"An article that mentions <b>tags</b> in its text.", "text"),
        ("story.pages", b"PK\x03\x04 not a Word file", None),
    ],
)
def test_a_file_goes_to_the_reader_its_content_calls_for(name, data, reader):
    found = find_reader(name, data)
    assert (found.name if found else None) == reader


def test_a_docx_is_recognised_by_its_content_whatever_its_name(tmp_path):
    data = docx_bytes(["Hikvision supplied cameras to the police."])
    assert find_reader("upload.bin", data).name == "docx"
    doc = read_document(write(tmp_path / "upload.bin", data))
    assert doc.text.startswith("Hikvision supplied cameras")


def test_pdf_gives_text_per_page_without_running_header_or_footer(tmp_path):
    path = write(tmp_path / "report.pdf", pdf_bytes([PAGE_ONE, PAGE_TWO]))
    doc = read_document(path)
    assert HEADER not in doc.text and "Page 1 of 2" not in doc.text
    assert "The surveillance grid grew." in doc.text  # the line-end hyphen is repaired
    assert doc.text.startswith("Hikvision supplied")
    assert len(doc.page_starts) == 2
    second = doc.text.index("Huawei")
    assert doc.page_of(0) == 1 and doc.page_of(second - 3) == 1 and doc.page_of(second) == 2
    assert doc.page_starts[1] == second


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Surveillance exports 2021", "Surveillance exports 2021"), ("Microsoft Word - draft3.docx", PAGE_TWO),
     ("report.pdf", PAGE_TWO), (None, PAGE_TWO)],
)
def test_a_pdf_title_is_its_own_unless_a_tool_wrote_it(tmp_path, title, expected):
    doc = read_document(write(tmp_path / "r.pdf", pdf_bytes([PAGE_TWO], header=None, title=title)))
    assert doc.title == expected


def test_a_pdf_named_txt_is_read_as_a_pdf(tmp_path):
    doc = read_document(write(tmp_path / "report.txt", pdf_bytes([PAGE_ONE, PAGE_TWO])))
    assert "Huawei supplied servers" in doc.text and len(doc.page_starts) == 2


def test_running_lines_are_those_on_most_pages_near_the_edges():
    body = ["The court heard that the cameras were installed.", "A lawyer for the company objected.",
            "The judge adjourned the hearing."]
    first = ["Ms Lee spoke first.", "The bureau replied.", "Witnesses were called.", "Mr Omar gave evidence."]
    last = ["Costs were reserved.", "Nobody objected.", "The press left early.", "A recess followed."]
    pages = [["Court of Appeal, case 12/2021", first[n - 1], *body, last[n - 1], f"- {n} -"] for n in range(1, 5)]
    pages[3].pop(0)  # one page without the header: it still runs on most pages
    kept = drop_running_lines(pages)
    assert all("Court of Appeal, case 12/2021" not in lines for lines in kept)
    assert [lines[0] for lines in kept] == first
    assert all(lines[1:] == [*body, last[n - 1]] for n, lines in enumerate(kept, start=1))  # repeated mid-page: kept


def test_hyphens_are_joined_only_inside_a_word():
    assert repair_hyphens("surveil-\nlance") == "surveillance"
    assert repair_hyphens("Xinjiang-\nBased") == "Xinjiang-\nBased"  # a capital after the break: a real hyphen
    assert repair_hyphens("2019-\n2021") == "2019-\n2021"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (lambda: encrypted_pdf_bytes(PAGE_TWO), "encrypted PDF: it needs a password"),
        (lambda: blank_pdf_bytes(3), "no text layer on any of its 3 pages: scanned? OCR is not supported"),
        (lambda: b"%PDF-1.7\n" + b"\x00garbage" * 50, "not a readable PDF"),
        (lambda: pdf_bytes([PAGE_TWO])[:300], "not a readable PDF"),
    ],
    ids=["encrypted", "scanned", "garbage", "truncated"],
)
def test_pdfs_that_cannot_be_read_say_why(tmp_path, data, reason):
    path = write(tmp_path / "bad.pdf", data())
    with pytest.raises(InvalidData) as info:
        read_file(path)
    assert str(info.value).startswith(f"{path}: ")
    assert reason in str(info.value)


def test_docx_reads_paragraphs_and_tables_in_order(tmp_path):
    data = docx_bytes(["Supplies to the bureau", "Hikvision supplied cameras to the police in Urumqi."],
                      table=[["Supplier", "Buyer"], ["Huawei", "Ministry of Interior"]], title="Supplies")
    doc = read_document(write(tmp_path / "supplies.docx", data))
    assert doc.title == "Supplies"
    assert doc.text.index("Hikvision supplied") < doc.text.index("Supplier | Buyer") < doc.text.index(
        "Huawei | Ministry of Interior")
    assert doc.page_starts == ()


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"PK\x03\x04 broken zip", "not a Word (.docx) file: not a zip archive"),
     (b"Just text, saved with the wrong suffix.", "not a Word (.docx) file")],
)
def test_a_broken_docx_says_why(tmp_path, data, reason):
    path = write(tmp_path / "memo.docx", data)
    with pytest.raises(InvalidData, match=re.escape(reason)):
        read_file(path)


def test_eml_headers_become_metadata_and_pdf_attachments_documents(tmp_path):
    attachment = pdf_bytes([PAGE_ONE, PAGE_TWO])
    path = write(tmp_path / "tip.eml", eml_bytes("Please see the attached report.",
                                                 attachments={"report.pdf": attachment, "photo.jpg": b"\xff\xd8"}))
    mail, report = read_file(path)
    assert (mail.title, mail.published, mail.outlet) == ("Cameras for the bureau", "2021-03-03", "Jane Doe")
    assert mail.text.startswith("From: Jane Doe <jane@example.org>\nTo: Desk <desk@example.org>")
    assert "Please see the attached report." in mail.text
    assert "Attachments: report.pdf, photo.jpg" in mail.text  # the mail lists what came with it
    assert report.path == f"{path}#report.pdf"
    assert report.title == "report.pdf (attached to: Cameras for the bureau)"
    assert report.published == "2021-03-03" and len(report.page_starts) == 2
    assert "Huawei supplied servers" in report.text


def test_an_unreadable_attachment_is_reported_and_the_mail_still_read(tmp_path):
    path = write(tmp_path / "tip.eml", eml_bytes("Body of the mail.", attachments={
        "locked.pdf": encrypted_pdf_bytes(PAGE_TWO)}))
    mail, locked = read_file(path)
    assert "Body of the mail." in mail.text
    assert locked.name == f"{path}#locked.pdf" and "encrypted PDF" in locked.reason


def test_an_html_mail_gives_its_text(tmp_path):
    doc = read_document(write(tmp_path / "m.eml", eml_bytes("Huawei supplied <b>servers</b> to Uganda.", html=True)))
    assert "Huawei supplied servers to Uganda." in doc.text
    assert "<b>" not in doc.text


def test_binary_file_with_a_text_suffix_is_reported_as_binary(tmp_path):
    path = write(tmp_path / "notes.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00" * 20)
    with pytest.raises(InvalidData, match="binary file, not text"):
        read_file(path)


def test_unsupported_kind_names_the_file_and_the_supported_kinds(tmp_path):
    path = write(tmp_path / "draft.pages", b"PK\x03\x04 a Pages bundle")
    with pytest.raises(InvalidData) as info:
        read_file(path)
    assert str(info.value).startswith(f"{path}: unsupported file type .pages; supported: ")
    assert "PDF (.pdf)" in str(info.value) and info.value.errors == {str(path): "unsupported"}


@pytest.mark.parametrize("kind", ["pdf", "docx", "eml"])
def test_cut_short_or_corrupted_files_give_a_reason_never_a_crash(tmp_path, kind):
    """Every prefix length and a flipped-bytes copy of a good file: read, or refused with the file named."""
    whole = {"pdf": lambda: pdf_bytes([PAGE_ONE, PAGE_TWO]), "docx": lambda: docx_bytes([PAGE_TWO]),
             "eml": lambda: eml_bytes(PAGE_TWO, attachments={"r.pdf": pdf_bytes([PAGE_ONE])})}[kind]()
    variants = [whole[:n] for n in range(16, len(whole), max(1, len(whole) // 40))]
    variants.append(bytes(b ^ 0x5A if i % 97 == 0 else b for i, b in enumerate(whole)))
    refused = read = 0
    for number, data in enumerate(variants):
        path = write(tmp_path / f"v{number}.{kind}", data)
        try:
            items = read_file(path)
        except InvalidData as exc:
            assert str(exc).startswith(f"{path}: "), exc
            refused += 1
        else:
            assert items
            read += 1
    assert refused >= 1  # the cut-short ones are refused...
    assert read_file(write(tmp_path / f"whole.{kind}", whole))  # ...and the whole file still reads
