"""Write a snapshot in any registered format: bytes for one-file formats, a folder or a zip for the others."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from graph.errors import InvalidData
from graph.snapshot.base import Snapshot
from graph.snapshot.bundle import zip_files
from graph.snapshot.registry import SnapshotFormat, Writer, get_format


def _writer(spec: SnapshotFormat) -> Writer:
    """A one-file format's writer; a declaration with none is a bug in that format's module."""
    if spec.write is None:
        raise InvalidData(f"format {spec.name!r} declares neither write nor write_files")
    return spec.write


def render_snapshot(snapshot: Snapshot, fmt: str, *, markdown: bool = False) -> bytes:
    """The bytes of a format; `markdown` picks the format's `.md` variant (the Markdown fact-check sheet).

    Formats written as several files (csv, bundle) give their zip (`render_files` gives the files themselves).
    """
    spec = get_format(fmt)
    if markdown and ".md" in spec.variants:
        return spec.variants[".md"](snapshot)
    if spec.write_files is not None:
        return render_zip(snapshot, fmt)
    return _writer(spec)(snapshot)


def render_files(snapshot: Snapshot, fmt: str) -> dict[str, bytes]:
    """File name -> bytes for any format (one-file formats give one file named `snapshot<suffix>`)."""
    spec = get_format(fmt)
    if spec.write_files is not None:
        return spec.write_files(snapshot)
    return {f"snapshot{spec.suffix}": _writer(spec)(snapshot)}


def render_zip(snapshot: Snapshot, fmt: str) -> bytes:
    """A zip of the format's files (what the explorer offers for download)."""
    return zip_files(render_files(snapshot, fmt))


def download_name(fmt: str, stem: str) -> str:
    """The file name a download of this format gets: its suffix, or .zip for formats of several files."""
    spec = get_format(fmt)
    return stem + (".zip" if spec.multi_file else spec.suffix or f".{fmt}")


def _write_atomically(out: Path, data: bytes) -> None:
    """Write a file through a temporary neighbour, so a failed export leaves no half file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=out.parent, prefix=f".{out.name}.", delete=False) as handle:
        handle.write(data)
    Path(handle.name).replace(out)


def export_snapshot(snapshot: Snapshot, fmt: str, out: Path | str) -> Path:
    """Write the snapshot to `out`: a file, or for formats of several files a folder (a zip when `out` ends in .zip).

    An `out` whose suffix names one of the format's variants gets it (factcheck's .md: the Markdown sheet).
    An existing folder is replaced only when it holds nothing but files this format writes.
    """
    spec: SnapshotFormat = get_format(fmt)
    out = Path(out)
    if spec.write_files is None:
        if out.is_dir():
            raise InvalidData(f"{out}: is a folder; {fmt} writes one file, give a file name")
        variant = spec.variants.get(out.suffix.lower())
        _write_atomically(out, variant(snapshot) if variant else render_snapshot(snapshot, fmt))
        return out
    files = spec.write_files(snapshot)
    if out.suffix.lower() == ".zip":
        _write_atomically(out, zip_files(files))
        return out
    if out.exists():
        if not out.is_dir():
            raise InvalidData(f"{out}: exists and is not a folder; {fmt} writes a folder (or name it .zip)")
        strangers = [p.name for p in out.iterdir() if p.name not in files]
        if strangers:
            raise InvalidData(f"{out}: folder holds other files ({', '.join(sorted(strangers)[:3])}); "
                              "choose a new or empty folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}."))
    for name, data in files.items():
        (staging / name).write_bytes(data)
    if out.exists():
        shutil.rmtree(out)
    staging.replace(out)
    return out
