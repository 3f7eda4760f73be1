"""Turn what the Ingest page receives (uploaded files, pasted text, page and feed addresses) into `Document`s, or
say why not."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from graph.errors import InvalidData
from graph.store import GraphStore
from loaders.document import Document
from loaders.ingest import IngestReport, file_problem, sort_read
from loaders.metadata import with_text_metadata
from loaders.readers import Unreadable, suffixes
from loaders.sources import read_file

_UNSAFE = re.compile(r"[^\w.\- ]+")


class Upload(Protocol):
    """What Streamlit's uploader hands over: a name and the bytes."""

    name: str

    def getvalue(self) -> bytes:
        """The uploaded file's bytes."""
        ...


def upload_types() -> list[str]:
    """The suffixes the uploader accepts: every kind `threadline ingest` reads (loaders/readers)."""
    return sorted(s.lstrip(".") for s in suffixes())


def documents_from_uploads(uploads: Iterable[Upload], report: IngestReport) -> list[Document]:
    """Read uploaded files with the same readers as `threadline ingest`; what cannot be read goes into `report`.

    Each file is read from a temporary copy; names in documents and messages are the uploaded names.
    """
    documents: list[Document] = []
    with tempfile.TemporaryDirectory(prefix="threadline-upload-") as folder:
        for number, upload in enumerate(uploads):
            name = Path(upload.name).name
            path = Path(folder) / f"{number:04d}-{_UNSAFE.sub('_', name)}"
            path.write_bytes(upload.getvalue())

            def named(text: str, path: Path = path, name: str = name) -> str:
                """The temporary path replaced by the uploaded name."""
                return text.replace(str(path), name)

            try:
                items = read_file(path)
            except InvalidData as exc:
                file_problem(name, InvalidData(named(str(exc)), exc.errors), report)
                continue
            items = [Unreadable(named(i.name), i.reason) if isinstance(i, Unreadable) else i for i in items]
            for document in sort_read(items, report):
                own = document.path == str(path)
                documents.append(replace(document, key=Path(name).stem if own else document.key,
                                         path=named(document.path), title=document.title or Path(name).stem))
    return documents


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


def _addresses(text: str, report: IngestReport) -> list[str]:
    """The http(s) addresses of a text box, one a line (blank lines and `#` comments skipped); any other line
    goes into the report with the reason, and the rest go on."""
    from loaders.fetch import is_url

    found = []
    for line in (raw.strip() for raw in text.splitlines()):
        if not line or line.startswith("#"):
            continue
        if is_url(line):
            found.append(line)
        else:
            report.failed.append((line[:80], "not an http:// or https:// address"))
    return found


def documents_from_addresses(store: GraphStore, spec: str, pages: str, feeds: str,
                             report: IngestReport) -> tuple[list[Document], list[tuple[str, str]]]:
    """Pages and feed items named on the Ingest page, fetched, read and archived as `threadline ingest URL
    --feed FEED` does (URLs already stored are not fetched again); the documents and the notes to show."""
    from loaders.archive import archive_dir
    from loaders.remote import read_remote
    from loaders.web import archive_pages, stored_sources

    urls, feed_urls = _addresses(pages, report), _addresses(feeds, report)
    if not urls and not feed_urls:
        return [], []
    read = read_remote(urls, feed_urls, known=stored_sources(store), report=report)
    archive_pages(read.pages, archive_dir(spec))
    return [page.document for page in read.pages], read.notes
