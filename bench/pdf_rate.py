"""PDF ingest rate: whole `ingest_paths` of PDFs (reading with pypdf, header and footer removal, extraction,
resolution, writing to a fresh embedded store) against raw `nlp.pipe` of the same texts, in one run."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.corpus import variant_texts

PAGES_EACH = 3


def _latin1(text: str) -> str:
    """fpdf2's built-in fonts hold Latin-1 only: typographic quotes and dashes become plain ones."""
    plain = text.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                                          "\u2013": "-", "\u2014": "-", "\u2026": "..."}))
    return plain.encode("latin-1", "replace").decode("latin-1")


def make_pdfs(directory: Path, count: int, paragraphs: int = 2) -> list[Path]:
    """`count` PDFs of three pages of `paragraphs` demo paragraphs each (2: about 90 words a page, a sparse page;
    6: about 260, nearer a report's), under a running header and a page footer."""
    from fpdf import FPDF

    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    texts = variant_texts(count * PAGES_EACH, paragraphs_each=paragraphs)
    for n in range(count):
        pdf = FPDF()
        pdf.set_font("Helvetica", size=10)
        pages = texts[n * PAGES_EACH:(n + 1) * PAGES_EACH]
        for number, body in enumerate(pages, start=1):
            pdf.add_page()
            pdf.cell(0, 8, f"Bench report {n}", new_x="LMARGIN", new_y="NEXT")
            pdf.multi_cell(0, 5, _latin1(body))
            pdf.cell(0, 8, f"Page {number} of {len(pages)}")
        path = directory / f"{n:04d}.pdf"
        pdf.output(str(path))
        paths.append(path)
    return paths


def _ingest_seconds(paths: list[Path], store_dir: Path) -> float:
    """Seconds to ingest the PDFs into a fresh embedded store (started before the clock, stopped after)."""
    from graph.store import open_store
    from graph.store.falkordb_server import stop_server
    from loaders.ingest import ingest_paths

    store = open_store(str(store_dir), create=True)
    try:
        start = time.perf_counter()
        report = ingest_paths(store, paths)
        seconds = time.perf_counter() - start
    finally:
        store.close()
        stop_server(store_dir)
    if len(report.added) != len(paths):
        raise RuntimeError(f"bench PDFs not all ingested: {report.failed}")
    return seconds


def run(count: int, repeats: int = 2, paragraphs: int = 2) -> dict[str, float]:
    """Words/s of raw `nlp.pipe` over the PDFs' text and of the whole ingest of the PDFs, best of `repeats`
    alternating runs (the machine is shared, so single runs are noisy)."""
    from loaders.extract.nlp import BREAKER, load_nlp
    from loaders.sources import read_document

    with tempfile.TemporaryDirectory(prefix="threadline-bench-pdf-") as folder:
        paths = make_pdfs(Path(folder) / "pdfs", count, paragraphs)
        start = time.perf_counter()
        texts = [read_document(p).text for p in paths]
        read_seconds = time.perf_counter() - start
        words = sum(len(t.split()) for t in texts)
        nlp = load_nlp()
        list(nlp.pipe(texts[:2]))
        raw_seconds = ingest_seconds = float("inf")
        for number in range(max(1, repeats)):
            with nlp.select_pipes(disable=[BREAKER]):
                start = time.perf_counter()
                for _doc in nlp.pipe(texts, batch_size=32):
                    pass
                raw_seconds = min(raw_seconds, time.perf_counter() - start)
            ingest_seconds = min(ingest_seconds, _ingest_seconds(paths, Path(folder) / f"store{number}"))
    return {"pdfs": float(len(paths)), "pages": float(len(paths) * PAGES_EACH), "words": float(words),
            "read_seconds": read_seconds, "raw_words_per_second": words / raw_seconds,
            "ingest_words_per_second": words / ingest_seconds,
            "ratio": raw_seconds / ingest_seconds}
