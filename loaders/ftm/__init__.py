"""FollowTheMoney imports: a dataset's people, companies, organisations and their links, cited to the dataset.

The dataset becomes articles of at most 5,000 records, one line each ("us_ofac, Ownership abc: Acme
Holdings owns Acme Ltd"), written through `loaders/records.py`; importing the same file again adds nothing,
and a newer version of it finds its entities again by their `ftm:<id>` aliases. See docs/TABLES.md.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InvalidData
from graph.store.base import GraphStore
from loaders.ftm.records import FtmRecords, ftm_records
from loaders.records import store_in_parts

EXTRACTOR = "ftm"


@dataclass
class FtmReport:
    """What an FtM import stored, and what it left out and why."""

    dataset: str
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    entities: int = 0
    facts: int = 0
    bad_lines: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    not_imported: Counter[str] = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        """False when a line could not be read; links left out by design are reported but are not failures."""
        return not self.bad_lines

    def summary(self) -> str:
        """One line for the CLI and the app."""
        text = (f"{self.dataset}: {len(self.added)} parts added, {len(self.unchanged)} already in the store; "
                f"{self.entities} entities and {self.facts} facts written, {len(self.skipped)} links left out, "
                f"{len(self.bad_lines)} unreadable lines")
        if self.not_imported:
            text += "; not imported (no Threadline type): " + ", ".join(
                f"{n} {schema}" for schema, n in sorted(self.not_imported.items()))
        return text


def dataset_name(path: Path) -> str:
    """The dataset a file holds when none is named: its name up to the first dot (`us_ofac.ftm.json` -> us_ofac)."""
    return path.name.split(".", 1)[0] or path.name


@dataclass(frozen=True)
class FtmFile:
    """A read FtM file: its path, dataset name and records, ready to store."""

    path: Path
    dataset: str
    found: FtmRecords


def read_ftm(path: Path | str, dataset: str | None = None) -> FtmFile:
    """Read and check an FtM JSON-lines file; `InvalidData` when it holds nothing to import, before any store."""
    path = Path(path)
    if not path.is_file():
        raise InvalidData(f"{path}: no such file", {str(path): "missing"})
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidData(f"{path}: not UTF-8 at byte {exc.start:,}; FtM JSON lines are UTF-8",
                          {str(path): "undecodable"}) from None
    name = dataset or dataset_name(path)
    found = ftm_records(text.splitlines(), name)
    if not found.records:
        first = f"; first problem: {found.bad_lines[0][0]}: {found.bad_lines[0][1]}" if found.bad_lines else ""
        raise InvalidData(f"{path}: no person, company, organisation, public body or link to import{first}",
                          {str(path): "nothing to import"})
    return FtmFile(path, name, found)


def store_ftm(store: GraphStore, ftm: FtmFile, part_size: int | None = None) -> FtmReport:
    """Write a read FtM file, the dataset as the source, in parts of at most `part_size` records (5,000)."""
    found = ftm.found
    report = FtmReport(ftm.dataset, bad_lines=list(found.bad_lines), skipped=list(found.skipped),
                       not_imported=Counter(found.not_imported))
    for outcome in store_in_parts(store, found.records, title=f"FtM dataset {ftm.dataset}", source=str(ftm.path),
                                  extractor=EXTRACTOR, outlet=ftm.dataset, part_size=part_size):
        (report.added if outcome.status == "added" else report.unchanged).append(outcome.title)
        report.entities += outcome.entities
        report.facts += outcome.facts
        report.skipped.extend(outcome.dropped)
    return report


def ingest_ftm(store: GraphStore, path: Path | str, dataset: str | None = None,
               part_size: int | None = None) -> FtmReport:
    """Import an FtM JSON-lines file into the store, the dataset (`dataset` or the file's name) as the source."""
    return store_ftm(store, read_ftm(path, dataset), part_size)
