"""The archived copy of each fetched page, so evidence outlives the link: `ARCHIVE/<sha256 of the URL>.html`
(the bytes as fetched) and a `.json` sidecar (URL, final URL, fetch time, HTTP status, content type).

The archive sits in the store directory (`STORE/archive`); a Neo4j store has no directory, so its archive is
`--archive DIR`, by default `threadline-archive` in the working directory.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from graph.store import is_neo4j, store_spec
from loaders.fetch import Fetched

NEO4J_ARCHIVE = "threadline-archive"


def archive_dir(store: str | None, explicit: str | Path | None = None) -> Path:
    """Where fetched pages are kept for this store: `explicit`, else STORE/archive, else ./threadline-archive."""
    if explicit:
        return Path(explicit)
    spec = store_spec(store)
    return Path(NEO4J_ARCHIVE) if is_neo4j(spec) else Path(spec) / "archive"


def archive_key(url: str) -> str:
    """The file name stem for a URL: its sha256, so one URL has one archived copy and any URL is a safe name."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def archive_page(directory: Path, fetched: Fetched) -> Path:
    """Keep the fetched bytes and what is known about the fetch; returns the .html file's path."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = archive_key(fetched.url)
    page = directory / f"{stem}.html"
    _write_atomically(page, fetched.body)
    sidecar = {"url": fetched.url, "final_url": fetched.final_url, "fetched_at": fetched.fetched_at,
               "status": fetched.status, "content_type": fetched.content_type, "bytes": len(fetched.body)}
    _write_atomically(directory / f"{stem}.json", json.dumps(sidecar, indent=2).encode("utf-8"))
    return page


def archived(directory: Path, url: str) -> tuple[Path, dict] | None:
    """The archived page of `url` and its sidecar, if it was kept."""
    stem = archive_key(url)
    page, sidecar = directory / f"{stem}.html", directory / f"{stem}.json"
    if not (page.is_file() and sidecar.is_file()):
        return None
    return page, json.loads(sidecar.read_text(encoding="utf-8"))
