"""Turn an uploaded snapshot (JSON, GraphML or a zip of a bundle or CSV files) into a file `read_snapshot` reads."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.errors import InvalidData
from graph.snapshot import Snapshot, read_snapshot

SNAPSHOT_TYPES = ["json", "graphml", "zip"]


@contextmanager
def uploaded_path(upload) -> Iterator[Path]:
    """The uploaded bytes in a private temporary file that keeps the upload's suffix (it tells the format),
    removed afterwards."""
    suffix = Path(upload.name).suffix.lower() or ".json"
    with tempfile.TemporaryDirectory(prefix="threadline-upload-") as folder:
        path = Path(folder) / f"snapshot{suffix}"
        path.write_bytes(upload.getvalue())
        yield path


def read_upload(upload) -> Snapshot:
    """Read an uploaded snapshot; bad input raises the snapshot reader's `InvalidData`."""
    with uploaded_path(upload) as path:
        try:
            return read_snapshot(path)
        except InvalidData as exc:
            raise InvalidData(str(exc).replace(str(path), upload.name), exc.errors) from None
