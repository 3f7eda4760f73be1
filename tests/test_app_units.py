"""The app's pure parts: a view's URL round trip, Markdown neutralising, and the escaped HTML builders."""

from __future__ import annotations

from graph.evidence import EvidenceRow
from graph.filters import ViewFilter
from graph.model import Entity, Evidence, Relation
from graph.paths import Hop
from ui.components.evidence import evidence_html
from ui.components.paths import paths_html
from ui.components.reader import evidence_spans, mention_spans, reader_html
from ui.urlstate import plain
from ui.view import ViewState, from_params, to_params


def test_a_view_survives_its_url():
    view = ViewState(
        seeds=("a", "b"), depth=2, expanded=("c",), pinned=("d",), hidden=("e", "f"), limit=1000, page=2,
        filter=ViewFilter(entity_types=("Company",), relation_types=("OWNS", "FUNDED"), date_from="2020-01-01",
                          date_to="2024-12-31", outlets=("The Times",), articles=("x1",), min_sources=2,
                          min_confidence=0.5),
        size_by="centrality", colour_by="community", relation="k1",
    )
    assert from_params(to_params(view)) == view
    assert to_params(ViewState()) == {}
    assert to_params(ViewState(seeds=("a",))) == {"entity": ["a"]}


def test_bad_url_values_fall_back_or_are_clamped():
    view = from_params({"depth": ["9"], "limit": ["x"], "page": ["0"], "min_conf": ["7"], "size": ["huge"],
                        "entity": ["a", "", "a"]})
    assert (view.depth, view.limit, view.page, view.filter.min_confidence, view.size_by, view.seeds) == (
        3, 300, 0, 1.0, "connections", ("a",))


def test_opening_expanding_and_adding():
    view = ViewState(seeds=("a",), expanded=("b",), hidden=("c",), page=3, relation="k")
    assert view.open("z") == ViewState(seeds=("z",))
    assert view.expand("b") is view and view.expand("a") is view
    assert view.expand("d").expanded == ("b", "d")
    assert view.add_seed("c").seeds == ("a", "c") and view.add_seed("c").hidden == ()
    assert ViewState(seeds=("a",), limit=101, page=2).spec().offset == 200


def test_plain_text_cannot_become_markdown():
    text = plain("![x](http://evil.example/i.png) **b** <img src=x> www.evil.example")
    for raw in ("![x](", "**b**", "www.evil", "http:"):
        assert raw not in text
    assert "\\<img" in text
    assert plain("Société Générale") == "Société Générale"


def test_evidence_html_escapes_and_keeps_only_web_links():
    rows = [EvidenceRow("<b>bold</b> claim", "alleged", 0.5, "a1", "<i>Title</i>", "Out&let", "2024-01-01",
                        "javascript:alert(1)"),
            EvidenceRow("Fine.", "stated", 0.9, "a2", "T", "", "", "https://example.org/x?a=1&b=2")]
    page = evidence_html(rows)
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt; claim" in page and "(alleged)" in page
    assert "&lt;i&gt;Title&lt;/i&gt;" in page and "Out&amp;let" in page
    assert 'href="javascript' not in page and "javascript:alert(1)" in page
    assert 'href="https://example.org/x?a=1&amp;b=2"' in page and 'rel="noopener noreferrer"' in page


def test_the_reader_escapes_then_highlights():
    text = "Acme <Corp> sold kit to Acme's police. Acme denied it."
    acme = Entity("a", "Acme <Corp>", "Company", ("Acme",))
    police = Entity("p", "police", "GovernmentBody")
    spans = mention_spans(text, [acme, police])
    assert [text[s:e] for s, e, _ in spans] == ["Acme <Corp>", "Acme", "police", "Acme"]
    rel = Relation("k", "SUPPLIED_TO", "a", "p", {}, (Evidence("art", text[:38], 0, 38, "t", "1", 0.9),))
    sentences = evidence_spans(text, [rel], "art")
    assert sentences == [(0, 38)]
    page = reader_html(text, spans, {"a": acme, "p": police}, sentences)
    assert "<Corp>" not in page and "&lt;Corp&gt;</mark>" in page
    assert page.count("<mark") == 4 and 'class="tl-evidence"' in page
    assert 'title="Acme &lt;Corp&gt; (Company)"' in page
    assert "Acme denied it." in page.replace('<mark style="background:#4c72b033" title="Acme &lt;Corp&gt; '
                                            '(Company)">Acme</mark>', "Acme")


def test_evidence_outside_the_text_is_ignored():
    rel = Relation("k", "OWNS", "a", "b", {}, (Evidence("art", "x", 50, 80, "t", "1", 0.9),
                                               Evidence("other", "y", 0, 3, "t", "1", 0.9)))
    assert evidence_spans("short text", [rel], "art") == []


def test_paths_html_shows_direction_and_citation():
    rel = Relation("k", "SUPPLIED_TO", "s", "t", {}, (Evidence("art", "S sold <kit> to T.", 0, 18, "t", "1", 0.9),))
    page = paths_html(((Hop("t", "s", rel),),), {"s": "S", "t": "T"}, {})
    assert "<b>T</b> ← supplied — <b>S</b>" in page and "&lt;kit&gt;" in page and "Path 1" in page
