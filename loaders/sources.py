"""Read articles from files (.txt, .md, .html) and JSON lines into `Document`s, or say why not.

Every failure is an `InvalidData` naming the file (and line) and the reason, so an ingest can
report it and carry on with the other files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from graph.errors import InvalidData
from loaders.document import Document
from loaders.metadata import with_text_metadata

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
MAX_BYTES = 5_000_000
MIN_HTML_WORDS = 10  # what trafilatura keeps from a page with no story is a stray link or two
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_META_KEYS = {"title", "outlet", "date", "published", "url", "author", "authors"}


def collect_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files to read below the given paths, sorted, and the paths that cannot be read at all."""
    found: list[Path] = []
    problems: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                found.append(path)
            else:
                problems.append((path, f"unsupported file type {path.suffix or '(none)'}; "
                                       f"use one of {', '.join(sorted(SUFFIXES))}"))
        else:
            problems.append((path, "no such file or directory"))
    return list(dict.fromkeys(found)), problems


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise InvalidData(f"{path}: binary file, not text", {str(path): "binary"})
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidData(
            f"{path}: not UTF-8 at byte {exc.start:,}; re-save it as UTF-8",
            {str(path): "undecodable"},
        ) from None


def _front_matter(path: Path, text: str) -> tuple[dict[str, str], str]:
    """Optional YAML front matter (title, outlet, date, url, author) at the top of a text file."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise InvalidData(f"{path}: front matter is not valid YAML: {exc}", {str(path): "front matter"}) from None
    if not isinstance(meta, dict):
        raise InvalidData(f"{path}: front matter must be key: value lines", {str(path): "front matter"})
    return ({k: ", ".join(map(str, v)) if isinstance(v, list) else str(v)
             for k, v in meta.items() if k in _META_KEYS and v is not None}, text[match.end():])


def _first_line_title(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return ""


def read_text_file(path: Path, text: str) -> Document:
    meta, body = _front_matter(path, text)
    if not body.strip():
        raise InvalidData(f"{path}: empty, no text to read", {str(path): "empty"})
    return with_text_metadata(Document(
        key=path.stem,
        text=body,
        title=meta.get("title") or _first_line_title(body),
        path=str(path),
        url=meta.get("url"),
        outlet=meta.get("outlet"),
        published=meta.get("published") or meta.get("date"),
    ), meta)


def read_html(path: Path, html: str) -> Document:
    """The main text of a page (trafilatura drops navigation, asides and footers) and its metadata.

    Only dates from the page's own metadata are kept: trafilatura may guess one from the body.
    """
    import trafilatura
    from htmldate import find_date

    result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True)
    text = getattr(result, "text", None) if result is not None else None
    words = len(text.split()) if text else 0
    if words < MIN_HTML_WORDS:
        raise InvalidData(f"{path}: no article text found in the page ({words} words outside navigation)",
                          {str(path): "no article text"})
    try:
        published = find_date(html, extensive_search=False, original_date=True)
    except (ValueError, TypeError):
        published = None
    return Document(
        key=path.stem,
        text=text,
        title=(getattr(result, "title", None) or _first_line_title(text))[:200],
        path=str(path),
        url=getattr(result, "url", None),
        outlet=getattr(result, "sitename", None),
        published=published,
    )


def read_document(path: Path) -> Document:
    """Read one file into a `Document`, raising `InvalidData` with the path and the reason."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InvalidData(f"{path}: too large ({size:,} bytes; the limit is {MAX_BYTES:,})",
                              {str(path): "too large"})
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidData(f"{path}: cannot be read: {exc.strerror}", {str(path): "unreadable"}) from None
    if not data.strip():
        raise InvalidData(f"{path}: empty, no text to read", {str(path): "empty"})
    text = _decode(path, data)
    if path.suffix.lower() in HTML_SUFFIXES:
        return read_html(path, text)
    return read_text_file(path, text)


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
        if not isinstance(row, dict):
            raise InvalidData(f"{where}: each line must be a JSON object", {where: "not an object"})
        for field in ("id", "text"):
            if not isinstance(row.get(field), str) or not row[field].strip():
                raise InvalidData(f"{where}: field '{field}' must be a non-empty string",
                                  {f"{where}.{field}": "missing"})
        yield Document(
            key=row["id"],
            text=row["text"],
            title=str(row.get("title") or _first_line_title(row["text"])),
            path=str(path),
            url=row.get("url"),
            outlet=row.get("outlet"),
            published=row.get("published"),
        )
