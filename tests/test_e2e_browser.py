"""End to end in headless Chromium: the demo corpus in a temporary store, `threadline app` on a free port, a deep
link to Thermo Fisher Scientific; the graph canvas and an evidence sentence appear, a click on a node expands it,
and the page asks nothing of any host but 127.0.0.1. Needs Debian's `chromium` (Playwright cannot download one)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from graph.store import open_store
from graph.store.falkordb_server import stop_server
from loaders.ingest import ingest_paths
from tests.conftest import ROOT
from tests.local_site import free_port

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _wait_healthy(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    """Wait until the app answers its health check, or fail saying why."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"the app did not answer on port {port} within {seconds:.0f} s")


def _threadline() -> list[str]:
    """The `threadline` command of this environment."""
    script = Path(sys.executable).with_name("threadline")
    return [str(script)] if script.exists() else [sys.executable, str(ROOT / "cli.py")]


@pytest.fixture
def running_app(tmp_path: Path) -> Iterator[str]:
    """The demo corpus in a fresh store and `threadline app` serving it; both stopped afterwards."""
    store_dir = tmp_path / "store"
    store = open_store(str(store_dir))
    try:
        report = ingest_paths(store, sorted((ROOT / "data" / "articles").glob("*.txt")))
        assert report.ok and report.added
    finally:
        store.close()
    port = free_port()
    log = (tmp_path / "app.log").open("w")
    process = subprocess.Popen(
        [*_threadline(), "app", "--store", str(store_dir), "--port", str(port)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        _wait_healthy(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        log.close()
        stop_server(store_dir)


_NODE_POSITIONS = """() => {
  const host = document.querySelector('[data-testid=stBidiComponentIsolated]');
  const network = host.shadowRoot.__threadlineNetwork;
  const box = host.shadowRoot.querySelector('canvas').getBoundingClientRect();
  return network.body.data.nodes.getIds().map((id) => {
    const at = network.canvasToDOM(network.getPositions([id])[id]);
    return {id: id, label: network.body.data.nodes.get(id).label, x: at.x + box.left, y: at.y + box.top};
  });
}"""


def test_deep_link_draws_the_graph_and_the_evidence_offline(running_app: str, tmp_path: Path):
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: install Debian's browser with `apt-get install -y chromium`")
    playwright_api = pytest.importorskip("playwright.sync_api")
    requested: list[str] = []
    dialogs: list[str] = []
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1500})
            page.on("request", lambda request: requested.append(request.url))
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(f"{running_app}/?entity={quote('Thermo Fisher Scientific')}")
            canvas = page.locator("[data-testid=threadline-graph] canvas")
            canvas.wait_for(state="visible", timeout=60_000)
            box = canvas.bounding_box()
            assert box and box["width"] > 300 and box["height"] > 300
            page.locator("[data-testid=threadline-graph][data-stable='1']").wait_for(timeout=30_000)
            sentence = page.locator("[data-testid=evidence-sentence] q").first
            sentence.wait_for(state="visible", timeout=30_000)
            assert "Thermo Fisher" in sentence.inner_text() or "Casper" in sentence.inner_text()
            page.screenshot(path=str(tmp_path / "explore.png"), full_page=True)
            assert (tmp_path / "explore.png").stat().st_size > 10_000

            nodes = page.evaluate(_NODE_POSITIONS)
            assert any("Thermo Fisher" in n["label"] for n in nodes)
            other = next(n for n in nodes if "Thermo Fisher" not in n["label"])
            page.mouse.click(other["x"], other["y"])
            page.wait_for_url(lambda url: "expand=" in url, timeout=30_000)
            page.locator("[data-testid=threadline-graph] canvas").wait_for(state="visible", timeout=30_000)
            page.screenshot(path=str(tmp_path / "expanded.png"), full_page=True)
        finally:
            browser.close()
    hosts = {urlsplit(url).hostname for url in requested if urlsplit(url).scheme in ("http", "https", "ws", "wss")}
    assert hosts == {"127.0.0.1"}, f"the page asked other hosts: {sorted(hosts - {'127.0.0.1'})}"
    assert not dialogs
    if os.environ.get("THREADLINE_KEEP_SCREENSHOTS"):
        shutil.copy(tmp_path / "explore.png", os.environ["THREADLINE_KEEP_SCREENSHOTS"])
