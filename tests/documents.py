"""Small PDF, Word and e-mail files made by the tests themselves (fpdf2, pypdf, python-docx, email)."""

from __future__ import annotations

import io
from email.message import EmailMessage
from pathlib import Path

HEADER = "Annual Report of the Watchdog 2021"


def pdf_bytes(pages: list[str], header: str | None = HEADER, footer: bool = True, title: str | None = None) -> bytes:
    """A PDF with one page per text, each under a running header and over a "Page N of M" footer."""
    from fpdf import FPDF

    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    for number, body in enumerate(pages, start=1):
        pdf.add_page()
        if header:
            pdf.cell(0, 10, header, new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 8, body)
        if footer:
            pdf.set_y(-20)
            pdf.cell(0, 10, f"Page {number} of {len(pages)}")
    return bytes(pdf.output())


def blank_pdf_bytes(pages: int = 2) -> bytes:
    """A PDF whose pages carry no text at all, as a scan without a text layer reads."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf_bytes(text: str, password: str = "s3cret") -> bytes:
    """A one-page PDF that opens only with a password."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes([text]))))
    writer.encrypt(user_password=password, owner_password=password, algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None, title: str | None = None) -> bytes:
    """A Word file with the paragraphs, then a table of the given rows."""
    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def eml_bytes(body: str, subject: str = "Cameras for the bureau", attachments: dict[str, bytes] | None = None,
              html: bool = False) -> bytes:
    """An RFC 822 mail from Jane Doe with the body and the attachments (name -> bytes)."""
    message = EmailMessage()
    message["From"] = "Jane Doe <jane@example.org>"
    message["To"] = "Desk <desk@example.org>"
    message["Date"] = "Wed, 03 Mar 2021 10:15:00 +0000"
    message["Subject"] = subject
    if html:
        message.set_content(f"<html><body><p>{body}</p></body></html>", subtype="html")
    else:
        message.set_content(body)
    for name, data in (attachments or {}).items():
        kind = ("application", "pdf") if name.endswith(".pdf") else ("application", "octet-stream")
        message.add_attachment(data, maintype=kind[0], subtype=kind[1], filename=name)
    return message.as_bytes()


def write(path: Path, data: bytes) -> Path:
    """Write the bytes, making the folder, and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
