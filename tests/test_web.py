"""Pages by URL: fetched from a site the tests serve on 127.0.0.1, archived in the store, cited by their URL."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli import app
from graph.errors import InvalidData
from graph.store import open_store
from loaders.archive import archive_dir, archived
from loaders.fetch import USER_AGENT, fetch, is_url, normalise_url
from loaders.web import page_document, read_url_list
from tests.local_site import refused_url

runner = CliRunner()

PAGE = """<html><head><title>Cameras for the police</title>
<meta property="og:site_name" content="The Local Ledger">
<meta property="article:published_time" content="2026-02-10T09:00:00Z"></head>
<body><nav><a href="/">Home</a> Subscribe now</nav>
<article><h1>Cameras for the police</h1>
<p>Acme Corp sold cameras to the police in Ruritania, according to documents seen by this newspaper.
The contract was signed last year and covered two hundred units.</p>
<p>The company did not answer questions about how the cameras would be used by the authorities.</p></article>
<footer>Copyright The Local Ledger. Cookie settings.</footer></body></html>"""


def _ingest(*args: str):
    return runner.invoke(app, ["ingest", *args])


def _articles(new_store_dir):
    store = open_store(str(new_store_dir), create=False)
    try:
        return list(store.iter_articles()), list(store.iter_relations()), list(store.iter_entities())
    finally:
        store.close()


def test_a_page_by_url_becomes_entities_and_facts_cited_to_the_url(site, new_store_dir):
    url = site.write("story.html", PAGE)
    result = _ingest(url, "--store", str(new_store_dir))
    assert result.exit_code == 0, result.output
    assert "1 added, 0 already in the store, 0 failed" in result.output
    articles, relations, entities = _articles(new_store_dir)
    assert [(a.source, a.title, a.outlet, a.published) for a in articles] == [
        (url, "Cameras for the police", "The Local Ledger", "2026-02-10")]
    assert "Subscribe now" not in articles[0].text and "Acme Corp sold cameras" in articles[0].text
    names = {e.id: e.name for e in entities}
    assert sorted((e.name, e.type) for e in entities) == [
        ("Acme Corp", "Company"), ("Ruritania", "Location"), ("Ruritania police", "GovernmentBody")]
    assert [(r.type, names[r.source], names[r.target]) for r in relations] == [
        ("SUPPLIED_TO", "Acme Corp", "Ruritania police")]
    cited = {e.article_id for r in relations for e in r.evidence}
    assert cited == {articles[0].id}
    assert site.requests == [("/story.html", USER_AGENT)]  # asked once, saying who is asking


def test_the_fetched_html_is_archived_in_the_store_with_its_fetch_record(site, new_store_dir):
    url = site.write("story.html", PAGE)
    site.redirects["/old-story"] = "/story.html"
    assert _ingest(site.url("old-story"), "--store", str(new_store_dir)).exit_code == 0
    page, record = archived(archive_dir(str(new_store_dir)), site.url("old-story"))
    assert page.parent == new_store_dir / "archive"
    assert page.read_text(encoding="utf-8") == PAGE
    assert record["url"] == site.url("old-story") and record["final_url"] == url
    assert (record["status"], record["content_type"], record["bytes"]) == (200, "text/html", len(PAGE.encode()))
    assert record["fetched_at"].startswith("20")
    articles, _, _ = _articles(new_store_dir)
    assert [a.source for a in articles] == [site.url("old-story")]  # cited by the address the journalist gave


def test_the_same_url_twice_is_one_article_even_when_the_page_changed(site, new_store_dir):
    url = site.write("story.html", PAGE)
    assert _ingest(url, "--store", str(new_store_dir)).exit_code == 0
    site.write("story.html", PAGE.replace("two hundred units", "three hundred units"))
    again = _ingest(url + "#comments", "--store", str(new_store_dir))
    assert again.exit_code == 0, again.output
    assert "0 added, 1 already in the store, 0 failed" in again.output
    assert site.fetches_of("story.html") == 1  # not fetched again
    articles, _, _ = _articles(new_store_dir)
    assert len(articles) == 1 and "two hundred units" in articles[0].text


@pytest.mark.slow
def test_bad_urls_are_each_reported_and_the_good_one_is_ingested(site, new_store_dir):
    url = site.write("story.html", PAGE)
    site.write("big.html", "<html><body>" + "word " * 1_100_000 + "</body></html>")
    site.write("big-unsized.html", "<html><body>" + "word " * 1_100_000 + "</body></html>")
    site.unsized.add("/big-unsized.html")
    (site.root / "report.pdf").write_bytes(b"%PDF-1.4 not read from the web")
    site.write("empty.html", "<html><body><nav>Home</nav></body></html>")
    refused = refused_url()
    result = _ingest(site.url("missing.html"), site.url("big.html"), site.url("big-unsized.html"), refused,
                     site.url("report.pdf"), site.url("empty.html"), url, "--store", str(new_store_dir))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"{site.url('missing.html')}: the server answered HTTP 404 File not found" in lines
    assert f"{site.url('big.html')}: too large (5,500,026 bytes; the limit is 5,000,000)" in lines
    assert f"{site.url('big-unsized.html')}: too large (more than 5,000,000 bytes)" in lines
    assert f"{refused}: cannot connect (Connection refused)" in lines
    assert any(line.startswith(f"{site.url('report.pdf')}: not a web page this can read (content type "
                               "application/pdf") for line in lines)
    assert any(line.startswith(f"{site.url('empty.html')}: no article text found") for line in lines)
    assert "1 added, 0 already in the store, 6 failed" in result.output
    assert "Traceback" not in result.output
    articles, _, _ = _articles(new_store_dir)
    assert [a.source for a in articles] == [url]


def test_a_url_file_lists_pages_with_comments(site, new_store_dir, tmp_path):
    first = site.write("one.html", PAGE)
    second = site.write("two.html", PAGE.replace("Acme Corp", "Borealis Systems").replace("Ruritania", "Freedonia"))
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# pages for the story\n{first}\n\n   {second}  \n# {site.url('never.html')}\n",
                       encoding="utf-8")
    result = _ingest("--urls", str(listing), "--store", str(new_store_dir))
    assert result.exit_code == 0, result.output
    assert "2 added" in result.output
    assert site.fetches_of("never.html") == 0
    articles, _, _ = _articles(new_store_dir)
    assert sorted(a.source for a in articles) == [first, second]


def test_a_bad_line_in_the_url_file_is_named_and_nothing_is_made(site, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"{site.url('one.html')}\nftp://example.org/file\n", encoding="utf-8")
    result = _ingest("--urls", str(listing), "--store", str(tmp_path / "new"))
    assert result.exit_code == 1
    assert f"{listing}:2: not an http:// or https:// address: 'ftp://example.org/file'" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "new").exists()
    assert site.requests == []


def test_when_every_url_fails_no_store_is_made(site, tmp_path):
    missing = site.url("missing.html")
    result = _ingest(missing, missing + "#again", "--store", str(tmp_path / "new"))
    assert result.exit_code == 1
    assert result.output.count(f"{missing}: the server answered HTTP 404") == 1  # given twice, fetched once
    assert site.fetches_of("missing.html") == 1
    assert "nothing to ingest" in result.output
    assert not (tmp_path / "new").exists()


def test_a_plain_text_page_is_read_like_a_text_file(site):
    url = site.write("notes.txt", "Cameras for the police\n\nAcme Corp sold cameras to the police in Ruritania.\n")
    document = page_document(fetch(url))
    assert (document.title, document.url, document.path) == ("Cameras for the police", url, "")
    assert "Acme Corp sold cameras" in document.text
    empty = site.write("empty.txt", "   \n")
    with pytest.raises(InvalidData, match=r"/empty\.txt: empty, no text to read"):
        page_document(fetch(empty))


def test_redirects_are_followed_within_a_limit(site):
    site.write("story.html", PAGE)
    site.redirects.update({"/a": "/b", "/b": "/story.html", "/loop": "/loop"})
    fetched = fetch(site.url("a"))
    assert (fetched.final_url, fetched.status) == (site.url("story.html"), 200)
    with pytest.raises(InvalidData, match=r"/loop: more than 5 redirects"):
        fetch(site.url("loop"))
    site.redirects["/elsewhere"] = "file:///notes.txt"
    with pytest.raises(InvalidData, match="redirected to an address that is not http or https"):
        fetch(site.url("elsewhere"))


def test_a_server_that_does_not_answer_in_time_is_named(site):
    site.write("slow.html", PAGE)
    site.delays["/slow.html"] = 2.0
    with pytest.raises(InvalidData, match=r"/slow\.html: no complete answer within 0\.5 s"):
        fetch(site.url("slow.html"), timeout=0.5)


def test_only_http_addresses_are_urls_and_the_fragment_is_not_part_of_one():
    assert is_url("https://example.org/a") and is_url("HTTP://example.org")
    assert not is_url("ftp://example.org/a") and not is_url("data/articles") and not is_url("https:/x")
    assert normalise_url(" HTTPS://Example.ORG/a?b=1#top ") == "https://example.org/a?b=1"
    with pytest.raises(InvalidData, match="only http:// and https://"):
        fetch("file:///notes.txt")


def test_page_text_is_data_and_its_encoding_is_honoured(site):
    hostile = PAGE.replace("Acme Corp sold", "Acme Corp (<script>alert(1)</script> café) sold")
    (site.root / "latin.html").write_bytes(
        hostile.replace("<head>", '<head><meta charset="iso-8859-1">').encode("iso-8859-1"))
    document = page_document(fetch(site.url("latin.html")))
    assert "café" in document.text and "Acme Corp" in document.text
    assert "<script>" not in document.text
    assert (document.url, document.key, document.path) == (site.url("latin.html"), site.url("latin.html"), "")


def test_read_url_list_names_an_unreadable_file(tmp_path):
    with pytest.raises(InvalidData, match=r"missing\.txt: cannot be read"):
        read_url_list(tmp_path / "missing.txt")


def test_the_archive_of_a_neo4j_store_is_beside_the_working_directory_unless_given(tmp_path):
    assert str(archive_dir("neo4j://db.example:7687")) == "threadline-archive"
    assert archive_dir("neo4j://db.example:7687", tmp_path / "pages") == tmp_path / "pages"
    assert archive_dir(str(tmp_path / "store")) == tmp_path / "store" / "archive"


def test_the_ingest_page_takes_page_addresses_and_names_each_that_fails(site, app_store):
    """The app's Ingest page reads addresses as `threadline ingest URL` does: the good page is stored with its
    URL and archived beside the store, a refused one and a line that is no address are listed with the reason."""
    from tests.apptest import ok, open_app

    url, refused = site.write("story.html", PAGE), refused_url()
    at = ok(open_app("ingest"))
    at.text_area(key="in_urls").input(f"{url}\n# a comment\nnot an address\n{refused}").run()
    at.button(key="in_go").click().run()
    ok(at)
    assert "1 added, 0 already in the store, 2 failed" in at.warning[0].value
    rows = at.dataframe[0].value
    assert dict(zip(rows["file"], rows["result"], strict=True)) == {url: "added", "not an address": "failed",
                                                                     refused: "failed"}
    reasons = dict(zip(rows["file"], rows["reason"], strict=True))
    assert reasons["not an address"] == "not an http:// or https:// address" and "refused" in reasons[refused]
    assert url in {a.source for a in app_store.articles()}
    page, _ = archived(archive_dir(app_store.location), url)
    assert page.read_bytes() == PAGE.encode()
    at.button(key="in_go").click().run()  # the same address again: not fetched, already in the store
    assert "0 added, 1 already in the store, 2 failed" in at.warning[0].value and site.fetches_of("story.html") == 1
