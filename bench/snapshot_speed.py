"""Export and import time of a synthetic graph of 100,000 relationships, as json and as csv.

The graph is written quickly through `store.write_article` batches (bench/write_rate.py's synthetic
articles, 5,000 relationships each); export is snapshot + render + write, import is read + merge into an
empty embedded store. Each import is checked to give back the same relationship count.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from bench.write_rate import synthetic_batches
from graph.snapshot import export_snapshot, import_snapshot, read_snapshot, snapshot_of_store
from graph.store import open_store
from graph.store.base import GraphStore
from graph.store.falkordb_server import stop_server

FORMATS = ("json", "csv")


def _relations(store: GraphStore) -> int:
    """How many relationships (MENTIONS aside) the store holds."""
    return store.stats()["facts"]


def run(relationships: int = 100_000, batch: int = 5_000) -> dict[str, float]:
    """Seconds to build, export and import the synthetic graph in each format, and its size.

    `*_seconds` is wall-clock time; `*_cpu_seconds` the CPU time of this Python process alone (the database
    server's work not included), a figure that other load on the machine changes less.
    """
    work = Path(tempfile.mkdtemp(prefix="tl-snap-"))
    source_dir = work / "source"
    figures: dict[str, float] = {"relationships": relationships}
    store = open_store(str(source_dir))
    try:
        start = time.perf_counter()
        for article_graph in synthetic_batches(relationships, batch):
            store.write_article(article_graph)
        figures["build_seconds"] = time.perf_counter() - start
        assert _relations(store) == relationships
        for fmt in FORMATS:
            out = work / f"snapshot.{fmt}"
            start, cpu = time.perf_counter(), time.process_time()
            export_snapshot(snapshot_of_store(store), fmt, out)
            figures[f"{fmt}_export_seconds"] = time.perf_counter() - start
            figures[f"{fmt}_export_cpu_seconds"] = time.process_time() - cpu
            if out.is_file():
                figures[f"{fmt}_megabytes"] = out.stat().st_size / 1e6
            else:
                figures[f"{fmt}_megabytes"] = sum(p.stat().st_size for p in out.iterdir()) / 1e6
    finally:
        store.close()
        stop_server(source_dir)
    for fmt in FORMATS:
        target_dir = work / f"import-{fmt}"
        target = open_store(str(target_dir))
        try:
            start, cpu = time.perf_counter(), time.process_time()
            import_snapshot(target, read_snapshot(work / f"snapshot.{fmt}"))
            figures[f"{fmt}_import_seconds"] = time.perf_counter() - start
            figures[f"{fmt}_import_cpu_seconds"] = time.process_time() - cpu
            assert _relations(target) == relationships, (fmt, _relations(target))
        finally:
            target.close()
            stop_server(target_dir)
    shutil.rmtree(work, ignore_errors=True)
    return figures
