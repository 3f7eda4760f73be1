"""Time to graph: from choosing an entity to the drawn graph's HTML, for a neighbourhood of N entities.

A synthetic store holds a hub with N neighbours (written through `store.write_article`, several sentences
per fact and some links among the neighbours). Each run is split the way the app spends it: the database
query (the view, connection counts and article titles), the layout data (starting positions from networkx,
sizes, colours, tooltips and the component's payload) and the HTML page (`render_html`, what the export uses).
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from graph.analysis import sizes_from
from graph.evidence import article_titles
from graph.model import Article, Entity, Evidence, Relation, relation_key, stable_id
from graph.render import graph_data, layout_positions, network_options, render_html, script_json
from graph.store import open_store
from graph.store.base import ArticleGraph, GraphStore
from graph.store.falkordb_server import stop_server
from graph.views import ViewSpec, build_view

TYPES = ("Company", "GovernmentBody", "Person", "NGO")
RELATIONS = {"Company": "SUPPLIED_TO", "GovernmentBody": "SANCTIONED", "Person": "HAS_ROLE_AT", "NGO": "CRITICIZED"}
BAR_SECONDS = 2.0


def hub_articles(neighbours: int, per_article: int = 50) -> list[ArticleGraph]:
    """A hub company and `neighbours` entities around it, spread over articles of `per_article` facts each."""
    hub = Entity(stable_id("bench-hub"), "Hub Holdings", "Company", ("Hub",))
    others = [Entity(stable_id("bench-n", str(i)), f"Neighbour {i}", TYPES[i % len(TYPES)]) for i in range(neighbours)]
    batches = []
    for first in range(0, neighbours, per_article):
        group = others[first:first + per_article]
        sentences = [f"Hub Holdings and Neighbour {first + i} did business in {2010 + i % 12}."
                     for i in range(len(group))]
        text = " ".join(sentences)
        article = Article(id=stable_id("bench-article", str(first)), title=f"Bench story {first}", text=text,
                          outlet=f"Outlet {first % 3}", published=f"20{10 + first % 12}-01-01")
        relations = []
        offset = 0
        for i, (other, sentence) in enumerate(zip(group, sentences, strict=True)):
            ev = Evidence(article.id, sentence, offset, offset + len(sentence), "bench", "1", 0.6 + (i % 4) / 10)
            offset += len(sentence) + 1
            rtype = RELATIONS[other.type]
            source, target = (hub, other) if rtype == "SUPPLIED_TO" else (other, hub)
            relations.append(Relation(relation_key(rtype, source.id, target.id), rtype, source.id, target.id, {},
                                      (ev,)))
            if i and i % 5 == 0:
                prev = group[i - 1]
                relations.append(Relation(relation_key("CONTACTED", other.id, prev.id), "CONTACTED", other.id, prev.id,
                                          {}, (ev,)))
        batches.append(ArticleGraph(article, (hub, *group), tuple(relations)))
    return batches


def time_once(store: GraphStore, hub_id: str, neighbours: int) -> dict[str, float]:
    """One pass from an entity id to the graph, timed by stage (seconds)."""
    start = time.perf_counter()
    view = build_view(store, ViewSpec(seeds=(hub_id,), limit=neighbours + 1))
    connections = store.degrees([e.id for e in view.entities])
    titles = article_titles(store.articles())
    queried = time.perf_counter()
    positions = layout_positions(view)
    data = graph_data(view, (hub_id,), sizes=sizes_from({k: float(v) for k, v in connections.items()}),
                      article_titles=titles, positions=positions)
    payload = script_json({**data, "options": network_options(len(data["nodes"]), bool(positions))})
    laid_out = time.perf_counter()
    page = render_html(view, focus=(hub_id,), article_titles=titles, positions=positions)
    done = time.perf_counter()
    assert len(view.entities) == neighbours + 1 and payload and page
    return {"query": queried - start, "layout": laid_out - queried, "html": done - laid_out, "total": done - start,
            "nodes": len(view.entities), "edges": len(view.relations), "bytes": len(page)}


def time_page(directory: Path, hub_id: str) -> float:
    """The Explore page's whole server-side run on a deep link to the hub (Streamlit AppTest, caches cold)."""
    import os

    from streamlit.testing.v1 import AppTest

    root = Path(__file__).resolve().parents[1]
    before = os.environ.get("THREADLINE_STORE")
    os.environ["THREADLINE_STORE"] = str(directory)
    try:
        at = AppTest.from_file(str(root / "app.py"), default_timeout=120)
        at.query_params["entity"] = hub_id
        at.query_params["limit"] = "1000"
        start = time.perf_counter()
        at.run()
        seconds = time.perf_counter() - start
        if at.exception or not at.get("bidi_component"):
            raise RuntimeError(f"the Explore page did not draw the graph: {[e.value for e in at.exception]}")
        return seconds
    finally:
        if before is None:
            os.environ.pop("THREADLINE_STORE", None)
        else:
            os.environ["THREADLINE_STORE"] = before


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def time_browser(directory: Path, repeats: int = 3) -> float | None:
    """In headless Chromium: from picking the hub in the search box to the graph drawn (median), on the real app
    started for the purpose and stopped after; None when Chromium or Playwright is missing."""
    import os
    import signal
    import subprocess
    import sys
    import urllib.request

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not CHROMIUM.exists():
        return None
    root = Path(__file__).resolve().parents[1]
    port = _free_port()
    script = Path(sys.executable).with_name("threadline")
    command = [str(script)] if script.exists() else [sys.executable, str(root / "cli.py")]
    app = subprocess.Popen([*command, "app", "--store", str(directory), "--port", str(port)], cwd=root,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    seconds: list[float] = []
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or app.poll() is not None:
                    raise RuntimeError("the app did not start") from None
                time.sleep(0.3)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                for _ in range(repeats + 1):  # the first pass warms the server's caches and imports
                    page = browser.new_page(viewport={"width": 1400, "height": 1200})
                    page.goto(f"http://127.0.0.1:{port}/")
                    page.locator("input[type=text]").first.fill("Hub Holdings")
                    page.locator("[data-testid=stSelectbox]").first.click()
                    option = page.get_by_role("option").first
                    option.wait_for(timeout=30_000)
                    start = time.perf_counter()
                    option.click()
                    page.locator("[data-testid=threadline-graph][data-stable='1']").wait_for(timeout=60_000)
                    seconds.append(time.perf_counter() - start)
                    page.close()
            finally:
                browser.close()
    finally:
        os.killpg(app.pid, signal.SIGTERM)
        app.wait(timeout=15)
    return statistics.median(seconds[1:])


def run(neighbours: int = 300, repeats: int = 5) -> dict[str, float]:
    """Build the synthetic store, then time the path `repeats` times; medians, the first (cold) run, and the
    Explore page's own run on the same store."""
    directory = Path(tempfile.mkdtemp(prefix="tl-bench-graph-"))
    store = open_store(str(directory))
    try:
        batches = hub_articles(neighbours)
        for batch in batches:
            store.write_article(batch)
        hub_id = batches[0].entities[0].id
        runs = [time_once(store, hub_id, neighbours) for _ in range(repeats)]
        page = time_page(directory, hub_id)
        browser = time_browser(directory)
    finally:
        store.close()
        stop_server(directory)
        shutil.rmtree(directory, ignore_errors=True)
    median = {k: statistics.median(r[k] for r in runs) for k in ("query", "layout", "html", "total")}
    return {**median, "cold": runs[0]["total"], "nodes": runs[0]["nodes"], "edges": runs[0]["edges"],
            "bytes": runs[0]["bytes"], "repeats": repeats, "page": page,
            "browser": browser}


def section(neighbours: int) -> list[str]:
    """Markdown rows for `python -m bench`."""
    r = run(neighbours)
    ms = lambda s: f"{s * 1000:,.0f} ms"  # noqa: E731
    return [
        f"| time to graph, {r['nodes']:.0f} nodes / {r['edges']:.0f} edges: database query | {ms(r['query'])} | |",
        f"| time to graph: layout data (positions, sizes, tooltips, component payload) | {ms(r['layout'])} | |",
        f"| time to graph: HTML page ({r['bytes'] / 1e6:.1f} MB, vis-network inlined) | {ms(r['html'])} | |",
        f"| **time to graph, total** (median of {r['repeats']:.0f}; first run {ms(r['cold'])}; bar ≤ 2 s) | "
        f"**{ms(r['total'])}** | **{r['total'] / BAR_SECONDS:.2f}× the bar** |",
        f"| Explore page, whole server-side run on `?entity=<hub>` (AppTest, cold caches) | {ms(r['page'])} | |",
        "| **in headless Chromium: pick the entity in the search box → graph drawn** (median of 3) | "
        + (f"**{ms(r['browser'])}** | **{r['browser'] / BAR_SECONDS:.2f}× the bar** |" if r["browser"] is not None
           else "n/a (no /usr/bin/chromium or Playwright) | |"),
    ]


if __name__ == "__main__":
    print("\n".join(section(300)))
