"""A small trained scorer for two relations the rules find only in part: a person's role at an organisation
(HAS_ROLE_AT) and an organisation's place (LOCATED_IN).

Every (Person, organisation) and (organisation, Location) pair of name mentions in one sentence is described
by sparse features (dependency path, words between, types, distance); a logistic regression trained on the
CoNLL04 train split (`python -m loaders.evaluate.train`) weighs them. The weights are a JSON file under
loaders/data, so scoring needs no library beyond the standard one and stays a few dictionary look-ups.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

from graph.model import name_key
from loaders.extract.mentions import ORG_TYPES, Mention
from loaders.extract.resolve_local import EntityRecord

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "pair_model.json"
MAX_GAP = 30  # tokens between the two names; farther pairs are not scored
MAX_PATH = {"based": 3, "role": 8}  # dependency edges between two names for the scorer alone to add
MAX_NAMES_BETWEEN = 0
KINDS = {"role": ("HAS_ROLE_AT", frozenset({"Person"}), ORG_TYPES), "based": ("LOCATED_IN", ORG_TYPES, {"Location"})}


@dataclass(frozen=True)
class PairModel:
    """Weights per relation kind, a bias and the probability above which a pair becomes a relation."""

    weights: dict[str, dict[str, float]]
    bias: dict[str, float]
    threshold: dict[str, float]
    veto: dict[str, float]

    def probability(self, kind: str, features: dict[str, float]) -> float:
        """Logistic probability that the pair of `kind` holds, from its features."""
        w = self.weights.get(kind)
        if w is None:
            return 0.0
        z = self.bias.get(kind, 0.0) + sum(w.get(f, 0.0) * v for f, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


@lru_cache(maxsize=1)
def load_pair_model(path: Path = MODEL_PATH) -> PairModel | None:
    """The trained weights, read once; None when the file is absent (the rules still run)."""
    if not path.exists():
        return None
    with open(path, encoding="utf-8") as handle:
        raw = json.load(handle)
    return PairModel(raw["weights"], raw["bias"], raw["threshold"], raw.get("veto", {}))


def _path(a: Token, b: Token) -> tuple[list[str], list[Token], Token]:
    """Dependency path from `a` up to the lowest common ancestor and down to `b`: labels, inner tokens, LCA."""
    up_a = [a, *a.ancestors]
    index = {t.i: k for k, t in enumerate(up_a)}
    up_b: list[Token] = []
    lca = None
    for t in [b, *b.ancestors]:
        if t.i in index:
            lca = t
            break
        up_b.append(t)
    if lca is None:
        return ["none"], [], a
    left = up_a[: index[lca.i]]
    labels = [f"{t.dep_}^" for t in left] + [f"{t.dep_}v" for t in reversed(up_b)]
    inner = [t for t in left[1:]] + ([lca] if lca.i not in (a.i, b.i) else []) + list(reversed(up_b[1:]))
    return labels, inner, lca


def _bucket(n: int) -> str:
    """A count as a coarse bucket, so features generalise across distances."""
    return str(n) if n < 5 else ("5-9" if n < 10 else ("10-19" if n < 20 else "20+"))


def pair_features(doc: Doc, a: Mention, b: Mention, type_a: str, type_b: str, between_names: int) -> dict[str, float]:
    """Sparse features of one ordered pair (relation source `a`, target `b`) of mentions in one sentence."""
    first, second = (a, b) if a.start < b.start else (b, a)
    gap = doc[first.end : second.start]
    f: dict[str, float] = {
        f"types={type_a}>{type_b}": 1.0,
        f"order={'ab' if a.start < b.start else 'ba'}": 1.0,
        f"gap={_bucket(len(gap))}": 1.0,
        f"names_between={_bucket(between_names)}": 1.0,
    }
    words = [t.lower_ for t in gap if not t.is_space]
    if len(words) <= 8:
        f["between=" + " ".join(words)] = 1.0
    for w in words[:12]:
        f["bw=" + w] = 1.0
    if words:
        f["first_between=" + words[0]] = 1.0
        f["last_between=" + words[-1]] = 1.0
    else:
        f["adjacent"] = 1.0
    before = doc[first.start - 1].lower_ if first.start > 0 else "<s>"
    after = doc[second.end].lower_ if second.end < len(doc) else "</s>"
    f["before=" + before] = 1.0
    f["after=" + after] = 1.0
    labels, inner, lca = _path(doc[a.head], doc[b.head])
    f["path=" + " ".join(labels)] = 1.0
    f[f"path_len={_bucket(len(labels))}"] = 1.0
    for t in inner:
        f["path_lemma=" + t.lemma_.lower()] = 1.0
    f["lca=" + lca.lemma_.lower()] = 1.0
    f["lca_pos=" + lca.pos_] = 1.0
    f[f"a_dep={doc[a.head].dep_}"] = 1.0
    f[f"b_dep={doc[b.head].dep_}"] = 1.0
    f[f"b_head={doc[b.head].head.lemma_.lower()}"] = 1.0
    f[f"a_head={doc[a.head].head.lemma_.lower()}"] = 1.0
    return f


@dataclass(frozen=True)
class Pair:
    """One scored candidate: relation kind, mention indices (source, target) and their features."""

    kind: str
    source: int
    target: int
    features: dict[str, float]
    trigger: int
    path_len: int = 0
    names_between: int = 0


def candidate_pairs(
    doc: Doc, mentions: list[Mention], entities: list[EntityRecord], wire: frozenset[str] = frozenset()
) -> Iterator[Pair]:
    """Every ordered (source, target) pair of named mentions in one sentence whose types fit a kind; a wire
    agency (`wire`, folded names) is never the source of a location pair, as its datelines name other places."""
    named = [
        k
        for k, m in enumerate(mentions)
        if m.kind in ("name", "body") and m.entity >= 0 and m.start >= 0 and entities[m.entity].type
    ]
    by_sent: dict[int, list[int]] = {}
    for k in named:
        by_sent.setdefault(doc[mentions[k].head].sent.start, []).append(k)
    for group in by_sent.values():
        group.sort(key=lambda k: mentions[k].start)
        for x in group:
            for y in group:
                mx, my = mentions[x], mentions[y]
                if x == y or mx.entity == my.entity:
                    continue
                lo, hi = (mx, my) if mx.start < my.start else (my, mx)
                if hi.start - lo.end > MAX_GAP:
                    continue
                tx, ty = entities[mx.entity].type, entities[my.entity].type
                for kind, (_, sources, targets) in KINDS.items():
                    if kind == "based" and name_key(entities[mx.entity].name) in wire:
                        continue
                    if tx in sources and ty in targets:
                        between = sum(1 for k in group if lo.end <= mentions[k].start < hi.start)
                        labels, _, lca = _path(doc[mx.head], doc[my.head])
                        features = pair_features(doc, mx, my, tx, ty, between)
                        yield Pair(kind, x, y, features, lca.i, len(labels), between)


def score_pairs(
    doc: Doc, mentions: list[Mention], entities: list[EntityRecord], model: PairModel, wire: frozenset[str]
) -> dict[tuple[str, int, int, int], tuple[float, int, bool]]:
    """Best probability per (relation type, source entity, target entity, sentence start), with its trigger
    and whether the two names stand close enough (path, names between) for the scorer alone to add it."""
    best: dict[tuple[str, int, int, int], tuple[float, int, bool]] = {}
    for pair in candidate_pairs(doc, mentions, entities, wire):
        rtype = KINDS[pair.kind][0]
        key = (rtype, mentions[pair.source].entity, mentions[pair.target].entity, doc[pair.trigger].sent.start)
        p = model.probability(pair.kind, pair.features)
        near = pair.path_len <= MAX_PATH[pair.kind] and pair.names_between <= MAX_NAMES_BETWEEN
        old = best.get(key)
        if old is None or (near, p) > (old[2], old[0]):
            best[key] = (p, pair.trigger, near)
    return best
