"""The html export in headless Chromium: it draws the graph, asks no other host for anything, and shows
hostile article strings as text. Saves a screenshot under the test's tmp dir."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from graph.model import Entity
from graph.snapshot import export_snapshot, snapshot_of_store
from graph.store import GraphStore, open_store
from graph.store.base import ArticleGraph
from graph.store.falkordb_server import stop_server
from loaders.ingest import ingest_paths
from tests.conftest import ROOT
from tests.graphs import article, evidence, relation

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
HOSTILE = "<img src=x onerror=alert(1)>"
# Set THREADLINE_SCREENSHOTS=docs/screenshots to refresh the README's picture; tests never write to the repo otherwise.
SCREENSHOTS = os.environ.get("THREADLINE_SCREENSHOTS")
HOSTLESS = {"file", "data", "blob", "about"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: apt-get install -y chromium"),
]


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """A few demo articles plus one with a hostile vendor name, in a store of this module's own."""
    directory = tmp_path_factory.mktemp("browser") / "store"
    store = open_store(str(directory))
    try:
        files = sorted((ROOT / "data" / "articles").glob("*.txt"))
        assert ingest_paths(store, files[3:8]).ok
        a = article(f"{HOSTILE} sold spyware to the Ruritania police.", title='"><script>alert(2)</script>')
        vendor = Entity("e-hostile", HOSTILE, "Company")
        police = Entity("e-ruritania", "Ruritania police", "GovernmentBody")
        sold = relation("SUPPLIED_TO", vendor, police, evidence(a, f"{HOSTILE} sold spyware to the Ruritania police."))
        store.write_article(ArticleGraph(a, (vendor, police), (sold,)))
        yield store
    finally:
        store.close()
        stop_server(directory)


def test_html_export_draws_offline_and_shows_strings_as_text(demo_store, tmp_path):
    """Drawn, offline, legend shown, a click lists evidence; hostile strings are text and run nothing."""
    from playwright.sync_api import sync_playwright

    snapshot = snapshot_of_store(demo_store)
    page_file = export_snapshot(snapshot, "html", tmp_path / "graph.html")
    requests: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.on("request", lambda request: requests.append(request.url))
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(page_file.as_uri())
            page.wait_for_function("typeof network !== 'undefined' && network.body.data.nodes.length > 0")
            page.wait_for_timeout(2500)  # let the layout settle before the screenshot
            drawn = page.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]")
            assert drawn == [len(snapshot.entities), len(snapshot.relations)]
            painted = page.evaluate("""() => {
                const canvas = document.querySelector('#graph canvas');
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let coloured = 0;
                for (let i = 0; i < pixels.length; i += 4) {
                    const dark = pixels[i] < 230 || pixels[i + 1] < 230 || pixels[i + 2] < 230;
                    if (pixels[i + 3] > 0 && dark) coloured++;
                }
                return coloured;
            }""")
            assert painted > 2000, "the canvas shows the graph"
            legend = page.inner_text(".legend")
            assert "Company" in legend and "Government body" in legend
            hostile_key = next(r.key for r in snapshot.relations if r.source == "e-hostile")
            page.evaluate(f"network.body.emitter.emit('click', {{nodes: [], edges: ['{hostile_key}']}})")
            details = page.inner_text("#details")
            assert f"{HOSTILE} sold spyware to the Ruritania police." in details
            assert '"><script>alert(2)</script>' in details  # the article title, as text
            assert page.query_selector("img") is None, "no element was made from article text"
            page.screenshot(path=str(tmp_path / "export-html.png"))
            # Negative control: the recorder does see a request to another host.
            control = tmp_path / "control.html"
            control.write_text('<img src="http://192.0.2.1/pixel.png">', encoding="utf-8")
            seen = len(requests)
            page.goto(control.as_uri())
            page.wait_for_timeout(300)
            assert any("192.0.2.1" in url for url in requests[seen:]), "the request recorder works"
            del requests[seen:]
        finally:
            browser.close()
    # Only the page itself (file:) and the local host may be asked; data:, blob: and about: name no host.
    foreign = [url for url in requests
               if urlparse(url).scheme not in HOSTLESS and urlparse(url).hostname != "127.0.0.1"]
    assert foreign == [], f"the page asked other hosts: {foreign}"
    assert dialogs == [], "no script from the data ran"
    if SCREENSHOTS:
        target = ROOT / SCREENSHOTS / "export-html.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tmp_path / "export-html.png", target)
