"""Graph snapshots: export a piece of the graph in the formats journalists hand on, import it back, diff two.

One module per format over the shared `Snapshot` record (base.py); builders read a store (build.py),
`redact` withholds what must not travel, `import_snapshot` merges through the store's own write path.
"""

from __future__ import annotations

from pathlib import Path

from graph.snapshot.base import Snapshot, check_snapshot, scope_text
from graph.snapshot.build import snapshot_of_entities, snapshot_of_query, snapshot_of_store, snapshot_of_subgraph
from graph.snapshot.diff import SnapshotDiff, diff_snapshots, diff_text
from graph.snapshot.export import FORMATS, export_snapshot, render_files, render_snapshot, render_zip
from graph.snapshot.importer import IMPORT_FORMATS, ImportReport, import_snapshot, read_snapshot
from graph.snapshot.nodelink import content_sha256
from graph.snapshot.redact import Redaction, redact
from graph.store.base import GraphStore

LIVE_STORE = "store"

__all__ = [
    "FORMATS", "IMPORT_FORMATS", "LIVE_STORE", "ImportReport", "Redaction", "Snapshot", "SnapshotDiff",
    "check_snapshot", "content_sha256", "diff_sides", "diff_snapshots", "diff_text", "export_snapshot",
    "import_snapshot", "read_snapshot", "redact", "render_files", "render_snapshot", "render_zip", "scope_text",
    "snapshot_of_entities", "snapshot_of_query", "snapshot_of_store", "snapshot_of_subgraph",
]


def load_side(spec: str | Path, store: GraphStore | None) -> Snapshot:
    """A diff side: the word `store` means the live store, anything else a snapshot file or folder."""
    if str(spec) == LIVE_STORE:
        if store is None:
            raise ValueError("the live store was named but none is open")
        return snapshot_of_store(store)
    return read_snapshot(spec)


def diff_sides(a: str | Path, b: str | Path, store: GraphStore | None = None) -> SnapshotDiff:
    """Diff two sides, each a snapshot path or `store`."""
    def name(spec: str | Path) -> str:
        """How a side is named in the diff's heading."""
        return f"the live store ({store.kind})" if str(spec) == LIVE_STORE and store else str(spec)

    return diff_snapshots(load_side(a, store), load_side(b, store), name(a), name(b))
