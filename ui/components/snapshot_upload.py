"""Turn an uploaded snapshot (JSON, GraphML or a zip of a bundle or CSV files) into a file `read_snapshot` reads."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.errors import InvalidData
from graph.snapshot import Snapshot, import_formats, read_snapshot


def snapshot_types() -> list[str]:
    """The upload types import reads: each one-file format's first suffix, and zip for formats of several files."""
    readable = import_formats()
    types = [f.read_suffixes[0].lstrip(".") for f in readable if f.read is not None and f.read_suffixes]
    return types + (["zip"] if any(f.read_files is not None for f in readable) else [])


SNAPSHOT_TYPES = snapshot_types()


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
