"""Run Cypher through Neo4j's own front end (tools/cypher-lint/lint.js) from any test.

One place for the node tool and its skip/fail rules: skip without node, fail when the linter's packages are not
installed, one node process for a whole batch of statements.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import Any

import pytest

from tests.conftest import ROOT

LINT_DIR = ROOT / "tools" / "cypher-lint"
NPM_CI = "npm ci --prefix tools/cypher-lint"
# Neo4j 5 servers speak Cypher 5 (the default of 2025+ servers too); Cypher 25 is what those also offer.
CYPHER_VERSIONS = "CYPHER 5,CYPHER 25"


def node_or_skip() -> str:
    """The node executable; skip without it, fail when the linter's packages are not installed."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the Neo4j dialect check runs Neo4j's Cypher front end in Node.js")
    if not (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.fail(f"tools/cypher-lint/node_modules is missing: run `{NPM_CI}` (the Makefile does it)")
    return node


def run_lint(node: str, items: list[str | dict[str, Any]], timeout: float = 300) -> list[dict[str, Any]] | str:
    """The linter's verdict on each statement (a string, or {"query", "parameters"}), in order, or why it failed.

    Each verdict has `query`, `errors` and `warnings`; an error is a diagnostic of severity Error in Cypher 5 or
    Cypher 25. A failure is returned, not raised, so that a caller can cache it and run node once whatever happens.
    """
    env = {**os.environ, "CYPHER_LINT_VERSIONS": CYPHER_VERSIONS}
    proc = subprocess.run([node, "lint.js"], cwd=LINT_DIR, input=json.dumps(items), capture_output=True, text=True,
                          timeout=timeout, check=False, env=env)
    if proc.returncode != 0:
        return f"tools/cypher-lint/lint.js failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}"
    results = json.loads(proc.stdout)
    if len(results) != len(items):
        return f"tools/cypher-lint/lint.js answered {len(results)} results for {len(items)} statements"
    return results


def lint(items: list[str | dict[str, Any]], timeout: float = 300) -> list[dict[str, Any]]:
    """The linter's verdict on each statement, in order (see `run_lint`); the test fails when the linter does."""
    results = run_lint(node_or_skip(), items, timeout)
    if isinstance(results, str):
        pytest.fail(results)
    return results


def report(results: list[dict[str, Any]], chars: int | None = 300) -> str:
    """The statements with errors (their first `chars` characters, or all) and where Neo4j's front end objects."""
    lines = []
    for result in results:
        if result["errors"]:
            lines += [result["query"][:chars]]
            lines += [f"  [{e['version']}] line {e.get('line')}, column {e.get('column')}: {e['message']}"
                      for e in result["errors"]]
    return "\n".join(lines)
