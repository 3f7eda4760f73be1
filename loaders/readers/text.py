"""Plain text and Markdown articles, with optional YAML front matter (title, outlet, date, url)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml

from graph.errors import InvalidData
from graph.store.params import text_problem
from loaders.document import Document
from loaders.metadata import with_text_metadata
from loaders.readers.base import Reader, decode_text, failure, first_line_title

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_META_KEYS = {"title", "outlet", "date", "published", "url", "author", "authors"}
_LISTS = {"author", "authors"}  # several people may sign a story
_META_SCALARS = (str, int, float, date)
TEXT_MAX_BYTES = 5_000_000


def front_matter(path: Path, text: str) -> tuple[dict[str, str], str]:
    """The front matter's known keys and the text after it (the text itself when there is none)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise failure(path, f"front matter is not valid YAML: {exc}", "front matter") from None
    if not isinstance(meta, dict):
        raise failure(path, "front matter must be key: value lines", "front matter")
    wanted = {k: v for k, v in meta.items() if k in _META_KEYS and v is not None}
    for key, value in wanted.items():
        # Text, a number or a date (authors: a list of them); a map or a YAML alias bomb is no title.
        values = value if key in _LISTS and isinstance(value, list) else [value]
        for item in values:
            problem = text_problem(str(item)) if isinstance(item, _META_SCALARS) else "must be text"
            if problem:
                raise InvalidData(f"{path}: front matter field '{key}' {problem}", {f"{path}.{key}": problem})
    return ({k: ", ".join(map(str, v)) if isinstance(v, list) else str(v) for k, v in wanted.items()},
            text[match.end():])


def text_document(path: Path, text: str) -> Document:
    """A text article: front matter gives metadata, then datelines, bylines and date lines (loaders/metadata.py)
    what it leaves out; the first line is the title when none is given."""
    meta, body = front_matter(path, text)
    if not body.strip():
        raise failure(path, "empty, no text to read", "empty")
    return with_text_metadata(Document(
        key=path.stem,
        text=body,
        title=meta.get("title") or first_line_title(body),
        path=str(path),
        url=meta.get("url"),
        outlet=meta.get("outlet"),
        published=meta.get("published") or meta.get("date"),
    ), meta)


def read(path: Path, data: bytes) -> list[Document]:
    return [text_document(path, decode_text(path, data))]


READER = Reader(name="text", label="text", suffixes=(".txt", ".md"), read=read, priority=0,
                max_bytes=TEXT_MAX_BYTES)
