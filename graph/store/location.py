"""Where an embedded store lives: recognise a Threadline store directory, and refuse the wrong ones in words.

A store is a directory holding the marker file written when it was made, or, for stores made before the
marker existed, the server's append-only data. Only commands that write (ingest, import) may create one; the
others say where no store is and suggest the nearest one.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

from graph.errors import StoreError, StoreNotFound

MARKER_NAME = "threadline-store.json"
LEGACY_SIGNS = ("appendonlydir", "appendonly.aof")  # what the server leaves behind in a store of any age
MARKER = {"threadline": "embedded store", "format": 1}


def is_store(directory: Path) -> bool:
    """Whether `directory` is a Threadline store: it carries the marker or the server's append-only data."""
    try:
        return directory.is_dir() and any((directory / name).exists() for name in (MARKER_NAME, *LEGACY_SIGNS))
    except OSError:
        return False


def _nearest_existing(path: Path) -> Path:
    """The closest ancestor of `path` (or `path` itself) that exists."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(path.anchor or ".")


def _stores_beside(path: Path) -> list[Path]:
    """The stores in the directory where `path` would be."""
    parent = _nearest_existing(path.parent)
    try:
        return sorted(p for p in parent.iterdir() if is_store(p))
    except OSError:
        return []


def suggestions(path: Path, default: str) -> tuple[list[str], list[str]]:
    """Places worth trying instead of `path`: stores whose names look like a typo of it, then other stores beside
    it, $THREADLINE_STORE and the default store when they exist."""
    beside = [p for p in _stores_beside(path) if p.absolute() != path.absolute()]
    close = difflib.get_close_matches(path.name, [p.name for p in beside], n=3, cutoff=0.6)
    likely = [str(p) for name in close for p in beside if p.name == name]
    others = [str(p) for p in beside if p.name not in close][:3]
    for named in (os.environ.get("THREADLINE_STORE"), default):
        if named and is_store(Path(named)) and named not in likely + others:
            others.append(named)
    return likely, others


def _hint(path: Path, default: str) -> str:
    likely, others = suggestions(path, default)
    if likely:
        return f"did you mean {' or '.join(likely)}?"
    if others:
        return f"stores found: {', '.join(others)}"
    return "`threadline ingest FILES --store DIR` creates a store"


def _refuse_unwritable(directory: Path, what: str) -> None:
    if not os.access(directory, os.W_OK | os.X_OK):
        raise StoreError(f"{directory}: permission denied: {what}")


def check_existing(path: Path, default: str) -> None:
    """Refuse, in one line, a path that is not an existing store the server can run in."""
    if path.is_file():
        raise StoreError(f"{path}: is a file, not a store directory; {_hint(path, default)}")
    if not path.exists():
        blocker = _nearest_existing(path)
        if blocker.is_file():
            raise StoreError(f"{path}: {blocker} is a file, not a directory; {_hint(path, default)}")
        raise StoreNotFound(f"{path}: no store here; {_hint(path, default)}")
    if not is_store(path):
        raise StoreNotFound(f"{path}: not a Threadline store (it holds no {MARKER_NAME} and no server data); "
                            f"{_hint(path, default)}")
    _refuse_unwritable(path, "the store's server keeps its lock, socket and data there, so it must be writable")


def prepare_new(path: Path) -> bool:
    """Make `path` ready to be a store, creating it if needed; return whether it was created here.

    An existing store is kept as it is; an empty directory becomes one; a directory holding other files is refused
    so a mistyped --store never scatters server files among someone's articles.
    """
    if path.is_file():
        raise StoreError(f"{path}: is a file, not a store directory; give a directory for the store")
    if path.is_dir():
        if is_store(path):
            _refuse_unwritable(path, "the store's server keeps its lock, socket and data there, so it must be "
                                     "writable")
            mark(path)
            return False
        try:
            occupied = any(path.iterdir())
        except OSError as exc:
            raise StoreError(f"{path}: cannot be read: {exc.strerror or exc}") from None
        if occupied:
            raise StoreError(f"{path}: a directory holding other files, not a Threadline store; "
                             "give a new or empty directory for the store")
        _refuse_unwritable(path, "cannot create a store here")
        mark(path)
        return False
    parent = _nearest_existing(path.parent)
    if not parent.is_dir():
        raise StoreError(f"{path}: {parent} is a file, not a directory; give a directory for the store")
    _refuse_unwritable(parent, f"cannot create the store {path} there")
    try:
        path.mkdir(parents=True)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the store: {exc.strerror or exc}") from None
    mark(path)
    return True


def mark(directory: Path) -> None:
    """Write the marker that says `directory` is a Threadline store (kept if already there)."""
    marker = directory / MARKER_NAME
    if marker.exists():
        return
    try:
        marker.write_text(json.dumps(MARKER) + "\n", encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"{directory}: cannot write {MARKER_NAME}: {exc.strerror or exc}") from None
