"""Ingest: read documents, extract, resolve against the graph and write each article in one transaction.

Articles are keyed by a hash of their text, so re-ingesting changes nothing, and a run cut short
(even by `kill -9`, of the ingest or of the database server) is finished by running it again. Two ingests
may run at once: each resolves and writes an article under the store's writer lock, so together they make
the graph one of them would have made alone. One bad document never stops the others: a failure in reading,
extraction, resolution or its own write is reported with the file and the reason, and its transaction leaves
nothing behind. Only a failure of the store itself (a full disk, a server gone) stops the run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from graph.errors import InvalidData, StoreError
from graph.model import Extraction
from graph.store.base import ArticleGraph, GraphStore
from loaders.document import Document
from loaders.readers import Unreadable
from loaders.resolve import resolve
from loaders.sources import collect_paths, read_file

Progress = Callable[[str, str], None]
"""Called once per document with its name and what happened: added, unchanged or failed."""


@dataclass
class IngestReport:
    """What happened to every file: added, already there, unsupported (with the kinds that are), failed."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unsupported: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    entities: int = 0
    relations: int = 0
    not_attempted: list[str] = field(default_factory=list)
    """Documents left when the store failed mid-run (every one in `added` is stored; a rerun does the rest)."""

    @property
    def ok(self) -> bool:
        return not self.failed and not self.unsupported and not self.not_attempted

    def summary(self) -> str:
        """What happened to the files; the counts of what landed come from the store (graph/counts.py)."""
        unsupported = f", {len(self.unsupported)} unsupported" if self.unsupported else ""
        text = (f"{len(self.added)} added, {len(self.unchanged)} already in the store{unsupported}, "
                f"{len(self.failed)} failed")
        if self.not_attempted:
            text += (f"; stopped early with {len(self.not_attempted)} not attempted: the articles added are kept, and "
                     "running the same ingest again finishes the rest")
        return text

    def rows(self) -> list[tuple[str, str, str]]:
        """(file, result, reason) for every file seen, in the words the CLI and the Ingest page share."""
        return ([(n, "added", "") for n in self.added]
                + [(n, "already in the store", "") for n in self.unchanged]
                + [(n, "unsupported", r) for n, r in self.unsupported]
                + [(n, "failed", r) for n, r in self.failed]
                + [(n, "not attempted", "the store failed first; ingest again to finish") for n in self.not_attempted])


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def extract_each(documents: list[Document], workers: int) -> Iterator[tuple[Document, Extraction | str]]:
    """Each document with its extraction, or the reason extraction failed; a failure spares the others."""
    from loaders.extract import extract, extract_many  # spaCy loads only when there is something to extract

    given = [d for d in documents if d.extraction is not None]
    for document in given:
        yield document, document.extraction  # a reader that already knows the facts (rows of a table)
    todo = [d for d in documents if d.extraction is None]
    done = 0
    try:
        for extraction in extract_many(todo, workers=workers):
            yield todo[done], extraction
            done += 1
    except Exception:  # one document broke its batch: go on one by one, so only that one fails
        for document in todo[done:]:
            try:
                yield document, extract(document)
            except Exception as exc:  # the reason goes into the report with the file's name
                yield document, f"extraction failed: {type(exc).__name__}: {exc}"


def with_pages(batch: ArticleGraph, document: Document) -> ArticleGraph:
    """The batch with each evidence sentence citing the page its offset falls on (documents with pages)."""
    if not document.page_starts:
        return batch
    relations = tuple(
        replace(r, evidence=tuple(replace(ev, page=document.page_of(ev.start)) if ev.article_id == batch.article.id
                                  else ev for ev in r.evidence))
        for r in batch.relations
    )
    return replace(batch, relations=relations)


def ingest_documents(
    store: GraphStore,
    documents: Iterable[Document],
    *,
    workers: int = 1,
    progress: Progress | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """Extract and write every document not yet in the store, one transaction per article."""
    report = report or IngestReport()
    fresh: list[Document] = []
    seen: set[str] = set()
    for document in documents:
        name = document.path or document.key
        try:
            content_id = document.content_id
        except UnicodeError as exc:  # a lone surrogate from a JSON string, say: this document only
            report.failed.append((name, f"text cannot be stored: {exc}"))
            if progress:
                progress(name, "failed")
            continue
        if content_id in seen or store.has_article(content_id):
            report.unchanged.append(name)
            if progress:
                progress(name, "unchanged")
            continue
        seen.add(content_id)
        fresh.append(document)
    handled: set[str] = set()
    for document, extraction in extract_each(fresh, workers):
        name = document.path or document.key
        handled.add(name)
        try:
            if isinstance(extraction, str):
                raise InvalidData(extraction, {name: "extraction"})
            status = write_extracted(store, document, extraction, report)
        except StoreError as exc:
            # The database went away or refused: say so once, keep what is written, leave the rest for a rerun.
            report.failed.append((name, str(exc)))
            report.not_attempted.extend(n for n in (d.path or d.key for d in fresh) if n not in handled)
            if progress:
                progress(name, "failed")
            break
        except (InvalidData, ValueError, TypeError, KeyError) as exc:  # this document only: the others go on
            report.failed.append((name, str(exc)))
            status = "failed"
        if progress:
            progress(name, status)
    return report


def write_extracted(store: GraphStore, document: Document, extraction: Extraction, report: IngestReport) -> str:
    """Resolve and write one article under the writer lock; what happened to it (added or unchanged).

    Under the lock, the article's absence and the stored entities it is resolved against are still true when
    it is written, whatever another ingest does meanwhile. A document that cannot be resolved raises
    `InvalidData`; a store that fails raises `StoreError`.
    """
    name = document.path or document.key
    with store.writer():
        if store.has_article(document.content_id):  # another ingest wrote it since we looked
            report.unchanged.append(name)
            return "unchanged"
        batch = with_pages(resolve(document.to_article(ingested_at=_now()), extraction, store.lookup), document)
        store.write_article(batch)
    report.added.append(name)
    report.entities += len(batch.entities)
    report.relations += len(batch.relations)
    return "added"


def sort_read(items: Iterable[Document | Unreadable], report: IngestReport) -> list[Document]:
    """The documents among what a reader gave; parts it could not read go into the report."""
    documents = []
    for item in items:
        if isinstance(item, Unreadable):
            report.failed.append((item.name, item.reason))
        else:
            documents.append(item)
    return documents


def file_problem(path: Path | str, exc: InvalidData, report: IngestReport) -> None:
    """Put a file that could not be read into the report: unsupported, or failed with the reason."""
    reason = str(exc).removeprefix(f"{path}: ")
    (report.unsupported if "unsupported" in exc.errors.values() else report.failed).append((str(path), reason))


def read_documents(paths: Sequence[str | Path], report: IngestReport) -> list[Document]:
    """Read every file below `paths`; unsupported and unreadable ones go into the report with their reason."""
    files, problems = collect_paths(paths)
    report.failed.extend((str(path), reason) for path, reason in problems)
    documents = []
    for path in files:
        try:
            documents.extend(sort_read(read_file(path), report))
        except InvalidData as exc:
            file_problem(path, exc, report)
    return documents


def ingest_paths(
    store: GraphStore,
    paths: Sequence[str | Path],
    *,
    workers: int = 1,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest files and directories of every supported kind (see loaders/readers)."""
    report = IngestReport()
    documents = read_documents(paths, report)
    return ingest_documents(store, documents, workers=workers, progress=progress, report=report)
