"""Turn what the Ingest page receives (uploaded files, pasted text) into `Document`s, or say why not."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from graph.errors import InvalidData
from loaders.document import Document
from loaders.metadata import with_text_metadata
from loaders.sources import SUFFIXES, read_document

_UNSAFE = re.compile(r"[^\w.\- ]+")


class Upload(Protocol):
    """What Streamlit's uploader hands over: a name and the bytes."""

    name: str

    def getvalue(self) -> bytes:
        """The uploaded file's bytes."""
        ...


def documents_from_uploads(uploads: Iterable[Upload]) -> tuple[list[Document], list[tuple[str, str]]]:
    """Read uploaded .txt, .md and .html files with the same readers as `threadline ingest`; failures with reasons."""
    documents: list[Document] = []
    failed: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="threadline-upload-") as folder:
        for number, upload in enumerate(uploads):
            name = Path(upload.name).name
            if Path(name).suffix.lower() not in SUFFIXES:
                failed.append((name, f"unsupported file type; use one of {', '.join(sorted(SUFFIXES))}"))
                continue
            path = Path(folder) / f"{number:04d}-{_UNSAFE.sub('_', name)}"
            path.write_bytes(upload.getvalue())
            try:
                document = read_document(path)
            except InvalidData as exc:
                failed.append((name, str(exc).removeprefix(f"{path}: ")))
                continue
            documents.append(replace(document, key=Path(name).stem, path=name,
                                     title=document.title or Path(name).stem))
    return documents, failed


def document_from_text(text: str, title: str = "", outlet: str = "", published: str = "",
                       url: str = "") -> Document:
    """A pasted article; its first line is the title when none is given; outlet, date and authors the form
    leaves empty are read from its first lines, as for a text file."""
    body = text.strip()
    if not body:
        raise InvalidData("the pasted text is empty", {"text": "empty"})
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")
    heading = title.strip() or first[:200]
    return with_text_metadata(Document(
        key=re.sub(r"\W+", "-", heading.lower()).strip("-")[:60] or "pasted", text=body + "\n", title=heading,
        path="pasted text", url=url.strip() or None, outlet=outlet.strip() or None,
        published=published.strip() or None))
