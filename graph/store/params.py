"""Which values a query may carry to the database, so a bad one is refused by name instead of failing deep down.

Both backends share the limits: integers fit in 64 bits (FalkorDB silently clamps larger ones), floats are
finite, strings hold neither NUL nor unpaired surrogates, and names and map keys are non-empty without a
backtick (FalkorDB's client writes parameters into the query text, where those cannot travel; UTF-8 cannot
encode a lone surrogate at all). FalkorDB also answers doubles with 15 significant digits: a known limit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from graph.errors import StoreError

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_NESTING = 64  # deeper lists and maps than this are not query parameters but an attack on the recursion limit


def text_problem(text: str) -> str | None:
    """Why a string cannot be stored (a NUL or an unpaired surrogate), or None when it can."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return f"holds a NUL character at position {found.start():,}"
    return f"holds an unpaired surrogate U+{ord(found.group()):04X} at position {found.start():,} (not valid Unicode)"


def name_problem(name: Any) -> str | None:
    """Why a parameter name or map key cannot be sent, or None when it can."""
    if not isinstance(name, str) or not name:
        return "must be a non-empty string"
    if "`" in name:
        return "cannot hold a backtick (`)"
    return text_problem(name)


def value_problem(value: Any, depth: int = 0) -> str | None:
    """Why a value cannot travel to the database as a parameter, or None when it can."""
    if depth > _NESTING:
        return f"nested more than {_NESTING} levels deep"
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return None if INT64_MIN <= value <= INT64_MAX else "an integer outside the 64-bit range"
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{value} is not a finite number"
    if isinstance(value, str):
        return text_problem(value)
    if isinstance(value, list | tuple):
        return next((p for v in value if (p := value_problem(v, depth + 1))), None)
    if isinstance(value, Mapping):
        for key, item in value.items():
            if problem := name_problem(key):
                return f"map key {key!r:.40} {problem}"
            if problem := value_problem(item, depth + 1):
                return problem
        return None
    return f"a {type(value).__name__}, which is not a query value (use text, numbers, booleans, lists or maps)"


def check_parameters(params: Mapping[str, Any] | None) -> None:
    """Raise `StoreError` naming the first parameter the database cannot take, and why."""
    for name, value in (params or {}).items():
        if problem := name_problem(name):
            raise StoreError(f"query parameter name {name!r:.40} {problem}")
        if problem := value_problem(value):
            raise StoreError(f"query parameter {name!r:.40}: {problem}")
