"""The console's memory bound side by side: the store's bounded `run` against the plain FalkorDB client reading
the same answer whole, each in a fresh process (peak RSS growth from getrusage, and time).

`python -m bench.console_bounds [--values N]`; also the source of the figures in docs/EXPLORER.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from graph.store import open_store
from graph.store.falkordb_server import stop_server

_MEASURE = textwrap.dedent("""
    import json, resource, sys, time
    from falkordb import Graph
    from graph.store import open_store
    from graph.store.falkordb import GRAPH_NAME
    from graph.store.falkordb_server import client
    store = open_store(sys.argv[1])
    query = sys.argv[3]
    if sys.argv[2] == "bounded":
        ask = lambda q: store.run(q, timeout=120)
    else:
        graph = Graph(client(store._socket, 600, text=True), GRAPH_NAME)
        ask = lambda q: graph.ro_query(q, timeout=120_000)
    ask("RETURN range(1, 1000) AS r")  # imports and connections are not the query
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    answer = ask(query)
    seconds = time.perf_counter() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    print(json.dumps({"seconds": seconds, "megabytes": grown, "cut": getattr(answer, "cut", None)}))
    store.close()
""")


def _measure(directory: Path, path: str, query: str) -> dict[str, float | str | None]:
    """One query's time and peak memory growth, by `path` (bounded or plain), in a process of its own."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(directory), path, query], capture_output=True,
                          text=True, check=True, timeout=900, cwd=Path(__file__).resolve().parents[1])
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(values: int) -> dict[str, dict[str, float | str | None]]:
    """Both paths on `RETURN range(1, values)`, on a fresh embedded store."""
    directory = Path(tempfile.mkdtemp(prefix="tl-bench-"))
    open_store(str(directory)).close()
    query = f"RETURN range(1, {values}) AS r"
    try:
        return {path: _measure(directory, path, query) for path in ("bounded", "plain")}
    finally:
        stop_server(directory)
        shutil.rmtree(directory, ignore_errors=True)


def section(values: int) -> list[str]:
    """Rows of the results table."""
    r = run(values)
    bounded, plain = r["bounded"], r["plain"]
    return [
        f"| console `RETURN range(1, {values:,})`, bounded `store.run` (cut: {bounded['cut']}) | "
        f"{bounded['megabytes']:.0f} MB peak RSS growth, {bounded['seconds']:.1f} s | |",
        f"| the same through the plain FalkorDB client, read whole | {plain['megabytes']:.0f} MB, "
        f"{plain['seconds']:.1f} s | |",
        f"| **plain / bounded, memory** | | **{plain['megabytes'] / max(bounded['megabytes'], 1):.1f}×** |",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.console_bounds", description=__doc__)
    parser.add_argument("--values", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    print("| measure | value | ratio |\n|---|---|---|")
    for line in section(args.values):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
