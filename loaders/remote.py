"""Everything fetched for one ingest: pages by URL and the new items of feeds, read before the store is written."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from loaders.feeds import read_feed
from loaders.ingest import IngestReport
from loaders.web import WebRead, fetch_pages


def read_remote(urls: Sequence[str], feeds: Sequence[str], *, known: set[str], report: IngestReport,
                since: date | None = None) -> WebRead:
    """Pages for the URLs and the feeds' new items; `known` holds the sources already stored (it is not changed).

    Each URL is fetched at most once in a run, whether it is given twice or is also a feed's item.
    """
    read = WebRead()
    seen: set[str] = set()
    fetch_pages(urls, known, seen, read, report)
    for feed in feeds:
        read_feed(feed, known, seen, read, report, since=since)
    return read
