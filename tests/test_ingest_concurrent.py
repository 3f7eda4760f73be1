"""Concurrent use of one embedded store: two ingest processes at once make the graph a sequential run makes,
and a reader never sees half an article while another process writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from graph.model import Article, Entity, ExtractedEntity, Extraction, text_id
from graph.store import open_store
from graph.store.base import ArticleGraph
from graph.store.falkordb_server import stop_server
from loaders.document import Document
from loaders.ingest import IngestReport, write_extracted
from loaders.resolve import resolve
from tests.conftest import ROOT
from tests.graphs import evidence, graph_contents, relation

DEMO = ROOT / "data" / "articles"
FIRST = ["01_rubio_presses_thermo_fisher", "04_citizen_lab_mansoor_pegasus", "05_pegasus_project",
         "07_apple_sues_nso"]
SECOND = ["08_whatsapp_v_nso", "07_apple_sues_nso", "05_pegasus_project", "02_thermo_fisher_halts_xinjiang_sales"]

# A real ingest (ingest_paths, the function `threadline ingest` calls) in its own process, which prints each
# article as it is written (from inside the writer lock, so the lines order the writes across both processes),
# then its report.
INGEST = """
import json, sys, time
from graph.store import open_store
from loaders.ingest import ingest_paths
store = open_store(sys.argv[1])
write = store.write_article
def logged(batch):
    write(batch)
    print(json.dumps({"written": batch.article.source, "at": time.monotonic_ns()}), flush=True)
