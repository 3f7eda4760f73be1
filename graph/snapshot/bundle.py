"""The bundle: lossless JSON, the HTML view, the fact-check sheet and a manifest, as a folder or a zip.

The manifest says when and from what the bundle was made, what it covers, what was redacted (by rule and
count), lists the source articles, and holds the sha256 of every file; reading a bundle checks them.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import graph
from graph.errors import InvalidData
from graph.snapshot.base import Snapshot, scope_text
from graph.snapshot.factcheck import render_factcheck_csv, render_factcheck_markdown
from graph.snapshot.html import render_snapshot_html
from graph.snapshot.nodelink import read_json, render_json
from graph.snapshot.registry import SnapshotFormat

SNAPSHOT_FILE = "snapshot.json"
MANIFEST_FILE = "manifest.json"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same files always zip to the same bytes


def _sha256(data: bytes) -> str:
    """Hex sha256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def manifest(snapshot: Snapshot, files: dict[str, bytes], created_at: str | None = None) -> dict[str, Any]:
    """The manifest of a bundle holding `files` (which include the canonical snapshot.json)."""
    return {
        "format": "threadline-bundle",
        "format_version": 1,
        "created_at": created_at or datetime.now(UTC).replace(microsecond=0).isoformat(),
        "threadline_version": graph.__version__,
        "store": {"kind": snapshot.store_kind or "unknown"},
        "scope": snapshot.scope,
        "scope_text": scope_text(snapshot.scope),
        "counts": snapshot.counts(),
        "content_sha256": _sha256(files[SNAPSHOT_FILE]),
        "files": {name: {"bytes": len(data), "sha256": _sha256(data)} for name, data in sorted(files.items())},
        "articles": [
            {"id": a.id, "title": a.title, "outlet": a.outlet, "published": a.published, "source": a.source,
             "url": a.source if a.source.startswith(("http://", "https://")) else None}
            for a in sorted(snapshot.articles, key=lambda a: (a.published or "", a.title, a.id))
        ],
        "redactions": list(snapshot.redactions),
    }


def bundle_files(snapshot: Snapshot, created_at: str | None = None) -> dict[str, bytes]:
    """File name -> bytes of every file in the bundle, manifest included."""
    files = {
        SNAPSHOT_FILE: render_json(snapshot),
        "view.html": render_snapshot_html(snapshot),
        "factcheck.csv": render_factcheck_csv(snapshot),
        "factcheck.md": render_factcheck_markdown(snapshot),
    }
    text = json.dumps(manifest(snapshot, files, created_at), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    files[MANIFEST_FILE] = text.encode("utf-8")
    return files


def zip_files(files: dict[str, bytes]) -> bytes:
    """A zip of the files with fixed timestamps, in name order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


def read_folder_or_zip(path: Path) -> dict[str, bytes]:
    """Every top-level file of a folder or a zip, by name."""
    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file()}
    try:
        with zipfile.ZipFile(path) as archive:
            return {Path(n).name: archive.read(n) for n in archive.namelist() if not n.endswith("/")}
    except zipfile.BadZipFile:
        raise InvalidData(f"{path}: not a zip file") from None
    # A damaged zip fails deeper: a bad seek, a corrupt deflate stream, a cut-off member, an unknown method.
    except (OSError, EOFError, zlib.error, NotImplementedError, RuntimeError, ValueError) as exc:
        raise InvalidData(f"{path}: a damaged zip file ({exc})") from None


def read_bundle(files: dict[str, bytes], origin: str = "bundle") -> Snapshot:
    """The snapshot of a bundle, after checking its manifest's sha256 of snapshot.json."""
    if SNAPSHOT_FILE not in files or MANIFEST_FILE not in files:
        raise InvalidData(f"{origin}: a bundle holds {SNAPSHOT_FILE} and {MANIFEST_FILE}")
    try:
        info = json.loads(files[MANIFEST_FILE].decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InvalidData(f"{origin}/{MANIFEST_FILE}: not valid JSON ({exc})") from None
    expected = info.get("content_sha256") if isinstance(info, dict) else None
    actual = _sha256(files[SNAPSHOT_FILE])
    if expected != actual:
        raise InvalidData(f"{origin}: {SNAPSHOT_FILE} does not match the manifest's sha256 "
                          f"({actual[:12]}... instead of {str(expected)[:12]}...): the bundle was changed or damaged")
    snapshot = read_json(files[SNAPSHOT_FILE], f"{origin}/{SNAPSHOT_FILE}")
    store = info.get("store") if isinstance(info.get("store"), dict) else {}
    return Snapshot(entities=snapshot.entities, relations=snapshot.relations, articles=snapshot.articles,
                    mentions=snapshot.mentions, scope=snapshot.scope, redactions=snapshot.redactions,
                    store_kind=str(store.get("kind", "file")))


FORMAT = SnapshotFormat("bundle", "Bundle: JSON + HTML + fact-check + manifest (zip)", 90, write_files=bundle_files,
                        read_files=read_bundle, marker_files=frozenset({SNAPSHOT_FILE, MANIFEST_FILE}),
                        describe_files="a bundle (manifest.json, snapshot.json)")
