"""The trained pair scorer (loaders/extract/pairs.py) and its training script (loaders/evaluate/train.py)."""

from __future__ import annotations

import pytest

from loaders.evaluate.train import dumps, train_model
from loaders.extract.lexicon import load_lexicon
from loaders.extract.mentions import find_mentions
from loaders.extract.nlp import load_nlp
from loaders.extract.pairs import MODEL_PATH, candidate_pairs, load_pair_model, pair_features
from loaders.extract.resolve_local import resolve


def _pairs(text: str):
    doc = load_nlp()(text)
    lex = load_lexicon()
    mentions, _ = find_mentions(doc, lex)
    entities = resolve(doc, mentions, lex)
    return doc, mentions, entities, list(candidate_pairs(doc, mentions, entities, lex.wire_agencies))


def test_features_describe_path_words_and_types() -> None:
    doc, mentions, _, pairs = _pairs("Jane Doe, a spokeswoman for Acme Corp., said the deal was off.")
    role = next(p for p in pairs if p.kind == "role")
    a, b = mentions[role.source], mentions[role.target]
    f = pair_features(doc, a, b, "Person", "Company", 0)
    assert f["types=Person>Company"] == 1.0
    assert "bw=spokeswoman" in f and any(k.startswith("path=") for k in f)


def test_model_scores_a_role_higher_than_an_unrelated_pair() -> None:
    model = load_pair_model()
    assert model is not None
    *_, pairs = _pairs("Jane Doe, a spokeswoman for Acme Corp., said the company would leave Paris.")
    role = next(p for p in pairs if p.kind == "role")
    assert 0.0 <= model.probability("role", role.features) <= 1.0
    assert model.probability("role", role.features) >= model.threshold["role"]


def test_wire_agency_is_never_a_location_source() -> None:
    _, mentions, entities, pairs = _pairs("BANGKOK, Thailand (AP) -- Floods hit the capital.")
    assert not [p for p in pairs if p.kind == "based" and entities[mentions[p.source].entity].name == "AP"]


@pytest.mark.slow
def test_retraining_reproduces_the_model_file() -> None:
    """`python -m loaders.evaluate.train` is deterministic (fixed seed): the shipped file is what it writes."""
    pytest.importorskip("sklearn")
    assert dumps(train_model()) == MODEL_PATH.read_text(encoding="utf-8")
