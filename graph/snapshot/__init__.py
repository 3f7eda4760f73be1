"""Graph snapshots: export a piece of the graph in the formats journalists hand on, import it back, diff two.

One module per format over the shared `Snapshot` record (base.py), each declaring its `FORMAT` for the
registry (registry.py); builders read a store (build.py),
`redact` withholds what must not travel, `import_snapshot` merges through the store's own write path.
"""

from __future__ import annotations

from pathlib import Path

from graph.snapshot.base import Snapshot, check_snapshot, scope_text
from graph.snapshot.build import snapshot_of_entities, snapshot_of_query, snapshot_of_store, snapshot_of_subgraph
from graph.snapshot.diff import SnapshotDiff, diff_snapshots, diff_text
from graph.snapshot.export import download_name, export_snapshot, render_files, render_snapshot, render_zip
from graph.snapshot.importer import ImportReport, import_snapshot, read_snapshot
from graph.snapshot.nodelink import content_sha256
from graph.snapshot.redact import Redaction, redact
from graph.snapshot.registry import SnapshotFormat, format_names, formats, get_format, import_formats, names_in_words
from graph.store.base import GraphStore

LIVE_STORE = "store"


def __getattr__(name: str) -> tuple[str, ...]:
    """`FORMATS` and `IMPORT_FORMATS`: the registered names, read when first asked for (see registry.py)."""
    if name == "FORMATS":
        return format_names()
    if name == "IMPORT_FORMATS":
        return tuple(f.name for f in import_formats())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "FORMATS", "IMPORT_FORMATS", "LIVE_STORE", "ImportReport", "Redaction", "Snapshot", "SnapshotDiff",
    "SnapshotFormat", "check_snapshot", "content_sha256", "diff_sides", "diff_snapshots", "diff_text",
    "download_name", "export_snapshot", "format_names", "formats", "get_format", "import_formats",
    "import_snapshot", "names_in_words", "read_snapshot", "redact", "render_files", "render_snapshot", "render_zip",
    "scope_text",
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
