"""Traps: negated, denied, planned, hypothetical statements give no factual relation; hedges are alleged."""

from __future__ import annotations

import pytest

from graph.schema import load_schema
from loaders.document import Document
from loaders.extract import extract

BUYER = "the Xinjiang Public Security Bureau"


def supplied(text: str) -> list[str]:
    """Statuses of SUPPLIED_TO relations found in a sentence."""
    x = extract(Document(key="t", text=text))
    return [r.status for r in x.relations if r.type == "SUPPLIED_TO"]


@pytest.mark.parametrize(
    "text",
    [
        f"Hikvision never sold cameras to {BUYER}.",
        f"Hikvision did not sell cameras to {BUYER}.",
        f"Hikvision denied selling cameras to {BUYER}.",
        f"Acme denied that it had sold spyware to {BUYER}.",
        f"Hikvision hopes to supply cameras to {BUYER}.",
        f"Hikvision plans to sell cameras to {BUYER}.",
        f"Hikvision will supply cameras to {BUYER}.",
        f"Hikvision would supply cameras to {BUYER} if the ban were lifted.",
        f"If the ban is lifted, Hikvision could sell cameras to {BUYER}.",
        f"Rubio asked Acme Systems to sell drones to {BUYER}.",
        "The Kenyan government denied ever buying or using spyware from Acme Systems.",
        f"Hikvision no longer sells cameras to {BUYER}.",
        "Acme Systems no longer sells to Russia or Belarus.",
    ],
)
def test_no_factual_relation(text: str) -> None:
    schema = load_schema()
    assert not [s for s in supplied(text) if schema.is_factual(s)]


@pytest.mark.parametrize(
    "text",
    [
        f"Hikvision reportedly sold cameras to {BUYER}.",
        f"Hikvision allegedly supplied cameras to {BUYER}.",
        f"Hikvision is said to have supplied cameras to {BUYER}.",
    ],
)
def test_hedged_is_alleged(text: str) -> None:
    assert supplied(text) == ["alleged"]


def test_plain_is_stated() -> None:
    assert supplied(f"Hikvision sold cameras to {BUYER}.") == ["stated"]
