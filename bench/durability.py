"""What the embedded store's fsync choice costs an ingest: the same articles written with each `appendfsync`.

The articles are extracted once (no fsync setting touches extraction); then, for each setting, a fresh store's
server is started with it and the ingest's store side (look-ups, resolution, one write transaction per article,
under the writer lock: `loaders.ingest.write_extracted`) runs over the same extractions. The settings alternate
over two rounds and the best time of each is kept, so the shared machine's noise falls on all of them alike.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from bench.corpus import write_variants
from graph.model import Extraction
from graph.store import open_store
from graph.store.falkordb_server import APPENDFSYNC, APPENDFSYNC_CHOICES, ensure_server, stop_server
from loaders.document import Document
from loaders.ingest import IngestReport, read_documents, write_extracted

ROUNDS = 2


def _store_side(documents: list[Document], extractions: list[Extraction], appendfsync: str) -> float:
    """Seconds to resolve and write every article into a fresh store whose server fsyncs as `appendfsync` says."""
    directory = Path(tempfile.mkdtemp(prefix="tl-fsync-"))
    try:
        ensure_server(directory, appendfsync=appendfsync)
        store = open_store(str(directory))
        report = IngestReport()
        start = time.perf_counter()
        for document, extraction in zip(documents, extractions, strict=True):
            write_extracted(store, document, extraction, report)
        seconds = time.perf_counter() - start
        assert len(report.added) == len(documents) == store.stats()["articles"], (appendfsync, report.summary())
        store.close()
        return seconds
    finally:
        stop_server(directory)
        shutil.rmtree(directory, ignore_errors=True)


def run(articles: int = 300) -> dict[str, float]:
    """Seconds of extraction (once) and of the store side under each setting (best of the rounds)."""
    from loaders.extract import extract_many

    corpus = Path(tempfile.mkdtemp(prefix="tl-fsync-corpus-"))
    try:
        write_variants(corpus, articles)
        report = IngestReport()
        documents = read_documents([corpus], report)
        assert len(documents) == articles and report.ok, report.failed
        start = time.perf_counter()
        extractions = list(extract_many(documents))
        results: dict[str, float] = {"articles": articles, "extract": time.perf_counter() - start}
        for round_number in range(ROUNDS):
            order = APPENDFSYNC_CHOICES if round_number % 2 == 0 else tuple(reversed(APPENDFSYNC_CHOICES))
            for setting in order:
                seconds = _store_side(documents, extractions, setting)
                results[setting] = min(results.get(setting, seconds), seconds)
        return results
    finally:
        shutil.rmtree(corpus, ignore_errors=True)


def section(articles: int) -> list[str]:
    """Rows of the results table: each setting's store-side rate, then the ratios to the chosen setting."""
    r = run(articles)
    chosen = r[APPENDFSYNC]
    lines = [
        f"| ingest's store side (look-up, resolve, write), {articles} articles, `appendfsync {setting}`"
        f"{' (chosen)' if setting == APPENDFSYNC else ''} | {articles / r[setting]:,.0f} articles/s "
        f"({r[setting]:.2f} s) | {r[setting] / chosen:.2f}× |"
        for setting in APPENDFSYNC_CHOICES
    ]
    lines.append(f"| extraction of the same {articles} articles (once; no setting touches it) | "
                 f"{r['extract']:.1f} s | |")
    for setting in APPENDFSYNC_CHOICES:
        if setting != APPENDFSYNC:
            ratio = (r["extract"] + r[setting]) / (r["extract"] + chosen)
            lines.append(f"| **whole ingest, `{setting}` / `{APPENDFSYNC}`** | | **{ratio:.3f}×** |")
    return lines
