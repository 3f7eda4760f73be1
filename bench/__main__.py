"""`make bench`: run every benchmark and print one results table (Markdown) with the command that made it.

Each figure is a ratio of two paths measured side by side in this one run, never a timed assertion.
"""

from __future__ import annotations

import argparse
import platform
import sys
from datetime import UTC, datetime

from bench import (
    console_bounds,
    durability,
    long_text,
    pdf_rate,
    snapshot_speed,
    table_rate,
    time_to_graph,
    write_rate,
)


def _write_section(relationships: int) -> list[str]:
    r = write_rate.run(relationships)
    return [
        f"| embedded store writes, batched (UNWIND, 5,000 per statement) | {r['batched_per_second']:,.0f} rel/s "
        f"({r['batched_seconds']:.1f} s for {relationships:,}) | |",
        f"| embedded store writes, one statement per relationship | {r['per_row_per_second']:,.0f} rel/s "
        f"({r['per_row_seconds']:.1f} s) | |",
        f"| **batched / per-row** | | **{r['ratio']:.1f}×** |",
    ]


def _extract_section(articles: int) -> list[str]:
    from bench.corpus import variant_texts
    from loaders.extract.speed import measure_speed

    texts = variant_texts(articles, paragraphs_each=3)
    one = measure_speed(texts, workers=1)
    two = measure_speed(texts, workers=2, repeats=1)
    return [
        f"| raw `nlp.pipe`, {one['texts']:.0f} articles, {one['words']:,.0f} words | "
        f"{one['raw_words_per_second']:,.0f} words/s | |",
        f"| Threadline extraction, 1 process | {one['extract_words_per_second']:,.0f} words/s | |",
        f"| **extraction / raw `nlp.pipe`** (target ≥ 0.75) | | **{one['ratio']:.2f}** |",
        f"| Threadline extraction, `--workers 2` | {two['extract_words_per_second']:,.0f} words/s | |",
        f"| **2 workers / 1 worker** | | "
        f"**{two['extract_words_per_second'] / one['extract_words_per_second']:.2f}×** |",
    ]


def _snapshot_section(relationships: int) -> list[str]:
    r = snapshot_speed.run(relationships)
    lines = []
    for fmt in snapshot_speed.FORMATS:
        lines += [
            f"| snapshot export, {fmt}, {relationships:,} relationships ({r[f'{fmt}_megabytes']:.0f} MB), "
            f"limit 60 s | {r[f'{fmt}_export_seconds']:.1f} s "
            f"({r[f'{fmt}_export_cpu_seconds']:.1f} s CPU in Python) | |",
            f"| snapshot import, {fmt}, into an empty store, limit 60 s | {r[f'{fmt}_import_seconds']:.1f} s "
            f"({r[f'{fmt}_import_cpu_seconds']:.1f} s CPU in Python) | |",
        ]
    return lines


def _pdf_section(count: int) -> list[str]:
    """Sparse pages (per-document costs weigh most) and denser pages, each against raw `nlp.pipe` of its text."""
    lines = []
    for paragraphs, kind in ((2, "sparse pages"), (6, "denser pages")):
        r = pdf_rate.run(count, paragraphs=paragraphs)
        words_a_page = r["words"] / r["pages"]
        lines += [
            f"| raw `nlp.pipe` of the PDFs' text, {r['pdfs']:.0f} PDFs, {r['pages']:.0f} {kind} "
            f"(about {words_a_page:.0f} words each), {r['words']:,.0f} words | {r['raw_words_per_second']:,.0f} "
            "words/s | |",
            f"| PDF reading alone (pypdf, running lines, hyphens) | {r['words'] / r['read_seconds']:,.0f} words/s | |",
            f"| `ingest` of the PDFs (read, extract, resolve, write to the embedded store) "
            f"| {r['ingest_words_per_second']:,.0f} words/s | |",
            f"| **PDF ingest / raw `nlp.pipe`, {kind}** (target ≥ 0.7) | | **{r['ratio']:.2f}** |",
        ]
    return lines


SECTIONS = {"write": _write_section, "extract": _extract_section, "graph": time_to_graph.section,
            "snapshot": _snapshot_section, "fsync": durability.section, "console": console_bounds.section,
            "table": table_rate.section, "pdf": _pdf_section, "long": long_text.section}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", choices=sorted(SECTIONS), action="append")
    parser.add_argument("--relationships", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--pdfs", type=int, default=40, help="PDFs of three pages each for the PDF ingest rate")
    parser.add_argument("--chars", type=int, default=1_200_000, help="length of the long text")
    parser.add_argument("--neighbours", type=int, default=300, help="size of the time-to-graph neighbourhood")
    parser.add_argument("--values", type=int, default=1_000_000, help="list length of the console bound's query")
    parser.add_argument("--rows", type=int, default=20_000, help="rows of the table-ingest benchmark")
    args = parser.parse_args(argv)
    command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
    print(f"Benchmarks, {datetime.now(UTC):%Y-%m-%d}, {platform.machine()}, Python {platform.python_version()}, "
          f"command: `{command.strip()}`\n")
    print("| measure | value | ratio |\n|---|---|---|")
    sizes = {"write": args.relationships, "extract": args.articles, "graph": args.neighbours,
             "snapshot": args.relationships, "fsync": args.articles, "console": args.values, "table": args.rows,
             "pdf": args.pdfs, "long": args.chars}
    for name in args.only or list(SECTIONS):
        for line in SECTIONS[name](sizes[name]):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
