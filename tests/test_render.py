"""graph.render: offline, every article string shown as text, evidence in each edge's details, doubt made visible."""

from __future__ import annotations

import json
import re

from graph.model import Entity, Evidence, Relation, Subgraph, relation_status
from graph.render import (
    DETAIL_EVIDENCE,
    PHYSICS_LIMIT,
    TOOLTIP_EVIDENCE,
    graph_data,
    network_options,
    render_html,
    script_json,
)

HOSTILE = ('<img src=x onerror=alert(1)>', '"><script>alert(2)</script>', "javascript:alert(3)",
           "</script><script>alert(4)</script>", "<!--", "\u2028")


def ev(article: str, sentence: str = "A sentence.", status: str = "stated", confidence: float = 0.9) -> Evidence:
    """One sentence of evidence from an article."""
    return Evidence(article, sentence, 0, len(sentence), "test", "1", confidence, status)


def small() -> Subgraph:
    """Three entities, a two-source fact and an alleged one, seven more left out by a cap."""
    a, b, c = Entity("a", "Acme", "Company"), Entity("b", "Police", "GovernmentBody"), Entity("c", "Ann", "Person")
    return Subgraph((a, b, c), (
        Relation("r1", "SUPPLIED_TO", "a", "b", {}, (ev("art1"), ev("art2"))),
        Relation("r2", "HAS_ROLE_AT", "c", "a", {}, (ev("art1", "Ann may run Acme.", "alleged"),)),
    ), omitted=7)


def hostile_graph() -> Subgraph:
    """People named by attack strings, each contacting the next, with the strings as sentences too."""
    people = tuple(Entity(f"h{i}", name, "Person", (name,)) for i, name in enumerate(HOSTILE))
    relations = tuple(Relation(f"k{i}", "CONTACTED", people[i].id, people[(i + 1) % len(people)].id, {},
                               (ev(f"art{i}", name),)) for i, name in enumerate(HOSTILE))
    return Subgraph(people, relations)


def test_the_page_is_offline():
    page = render_html(small())
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page, re.IGNORECASE)
    assert "cdn" not in page.lower().split("<script>")[0]
    assert "default-src 'none'" in page
    assert "new vis.Network" in page and "7 more not shown" in page


def test_hostile_strings_never_reach_the_page_as_markup():
    titles = {f"art{i}": name for i, name in enumerate(HOSTILE)}
    page = render_html(hostile_graph(), title=HOSTILE[0], article_titles=titles)
    for name in (HOSTILE[0], HOSTILE[1], HOSTILE[3]):
        assert name not in page
    assert not re.search(r"(href|src)\s*=\s*[\"']?\s*javascript:", page, re.IGNORECASE)
    assert "<img" not in page and "alert(2)</script>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # the escaped title
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page  # the JSON data
    assert ".innerHTML" not in page and "textContent" in page
    data = json.loads(re.search(r"const data = (.*);\n", page).group(1))
    assert {n["label"] for n in data["nodes"]} == set(HOSTILE)
    assert data["edges"][0]["evidence"][0]["title"] == HOSTILE[0]


def test_script_json_cannot_close_the_script():
    text = script_json({"x": "</script><!-- \u2028"})
    assert "<" not in text and ">" not in text and "\u2028" not in text
    assert json.loads(text) == {"x": "</script><!-- \u2028"}


def test_each_edge_lists_its_sentences_with_article_titles_capped():
    many = tuple(ev(f"art{i}", f"Sentence {i}.") for i in range(DETAIL_EVIDENCE + 5))
    view = Subgraph((Entity("a", "A", "Company"), Entity("b", "B", "Company")),
                    (Relation("r", "OWNS", "a", "b", {}, many),))
    data = graph_data(view, article_titles={f"art{i}": f"Title {i}" for i in range(40)})
    edge = data["edges"][0]
    assert len(edge["evidence"]) == DETAIL_EVIDENCE and edge["more"] == 5
    assert edge["evidence"][0] == {"sentence": "Sentence 0.", "title": "Title 0", "status": "stated"}
    tip = edge["title"].splitlines()
    assert tip[0] == f"A —owns→ B (stated; {DETAIL_EVIDENCE + 5} sources)"
    assert tip[1] == "• “Sentence 0.” — Title 0" and len(tip) == TOOLTIP_EVIDENCE + 2
    assert tip[-1].startswith(f"… {DETAIL_EVIDENCE + 5 - TOOLTIP_EVIDENCE} more")
    page = render_html(view, article_titles={"art0": "Title 0"})
    assert "more not shown" in page and "Title 0" in page


def test_doubt_and_single_sources_are_visible():
    edges = {e["id"]: e for e in graph_data(small())["edges"]}
    assert edges["r1"]["dashes"] is False and edges["r1"]["color"]["opacity"] == 1.0
    assert edges["r2"]["dashes"] is True and edges["r2"]["color"]["opacity"] < 1.0
    assert relation_status(Relation("r", "OWNS", "a", "b", {}, (ev("x", status="denied"),))) == "denied"
    assert relation_status(Relation("r", "OWNS", "a", "b", {}, (ev("x", status="denied"), ev("y")))) == "stated"


def test_colours_sizes_focus_and_pins():
    data = graph_data(small(), ("a",), sizes={"a": 30.0}, colours={"b": "#123456"}, pinned=("c",))
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["a"]["value"] == 30.0 and nodes["a"]["borderWidth"] == 4
    assert nodes["b"]["color"] == "#123456" and nodes["a"]["color"] == "#4c72b0"
    assert nodes["c"]["pinned"] is True and nodes["c"]["label"].endswith("Ann")
    assert nodes["b"]["value"] == 2.0  # one connection in view, plus one


def test_physics_is_switched_off_for_big_views():
    assert network_options(10)["layout"]["improvedLayout"] is True
    big = network_options(PHYSICS_LIMIT + 1)
    assert big["physics"]["stabilization"]["iterations"] < 100 and big["interaction"]["hideEdgesOnDrag"]
    assert network_options(300)["layout"]["improvedLayout"] is False
    many = Subgraph(tuple(Entity(str(i), str(i), "Company") for i in range(PHYSICS_LIMIT + 1)), ())
    assert "setOptions({physics: false})" in render_html(many)
