"""The app's pages, run with Streamlit's AppTest on a real embedded store."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.graphs import supply_story

APP = str(ROOT / "app.py")


@pytest.fixture
def app_store(falkordb_store, monkeypatch):
    falkordb_store.write_article(supply_story())
    monkeypatch.setenv("THREADLINE_STORE", falkordb_store.location)
    monkeypatch.chdir(ROOT)
    return falkordb_store


def test_overview_shows_counts(app_store):
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Articles": "1", "Entities": "3", "Connections": "2"}


def test_explore_deep_link_draws_the_neighbourhood(app_store):
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["entity"] = "Thermo Fisher Scientific"
    at.switch_page("ui/pages/explore.py").run()
    assert not at.exception
    srcdoc = at.get("iframe")[0].proto.srcdoc
    assert "Thermo Fisher Scientific" in srcdoc and "Xinjiang police" in srcdoc
    assert "new vis.Network" in srcdoc
    assert "https://" not in srcdoc.split("<script>")[0]


def test_explore_search_forgives_typos(app_store):
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("ui/pages/explore.py").run()
    at.text_input(key="explore_q").input("thremo").run()
    assert at.selectbox(key="explore_entity").options[0].startswith("Thermo Fisher Scientific")
