"""Ingest: read documents, extract, resolve against the graph and write each article in one transaction.

Articles are keyed by a hash of their text, so re-ingesting changes nothing, and a run cut short
(even by `kill -9`) is finished by running it again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from graph.errors import InvalidData
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

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        """What happened to the files; the counts of what landed come from the store (graph/counts.py)."""
        return f"{len(self.added)} added, {len(self.unchanged)} already in the store, {len(self.failed)} failed"


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
    for document, extraction in zip(fresh, extract_many(fresh, workers=workers), strict=True):
        name = document.path or document.key
        try:
            batch = resolve(document.to_article(ingested_at=_now()), extraction, store.lookup)
        except InvalidData as exc:
            report.failed.append((name, str(exc)))
            if progress:
                progress(name, "failed")
            continue
        store.write_article(batch)
        report.added.append(name)
        report.entities += len(batch.entities)
        report.relations += len(batch.relations)
        if progress:
            progress(name, "added")
    return report


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
