"""What a reader is: the kinds of file it takes (suffixes and a content sniff) and how it reads one.

A reader turns a file's bytes into `Document`s (an e-mail gives its own and its attachments'); a part it
cannot read (an attachment) comes back as an `Unreadable` so the rest still goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.errors import InvalidData
from loaders.document import Document


@dataclass(frozen=True)
class Unreadable:
    """A part of a file that could not be read (an e-mail's attachment), with the reason."""

    name: str
    reason: str


Read = Callable[[Path, bytes], Sequence["Document | Unreadable"]]


@dataclass(frozen=True)
class Reader:
    """One kind of input. `sniff` looks at the file's bytes; a match wins over another reader's suffix.

    `priority` orders the sniffs: a sure sign (`%PDF-`) goes before a weak one (RFC 822 headers).
    """

    name: str
    label: str
    suffixes: tuple[str, ...]
    read: Read
    sniff: Callable[[bytes], bool] = lambda data: False
    priority: int = 50
    max_bytes: int = 5_000_000

    def describe(self) -> str:
        """How the kind is named to a user: `PDF (.pdf)`."""
        return f"{self.label} ({', '.join(self.suffixes)})"


def failure(path: Path | str, reason: str, field: str) -> InvalidData:
    """The error every reader raises: the file, then the reason."""
    return InvalidData(f"{path}: {reason}", {str(path): field})


def first_line_title(text: str) -> str:
    """The first non-blank line, without Markdown's `#`, as a title of at most 200 characters."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return ""


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 text (a BOM is dropped), or a clear error for a binary or otherwise encoded file."""
    nul = data.find(b"\x00")
    if nul >= 0:  # anywhere, not only at the start: the store cannot hold a NUL, and text has none
        raise failure(path, f"binary file, not text (a NUL byte at byte {nul:,})", "binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise failure(path, f"not UTF-8 at byte {exc.start:,}; re-save it as UTF-8", "undecodable") from None
