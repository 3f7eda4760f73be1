"""Every page of the app, run with Streamlit's AppTest on a real embedded store (no browser, no JavaScript)."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.apptest import ok, open_app
from tests.conftest import ROOT
from tests.graphs import BANK, POLICE, SENATOR, SUPPLIER, hub_story, second_story, supply_story


def graph(at: AppTest, index: int = 0) -> dict:
    """The data the graph component received (nodes and edges as JSON, never HTML)."""
    return json.loads(at.get("bidi_component")[index].proto.json)[0]


def labels(at: AppTest, index: int = 0) -> set[str]:
    """The labels of the nodes drawn (without the pin mark)."""
    return {n["label"].removeprefix("📌 ") for n in graph(at, index)["nodes"]}


def param(at: AppTest, key: str) -> list[str]:
    """A query parameter the app published, as a list of values."""
    value = at.query_params.get(key)
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def html(at: AppTest) -> str:
    """Everything the page drew with st.html, joined."""
    return "\n".join(h.proto.body for h in at.get("html"))


# --- Explore: search and neighbourhood ----------------------------------------------------------------------------

def test_explore_without_an_entity_shows_counts(app_store):
    at = ok(open_app())
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Articles": "2", "Entities": "4", "Facts": "3", "Mentions": "6"}  # 3 entities named in each
    assert not at.get("bidi_component")


def test_overview_shows_the_counts_stats_gives(app_store):
    at = ok(open_app("overview"))
    numbers = app_store.stats()
    assert {m.label: m.value for m in at.metric} == {"Articles": "2", "Entities": "4", "Facts": "3", "Mentions": "6"}
    assert (numbers["articles"], numbers["entities"], numbers["facts"], numbers["mentions"]) == (2, 4, 3, 6)
    facts = at.dataframe[1].value
    assert dict(zip(facts["type"], facts["count"], strict=True)) == numbers["facts_by_type"]
    assert "MENTIONS" not in list(facts["type"])


def test_explore_deep_link_by_name_draws_the_neighbourhood_with_evidence(app_store):
    at = ok(open_app(entity="Thermo Fisher Scientific"))
    assert labels(at) == {SUPPLIER.name, POLICE.name, SENATOR.name, BANK.name}
    data = graph(at)
    assert {e["label"] for e in data["edges"]} == {"supplied", "contacted", "funded"}
    assert next(e for e in data["edges"] if e["label"] == "funded")["dashes"] is True
    body = html(at)  # the best-attested connection is selected first, with its two sentences
    assert "Rubio wrote to Thermo Fisher." in body and "Rubio wrote to Thermo Fisher again." in body
    assert param(at, "entity") == [SUPPLIER.id]  # the URL now names the entity exactly
    legend = html(at)
    assert "Company" in legend and "Government body" in legend and "dashed" in legend


def test_explore_deep_link_by_id_and_depth(app_store):
    at = ok(open_app(entity=POLICE.id))
    assert labels(at) == {POLICE.name, SUPPLIER.name}
    at = ok(open_app(entity=POLICE.id, depth="2"))
    assert labels(at) == {POLICE.name, SUPPLIER.name, SENATOR.name, BANK.name}


def test_an_unknown_deep_link_says_so(app_store):
    at = ok(open_app(entity="Nobody Ltd"))
    assert "No entity matches" in at.warning[0].value


def test_search_forgives_case_accents_and_typos_and_shows_type_and_connections(app_store):
    at = ok(open_app())
    at.text_input(key="ex_q").input("thremo").run()
    assert at.selectbox(key="ex_pick").options[0] == "Thermo Fisher Scientific · Company · 3 connections"
    at.text_input(key="ex_q").input("SOCIETE generale").run()
    assert at.selectbox(key="ex_pick").options[0].startswith("Société Générale · Company")
    at.text_input(key="ex_q").input("xinjang").run()
    assert at.selectbox(key="ex_pick").options[0].startswith("Xinjiang police")


def test_search_type_filter_and_opening_a_hit(app_store):
    at = ok(open_app())
    at.text_input(key="ex_q").input("r").run()
    at.multiselect(key="ex_qtypes").set_value(["Person"]).run()
    assert [o.split(" · ")[0] for o in at.selectbox(key="ex_pick").options] == [SENATOR.name]
    at.selectbox(key="ex_pick").select(SENATOR.id).run()
    ok(at)
    assert labels(at) == {SENATOR.name, SUPPLIER.name}
    assert param(at, "entity") == [SENATOR.id]


def test_depth_control_expand_hide_and_pin(app_store):
    at = ok(open_app(entity=POLICE.id))
    at.slider(key="ex_depth").set_value(2).run()
    assert len(labels(at)) == 4 and param(at, "depth") == ["2"]
    at.slider(key="ex_depth").set_value(1).run()
    at.selectbox(key="ex_expand_pick").select(SUPPLIER.id).run()
    at.button(key="ex_expand_go").click().run()
    ok(at)
    assert len(labels(at)) == 4 and param(at, "expand") == [SUPPLIER.id]
    at.multiselect(key="ex_hidden").set_value([BANK.id]).run()
    assert BANK.name not in labels(at) and param(at, "hide") == [BANK.id]
    at.multiselect(key="ex_pinned").set_value([SENATOR.id]).run()
    pinned = [n for n in graph(at)["nodes"] if n.get("pinned")]
    assert [n["label"] for n in pinned] == ["📌 " + SENATOR.name]
    at.multiselect(key="ex_expanded").set_value([]).run()
    assert labels(at) == {POLICE.name, SUPPLIER.name, SENATOR.name}  # the pinned one stays


def test_size_and_colour_options(app_store):
    at = ok(open_app(entity=SUPPLIER.id))
    at.radio(key="ex_colour").set_value("community").run()
    ok(at)
    assert "community 1" in html(at) and param(at, "colour") == ["community"]
    at.radio(key="ex_size").set_value("centrality").run()
    values = {n["label"]: n["value"] for n in graph(at)["nodes"]}
    assert values[SUPPLIER.name] == max(values.values())


def test_a_capped_view_says_how_many_more_and_pages(falkordb_store, monkeypatch):
    falkordb_store.write_article(hub_story(30))
    monkeypatch.setenv("THREADLINE_STORE", falkordb_store.location)
    monkeypatch.chdir(ROOT)
    at = ok(open_app(entity="hub", limit="11"))
    assert "20 more not shown" in at.warning[0].value
    first = labels(at)
    assert len(first) == 11
    at.number_input(key="ex_page").set_value(2).run()
    second = labels(at)
    assert len(second) == 11 and (first & second) == {"Hub Corp"}
    assert param(at, "page") == ["2"]
    at.multiselect(key="ex_ntypes").set_value(["GovernmentBody"]).run()
    assert "5 more not shown" in at.warning[0].value


def test_selecting_a_connection_shows_its_evidence(app_store):
    at = ok(open_app(entity=SUPPLIER.id))
    funded = next(k for k in at.selectbox(key="ex_rel").options if "FUNDED" in k)
    at.selectbox(key="ex_rel").select(next(r.key for r in app_store.relations_of([BANK.id]))).run()
    ok(at)
    assert "FUNDED" in funded
    body = html(at)
    assert "Société Générale funded Thermo Fisher." in body and "(alleged)" in body and "Other Post" in body


# --- Filters ------------------------------------------------------------------------------------------------------

def test_filters_narrow_the_view_and_live_in_the_url(app_store):
    at = ok(open_app("filters", entity=SUPPLIER.id))
    assert at.metric[1].value == "3"
    at.multiselect(key="fl_rels").set_value(["CONTACTED", "FUNDED"]).run()
    assert at.metric[1].value == "2" and param(at, "rels") == ["CONTACTED", "FUNDED"]
    at.number_input(key="fl_sources").set_value(2).run()
    assert at.metric[1].value == "1" and labels(at) == {SUPPLIER.name, SENATOR.name}
    at.button(key="fl_clear").click().run()
    assert at.metric[1].value == "3"
    at.slider(key="fl_conf").set_value(0.5).run()
    assert at.metric[1].value == "2"
    explore = ok(open_app(entity=SUPPLIER.id, min_conf="0.5"))
    assert BANK.name not in labels(explore)


def test_filters_by_date_outlet_and_article(app_store):
    import datetime as dt

    at = ok(open_app("filters", entity=SUPPLIER.id))
    at.date_input(key="fl_from").set_value(dt.date(2025, 1, 1)).run()
    assert at.metric[1].value == "2" and param(at, "from") == ["2025-01-01"]
    assert at.metric[2].value == "2"  # sentences kept
    at.button(key="fl_clear").click().run()
    at.multiselect(key="fl_outlets").set_value(["The Test Times"]).run()
    assert at.metric[1].value == "2" and param(at, "outlet") == ["The Test Times"]
    at.button(key="fl_clear").click().run()
    at.multiselect(key="fl_articles").set_value([second_story().article.id]).run()
    assert at.metric[1].value == "2"


# --- Evidence and Articles ------------------------------------------------------------------------------------------

def test_evidence_page_lists_sentences_and_opens_the_reader(app_store):
    at = ok(open_app("evidence", entity=SUPPLIER.id))
    body = html(at)
    assert "tl-ev" in body and "The Test Times" in body
    at.selectbox(key="ev_article").select(supply_story().article.id).run()
    body = html(at)
    assert 'data-testid="article-reader"' in body
    assert "<mark" in body and ">Thermo Fisher</mark>" in body and "tl-evidence" in body
    assert param(at, "read") == [supply_story().article.id]


def test_evidence_page_without_a_view_searches(app_store):
    at = ok(open_app("evidence"))
    at.text_input(key="ev_q").input("rubio").run()
    at.selectbox(key="ev_pick").select(SENATOR.id).run()
    ok(at)
    assert "Rubio wrote to Thermo Fisher" in html(at)


def test_articles_page_lists_and_reads(app_store):
    at = ok(open_app("articles"))
    table = at.dataframe[0].value
    assert sorted(table["title"]) == ["Again", "Sequencers"]
    assert at.selectbox(key="ar_read").value == second_story().article.id  # newest first
    assert "Société Générale" in html(at)
    at = ok(open_app("articles", read=supply_story().article.id))
    assert at.selectbox(key="ar_read").value == supply_story().article.id
    relations = at.dataframe[1].value
    assert set(relations["relation"]) == {"SUPPLIED_TO", "CONTACTED"}


# --- Connections --------------------------------------------------------------------------------------------------

def test_connections_finds_cited_paths_and_draws_them(app_store):
    at = ok(open_app("connections", a="Marco Rubio", b="Xinjiang police"))
    body = html(at)
    assert body.count('data-testid="path"') == 1
    assert "Thermo Fisher sold sequencers to police in Xinjiang." in body and "— supplied →" in body
    assert labels(at) == {SENATOR.name, SUPPLIER.name, POLICE.name}
    at.slider(key="cn_hops").set_value(1).run()
    assert "No path of at most 1 hops" in at.info[0].value
    assert param(at, "hops") == ["1"]


def test_connections_with_search_boxes(app_store):
    at = ok(open_app("connections"))
    at.text_input(key="cn_a_q").input("generale").run()
    at.selectbox(key="cn_a_pick").select(BANK.id).run()
    at.text_input(key="cn_b_q").input("xinjiang").run()
    at.selectbox(key="cn_b_pick").select(POLICE.id).run()
    ok(at)
    assert "← supplied —" not in html(at) and "funded" in html(at)
    assert param(at, "a") == [BANK.id] and param(at, "b") == [POLICE.id]


# --- Query ----------------------------------------------------------------------------------------------------------

def test_query_console_runs_and_draws_and_offers_downloads(app_store):
    at = ok(open_app("query"))
    at.text_area(key="q_cypher").input("MATCH (s:Entity)-[r]->(t:Entity) WHERE s.name = $name RETURN s, r, t").run()
    at.text_area(key="q_params").input('{"name": "Marco Rubio"}').run()
    at.button(key="q_run").click().run()
    ok(at)
    assert len(at.dataframe[0].value) == 1
    assert labels(at) == {SENATOR.name, SUPPLIER.name}
    assert {b.proto.label for b in at.get("download_button")} == {"Download CSV", "Download JSON"}
    assert param(at, "params") == ['{"name": "Marco Rubio"}']


def test_query_console_refuses_a_write(app_store):
    at = ok(open_app("query"))
    at.text_area(key="q_cypher").input("CREATE (:Entity {id: 'x', name: 'Injected'})").run()
    at.button(key="q_run").click().run()
    assert "Refused" in at.error[0].value
    assert app_store.stats()["entities"] == 4


def test_query_console_states_truncation_and_bad_parameters(app_store):
    at = ok(open_app("query", cypher="UNWIND range(1, 50) AS n RETURN n", rows="10"))
    assert "Truncated: only the first 10 rows" in at.warning[0].value
    assert len(at.dataframe[0].value) == 10
    at.text_area(key="q_params").input("{oops").run()
    at.button(key="q_run").click().run()
    assert "not valid JSON" in at.error[0].value


def test_query_console_names_a_missing_parameter_then_answers_with_it(app_store):
    at = ok(open_app("query"))
    at.text_area(key="q_cypher").input("MATCH (n:Entity) WHERE n.name = $name RETURN n.name AS name").run()
    at.button(key="q_run").click().run()
    assert "the query uses $name but no value was given" in at.error[0].value and not at.dataframe
    at.text_area(key="q_params").input('{"name": "Thermo Fisher Scientific"}').run()
    at.button(key="q_run").click().run()
    ok(at)
    assert not at.error and list(at.dataframe[0].value["name"]) == ["Thermo Fisher Scientific"]


def test_query_console_time_limit(app_store):
    at = ok(open_app("query", cypher="UNWIND range(1, 3000000) AS n WITH n WHERE n % 7 = 0 RETURN count(n)",
                     timeout="0.001"))
    assert at.error and ("time limit" in at.error[0].value or "refused" in at.error[0].value)


def test_canned_queries_become_forms_and_urls(app_store):
    at = ok(open_app("query"))
    at.selectbox(key="q_canned").select("Suppliers and customers").run()
    assert at.text_input(key="q_p_name").value == ""
    at.text_input(key="q_p_name").input("thermo").run()
    at.button(key="q_run").click().run()
    ok(at)
    assert list(at.dataframe[0].value["supplier"]) == [SUPPLIER.name]
    assert param(at, "canned") == ["Suppliers and customers"]
    again = ok(open_app("query", canned="Suppliers and customers", params='{"name": "xinjiang"}'))
    assert again.text_input(key="q_p_name").value == "xinjiang"
    assert list(again.dataframe[0].value["customer"]) == [POLICE.name]


# --- Analysis -------------------------------------------------------------------------------------------------------

def test_analysis_of_the_current_view(app_store):
    at = ok(open_app("analysis", entity=POLICE.id, depth="2"))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Entities"] == "4" and metrics["Bridges"] == "3"
    brokers = at.dataframe[0].value
    assert brokers["name"].iloc[0] == SUPPLIER.name
    at.toggle(key="an_colour").set_value(True).run()
    ok(at)
    assert param(at, "colour") == ["community"] and "community 1" in html(at)


# --- Ingest ----------------------------------------------------------------------------------------------------------

def test_ingest_pasted_text_reports_per_file(app_store):
    at = ok(open_app("ingest"))
    at.text_area(key="in_text").input(
        "Acme Surveillance sold cameras to the Ruritanian police\n\n"
        "Acme Surveillance Ltd sold facial recognition cameras to the Ruritanian National Police in 2023, "
        "according to procurement records.").run()
    at.text_input(key="in_outlet").input("The Daily").run()
    at.button(key="in_go").click().run()
    ok(at)
    assert "1 added" in at.success[0].value
    assert "the store now holds 3 articles" in at.success[0].value
    assert list(at.dataframe[0].value["result"]) == ["added"]
    assert app_store.stats()["articles"] == 3
    at.button(key="in_go").click().run()
    assert "1 already in the store" in at.success[0].value and "added 0 articles" in at.success[0].value


def test_ingest_with_nothing_says_so(app_store):
    at = ok(open_app("ingest"))
    at.button(key="in_go").click().run()
    assert "Nothing to ingest" in at.warning[0].value


def test_uploads_are_read_like_files(tmp_path):
    from loaders.ingest import IngestReport
    from ui.components.ingest_input import documents_from_uploads

    class Upload:

        """Stands in for Streamlit's UploadedFile."""
        def __init__(self, name: str, data: bytes) -> None:
            """A named upload holding these bytes."""
            self.name, self._data = name, data

        def getvalue(self) -> bytes:
            """The bytes."""
            return self._data

    report = IngestReport()
    documents = documents_from_uploads([
        Upload("story.txt", b"A title\n\nAcme sold cameras to the police."),
        Upload("../../etc/evil.md", b"---\ntitle: Evil\n---\nSome text here."),
        Upload("scan.pdf", b"%PDF"),
        Upload("bad.txt", b"\xff\xfe\x00"),
        Upload("draft.pages", b"PK\x03\x04"),
    ], report)
    assert [(d.path, d.title) for d in documents] == [("story.txt", "A title"), ("evil.md", "Evil")]
    assert [name for name, _ in report.failed] == ["scan.pdf", "bad.txt"]
    assert [name for name, _ in report.unsupported] == ["draft.pages"]
    assert all("threadline-upload" not in reason for _, reason in report.failed)  # the uploaded name, not the copy
    assert report.failed[0][1].startswith("not a readable PDF")


