"""RSS and Atom feeds (feedparser): each new item's page is fetched and read like any URL.

An item is new when neither its link nor its guid is an article source in the store, so a second run
fetches only items added since. When an item's page cannot be fetched or read, the feed's own text for the
item (its content, else its summary) stands in if it is long enough, and the run says so.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from graph.errors import InvalidData
from loaders.document import Document
from loaders.fetch import FEED_TYPES, fetch, is_url, normalise_url
from loaders.ingest import IngestReport
from loaders.readers.html import MIN_WORDS as MIN_HTML_WORDS
from loaders.web import WebPage, WebRead, page_document


def parse_since(text: str) -> date:
    """`--since` as a date (2026-03-01); a `ValueError` names what was given."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"--since must be a date such as 2026-03-01, not {text!r}") from None


def _feed_bytes(spec: str) -> bytes:
    if is_url(spec):
        return fetch(normalise_url(spec), accept=FEED_TYPES).body
    try:
        return Path(spec).read_bytes()
    except OSError as exc:
        raise InvalidData(f"{spec}: cannot be read: {exc.strerror}", {spec: "unreadable"}) from None


def _item_date(entry: dict) -> date | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return date.fromtimestamp(time.mktime(stamp)) if stamp else None


def _item_text(entry: dict) -> str:
    """The item's own words, markup removed (feedparser has already sanitised it): content, else summary."""
    from lxml import html

    parts = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
    texts = []
    for part in parts:
        if part.strip():
            texts.append(html.fromstring(f"<div>{part}</div>").text_content().strip())
    return "\n\n".join(t for t in texts if t)


def _fallback(entry: dict, url: str, outlet: str | None, published: date | None) -> Document | None:
    text = _item_text(entry)
    if len(text.split()) < MIN_HTML_WORDS:
        return None
    return Document(key=url, text=text, title=str(entry.get("title") or "")[:200], url=url, outlet=outlet,
                    published=published.isoformat() if published else None)


def read_feed(spec: str, stored: set[str], seen: set[str], read: WebRead, report: IngestReport,
              since: date | None = None) -> None:
    """Read the new items of one feed (a URL or a file) into `read`: items whose link or guid is `stored` are
    unchanged, items already `seen` in this run (which grows) are not fetched twice."""
    import feedparser

    try:
        parsed = feedparser.parse(_feed_bytes(spec))
    except InvalidData as exc:
        report.failed.append((spec, str(exc).removeprefix(f"{spec}: ").removeprefix(f"{normalise_url(spec)}: ")))
        return
    if not parsed.entries:
        reason = f"not an RSS or Atom feed ({parsed.bozo_exception})" if parsed.bozo else "the feed has no items"
        report.failed.append((spec, reason))
        return
    outlet = parsed.feed.get("title") or None
    older = 0
    for number, entry in enumerate(parsed.entries, start=1):
        link, guid = entry.get("link") or "", entry.get("id") or ""
        if not is_url(link):
            report.failed.append((f"{spec} item {number}", f"no http(s) link ({link[:80]!r})"))
            continue
        url = normalise_url(link)
        if url in stored or (guid and guid in stored):
            report.unchanged.append(url)
            continue
        if url in seen:
            continue
        published = _item_date(entry)
        if since and published and published < since:
            older += 1
            continue
        seen.add(url)
        try:
            document = page_document(fetched := fetch(url))
            read.pages.append(WebPage(replace(  # the item's date and the feed's name where the page gives none
                document, outlet=document.outlet or outlet,
                published=document.published or (published.isoformat() if published else None)), fetched))
        except InvalidData as exc:
            reason = str(exc).removeprefix(f"{url}: ")
            document = _fallback(entry, url, outlet, published)
            if document is None:
                report.failed.append((url, reason))
            else:
                read.pages.append(WebPage(document))
                read.notes.append((url, f"{reason}; the feed's own text for the item was used instead"))
    if older:
        read.notes.append((spec, f"{older} item{'s' if older != 1 else ''} published before {since} skipped"))
