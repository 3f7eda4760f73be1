"""Run Cypher through Neo4j's own front end (tools/cypher-lint/lint.js) from any test.

The same node tool and the same skip/fail rules as tests/test_neo4j_dialect.py: skip without node, fail
when the linter's packages are not installed, one node process for a whole batch of statements.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest

from tests.conftest import ROOT

LINT_DIR = ROOT / "tools" / "cypher-lint"
NPM_CI = "npm ci --prefix tools/cypher-lint"


def node_or_skip() -> str:
    """The node executable; skip without it, fail when the linter's packages are not installed."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the Neo4j dialect check runs Neo4j's Cypher front end in Node.js")
    if not (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.fail(f"tools/cypher-lint/node_modules is missing: run `{NPM_CI}` (the Makefile does it)")
    return node


def lint(items: list[str | dict[str, Any]], timeout: float = 300) -> list[dict[str, Any]]:
    """The linter's verdict on each statement (a string, or {"query", "parameters"}), in order.

    Each verdict has `query`, `errors` and `warnings`; an error is a diagnostic of severity Error in
    Cypher 5 or Cypher 25.
    """
    node = node_or_skip()
    proc = subprocess.run([node, "lint.js"], cwd=LINT_DIR, input=json.dumps(items), capture_output=True, text=True,
                          timeout=timeout, check=False)
    if proc.returncode != 0:
        pytest.fail(f"tools/cypher-lint/lint.js failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    results = json.loads(proc.stdout)
    assert len(results) == len(items), f"lint.js answered {len(results)} results for {len(items)} statements"
    return results


def report(results: list[dict[str, Any]]) -> str:
    """The statements with errors and where Neo4j's front end objects, for a failure message."""
    lines = []
    for result in results:
        if result["errors"]:
            lines += [result["query"][:300]]
            lines += [f"  [{e['version']}] line {e.get('line')}, column {e.get('column')}: {e['message']}"
                      for e in result["errors"]]
    return "\n".join(lines)