store.write_article = logged
report = ingest_paths(store, sys.argv[2:])
print(json.dumps({"added": report.added, "unchanged": report.unchanged, "failed": report.failed}))
store.close()
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _ingest(store: Path, files: list[Path]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", INGEST, str(store), *map(str, files)], cwd=ROOT, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(process: subprocess.Popen) -> tuple[list[dict], dict]:
    """The writes a process logged, and its report."""
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    return lines[:-1], lines[-1]


def _files(names: list[str]) -> list[Path]:
    return [DEMO / f"{name}.txt" for name in names]


@pytest.mark.slow
def test_two_ingests_at_once_equal_a_sequential_run(tmp_path):
    shared, sequential = tmp_path / "shared", tmp_path / "sequential"
    try:
        first, second = _ingest(shared, _files(FIRST)), _ingest(shared, _files(SECOND))
        (first_writes, first_report), (second_writes, second_report) = _finish(first), _finish(second)

        # Each article was written once, by one of the two; the other found it there.
        distinct = set(FIRST) | set(SECOND)
        added = [Path(p).stem for p in first_report["added"] + second_report["added"]]
        assert sorted(added) == sorted(distinct)
        unchanged = [Path(p).stem for p in first_report["unchanged"] + second_report["unchanged"]]
        assert sorted(unchanged) == sorted(set(FIRST) & set(SECOND))
        assert not first_report["failed"] and not second_report["failed"]

        # The same articles written one after the other, in the order the two processes wrote them.
        order = [w["written"] for w in sorted(first_writes + second_writes, key=lambda w: w["at"])]
        assert sorted(Path(p).stem for p in order) == sorted(distinct)
        alone = _ingest(sequential, [Path(p) for p in order])
        _, alone_report = _finish(alone)
        assert [Path(p).stem for p in alone_report["added"]] == [Path(p).stem for p in order]

        together, one_by_one = open_store(str(shared)), open_store(str(sequential))
        expected = graph_contents(one_by_one)
        assert len(expected["articles"]) == len(distinct) and len(expected["relations"]) > 10
        assert graph_contents(together) == expected
        together.close()
        one_by_one.close()
    finally:
        stop_server(shared)
        stop_server(sequential)


def test_an_article_resolved_while_another_writes_is_matched_to_what_that_one_wrote(falkordb_store):
    """Resolution runs under the writer lock: an ingest that must wait for another's write then resolves its names
    against it, instead of introducing the same organisation a second time under another id."""
    first = Document(key="first", text="Human Rights Watch (HRW) criticised the sale.", path="first.txt")
    second = Document(key="second", text="HRW said it again.", path="second.txt")
    named_in_full = Extraction((ExtractedEntity("e1", "Human Rights Watch", "NGO", ("HRW",)),), (), "test", "1")
    initials_only = Extraction((ExtractedEntity("e1", "HRW", "NGO"),), (), "test", "1")
    inside = threading.Event()

    def slow_writer() -> None:
        with falkordb_store.writer():
            inside.set()
            batch = resolve(first.to_article(), named_in_full, falkordb_store.lookup)
            time.sleep(0.3)  # the other ingest arrives meanwhile
            falkordb_store.write_article(batch)

    thread = threading.Thread(target=slow_writer)
    thread.start()
    inside.wait(10)
    report = IngestReport()
    assert write_extracted(falkordb_store, second, initials_only, report) == "added"
    thread.join(10)
    (entity,) = falkordb_store.iter_entities()
    assert entity.name == "Human Rights Watch" and entity.aliases == ("HRW",)
    assert [e.id for e in falkordb_store.article_entities(second.content_id)] == [entity.id]


# --- a reader during a write --------------------------------------------------------------------------------------

ARTICLES, ENTITIES = 40, 150


def big_article(n: int) -> ArticleGraph:
    """Article `n`: one company supplying ENTITIES - 1 customers, one fact (and one mention) each."""
    sentences = [f"Maker {n} sold kit to Buyer {i}." for i in range(ENTITIES - 1)]
    text = " ".join(sentences)
    a = Article(id=text_id(text), title=f"Big {n}", text=text, source=f"big-{n}.txt")
    maker = Entity(f"maker-{n}", f"Maker {n}", "Company")
    buyers = [Entity(f"buyer-{i}", f"Buyer {i}", "Company") for i in range(ENTITIES - 1)]
    facts = tuple(relation("SUPPLIED_TO", maker, b, evidence(a, s)) for b, s in zip(buyers, sentences, strict=True))
    return ArticleGraph(a, (maker, *buyers), facts)


def write_big_articles(location: str) -> None:
    """Run in a process of its own by the test below: write every big article, one transaction each."""
    store = open_store(location)
    for n in range(ARTICLES):
        store.write_article(big_article(n))
    store.close()


# One read, so one consistent state: each article with its mentions and the facts citing it.
PER_ARTICLE = (
    "MATCH (a:Article) OPTIONAL MATCH (a)-[m:MENTIONS]->(:Entity) WITH a, count(m) AS mentions "
    "OPTIONAL MATCH (:Entity)-[x:SUPPLIED_TO]->(:Entity) WHERE a.id IN x.ev_article "
    "RETURN a.title AS title, mentions, count(x) AS facts"
)


@pytest.mark.slow
def test_a_reader_never_sees_half_an_article_while_another_process_writes(falkordb_store):
    writer = subprocess.Popen(
        [sys.executable, "-c", "import sys; from tests.test_ingest_concurrent import write_big_articles as w; "
                               "w(sys.argv[1])", falkordb_store.location],
        cwd=ROOT, env=_env(), stderr=subprocess.PIPE, text=True)
    sizes: set[int] = set()
    try:
        while writer.poll() is None:
            rows = falkordb_store.run(PER_ARTICLE, limit=ARTICLES + 1).rows
            assert all(row[1:] == (ENTITIES, ENTITIES - 1) for row in rows), rows  # whole articles, or none
            summaries = falkordb_store.articles()  # what the app's pages read
            assert all(s.entities == ENTITIES for s in summaries), summaries
            sizes.add(len(rows))
    finally:
        _, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    assert len({s for s in sizes if 0 < s < ARTICLES}) >= 3, sizes  # the reads did land between the writes
    rows = falkordb_store.run(PER_ARTICLE, limit=ARTICLES + 1).rows
    assert len(rows) == ARTICLES and {row[1:] for row in rows} == {(ENTITIES, ENTITIES - 1)}
