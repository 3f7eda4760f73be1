"""Word files (.docx) via python-docx: paragraphs and tables' text in document order."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from graph.errors import InvalidData
from loaders.document import Document
from loaders.readers.base import Reader, failure, first_line_title


def sniff(data: bytes) -> bool:
    """A .docx is a zip archive holding `word/document.xml` (its table of contents is at the end)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        return "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _table_lines(table) -> list[str]:
    """One line per row, its cells' text joined by " | " (a merged cell counted once)."""
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            lines.append(" | ".join(cells))
    return lines


def read(path: Path, data: bytes) -> list[Document]:
    import docx
    from docx.table import Table

    try:
        if "word/document.xml" not in zipfile.ZipFile(io.BytesIO(data)).namelist():
            raise failure(path, "a zip file but not a Word document (no word/document.xml)", "not docx")
        word = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise failure(path, "not a Word (.docx) file: not a zip archive (an old .doc? save it as .docx)",
                      "not docx") from None
    except InvalidData:
        raise
    except Exception as exc:  # python-docx parses untrusted XML and can fail in many ways
        raise failure(path, f"not a readable Word document ({type(exc).__name__}: {exc})", "malformed") from None
    lines: list[str] = []
    for block in word.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        elif block.text.strip():
            lines.append(block.text.strip())
    text = "\n\n".join(lines)
    if not text.strip():
        raise failure(path, "empty, no text to read", "empty")
    # The file's creation date is not a publication date (templates carry their own), so none is set.
    title = word.core_properties.title or first_line_title(text)
    return [Document(key=path.stem, text=text + "\n", title=title[:200], path=str(path))]


READER = Reader(name="docx", label="Word", suffixes=(".docx",), read=read, sniff=sniff, priority=90,
                max_bytes=100_000_000)
