"""The snapshot formats, as one registry: each format module declares a `FORMAT` and nothing else needs to change.

A declaration names the format, its label in the app, its place in lists, how it writes (one file with a
suffix, or several files that travel as a folder or a zip) and, when it can come back in, how it is read and
recognised. `export`, `import`, the CLI's help and errors, and the app's download buttons and upload types all
read this registry, so a new format is one new module in `graph/snapshot/` (with its tests).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING

from graph.errors import InvalidData

if TYPE_CHECKING:
    from graph.snapshot.base import Snapshot

Writer = Callable[["Snapshot"], bytes]
FilesWriter = Callable[["Snapshot"], dict[str, bytes]]
Reader = Callable[[bytes, str], "Snapshot"]
FilesReader = Callable[[dict[str, bytes], str], "Snapshot"]


@dataclass(frozen=True)
class SnapshotFormat:
    """One export (and maybe import) format.

    Give `write` and `suffix` for a one-file format, or `write_files` for one written as several files (a
    folder, or a zip). `variants` maps an output suffix to another writer (the fact-check sheet as Markdown
    when the file ends in .md). A format that can be imported gives `read` with the suffixes and first bytes
    that tell it, or `read_files` with the file names that tell a folder or zip of it.
    """

    name: str
    label: str
    order: int
    suffix: str = ""
    write: Writer | None = None
    write_files: FilesWriter | None = None
    variants: Mapping[str, Writer] = field(default_factory=lambda: MappingProxyType({}))
    read: Reader | None = None
    read_suffixes: tuple[str, ...] = ()
    sniff: bytes = b""
    read_files: FilesReader | None = None
    marker_files: frozenset[str] = frozenset()
    describe_files: str = ""

    @property
    def multi_file(self) -> bool:
        """Whether the format writes several files (a folder, or a zip)."""
        return self.write_files is not None

    @property
    def importable(self) -> bool:
        return self.read is not None or self.read_files is not None


@lru_cache(maxsize=1)
def _registry() -> dict[str, SnapshotFormat]:
    """Every `FORMAT` declared by a module of this package, by name, in their `order`."""
    import graph.snapshot as package

    found: list[SnapshotFormat] = []
    for module in pkgutil.iter_modules(package.__path__):
        declared = getattr(importlib.import_module(f"{package.__name__}.{module.name}"), "FORMAT", None)
        if isinstance(declared, SnapshotFormat):
            found.append(declared)
    names = [f.name for f in found]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InvalidData(f"two snapshot formats are named {duplicates[0]!r}")
    return {f.name: f for f in sorted(found, key=lambda f: (f.order, f.name))}


def formats() -> tuple[SnapshotFormat, ...]:
    """Every format, in their order."""
    return tuple(_registry().values())


def format_names() -> tuple[str, ...]:
    """The names of every format, in their order."""
    return tuple(_registry())


def import_formats() -> tuple[SnapshotFormat, ...]:
    """The formats that can be read back."""
    return tuple(f for f in formats() if f.importable)


def get_format(name: str) -> SnapshotFormat:
    """The format of this name; `InvalidData` naming the choices when there is none."""
    try:
        return _registry()[name]
    except KeyError:
        raise InvalidData(f"unknown format {name!r}; choose one of {', '.join(format_names())}") from None


def names_in_words(names: tuple[str, ...]) -> str:
    """`a, b or c`: how the CLI lists the choices."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
