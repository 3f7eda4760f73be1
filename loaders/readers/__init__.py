"""The readers registry: every module in this package that defines `READER` is one kind of input.

A file goes to the reader whose sniff recognises its first bytes (a `.txt` that is really a PDF is read
as a PDF), else to the reader of its suffix; with neither it is unsupported. Adding a kind of input is
one new module here (and its tests): nothing else names the readers.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from pathlib import Path

from loaders.document import Document
from loaders.readers.base import Reader, Unreadable, failure

__all__ = ["Reader", "Unreadable", "find_reader", "read_bytes", "readers", "suffixes", "supported_kinds",
           "unsupported_reason"]


@lru_cache(maxsize=1)
def readers() -> tuple[Reader, ...]:
    """Every registered reader, in sniffing order (highest priority first)."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        reader = getattr(module, "READER", None)
        if isinstance(reader, Reader):
            found.append(reader)
    return tuple(sorted(found, key=lambda r: (-r.priority, r.name)))


def suffixes() -> set[str]:
    """Every suffix some reader takes, lower case with the dot."""
    return {s for reader in readers() for s in reader.suffixes}


def supported_kinds() -> str:
    """The kinds a user may give, for messages: `Word (.docx), e-mail (.eml), HTML (.html, .htm), ...`."""
    return ", ".join(r.describe() for r in sorted(readers(), key=lambda r: r.name))


def find_reader(name: str, data: bytes) -> Reader | None:
    """The reader for a file: the first whose sniff knows its bytes, else the one taking its suffix."""
    for reader in readers():
        if reader.sniff(data):
            return reader
    suffix = Path(name).suffix.lower()
    return next((r for r in readers() if suffix in r.suffixes), None)


def unsupported_reason(name: str) -> str:
    """Why a file has no reader, naming what is supported."""
    suffix = Path(name).suffix or "(none)"
    return f"unsupported file type {suffix}; supported: {supported_kinds()}"


def read_bytes(path: Path, data: bytes) -> list[Document | Unreadable]:
    """Read a file's bytes with its reader: `Document`s and `Unreadable` parts, or `InvalidData`."""
    reader = find_reader(path.name, data)
    if reader is None:
        raise failure(path, unsupported_reason(path.name), "unsupported")
    if len(data) > reader.max_bytes:
        raise failure(path, f"too large ({len(data):,} bytes; the limit for {reader.label} is {reader.max_bytes:,})",
                      "too large")
    if not data.strip():
        raise failure(path, "empty, no text to read", "empty")
    return list(reader.read(path, data))

