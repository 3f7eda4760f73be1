"""Ingest: read documents, extract, resolve against the graph and write each article in one transaction.

Articles are keyed by a hash of their text, so re-ingesting changes nothing, and a run cut short
(even by `kill -9`, of the ingest or of the database server) is finished by running it again. Two ingests
may run at once: each resolves and writes an article under the store's writer lock, so together they make
the graph one of them would have made alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from graph.errors import InvalidData, StoreError
from graph.model import Extraction
from graph.store.base import GraphStore
from loaders.document import Document
from loaders.resolve import resolve
from loaders.sources import collect_paths, read_document

Progress = Callable[[str, str], None]
"""Called once per document with its name and what happened: added, unchanged or failed."""


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    entities: int = 0
    relations: int = 0
    not_attempted: list[str] = field(default_factory=list)
    """Documents left when the store failed mid-run (every one in `added` is stored; a rerun does the rest)."""

    @property
    def ok(self) -> bool:
        return not self.failed and not self.not_attempted

    def summary(self) -> str:
        """What happened to the files; the counts of what landed come from the store (graph/counts.py)."""
        text = f"{len(self.added)} added, {len(self.unchanged)} already in the store, {len(self.failed)} failed"
        if self.not_attempted:
            text += (f"; stopped early with {len(self.not_attempted)} not attempted: the articles added are kept, and "
                     "running the same ingest again finishes the rest")
        return text


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def ingest_documents(
    store: GraphStore,
    documents: Iterable[Document],
    *,
    workers: int = 1,
    progress: Progress | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """Extract and write every document not yet in the store, one transaction per article."""
    from loaders.extract import extract_many  # spaCy loads only when there is something to extract

    report = report or IngestReport()
    fresh: list[Document] = []
    seen: set[str] = set()
    for document in documents:
        name = document.path or document.key
        if document.content_id in seen or store.has_article(document.content_id):
            report.unchanged.append(name)
            if progress:
                progress(name, "unchanged")
            continue
        seen.add(document.content_id)
        fresh.append(document)
    for index, (document, extraction) in enumerate(zip(fresh, extract_many(fresh, workers=workers), strict=True)):
        name = document.path or document.key
        try:
            status = write_extracted(store, document, extraction, report)
        except StoreError as exc:
            # The database went away or refused: say so once, keep what is written, leave the rest for a rerun.
            report.failed.append((name, str(exc)))
            report.not_attempted.extend(d.path or d.key for d in fresh[index + 1:])
            if progress:
                progress(name, "failed")
            break
        if progress:
            progress(name, status)
    return report


def write_extracted(store: GraphStore, document: Document, extraction: Extraction, report: IngestReport) -> str:
    """Resolve and write one article under the writer lock; what happened to it (added, unchanged, failed).

    Under the lock, the article's absence and the stored entities it is resolved against are still true when
    it is written, whatever another ingest does meanwhile.
    """
    name = document.path or document.key
    with store.writer():
        if store.has_article(document.content_id):  # another ingest wrote it since we looked
            report.unchanged.append(name)
            return "unchanged"
        try:
            batch = resolve(document.to_article(ingested_at=_now()), extraction, store.lookup)
        except InvalidData as exc:
            report.failed.append((name, str(exc)))
            return "failed"
        store.write_article(batch)
    report.added.append(name)
    report.entities += len(batch.entities)
    report.relations += len(batch.relations)
    return "added"


def read_documents(paths: Sequence[str | Path], report: IngestReport) -> list[Document]:
    """Read every supported file below `paths`; unreadable ones go into the report with their reason."""
    files, problems = collect_paths(paths)
    report.failed.extend((str(path), reason) for path, reason in problems)
    documents = []
    for path in files:
        try:
            documents.append(read_document(path))
        except InvalidData as exc:
            report.failed.append((str(path), str(exc).removeprefix(f"{path}: ")))
    return documents


def ingest_paths(
    store: GraphStore,
    paths: Sequence[str | Path],
    *,
    workers: int = 1,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest files and directories of .txt, .md and .html articles."""
    report = IngestReport()
    documents = read_documents(paths, report)
    return ingest_documents(store, documents, workers=workers, progress=progress, report=report)
