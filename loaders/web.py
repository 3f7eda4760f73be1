"""Web pages by URL into `Document`s: fetched (loaders/fetch.py), read by the same readers as an .html or .txt
file (loaders/readers/), and kept for the archive (loaders/archive.py) once the store is open.

A URL already stored as an article's source is not fetched again: it is "already in the store", even if the
page has changed since, so one URL is one article.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from graph.errors import InvalidData
from graph.store.base import GraphStore
from loaders.archive import archive_key, archive_page
from loaders.document import Document
from loaders.fetch import Fetched, fetch, is_url, normalise_url
from loaders.ingest import IngestReport
from loaders.readers.html import html_document
from loaders.readers.text import text_document


@dataclass(frozen=True)
class WebPage:
    """A document read from the web, and the fetch it came from (None when a feed's own text stood in)."""

    document: Document
    fetched: Fetched | None = None


@dataclass
class WebRead:
    """What reading URLs and feeds gave: pages to ingest, and remarks that are not failures."""

    pages: list[WebPage] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


def stored_sources(store: GraphStore) -> set[str]:
    """Every article source in the store (file paths and URLs), to skip URLs already ingested."""
    return {a.source for a in store.articles() if a.source}


def read_url_list(path: Path) -> list[str]:
    """The URLs of a `--urls` file: one per line; blank lines and `#` comments are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise InvalidData(f"{path}: cannot be read: {reason}", {str(path): "unreadable"}) from None
    urls = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not is_url(line):
            raise InvalidData(f"{path}:{number}: not an http:// or https:// address: {line[:80]!r}",
                              {f"{path}:{number}": "not a URL"})
        urls.append(line)
    return urls


def _page_text(fetched: Fetched) -> str:
    """The page's characters, its encoding taken from the page itself (meta charset) or detected."""
    from trafilatura.utils import decode_file

    return decode_file(fetched.body)


def page_document(fetched: Fetched) -> Document:
    """The article in a fetched page (title, text, site name as outlet, metadata date), cited by its URL; a
    text/plain answer is read like a .txt file (first line as title, optional front matter)."""
    plain = fetched.content_type == "text/plain"
    name = f"{archive_key(fetched.url)}.{'txt' if plain else 'html'}"
    try:
        reader = text_document if plain else html_document
        document = reader(Path(name), _page_text(fetched))
    except InvalidData as exc:
        reason = str(exc).removeprefix(f"{name}: ")
        raise InvalidData(f"{fetched.url}: {reason}", {fetched.url: "no article text"}) from None
    return replace(document, key=fetched.url, path="", url=fetched.url)


def fetch_pages(urls: Iterable[str], stored: set[str], seen: set[str], read: WebRead, report: IngestReport) -> None:
    """Fetch and read each URL into `read`: one in `stored` is reported unchanged without a fetch, one already
    `seen` in this run (which grows) is not fetched twice, and one that cannot be fetched or read failed."""
    for raw in urls:
        url = normalise_url(raw)
        if url in stored:
            report.unchanged.append(url)
            continue
        if url in seen:
            continue
        seen.add(url)
        try:
            fetched = fetch(url)
            read.pages.append(WebPage(page_document(fetched), fetched))
        except InvalidData as exc:
            report.failed.append((url, str(exc).removeprefix(f"{url}: ")))


def archive_pages(pages: Iterable[WebPage], directory: Path) -> int:
    """Write the archived copy of every fetched page; how many were written."""
    count = 0
    for page in pages:
        if page.fetched is not None:
            archive_page(directory, page.fetched)
            count += 1
    return count
