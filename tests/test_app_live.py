"""The open app follows the store: another process's ingest shows on the next interaction, and a database server
killed under the app is started again by the next interaction, with everything it had written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.store.falkordb_server import PID_NAME, process_gone
from tests.apptest import ok, open_app
from tests.conftest import ROOT
from tests.graphs import supply_story

NEW_ARTICLE = "Acme Corp sold cameras to the police in Ruritania.\n\nThe deal was signed in March.\n"


def counts(at) -> dict[str, str]:
    """The Explore page's counters, by label."""
    return {m.label: m.value for m in at.metric}


def titles(at) -> list[str]:
    """The titles in the Articles page's table."""
    return sorted(at.dataframe[0].value["title"])


@pytest.mark.slow
def test_a_cli_ingest_shows_in_the_open_app_on_its_next_interaction(app_store, tmp_path):
    at = ok(open_app())
    assert counts(at)["Articles"] == "2"
    at.switch_page("ui/pages/articles.py").run()  # the article list is cached too
    assert titles(ok(at)) == ["Again", "Sequencers"]
    (tmp_path / "acme.txt").write_text(NEW_ARTICLE, encoding="utf-8")

    done = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "ingest", str(tmp_path / "acme.txt"),
                           "--store", app_store.location], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "acme.txt: added\n1 added" in done.stdout

    ok(at.run())  # the next interaction, no Refresh clicked
    assert len(titles(at)) == 3 and any("Acme" in t for t in titles(at))
    at.switch_page("ui/pages/explore.py").run()
    assert counts(ok(at))["Articles"] == "3"


def test_without_a_write_the_cached_reads_are_kept(app_store):
    """The check is cheap because it drops nothing when nothing changed: reads stay cached between clicks."""
    at = ok(open_app())
    token = app_store.changes()
    app_store.run("MATCH (n:Entity) RETURN count(n)")  # a read moves nothing
    ok(at.run())
    assert app_store.changes() == token and counts(at)["Articles"] == "2"
    app_store.write_article(supply_story(text="Thermo Fisher sold kits to police in Xinjiang.", title="Kits"))
    ok(at.run())
    assert counts(at)["Articles"] == "3"


def test_a_killed_server_is_started_again_by_the_next_interaction(app_store):
    at = ok(open_app())
    assert counts(at)["Articles"] == "2"
    directory = Path(app_store.location)
    pid = int((directory / PID_NAME).read_text())
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while not process_gone(pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process_gone(pid)

    ok(at.run())
    assert counts(at) == {"Articles": "2", "Entities": "4", "Facts": "3", "Mentions": "6"}
    assert int((directory / PID_NAME).read_text()) != pid  # a new server...
    at.switch_page("ui/pages/articles.py").run()  # ...read afresh (this list was never cached): the data is back
    assert titles(ok(at)) == ["Again", "Sequencers"]
