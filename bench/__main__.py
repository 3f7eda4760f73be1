"""`make bench`: run every benchmark and print one results table (Markdown) with the command that made it.

Each figure is a ratio of two paths measured side by side in this one run, never a timed assertion.
"""

from __future__ import annotations

import argparse
import platform
import sys
from datetime import UTC, datetime

from bench import long_text, snapshot_speed, time_to_graph, write_rate


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


SECTIONS = {"write": _write_section, "extract": _extract_section, "long": long_text.section,
            "graph": time_to_graph.section, "snapshot": _snapshot_section}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", choices=sorted(SECTIONS), action="append")
    parser.add_argument("--relationships", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--chars", type=int, default=1_200_000, help="length of the long text")
    parser.add_argument("--neighbours", type=int, default=300, help="size of the time-to-graph neighbourhood")
    args = parser.parse_args(argv)
    command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
    print(f"Benchmarks, {datetime.now(UTC):%Y-%m-%d}, {platform.machine()}, Python {platform.python_version()}, "
          f"command: `{command.strip()}`\n")
    print("| measure | value | ratio |\n|---|---|---|")
    sizes = {"write": args.relationships, "extract": args.articles, "long": args.chars, "graph": args.neighbours,
             "snapshot": args.relationships}
    for name in args.only or list(SECTIONS):
        for line in SECTIONS[name](sizes[name]):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
