"""Turn a table's rows into cited records through a mapping; a row that cannot be one is listed with the reason."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from graph.errors import InvalidData
from graph.model import name_key
from graph.schema import load_schema
from loaders.records import Party, Record, relation_label
from loaders.resolve import match_key
from loaders.tables.mapping import End, TableMapping, entity_type_named, relation_type_named
from loaders.tables.read import Sheet

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass
class SheetRecords:
    """One sheet's good records and its bad rows (citation, reason)."""

    title: str
    records: list[Record] = field(default_factory=list)
    bad: list[tuple[str, str]] = field(default_factory=list)


class BadRow(ValueError):
    """Why one row cannot become a fact."""


def _cell(row: dict[str, str | None], column: str) -> str:
    value = row.get(column)
    if value is None:
        raise BadRow(f"the {column!r} cell is empty")
    return value


def _end(row: dict[str, str | None], end: End) -> Party:
    name = _cell(row, end.column)
    entity_type = end.type
    if end.type_column:
        given = _cell(row, end.type_column)
        entity_type = entity_type_named(given)
        if entity_type is None:
            raise BadRow(f"{given!r} in {end.type_column!r} is not an entity type "
                         f"({', '.join(load_schema().entity_types)})")
    assert entity_type is not None
    if not name_key(name):
        raise BadRow(f"{name!r} in {end.column!r} is not a name")
    return Party(name, entity_type)


def _date(value: str) -> str:
    """An ISO day (YYYY-MM-DD) from a cell, or `BadRow`."""
    if _DATE.match(value):
        try:
            return date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            pass
    raise BadRow(f"{value!r} is not a date; write it as YYYY-MM-DD")


def row_record(row: dict[str, str | None], mapping: TableMapping, citation: str) -> Record:
    """The record a row states, or `BadRow` saying why it states none."""
    source, target = _end(row, mapping.source), _end(row, mapping.target)
    relation = mapping.relation
    if mapping.relation_column:
        given = _cell(row, mapping.relation_column)
        relation = relation_type_named(given)
        if relation is None:
            raise BadRow(f"{given!r} in {mapping.relation_column!r} is not a relation type "
                         f"({', '.join(load_schema().relation_types)})")
    assert relation is not None
    rtype = load_schema().relation_types[relation]
    if not rtype.allows(source.type, target.type):
        raise BadRow(f"{relation} cannot run from a {source.type} to a {target.type}")
    if source.type == target.type and match_key(source.name, source.type) == match_key(target.name, target.type):
        raise BadRow(f"source and target are the same {source.type}, {source.name!r}")
    attributes = {}
    for name, column in mapping.attributes.items():
        if name not in rtype.attributes:
            raise BadRow(f"{relation} has no attribute {name!r}")
        if row.get(column) is not None:
            attributes[name] = row[column] or ""
    statement = f"{source.name} {relation_label(relation)} {target.name}"
    if attributes:
        statement += " (" + "; ".join(f"{k}: {v}" for k, v in attributes.items()) + ")"
    if mapping.date and row.get(mapping.date) is not None:
        statement += f" on {_date(row[mapping.date] or '')}"
    if mapping.note and row.get(mapping.note) is not None:
        statement += f". Note: {row[mapping.note]}"
    return Record(citation, statement, (source, target), relation, attributes)


def sheet_records(sheet: Sheet, mapping: TableMapping, file_name: str) -> SheetRecords:
    """Every row of a sheet as a record or a bad row; a sheet lacking a mapped column is refused whole."""
    where = file_name if sheet.name is None else f"{file_name}, sheet {sheet.name}"
    missing = [c for c in mapping.columns() if c not in sheet.columns]
    if missing and sheet.unit == "row":
        raise InvalidData(f"{where}: no column {missing[0]!r}; its columns are "
                          f"{', '.join(c for c in sheet.columns if c)}", {missing[0]: "missing column"})
    out = SheetRecords(where)
    for number, row, reason in sheet.rows:
        citation = f"{where}, {sheet.unit} {number}"
        if reason:
            out.bad.append((citation, reason))
            continue
        try:
            out.records.append(row_record(row, mapping, citation))
        except BadRow as exc:
            out.bad.append((citation, str(exc)))
    return out
