"""Hypothesis profiles for the fuzz tests: `ci` (the default) keeps the set near a minute on two cores;
`THREADLINE_FUZZ=long` (or `HYPOTHESIS_PROFILE=long`) runs 20 times the examples (about ten minutes here).

No deadline in either: the shared machines are slow and uneven, and spaCy is slow; a hang is what we look for,
and a hang shows as a test that does not end. The example database lives in `.hypothesis/` (git-ignored).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from graph.store import GraphStore, open_store
from graph.store.falkordb_server import stop_server
from tests.fuzz.budget import LONG_FACTOR, is_long
from tests.graphs import supply_story

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]
settings.register_profile("ci", deadline=None, max_examples=25, suppress_health_check=_SLOW_OK, print_blob=True)
settings.register_profile("long", deadline=None, max_examples=25 * LONG_FACTOR, suppress_health_check=_SLOW_OK,
                          print_blob=True)
settings.load_profile("long" if is_long() else "ci")


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """One store holding a story, shared by every example of a test module; stopped at the end."""
    directory = tmp_path_factory.mktemp("fuzz-store") / "store"
    store = open_store(str(directory))
    try:
        store.write_article(supply_story())
        yield store
    finally:
        store.close()
        stop_server(directory)
