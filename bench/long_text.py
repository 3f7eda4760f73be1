"""One long text (1.2 million characters by default): Threadline's extraction against raw `nlp.pipe`.

Each path runs in a child process of its own, so its peak memory (`ru_maxrss`) is its own:
- `extract`: `extract_many` on the text as one document (chunked, merged, offsets for the whole text);
- `raw-chunks`: raw `nlp.pipe` of the model as installed over the same chunks;
- `raw-whole`: raw `nlp` of the whole text at once (`nlp.max_length` raised), what an unchunked parse costs.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

MODES = ("extract", "raw-chunks", "raw-whole")


def measure(mode: str, chars: int) -> dict[str, float]:
    """Run one path in this process; seconds, words and peak RSS in MB."""
    from bench.corpus import long_text
    from loaders.extract.chunks import chunk_bounds
    from loaders.extract.nlp import BREAKER, load_nlp

    text = long_text(chars)
    nlp = load_nlp()
    list(nlp.pipe(["Warm up the model."]))
    start = time.perf_counter()
    if mode == "extract":
        from loaders.document import Document
        from loaders.extract.pipeline import extract_many

        extraction = next(extract_many([Document(key="long", text=text)]))
        assert all(text[r.start:r.end] == r.evidence for r in extraction.relations)
    else:
        with nlp.select_pipes(disable=[BREAKER]):
            if mode == "raw-chunks":
                for _doc in nlp.pipe(text[a:b] for a, b in chunk_bounds(text)):
                    pass
            else:
                nlp.max_length = len(text) + 1
                nlp(text)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "words": float(len(text.split())),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run(chars: int) -> dict[str, dict[str, float]]:
    """Every mode in a child process, one after the other."""
    out = {}
    for mode in MODES:
        done = subprocess.run([sys.executable, "-m", "bench.long_text", mode, str(chars)], capture_output=True,
                              text=True, check=True)
        out[mode] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def section(chars: int) -> list[str]:
    """The rows `python -m bench` prints."""
    r = run(chars)
    words = r["extract"]["words"]
    rate = {mode: words / r[mode]["seconds"] for mode in MODES}
    return [
        f"| raw `nlp.pipe`, one text of {chars:,} characters ({words:,.0f} words) in the same chunks | "
        f"{rate['raw-chunks']:,.0f} words/s ({r['raw-chunks']['seconds']:.0f} s), peak "
        f"{r['raw-chunks']['peak_mb']:,.0f} MB | |",
        f"| raw `nlp` of the whole text at once (`max_length` raised) | {rate['raw-whole']:,.0f} words/s "
        f"({r['raw-whole']['seconds']:.0f} s), peak {r['raw-whole']['peak_mb']:,.0f} MB | |",
        f"| Threadline extraction of the long text (chunked, merged) | {rate['extract']:,.0f} words/s "
        f"({r['extract']['seconds']:.0f} s), peak {r['extract']['peak_mb']:,.0f} MB | |",
        f"| **long text: extraction / raw `nlp.pipe` in chunks** (target ≥ 0.7) | | "
        f"**{rate['extract'] / rate['raw-chunks']:.2f}** |",
        f"| **long text: extraction / raw `nlp` of the whole text** | | "
        f"**{rate['extract'] / rate['raw-whole']:.2f}** |",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.long_text", description=__doc__)
    parser.add_argument("mode", choices=MODES)
    parser.add_argument("chars", type=int)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.mode, args.chars)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
