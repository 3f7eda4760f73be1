"""Evaluation harness: score the extractor on the seed gold, CoNLL04 and the demo corpus gold.

`run_eval(set_name, split, show_errors)` prints a table and returns the `Score`; `main(argv)` is the
command-line entry (`threadline eval`, `make eval`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from loaders.document import Document
from loaders.evaluate.conll04 import read_split, score_sentence
from loaders.evaluate.gold import SEED_MISSING, demo_set, seed_available, seed_set
from loaders.evaluate.scoring import Score, format_table, score_extraction, total

SETS = ("seed", "conll04", "demo")


def evaluate_gold(pairs: list, workers: int = 1) -> Score:
    """Extract each gold set document and score it."""
    from loaders.extract import extract_many

    docs = [doc for doc, _ in pairs]
    return total(
        score_extraction(x, gold)
        for x, (_, gold) in zip(extract_many(docs, workers=workers), pairs, strict=True)
    )


def evaluate_conll04(split: str = "test", workers: int = 1) -> Score:
    """Extract every sentence of a CoNLL04 split and score Work_For and OrgBased_In."""
    from loaders.extract import extract_many

    sentences = read_split(split)
    docs = [Document(key=f"{s.doc_id}", text=s.text) for s in sentences]
    extractions = extract_many(docs, workers=workers)
    return total(score_sentence(s, x) for s, x in zip(sentences, extractions, strict=True))


def run_eval(
    set_name: str = "seed",
    split: str = "test",
    show_errors: bool = False,
    workers: int = 1,
    out: Callable[[str], object] = print,
) -> Score:
    """Score one evaluation set, print its table (and errors on request), return the score."""
    if set_name == "seed" and not seed_available():
        out(f"seed: skipped, {SEED_MISSING}")
        return Score()
    if set_name == "seed":
        score, title = evaluate_gold(seed_set(), workers), "seed (shared/gold/seed.gold.json)"
    elif set_name == "demo":
        pairs = demo_set()
        if not pairs:
            out("demo: no gold files in data/articles/*.gold.json yet")
            return Score()
        score, title = evaluate_gold(pairs, workers), f"demo ({len(pairs)} gold files)"
    elif set_name == "conll04":
        score, title = evaluate_conll04(split, workers), f"conll04 {split}"
    else:
        raise ValueError(f"unknown evaluation set {set_name!r}; choose one of {', '.join(SETS)}")
    out(format_table(score, title))
    if score.forbidden:
        out("forbidden entities: " + "; ".join(score.forbidden))
    if show_errors:
        for line in score.wrong:
            out("  wrong:  " + line)
        for line in score.missed:
            out("  missed: " + line)
    return score


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: --set seed|conll04|demo|all, --split, --show-errors, --workers."""
    parser = argparse.ArgumentParser(prog="threadline eval", description=__doc__)
    parser.add_argument("--set", dest="set_name", default="all", choices=(*SETS, "all"))
    parser.add_argument("--split", default="test", choices=("train", "dev", "test"))
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    names = SETS if args.set_name == "all" else (args.set_name,)
    for name in names:
        run_eval(name, args.split, args.show_errors, args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
