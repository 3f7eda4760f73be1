"""RSS and Atom feeds: the items' pages come from a site served on 127.0.0.1; a second run takes only new items."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli import app
from graph.store import open_store
from loaders.feeds import parse_since

runner = CliRunner()

STORY = """<html><head><title>{title}</title><meta property="og:site_name" content="The Local Ledger"></head>
<body><nav>Home | World | Subscribe now</nav><article><h1>{title}</h1>
<p>{company} sold cameras to the police in {country}, according to documents seen by this newspaper.
The contract was signed last year and covered two hundred units.</p>
<p>The company did not answer questions about how the cameras would be used by the authorities.</p>
</article><footer>Copyright The Local Ledger.</footer></body></html>"""

ITEM = """<item><title>{title}</title><link>{link}</link><guid>{link}</guid><pubDate>{date}</pubDate>
<description>{summary}</description></item>"""


def _rss(items: list[str]) -> str:
    return ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>The Local Ledger</title>"
            "<link>http://127.0.0.1/</link><description>News</description>" + "".join(items) + "</channel></rss>")


def _story(site, name: str, company: str, country: str) -> str:
    return site.write(name, STORY.format(title=f"{company} in {country}", company=company, country=country))


def _item(link: str, title: str, date: str = "Mon, 02 Mar 2026 09:00:00 GMT", summary: str = "Short.") -> str:
    return ITEM.format(title=title, link=link, date=date, summary=summary)


def _sources(new_store_dir) -> list[str]:
    store = open_store(str(new_store_dir), create=False)
    try:
        return sorted(a.source for a in store.iter_articles())
    finally:
        store.close()


@pytest.mark.slow
def test_a_feed_ingested_twice_adds_only_the_new_items(site, new_store_dir):
    first = _story(site, "one.html", "Acme Corp", "Ruritania")
    second = _story(site, "two.html", "Borealis Systems", "Freedonia")
    items = [_item(first, "One"), _item(second, "Two")]
    feed = site.write("feed.xml", _rss(items))
    result = runner.invoke(app, ["ingest", "--feed", feed, "--store", str(new_store_dir)])
    assert result.exit_code == 0, result.output
    assert "2 added, 0 already in the store, 0 failed" in result.output
    third = _story(site, "three.html", "Cobalt Optics", "Latveria")
    site.write("feed.xml", _rss([_item(third, "Three"), *items]))
    again = runner.invoke(app, ["ingest", "--feed", feed, "--store", str(new_store_dir)])
    assert again.exit_code == 0, again.output
    assert "1 added, 2 already in the store, 0 failed" in again.output
    assert [site.fetches_of(p) for p in ("one.html", "two.html", "three.html", "feed.xml")] == [1, 1, 1, 2]
    assert _sources(new_store_dir) == sorted([first, second, third])
    assert (new_store_dir / "archive").is_dir() and len(list((new_store_dir / "archive").glob("*.html"))) == 3


def test_since_skips_older_items_and_says_how_many(site, new_store_dir):
    old = _story(site, "old.html", "Acme Corp", "Ruritania")
    new = _story(site, "new.html", "Borealis Systems", "Freedonia")
    feed = site.write("feed.xml", _rss([_item(old, "Old", "Thu, 01 Jan 2026 09:00:00 GMT"),
                                        _item(new, "New", "Sun, 01 Mar 2026 09:00:00 GMT")]))
    result = runner.invoke(app, ["ingest", "--feed", feed, "--since", "2026-02-01", "--store", str(new_store_dir)])
    assert result.exit_code == 0, result.output
    assert f"{feed}: 1 item published before 2026-02-01 skipped" in result.output
    assert "1 added" in result.output
    assert site.fetches_of("old.html") == 0
    assert _sources(new_store_dir) == [new]
    store = open_store(str(new_store_dir), create=False)
    try:
        [article] = store.iter_articles()
    finally:
        store.close()
    # the page names its site but carries no date: the item's date is the article's
    assert (article.outlet, article.published, article.title) == ("The Local Ledger", "2026-03-01",
                                                                  "Borealis Systems in Freedonia")


def test_a_feed_file_whose_item_page_is_gone_falls_back_to_the_item_text(site, new_store_dir, tmp_path):
    kept = _story(site, "kept.html", "Acme Corp", "Ruritania")
    long_summary = ("Borealis Systems sold cameras to the police in Freedonia, the ministry said on Monday. "
                    "The deal covered two hundred units and a training programme.")
    gone, short = site.url("gone.html"), site.url("short.html")
    feed = tmp_path / "feed.xml"
    feed.write_text(_rss([_item(kept, "Kept"), _item(gone, "Gone", summary=f"&lt;p&gt;{long_summary}&lt;/p&gt;"),
                          _item(short, "Short")]), encoding="utf-8")
    result = runner.invoke(app, ["ingest", "--feed", str(feed), "--store", str(new_store_dir)])
    assert result.exit_code == 1  # the short item could not be read at all
    lines = result.output.splitlines()
    assert (f"{gone}: the server answered HTTP 404 File not found; the feed's own text for the item was used "
            "instead") in lines
    assert f"{short}: the server answered HTTP 404 File not found" in lines
    assert "2 added, 0 already in the store, 1 failed" in result.output
    assert "Traceback" not in result.output
    assert _sources(new_store_dir) == sorted([kept, gone])
    store = open_store(str(new_store_dir), create=False)
    try:
        texts = {a.source: a.text for a in store.iter_articles()}
    finally:
        store.close()
    assert texts[gone] == long_summary  # the summary's markup is gone, its words kept


def test_something_that_is_not_a_feed_is_reported(site, tmp_path):
    page = _story(site, "page.html", "Acme Corp", "Ruritania")
    notes = tmp_path / "notes.xml"
    notes.write_text("<notes><note>hello</note></notes>", encoding="utf-8")
    result = runner.invoke(app, ["ingest", "--feed", page, "--feed", str(notes), "--feed", str(tmp_path / "none.xml"),
                                 "--store", str(tmp_path / "new")])
    assert result.exit_code == 1
    assert f"{page}: not a web page this can read (content type text/html" in result.output
    assert f"{notes}: the feed has no items" in result.output
    assert f"{tmp_path / 'none.xml'}: cannot be read: No such file or directory" in result.output
    assert "nothing to ingest" in result.output and not (tmp_path / "new").exists()


def test_a_bad_since_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["ingest", "--feed", str(tmp_path / "f.xml"), "--since", "last week"])
    assert result.exit_code == 2
    assert "--since must be a date such as 2026-03-01, not 'last week'" in result.output
    assert parse_since("2026-03-01").isoformat() == "2026-03-01"
