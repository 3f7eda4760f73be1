"""Spreadsheets and edge lists (CSV, XLSX, JSON lines): each row a cited fact, through a mapping of columns.

Each file (each sheet of a workbook) becomes one article whose lines are its good rows, so a fact cites
the file, sheet and row; bad rows are reported with the reason and the good ones stored. See docs/TABLES.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InvalidData
from graph.store.base import GraphStore
from loaders.records import store_in_parts
from loaders.tables.mapping import TableMapping, load_mapping, mapping_from_flags, parse_mapping
from loaders.tables.read import read_table
from loaders.tables.rows import sheet_records

EXTRACTOR = "table"

__all__ = ["TableMapping", "TableReport", "ingest_tables", "load_mapping", "mapping_from_flags", "parse_mapping"]


@dataclass
class TableReport:
    """What happened to each file and sheet, and every row left out with its reason."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    bad_rows: list[tuple[str, str]] = field(default_factory=list)
    facts: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed and not self.bad_rows

    def summary(self) -> str:
        """One line: sheets added, already stored, failed, and rows left out."""
        return (f"{len(self.added)} sheets added, {len(self.unchanged)} already in the store, {len(self.failed)} "
                f"failed; {self.facts} facts stored, {len(self.bad_rows)} rows left out")


def ingest_tables(store: GraphStore, paths: Sequence[Path | str], mapping: TableMapping,
                  part_size: int | None = None) -> TableReport:
    """Store the rows of every table file as cited facts; a file that cannot be read never stops the others.

    A sheet of more than `part_size` rows (5,000) is written as several articles, one transaction each.
    """
    report = TableReport()
    for raw in paths:
        path = Path(raw)
        try:
            sheets = read_table(path)
        except InvalidData as exc:
            report.failed.append((str(path), str(exc).removeprefix(f"{path}: ")))
            continue
        if mapping.sheets:
            names = [s.name for s in sheets]
            for wanted in mapping.sheets:
                if wanted not in names:
                    report.failed.append((f"{path}, sheet {wanted}", "no such sheet; it has "
                                          + ", ".join(str(n) for n in names)))
            sheets = [s for s in sheets if s.name in mapping.sheets]
        for sheet in sheets:
            try:
                records = sheet_records(sheet, mapping, path.name)
            except InvalidData as exc:
                report.failed.append((str(exc).split(": ", 1)[0], str(exc).split(": ", 1)[1]))
                continue
            report.bad_rows.extend(records.bad)
            if not records.records:
                report.failed.append((records.title, "no row could be stored"))
                continue
            for outcome in store_in_parts(store, records.records, title=records.title, source=str(path),
                                          extractor=EXTRACTOR, part_size=part_size):
                (report.added if outcome.status == "added" else report.unchanged).append(outcome.title)
                report.facts += outcome.facts
                report.bad_rows.extend(outcome.dropped)
    return report
