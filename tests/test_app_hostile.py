"""Hostile names: an article whose entities, title, author, outlet and link are attack strings goes in through
`loaders.ingest`, and neither the app's pages, its graph, nor the exported HTML carries them as markup."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from graph.model import ExtractedEntity, ExtractedRelation, Extraction, Subgraph
from graph.render import render_html
from graph.store.base import ArticleGraph
from loaders.document import Document
from loaders.ingest import ingest_documents
from loaders.resolve import resolve
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = '"><script>alert(2)</script>'
LINK = "javascript:alert(3)"
NAMES = (IMG, SCRIPT, f"Acme {LINK}")
RAW = (IMG, SCRIPT, "<script>alert", "onerror=alert(1)>")
TEXT = (f"{IMG} sold spyware to {SCRIPT}. Later {SCRIPT} wrote to Acme {LINK} about {IMG}.\n")


def _extraction(document: Document) -> Extraction:
    """What an extractor could return for TEXT: three entities named by the attack strings, two relations."""
    text = document.text
    first = text.index(".") + 1
    second = len(text.rstrip())
    entities = (ExtractedEntity("e1", IMG, "Company"), ExtractedEntity("e2", SCRIPT, "GovernmentBody"),
                ExtractedEntity("e3", f"Acme {LINK}", "Company"))
    relations = (
        ExtractedRelation("SUPPLIED_TO", "e1", "e2", text[:first], 0, first, 0.9, {"product": IMG}),
        ExtractedRelation("CONTACTED", "e2", "e3", text[first + 1:second], first + 1, second, 0.8),
    )
    return Extraction(entities, relations, "hostile-test", "1")


@pytest.fixture
def hostile_store(falkordb_store, monkeypatch):
    """A store holding the hostile article: its text through the real ingest (extractor included), and
    entities named exactly by the attack strings written through the same resolution and store path."""
    document = Document(key="hostile", text=TEXT, title=f"{SCRIPT} {IMG}", path="hostile.txt", url=LINK,
                        outlet=IMG, published="2024-01-01", authors=(SCRIPT,))
    report = ingest_documents(falkordb_store, [document])
    assert report.ok and report.added
    # The real extractor drops markup from names, so to put the attack strings themselves in the graph the
    # extraction is given as data, as a JSON-lines extraction from another tool would be.
    batch = resolve(document.to_article(), _extraction(document), falkordb_store.lookup)
    falkordb_store.write_article(ArticleGraph(batch.article, batch.entities, batch.relations))
    assert {IMG, SCRIPT} <= {e.name for e in falkordb_store.iter_entities()}
    monkeypatch.setenv("THREADLINE_STORE", falkordb_store.location)
    monkeypatch.chdir(ROOT)
    return falkordb_store


def _no_markup(text: str, where: str) -> None:
    """Fail if any attack string appears unescaped, or a javascript: link is formed."""
    for raw in RAW:
        assert raw not in text, f"{where} carries {raw!r} unescaped"
    assert not re.search(r"(href|src)\s*=\s*[\"']?\s*javascript:", text, re.IGNORECASE), f"{where}: javascript link"


def _check_page(at: AppTest, where: str) -> None:
    """Check everything a page drew: HTML, Markdown and the component's own code."""
    assert not at.exception, [e.value for e in at.exception]
    for element in at.get("html"):
        _no_markup(element.proto.body, f"{where}: st.html")
    for kind in ("markdown", "caption", "warning", "info", "error", "success"):
        for element in at.get(kind):
            _no_markup(str(element.value), f"{where}: {kind}")
    for component in at.get("bidi_component"):
        _no_markup(component.proto.html_content + component.proto.js_content[-4000:], f"{where}: component code")


def _open(page: str, **params: str) -> AppTest:
    """The app on a page with these query parameters, after its first run."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"ui/pages/{page}.py")
    return at.run()


def test_the_app_graph_shows_hostile_names_only_as_data(hostile_store):
    victim = next(e for e in hostile_store.iter_entities() if e.name == SCRIPT)
    at = _open("explore", entity=victim.id)
    _check_page(at, "explore")
    data = json.loads(at.get("bidi_component")[0].proto.json)[0]
    assert {n["label"] for n in data["nodes"]} == set(NAMES)  # drawn on a canvas as text
    assert any(IMG in e["title"] for e in data["edges"])  # tooltips are text (vis-network sets innerText)
    body = "\n".join(h.proto.body for h in at.get("html"))
    assert "&lt;img src=x onerror=alert(1)&gt;" in body  # the evidence shows the sentence, escaped
    assert "javascript:" not in re.sub(r">[^<]*<", "><", body)  # never inside a tag


@pytest.mark.parametrize("page", ["evidence", "articles", "analysis", "filters", "export", "connections"])
def test_every_page_escapes_hostile_strings(hostile_store, page):
    victim = next(e for e in hostile_store.iter_entities() if e.name == SCRIPT)
    other = next(e for e in hostile_store.iter_entities() if e.name == IMG)
    at = _open(page, entity=victim.id, a=other.id, b=victim.id)
    _check_page(at, page)


def test_the_reader_highlights_hostile_names_as_text(hostile_store):
    at = _open("articles")
    _check_page(at, "articles")
    reader = next(h.proto.body for h in at.get("html") if "article-reader" in h.proto.body)
    assert "&lt;img src=x onerror=alert(1)&gt;</mark>" in reader
    cite = "\n".join(h.proto.body for h in at.get("html"))
    assert "by &quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt; · &lt;img src=x" in cite  # author, then outlet
    assert list(at.dataframe[0].value["author"]) == [SCRIPT]  # the list of articles shows it as data


def test_the_query_console_shows_hostile_results_as_text(hostile_store):
    at = _open("query", cypher="MATCH (s:Entity)-[r]->(t:Entity) RETURN s, r, t, s.name AS name")
    _check_page(at, "query")
    assert set(at.dataframe[0].value["name"]) == {IMG, SCRIPT}


def test_the_exported_html_escapes_hostile_strings(hostile_store):
    from ui.components.export import export_bytes

    view = Subgraph(tuple(hostile_store.iter_entities()), tuple(hostile_store.iter_relations()))
    scope = {"kind": "view", "description": f"around {IMG}"}
    exported = export_bytes(hostile_store, view, scope, "html").decode("utf-8")
    _no_markup(exported, "exported html")
    assert "&lt;img src=x onerror=alert(1)&gt;" in exported  # the escaped title
    titles = {a.id: a.title for a in hostile_store.articles()}
    _no_markup(render_html(view, title=IMG, article_titles=titles), "render_html")
