"""`Document`: one article's text as read from a file, a page or a JSON line, before extraction."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from graph.model import Article, Extraction, text_id


@dataclass(frozen=True)
class Document:
    """What a source yields: `key` is the file stem or the id given with `--docs`.

    `page_starts` holds where each page begins in `text` (PDFs), so evidence can cite a page.
    `extraction`, when a reader already knows the facts (a spreadsheet's rows), replaces spaCy's.
    `furniture` holds the (start, end) spans of metadata lines (byline, date line, dateline) that extraction leaves
    out; `named_outlet` is the outlet a dateline or byline names (its name, then the form written), which becomes a
    MediaOutlet entity of the article (loaders/metadata.py fills both).
    """

    key: str
    text: str
    title: str = ""
    path: str = ""
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    page_starts: tuple[int, ...] = ()
    extraction: Extraction | None = None

    def page_of(self, offset: int) -> int | None:
        """The 1-based page holding character `offset`, or None for a document without pages."""
        if not self.page_starts:
            return None
        return max(1, bisect_right(self.page_starts, offset))
    authors: tuple[str, ...] = ()
    furniture: tuple[tuple[int, int], ...] = ()
    named_outlet: tuple[str, ...] = ()

    @property
    def content_id(self) -> str:
        """The id the article gets in the graph: a hash of its text, so the same text is one article."""
        return text_id(self.text)

    def to_article(self, ingested_at: str | None = None) -> Article:
        return Article(
            id=self.content_id,
            title=self.title or self.key,
            text=self.text,
            source=self.url or self.path,
            outlet=self.outlet,
            published=self.published,
            ingested_at=ingested_at,
            author=", ".join(self.authors) or None,
        )
