"""Hypothesis profiles for the fuzz tests: `ci` (the default) keeps the set near a minute on two cores;
`THREADLINE_FUZZ=long` (or `HYPOTHESIS_PROFILE=long`) runs 20 times the examples (about ten minutes here).

No deadline in either: the shared machines are slow and uneven, and spaCy is slow; a hang is what we look for,
and a hang shows as a test that does not end. The example database lives in `.hypothesis/` (git-ignored).
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from tests.fuzz.budget import LONG_FACTOR, is_long

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]
settings.register_profile("ci", deadline=None, max_examples=25, suppress_health_check=_SLOW_OK, print_blob=True)
settings.register_profile("long", deadline=None, max_examples=25 * LONG_FACTOR, suppress_health_check=_SLOW_OK,
                          print_blob=True)
settings.load_profile("long" if is_long() else "ci")
