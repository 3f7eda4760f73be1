"""Ingest end to end with the real extractor and a real embedded store: idempotent, crash-safe, honest."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import write_variants
from graph.store import open_store
from graph.store.falkordb_server import PID_NAME, stop_server
from loaders.ingest import ingest_paths
from loaders.sources import read_document
from tests.conftest import ROOT
from tests.graphs import graph_contents

DEMO = ROOT / "data" / "articles"


def test_reingesting_the_demo_corpus_changes_nothing(falkordb_store):
    articles = sorted(DEMO.glob("*.txt"))  # the folder also holds each article's gold graph (.gold.json)
    first = ingest_paths(falkordb_store, articles)
    assert first.ok and len(first.added) == len(articles)
    before = falkordb_store.stats()
    second = ingest_paths(falkordb_store, articles)
    assert second.added == [] and len(second.unchanged) == len(first.added)
    assert falkordb_store.stats() == before


def test_a_bad_file_is_reported_and_the_others_are_ingested(falkordb_store, tmp_path):
    (tmp_path / "good.txt").write_text("Acme Corp sold cameras to the police in Ruritania.\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00binary")
    (tmp_path / "empty.md").write_text("\n", encoding="utf-8")
    report = ingest_paths(falkordb_store, [tmp_path])
    assert [Path(p).name for p in report.added] == ["good.txt"]
    assert sorted((Path(p).name, reason.split(",")[0]) for p, reason in report.failed) == [
        ("bad.txt", "binary file"), ("empty.md", "empty")]
    assert falkordb_store.stats()["articles"] == 1


def test_the_same_text_under_two_names_is_one_article(falkordb_store, tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Acme Corp sold cameras to the police in Ruritania.\n", encoding="utf-8")
    report = ingest_paths(falkordb_store, [tmp_path])
    assert len(report.added) == 1 and len(report.unchanged) == 1
    assert falkordb_store.stats()["articles"] == 1


def _snapshot(store) -> dict:
    """Stats plus every entity and every relation with its sources: two equal snapshots are the same graph."""
    return {
        "stats": store.stats(),
        "entities": sorted((e.id, e.name, e.type, tuple(sorted(e.aliases))) for e in store.iter_entities()),
        "relations": sorted((r.key, r.type, r.sources, len(r.evidence)) for r in store.iter_relations()),
    }


def _ingest_command(corpus: Path, store: Path) -> list[str]:
    return [sys.executable, "-c", "import cli; cli.main()", "ingest", str(corpus), "--store", str(store)]


@pytest.mark.slow
def test_kill_9_in_the_middle_of_an_ingest_then_a_rerun_ends_as_a_clean_run(tmp_path):
    corpus = tmp_path / "corpus"
    write_variants(corpus, 240)
    clean, crashed = tmp_path / "clean", tmp_path / "crashed"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        subprocess.run(_ingest_command(corpus, clean), check=True, env=env, cwd=ROOT, capture_output=True)
        expected = _snapshot(open_store(str(clean)))

        process = subprocess.Popen(_ingest_command(corpus, crashed), env=env, cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        watcher = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if (crashed / "falkordb.sock").exists():
                watcher = watcher or open_store(str(crashed))
                if watcher.stats()["articles"] >= 60:
                    break
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait()
        partial = watcher.stats()
        assert 60 <= partial["articles"] < 240, "the kill must land in the middle of the ingest"

        subprocess.run(_ingest_command(corpus, crashed), check=True, env=env, cwd=ROOT, capture_output=True)
        after = _snapshot(watcher)
        assert after["stats"] == expected["stats"]
        assert after == expected
        assert expected["stats"]["articles"] == 240
    finally:
        stop_server(clean)
        stop_server(crashed)


def _server_pid(store: Path) -> int:
    return int((store / PID_NAME).read_text())


@pytest.mark.slow
def test_kill_9_of_the_database_server_mid_ingest_loses_nothing_reported_and_a_rerun_completes(tmp_path):
    corpus = tmp_path / "corpus"
    write_variants(corpus, 30)
    clean, crashed = tmp_path / "clean", tmp_path / "crashed"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    watcher = None
    try:
        process = subprocess.Popen(_ingest_command(corpus, crashed), env=env, cwd=ROOT, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if (crashed / "falkordb.sock").exists():
                watcher = watcher or open_store(str(crashed))
                if watcher.stats()["articles"] >= 5:
                    break
            time.sleep(0.02)
        server = _server_pid(crashed)
        os.kill(server, signal.SIGKILL)
        out, err = process.communicate(timeout=120)

        # The ingest says what happened, naming the store, and which part is done; no traceback.
        assert process.returncode == 1
        assert "Traceback" not in err and str(crashed) in err and "lost the connection" in err, err
        reported = int(re.search(r"^(\d+) added", out, re.M).group(1))  # the summary, after a line per file
        assert 5 <= reported < 30 and "not attempted" in out, out

        # The next command starts the server again; every article reported as written is there.
        watcher.close()
        watcher = open_store(str(crashed))
        assert _server_pid(crashed) != server
        in_order = [read_document(p).content_id for p in sorted(corpus.glob("*.txt"))]
        stored = {a.id for a in watcher.iter_articles()}
        assert set(in_order[:reported]) <= stored <= set(in_order[:reported + 1])

        # A rerun completes the rest, and the store ends as a run nobody interrupted.
        rerun = subprocess.run(_ingest_command(corpus, crashed), env=env, cwd=ROOT, capture_output=True, text=True)
        assert rerun.returncode == 0, rerun.stderr
        assert f"\n{30 - len(stored)} added, {len(stored)} already in the store" in rerun.stdout
        subprocess.run(_ingest_command(corpus, clean), check=True, env=env, cwd=ROOT, capture_output=True)
        expected = open_store(str(clean))
        assert graph_contents(watcher) == graph_contents(expected)
        assert len(graph_contents(expected)["articles"]) == 30
        expected.close()
    finally:
        if watcher is not None:
            watcher.close()
        stop_server(clean)
        stop_server(crashed)
