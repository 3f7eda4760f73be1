"""How many examples a fuzz test tries: its own small number under the `ci` profile, many times it under `long`."""

from __future__ import annotations

import os

LONG_FACTOR = 20


def is_long() -> bool:
    """Whether the long profile was asked for ($THREADLINE_FUZZ or $HYPOTHESIS_PROFILE set to `long`)."""
    return "long" in (os.environ.get("THREADLINE_FUZZ"), os.environ.get("HYPOTHESIS_PROFILE"))


def examples(n: int) -> int:
    """`n` examples in CI, `n * LONG_FACTOR` in a long run."""
    return n * LONG_FACTOR if is_long() else n
