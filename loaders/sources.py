"""Find the files below the paths given and read each with its reader (loaders/readers), or say why not.

Every failure is an `InvalidData` naming the file (and line) and the reason, so an ingest can
report it and carry on with the other files. JSON lines (`--docs`) are read here too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from graph.errors import InvalidData
from graph.store.params import text_problem
from loaders.document import Document
from loaders.readers import Unreadable, read_bytes, readers
from loaders.readers.base import first_line_title
from loaders.readers.text import TEXT_MAX_BYTES as MAX_BYTES

_OPTIONAL_FIELDS = ("title", "url", "outlet", "published")

__all__ = ["MAX_BYTES", "collect_paths", "read_document", "read_file", "read_jsonl"]


def _visible(path: Path, root: Path) -> bool:
    """Hidden files and folders (`.git`, `.DS_Store`) are not documents."""
    return not any(part.startswith(".") for part in path.relative_to(root).parts)


def collect_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Every file below the given paths (hidden ones skipped), sorted, and the paths that do not exist.

    Which files are supported is decided when each is read, from its content as well as its suffix.
    """
    found: list[Path] = []
    problems: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.is_file() and _visible(p, path))
        elif path.is_file():
            found.append(path)
        else:
            problems.append((path, "no such file or directory"))
    return list(dict.fromkeys(found)), problems


def read_file(path: Path) -> list[Document | Unreadable]:
    """Read one file with the reader its content or suffix calls for; `InvalidData` names the file and reason."""
    limit = max(reader.max_bytes for reader in readers())
    try:
        size = path.stat().st_size
        if size > limit:
            raise InvalidData(f"{path}: too large ({size:,} bytes; the limit is {limit:,})", {str(path): "too large"})
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidData(f"{path}: cannot be read: {exc.strerror}", {str(path): "unreadable"}) from None
    return read_bytes(path, data)


def read_document(path: Path) -> Document:
    """The main document of one file (an e-mail's own text, not its attachments)."""
    for item in read_file(path):
        if isinstance(item, Document):
            return item
    raise InvalidData(f"{path}: nothing readable in it", {str(path): "empty"})


def read_jsonl(path: Path) -> Iterator[Document]:
    """Documents from a JSON-lines file, one `{"id", "text", "title"}` object per line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidData(f"{path}: cannot be read as UTF-8 text: {exc}", {str(path): "unreadable"}) from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidData(f"{where}: not valid JSON ({exc.msg})", {where: "json"}) from None
        except (ValueError, RecursionError):  # an integer of thousands of digits, arrays nested past the stack
            raise InvalidData(f"{where}: not valid JSON (a number too long or nesting too deep)",
                              {where: "json"}) from None
        if not isinstance(row, dict):
            raise InvalidData(f"{where}: each line must be a JSON object", {where: "not an object"})
        for field in ("id", "text"):
            if not isinstance(row.get(field), str) or not row[field].strip():
                raise InvalidData(f"{where}: field '{field}' must be a non-empty string",
                                  {f"{where}.{field}": "missing"})
        for field in _OPTIONAL_FIELDS:
            if row.get(field) is not None and not isinstance(row[field], str):
                raise InvalidData(f"{where}: field '{field}' must be a string", {f"{where}.{field}": "not a string"})
        for field in ("id", "text", *_OPTIONAL_FIELDS):
            if row.get(field) is not None and (problem := text_problem(row[field])):
                raise InvalidData(f"{where}: field '{field}' {problem}", {f"{where}.{field}": problem})
        yield Document(
            key=row["id"],
            text=row["text"],
            title=str(row.get("title") or first_line_title(row["text"])),
            path=str(path),
            url=row.get("url"),
            outlet=row.get("outlet"),
            published=row.get("published"),
        )
