"""Train the pair scorer (loaders/extract/pairs.py) on the CoNLL04 train split and write its weights as JSON.

`python -m loaders.evaluate.train` rebuilds loaders/data/pair_model.json: a logistic regression per kind
(Work_For -> "role", OrgBased_In -> "based") over the pipeline's own mentions, with a fixed seed; the
acceptance threshold of each kind is the one with the best pair F1 on the dev split. Never trained or tuned on
the demo gold or the seed: those are evaluation sets. Needs scikit-learn (only here, not at run time).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from graph.model import name_key
from loaders.evaluate.conll04 import ConllSentence, read_split
from loaders.extract.lexicon import load_lexicon
from loaders.extract.mentions import find_mentions
from loaders.extract.nlp import load_nlp
from loaders.extract.pairs import MODEL_PATH, candidate_pairs
from loaders.extract.resolve_local import resolve

SEED = 0
MIN_COUNT = 2
C = 0.5
CONLL_KIND = {"Work_For": "role", "OrgBased_In": "based"}

Example = tuple[str, dict[str, float], int]


def _keys(text: str, aliases: set[str]) -> set[str]:
    """Comparison keys of a mention: its own text and its entity's forms."""
    return {name_key(text), *(name_key(a) for a in aliases)}


def examples(sentences: list[ConllSentence]) -> list[Example]:
    """(kind, features, label) for every candidate pair the pipeline sees in the sentences."""
    nlp, lex = load_nlp(), load_lexicon()
    out: list[Example] = []
    for sent, doc in zip(sentences, nlp.pipe([s.text for s in sentences], batch_size=64), strict=True):
        mentions, _ = find_mentions(doc, lex)
        entities = resolve(doc, mentions, lex)
        gold = {
            (CONLL_KIND[r.type], name_key(r.head.text), name_key(r.tail.text))
            for r in sent.relations
            if r.type in CONLL_KIND
        }
        for pair in candidate_pairs(doc, mentions, entities, lex.wire_agencies):
            ms, mt = mentions[pair.source], mentions[pair.target]
            ks = _keys(ms.text, entities[ms.entity].aliases)
            kt = _keys(mt.text, entities[mt.entity].aliases)
            label = int(any(k == pair.kind and h in ks and t in kt for k, h, t in gold))
            out.append((pair.kind, pair.features, label))
    return out


def _fit(train: list[Example], kind: str) -> tuple[dict[str, float], float]:
    """Logistic regression weights (features seen at least MIN_COUNT times) and bias for one kind."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [(f, y) for k, f, y in train if k == kind]
    counts: dict[str, int] = {}
    for f, _ in rows:
        for name in f:
            counts[name] = counts.get(name, 0) + 1
    keep = {n for n, c in counts.items() if c >= MIN_COUNT}
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform([{n: v for n, v in f.items() if n in keep} for f, _ in rows]).tocsr()
    x.indices = x.indices.astype("int32")
    x.indptr = x.indptr.astype("int32")
    y = [label for _, label in rows]
    model = LogisticRegression(C=C, solver="liblinear", random_state=SEED, max_iter=2000)
    model.fit(x, y)
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vec.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 1e-3
    }
    return dict(sorted(weights.items())), round(float(model.intercept_[0]), 4)


def _best_threshold(dev: list[Example], kind: str, probability) -> float:
    """The probability cut with the best dev pair F1 of one kind, averaged with its two neighbours on the grid
    so that one lucky step does not decide (dev has only about a hundred positives per kind)."""
    scored = [(probability(kind, f), y) for k, f, y in dev if k == kind]
    total = sum(y for _, y in scored)

    def f1(cut: float) -> float:
        """Pair F1 on dev when pairs at or above `cut` are accepted."""
        tp = sum(1 for p, y in scored if p >= cut and y)
        pred = sum(1 for p, _ in scored if p >= cut)
        return 2 * tp / (pred + total) if pred + total else 0.0

    grid = [step / 100 for step in range(10, 91, 5)]
    smooth = {cut: (f1(cut - 0.05) + f1(cut) + f1(cut + 0.05)) / 3 for cut in grid}
    return max(grid, key=lambda cut: (round(smooth[cut], 9), -cut))


def train_model() -> dict:
    """The model as the JSON-ready dict written to loaders/data/pair_model.json."""
    from loaders.extract.pairs import PairModel

    train = examples(read_split("train"))
    dev = examples(read_split("dev"))
    weights: dict[str, dict[str, float]] = {}
    bias: dict[str, float] = {}
    for kind in sorted(set(CONLL_KIND.values())):
        weights[kind], bias[kind] = _fit(train, kind)
    model = PairModel(weights, bias, {}, {})
    threshold = {kind: _best_threshold(dev, kind, model.probability) for kind in sorted(weights)}
    return {
        "about": "pair scorer for loaders/extract/pairs.py; built by `python -m loaders.evaluate.train` "
        f"from CoNLL04 train (threshold from dev), seed {SEED}, C {C}, min count {MIN_COUNT}",
        "bias": bias,
        "threshold": threshold,
        "veto": {"based": 0.0, "role": 0.05},
        "weights": weights,
    }


def dumps(model: dict) -> str:
    """The model file's exact text (sorted keys, one line per feature), so retraining compares byte for byte."""
    return json.dumps(model, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the model (default loaders/data/pair_model.json) or --check it is up to date."""
    parser = argparse.ArgumentParser(prog="python -m loaders.evaluate.train", description=__doc__)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--check", action="store_true", help="fail if retraining changes the file")
    args = parser.parse_args(argv)
    text = dumps(train_model())
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'up to date' if same else 'differs from a fresh training run'}")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
