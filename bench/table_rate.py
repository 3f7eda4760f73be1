"""Table ingest rate: `ingest_tables` on a CSV against writing the very same article graphs straight to a store.

The second path is the floor (the store's own batched write); the ratio says what reading the file, checking
each row, rendering its cited line and resolving names against the store cost on top of it.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from graph.store import open_store
from graph.store.base import ArticleGraph
from graph.store.falkordb_server import stop_server
from loaders.records import PART_SIZE, records_extraction, records_text
from loaders.resolve import resolve
from loaders.tables import ingest_tables, mapping_from_flags
from loaders.tables.read import read_table
from loaders.tables.rows import sheet_records


def write_table(path: Path, rows: int, companies: int = 4_000) -> Path:
    """`rows` payments between `companies` suppliers and buyers, with a date and a note."""
    lines = ["Supplier,Buyer,Date,Note"]
    lines += [f"Supplier {n % companies},Buyer {(n * 7 + 1) % companies},2021-{n % 12 + 1:02d}-01,invoice {n}"
              for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


MAPPING = mapping_from_flags("Supplier:Company", "Buyer:GovernmentBody", "SUPPLIED_TO", date="Date", note="Note")


def _fresh() -> tuple[Path, object]:
    directory = Path(tempfile.mkdtemp(prefix="tl-bench-table-"))
    return directory, open_store(str(directory / "store"))


def _batches(path: Path) -> list[ArticleGraph]:
    """The article graphs ingest would write, built beforehand against an empty store."""
    from graph.model import Article, text_id

    (sheet,) = read_table(path)
    records = sheet_records(sheet, MAPPING, path.name).records
    batches = []
    for start in range(0, len(records), PART_SIZE):
        part = records[start:start + PART_SIZE]
        text = records_text(part)
        article = Article(text_id(text), path.name, text, str(path))
        batches.append(resolve(article, records_extraction(part, "table"), lambda keys: {}))
    return batches


def run(rows: int = 20_000) -> dict[str, float]:
    """Ingest the same table both ways into fresh embedded stores; rows per second and their ratio."""
    folder = Path(tempfile.mkdtemp(prefix="tl-bench-table-"))
    path = write_table(folder / "payments.csv", rows)
    batches = _batches(path)
    directory, store = _fresh()
    try:
        start = time.perf_counter()
        for batch in batches:
            store.write_article(batch)  # type: ignore[attr-defined]
        raw_seconds = time.perf_counter() - start
        raw_facts = store.stats()["facts"]  # type: ignore[attr-defined]
    finally:
        store.close()  # type: ignore[attr-defined]
        stop_server(directory / "store")
    directory, store = _fresh()
    try:
        start = time.perf_counter()
        report = ingest_tables(store, [path], MAPPING)  # type: ignore[arg-type]
        ingest_seconds = time.perf_counter() - start
        facts = store.stats()["facts"]  # type: ignore[attr-defined]
    finally:
        store.close()  # type: ignore[attr-defined]
        stop_server(directory / "store")
    assert facts == raw_facts and report.ok, (facts, raw_facts, report.summary())
    return {"rows": rows, "facts": facts, "ingest_seconds": ingest_seconds, "raw_seconds": raw_seconds,
            "ingest_rows_per_second": rows / ingest_seconds, "raw_rows_per_second": rows / raw_seconds,
            "ratio": raw_seconds / ingest_seconds}


def section(rows: int) -> list[str]:
    """The results table's rows for this benchmark."""
    r = run(rows)
    return [
        f"| table ingest (`ingest-table`), CSV of {rows:,} rows, {r['facts']:,} facts | "
        f"{r['ingest_rows_per_second']:,.0f} rows/s ({r['ingest_seconds']:.1f} s) | |",
        f"| the same article graphs written straight to the store | {r['raw_rows_per_second']:,.0f} rows/s "
        f"({r['raw_seconds']:.1f} s) | |",
        f"| **table ingest / straight write** | | **{r['ratio']:.2f}** |",
    ]
