"""Measure extraction speed against raw `nlp.pipe` of the same model on the same texts, in one process.

`measure_speed(texts)` returns words per second for both and their ratio; the bench calls it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from loaders.document import Document
from loaders.extract.nlp import BREAKER, load_nlp
from loaders.extract.pipeline import extract_many


def measure_speed(
    texts: Sequence[str], batch_size: int = 32, workers: int = 1, repeats: int = 2
) -> dict[str, float]:
    """Words/s of raw `nlp.pipe` (model as installed) and of `extract_many` over the same texts, best of
    `repeats` alternating runs (the machine is shared, so single runs are noisy)."""
    nlp = load_nlp()
    words = sum(len(t.split()) for t in texts)
    docs = [Document(key=f"t{i}", text=t) for i, t in enumerate(texts)]
    list(nlp.pipe(texts[:2]))
    raw = ours = float("inf")
    for _ in range(max(1, repeats)):
        with nlp.select_pipes(disable=[BREAKER]):
            start = time.perf_counter()
            for _doc in nlp.pipe(texts, batch_size=batch_size):
                pass
            raw = min(raw, time.perf_counter() - start)
        start = time.perf_counter()
        for _x in extract_many(docs, workers=workers, batch_size=batch_size):
            pass
        ours = min(ours, time.perf_counter() - start)
    raw_wps = words / raw if raw else 0.0
    ours_wps = words / ours if ours else 0.0
    return {
        "texts": float(len(texts)),
        "words": float(words),
        "raw_seconds": raw,
        "extract_seconds": ours,
        "raw_words_per_second": raw_wps,
        "extract_words_per_second": ours_wps,
        "ratio": ours_wps / raw_wps if raw_wps else 0.0,
    }