def test_uploads_take_every_kind_the_command_line_reads():
    """PDF, Word and e-mail uploads: named by the uploaded name (never the temporary copy), attachments too."""
    from loaders.ingest import IngestReport
    from loaders.readers import suffixes
    from tests.documents import docx_bytes, eml_bytes, encrypted_pdf_bytes, pdf_bytes
    from ui.components.ingest_input import documents_from_uploads, upload_types

    assert set(upload_types()) == {s.lstrip(".") for s in suffixes()} >= {"pdf", "docx", "eml", "txt", "html"}

    class Upload:
        """What the uploader hands over: a name and bytes."""

        def __init__(self, name: str, data: bytes) -> None:
            self.name, self._data = name, data

        def getvalue(self) -> bytes:
            """The bytes."""
            return self._data

    report = IngestReport()
    documents = documents_from_uploads([
        Upload("filing.pdf", pdf_bytes(["First page text.", "Second page text."])),
        Upload("memo.docx", docx_bytes(["A memo."])),
        Upload("tip.eml", eml_bytes("See attached.", attachments={"r.pdf": pdf_bytes(["Attached."]),
                                                                  "locked.pdf": encrypted_pdf_bytes("x")})),
    ], report)
    assert [d.path for d in documents] == ["filing.pdf", "memo.docx", "tip.eml", "tip.eml#r.pdf"]
    assert len(documents[0].page_starts) == 2
    assert report.failed == [("tip.eml#locked.pdf",
                              "encrypted PDF: it needs a password; save a copy without one and ingest that")]


