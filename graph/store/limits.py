"""How big a console answer may grow before the store stops reading it, and a size estimate for drivers that
hand over decoded records (Neo4j). The row limit goes to the database itself; this bounds the bytes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MAX_RESULT_BYTES = 32 * 1024 * 1024
"""The most one console answer may cost, in estimated bytes of decoded values, before the store stops reading it
(docs/EXPLORER.md gives the client's measured memory growth under it)."""
ELEMENT_BYTES = 64
"""What one decoded value costs beyond its text (a Python object and the slot that holds it): a million small
numbers weigh far more in memory than their few bytes on the wire."""


def approx_size(value: Any) -> int:
    """A cheap estimate of a decoded value's cost, in the units of `MAX_RESULT_BYTES`: `ELEMENT_BYTES` per value
    plus the length of its text; containers and graph values (by their properties) add up what they hold."""
    if isinstance(value, str | bytes | bytearray):
        return ELEMENT_BYTES + len(value)
    if isinstance(value, Mapping):
        return ELEMENT_BYTES + sum(approx_size(k) + approx_size(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return ELEMENT_BYTES + sum(approx_size(v) for v in value)
    properties = getattr(value, "properties", None)
    if isinstance(properties, Mapping):
        return ELEMENT_BYTES + approx_size(properties)
    return ELEMENT_BYTES
