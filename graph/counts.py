"""One set of words for what a store holds, used by `stats`, the ingest and import summaries and the Overview page.

Facts are the cited relations between entities; mentions are the links from each article to what it names. The
numbers come from the store's `stats()`, so every place that shows them shows the same ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

TOTALS = ("articles", "entities", "facts", "mentions")
"""The headline counts, in the order every summary gives them."""


def totals_line(numbers: Mapping[str, Any]) -> str:
    """'12 articles, 133 entities, 73 facts, 176 mentions'."""
    return ", ".join(f"{numbers[name]:,} {name}" for name in TOTALS)


def added(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, int]:
    """How much each headline count grew between two `stats()` readings."""
    return {name: after[name] - before[name] for name in TOTALS}


def change_lines(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """What a write added, then the store's totals, in the words `stats` uses."""
    return [f"added {totals_line(added(before, after))}", f"the store now holds {totals_line(after)}"]
