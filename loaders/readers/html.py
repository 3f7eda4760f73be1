"""Saved web pages: the main text via trafilatura, with the page's own title, site name and date."""

from __future__ import annotations

import re
from pathlib import Path

from loaders.document import Document
from loaders.readers.base import Reader, decode_text, failure, first_line_title

MIN_WORDS = 10  # what trafilatura keeps from a page with no story is a stray link or two
_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)


def sniff(data: bytes) -> bool:
    """A page starts with `<!DOCTYPE html>` or `<html`; tags inside an article's text do not count."""
    return bool(_HTML_START.match(data[:4096]))


def html_document(path: Path, html: str) -> Document:
    """The main text of a page and its metadata; only dates from the page's metadata are kept."""
    import trafilatura
    from htmldate import find_date

    result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True)
    text = getattr(result, "text", None) if result is not None else None
    words = len(text.split()) if text else 0
    if words < MIN_WORDS:
        raise failure(path, f"no article text found in the page ({words} words outside navigation)",
                      "no article text")
    try:
        published = find_date(html, extensive_search=False, original_date=True)
    except (ValueError, TypeError):
        published = None
    return Document(
        key=path.stem,
        text=text,
        title=(getattr(result, "title", None) or first_line_title(text))[:200],
        path=str(path),
        url=getattr(result, "url", None),
        outlet=getattr(result, "sitename", None),
        published=published,
    )


def read(path: Path, data: bytes) -> list[Document]:
    return [html_document(path, decode_text(path, data))]


READER = Reader(name="html", label="HTML", suffixes=(".html", ".htm"), read=read, sniff=sniff, priority=60)
