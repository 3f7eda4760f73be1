"""PDF files via pypdf: text page by page, running headers and footers dropped, line-end hyphens repaired.

The document keeps where each page starts in its text, so evidence can cite the page. A PDF whose pages
hold no text (a scan) or that needs a password is reported as such.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

from graph.errors import InvalidData
from loaders.document import Document
from loaders.readers.base import Reader, failure, first_line_title

EDGE_LINES = 2  # lines at the top and bottom of a page that may be a running header or footer
_DIGITS = re.compile(r"\d+")
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])-\n(?=[a-z])")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d+(?:\s*(?:of|/)\s*\d+)?$", re.I)
# Titles that tools write for you say nothing about the document: "Microsoft Word - draft3.docx", "untitled".
_TOOL_TITLE = re.compile(r"^(?:microsoft \w+ - |untitled\b)|\.(?:docx?|pdf|odt|rtf|txt)$", re.I)


def sniff(data: bytes) -> bool:
    """PDF files start with `%PDF-` (some tools put a few bytes before it)."""
    return b"%PDF-" in data[:1024]


def _shape(line: str) -> str:
    """A line with its numbers blanked, so "Annual report 2021 - page 3" repeats on every page."""
    return _DIGITS.sub("#", " ".join(line.split()).casefold())


def drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Remove lines near a page's top or bottom that recur on most pages, and bare page numbers."""
    edge_counts: Counter[str] = Counter()
    for lines in pages:
        edges = {_shape(line) for line in lines[:EDGE_LINES] + lines[-EDGE_LINES:] if line.strip()}
        edge_counts.update(edges)
    needed = max(2, (len(pages) + 1) // 2)
    running = {shape for shape, count in edge_counts.items() if count >= needed}
    kept = []
    for lines in pages:
        last = len(lines) - 1
        out = []
        for i, line in enumerate(lines):
            at_edge = i < EDGE_LINES or last - i < EDGE_LINES
            if at_edge and (_shape(line) in running or _PAGE_NUMBER.match(line.strip())):
                continue
            out.append(line)
        kept.append(out)
    return kept


def repair_hyphens(text: str) -> str:
    """Join words broken at a line end ("surveil-\\nlance" becomes "surveillance")."""
    return _HYPHEN_BREAK.sub("", text)


def meaningful_title(title: object) -> str:
    """The PDF's own title when a person wrote it, else "" (the first line is used instead)."""
    text = " ".join(str(title or "").split())
    return "" if not text or _TOOL_TITLE.search(text) else text[:200]


def pages_text(path: Path, data: bytes) -> tuple[list[str], str]:
    """Each page's text and the document's own title, or a clear error for an encrypted, malformed or
    text-less PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise failure(path, "encrypted PDF: it needs a password; save a copy without one and ingest that",
                          "encrypted")
        raw = [page.extract_text() or "" for page in reader.pages]
        title = meaningful_title(reader.metadata.title if reader.metadata else None)
    except PdfReadError as exc:
        if "decrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise failure(path, "encrypted PDF: it needs a password; save a copy without one and ingest that",
                          "encrypted") from None
        raise failure(path, f"not a readable PDF ({exc})", "malformed") from None
    except InvalidData:
        raise
    except Exception as exc:  # pypdf parses untrusted bytes and can fail in many ways (zlib, struct, recursion)
        raise failure(path, f"not a readable PDF ({type(exc).__name__}: {exc})", "malformed") from None
    if not raw:
        raise failure(path, "PDF with no pages", "empty")
    if not any(page.strip() for page in raw):
        raise failure(path, f"no text layer on any of its {len(raw)} pages: scanned? OCR is not supported",
                      "no text layer")
    return raw, title


def read(path: Path, data: bytes) -> list[Document]:
    raw, title = pages_text(path, data)
    pages = drop_running_lines([text.splitlines() for text in raw])
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for lines in pages:
        page = repair_hyphens("\n".join(line.rstrip() for line in lines)).strip("\n")
        starts.append(offset)
        parts.append(page)
        offset += len(page) + 2  # pages are joined by a blank line
    text = "\n\n".join(parts)
    if not text.strip():
        raise failure(path, "no text left once running headers and footers are dropped", "empty")
    return [Document(key=path.stem, text=text, title=title or first_line_title(text) or path.stem, path=str(path),
                     page_starts=tuple(starts))]


READER = Reader(name="pdf", label="PDF", suffixes=(".pdf",), read=read, sniff=sniff, priority=100,
                max_bytes=200_000_000)