# --- Export ---------------------------------------------------------------------------------------------------------

def test_export_page_offers_graphml_json_and_html_of_the_view(app_store):
    from ui.components.export import available_formats, export_bytes

    at = ok(open_app("export", entity=SUPPLIER.id, rels="CONTACTED"))
    buttons = {b.proto.label for b in at.get("download_button")}
    assert {"GraphML (Gephi, yEd, networkx)", "JSON (node-link, lossless)",
            "HTML (one offline, interactive page)"} <= buttons
    assert {"graphml", "json", "html"} <= set(available_formats())
    view = app_store.relations_of([SUPPLIER.id], ["CONTACTED"])
    from graph.model import Subgraph

    sub = Subgraph(tuple(app_store.get_entities([SUPPLIER.id, SENATOR.id])), tuple(view))
    scope = {"kind": "view", "description": "test"}
    page = export_bytes(app_store, sub, scope, "html").decode()
    assert "Rubio wrote to Thermo Fisher." in page and "Sequencers" in page and "new vis.Network" in page
    assert json.loads(export_bytes(app_store, sub, scope, "json"))
    assert b"<graphml" in export_bytes(app_store, sub, scope, "graphml")


def test_view_pages_without_a_view_point_to_explore(app_store):
    for page in ("filters", "analysis", "export"):
        at = ok(open_app(page))
        assert "No view yet" in at.info[0].value


def test_overview_page(app_store):
    at = ok(open_app("overview"))
    assert {m.label: m.value for m in at.metric}["Articles"] == "2"
