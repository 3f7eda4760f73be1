"""Write a snapshot in any format: bytes for single-file formats, a folder or a zip for csv and bundle."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from graph.errors import InvalidData
from graph.snapshot.base import Snapshot
from graph.snapshot.bundle import bundle_files, zip_files
from graph.snapshot.cypher_script import render_cypher
from graph.snapshot.factcheck import render_factcheck_csv, render_factcheck_markdown
from graph.snapshot.gexf import render_gexf
from graph.snapshot.graphml import render_graphml
from graph.snapshot.html import render_snapshot_html
from graph.snapshot.neo4j_csv import render_csv_files
from graph.snapshot.nodelink import render_json


def _render_ftm(snapshot: Snapshot) -> bytes:
    """FtM JSON lines; followthemoney takes half a second to import, so only when asked."""
    from graph.snapshot.ftm import render_ftm

    return render_ftm(snapshot)


SINGLE_FILE: dict[str, Callable[[Snapshot], bytes]] = {
    "graphml": render_graphml,
    "gexf": render_gexf,
    "json": render_json,
    "cypher": render_cypher,
    "html": render_snapshot_html,
    "ftm": _render_ftm,
    "factcheck": render_factcheck_csv,
}
MULTI_FILE: dict[str, Callable[[Snapshot], dict[str, bytes]]] = {
    "csv": render_csv_files,
    "bundle": bundle_files,
}
FORMATS = ("graphml", "gexf", "json", "csv", "cypher", "html", "ftm", "factcheck", "bundle")
EXTENSIONS = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json", "cypher": ".cypher", "html": ".html",
              "ftm": ".ftm.json", "factcheck": ".csv"}


def _check_format(fmt: str) -> None:
    """Refuse a format name that is not one of FORMATS."""
    if fmt not in FORMATS:
        raise InvalidData(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def render_snapshot(snapshot: Snapshot, fmt: str, *, markdown: bool = False) -> bytes:
    """The bytes of a format; `markdown` picks the Markdown fact-check sheet over CSV.

    csv and bundle are several files: this gives their zip (`render_files` gives the files themselves).
    """
    _check_format(fmt)
    if fmt == "factcheck" and markdown:
        return render_factcheck_markdown(snapshot)
    if fmt in MULTI_FILE:
        return render_zip(snapshot, fmt)
    return SINGLE_FILE[fmt](snapshot)


def render_files(snapshot: Snapshot, fmt: str) -> dict[str, bytes]:
    """File name -> bytes for any format (single-file formats give one file named `snapshot<ext>`)."""
    _check_format(fmt)
    if fmt in MULTI_FILE:
        return MULTI_FILE[fmt](snapshot)
    return {f"snapshot{EXTENSIONS[fmt]}": SINGLE_FILE[fmt](snapshot)}


def render_zip(snapshot: Snapshot, fmt: str) -> bytes:
    """A zip of the format's files (what the explorer offers for download)."""
    return zip_files(render_files(snapshot, fmt))


def _write_atomically(out: Path, data: bytes) -> None:
    """Write a file through a temporary neighbour, so a failed export leaves no half file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=out.parent, prefix=f".{out.name}.", delete=False) as handle:
        handle.write(data)
    Path(handle.name).replace(out)


def export_snapshot(snapshot: Snapshot, fmt: str, out: Path | str) -> Path:
    """Write the snapshot to `out`: a file, or for csv and bundle a folder (a zip when `out` ends in .zip).

    A factcheck `out` ending in .md gets the Markdown sheet. An existing folder is replaced only when it
    holds nothing but files this format writes.
    """
    _check_format(fmt)
    out = Path(out)
    if fmt not in MULTI_FILE:
        if out.is_dir():
            raise InvalidData(f"{out}: is a folder; {fmt} writes one file, give a file name")
        _write_atomically(out, render_snapshot(snapshot, fmt, markdown=out.suffix.lower() == ".md"))
        return out
    files = MULTI_FILE[fmt](snapshot)
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
