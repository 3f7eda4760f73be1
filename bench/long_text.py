"""One long text (1.2 million characters by default): Threadline's extraction against raw `nlp.pipe`.

Three child processes, so each peak memory (`ru_maxrss`) is that path's own:
- `ratio`: raw `nlp.pipe` of the model as installed over the text's chunks (in batches of the size extraction
  uses) and `extract_many` on the text as one document (chunked, merged, offsets for the whole text),
  alternating, best of two each, in one process so both see the same machine;
- `extract`: `extract_many` alone, for its peak memory;
- `raw-whole`: raw `nlp` of the whole text at once (`nlp.max_length` raised): what an unchunked parse costs.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from typing import Any

MODES = ("ratio", "extract", "raw-whole")


def _extract(text: str) -> float:
    from loaders.document import Document
    from loaders.extract.pipeline import extract_many

    start = time.perf_counter()
    extraction = next(extract_many([Document(key="long", text=text)]))
    seconds = time.perf_counter() - start
    assert extraction.relations and all(text[r.start:r.end] == r.evidence for r in extraction.relations)
    return seconds


def _raw_chunks(text: str) -> float:
    from loaders.extract.chunks import CHUNK_CHARS, chunk_bounds
    from loaders.extract.nlp import BREAKER, load_nlp
    from loaders.extract.pipeline import BATCH_CHARS

    nlp = load_nlp()
    batch = max(1, BATCH_CHARS // CHUNK_CHARS)
    with nlp.select_pipes(disable=[BREAKER]):
        start = time.perf_counter()
        for _doc in nlp.pipe((text[a:b] for a, b in chunk_bounds(text)), batch_size=batch):
            pass
        return time.perf_counter() - start


def _raw_whole(text: str) -> float:
    from loaders.extract.nlp import BREAKER, load_nlp

    nlp = load_nlp()
    nlp.max_length = len(text) + 1
    with nlp.select_pipes(disable=[BREAKER]):
        start = time.perf_counter()
        nlp(text)
        return time.perf_counter() - start


def measure(mode: str, chars: int) -> dict[str, Any]:
    """Run one mode in this process: seconds, words and peak RSS in MB."""
    from bench.corpus import long_text
    from loaders.extract.nlp import load_nlp

    text = long_text(chars)
    list(load_nlp().pipe(["Warm up the model."]))
    out: dict[str, Any] = {"words": len(text.split())}
    if mode == "ratio":
        raw = ours = float("inf")
        for _ in range(2):
            raw = min(raw, _raw_chunks(text))
            ours = min(ours, _extract(text))
        out |= {"raw_seconds": raw, "extract_seconds": ours}
    elif mode == "extract":
        out["seconds"] = _extract(text)
    else:
        out["seconds"] = _raw_whole(text)
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def run(chars: int) -> dict[str, dict[str, Any]]:
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
    words = r["ratio"]["words"]
    raw, ours = words / r["ratio"]["raw_seconds"], words / r["ratio"]["extract_seconds"]
    whole = words / r["raw-whole"]["seconds"]
    return [
        f"| raw `nlp.pipe`, one text of {chars:,} characters ({words:,} words), in the same chunks | "
        f"{raw:,.0f} words/s ({r['ratio']['raw_seconds']:.0f} s) | |",
        f"| Threadline extraction of the long text (chunked, merged), same process, alternating | "
        f"{ours:,.0f} words/s ({r['ratio']['extract_seconds']:.0f} s) | |",
        f"| **long text: extraction / raw `nlp.pipe`** (target ≥ 0.7) | | **{ours / raw:.2f}** |",
        f"| peak memory (RSS) of the extraction, a process of its own | {r['extract']['peak_mb']:,.0f} MB "
        f"({r['extract']['seconds']:.0f} s) | |",
        f"| raw `nlp` of the whole text at once (`max_length` raised), a process of its own | {whole:,.0f} words/s "
        f"({r['raw-whole']['seconds']:.0f} s), peak {r['raw-whole']['peak_mb']:,.0f} MB | |",
        f"| **peak memory: extraction / unchunked parse** | | "
        f"**{r['extract']['peak_mb'] / r['raw-whole']['peak_mb']:.2f}** |",
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
