"""The mapping that says which columns of a table hold a fact: read from YAML or from flags, checked on load.

    source: {column: Supplier, type: Company}          # or type_column: a column holding the type
    target: {column: Buyer, type: GovernmentBody}
    relation: SUPPLIED_TO                              # or relation_column: a column holding it
    date: Date                                         # optional
    note: Note                                         # optional
    attributes: {product: Item}                        # optional, attributes the relation type has
    sheets: [Payments]                                 # optional, XLSX only; default every sheet

Types and relations are the schema's names or labels (graph/schema.yaml), in any case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.errors import InvalidData
from graph.schema import load_schema

_KEYS = {"source", "target", "relation", "relation_column", "date", "note", "attributes", "sheets"}


@dataclass(frozen=True)
class End:
    """One end of the fact: the column with the name, and a fixed type or a column holding it."""

    column: str
    type: str | None = None
    type_column: str | None = None


@dataclass(frozen=True)
class TableMapping:
    source: End
    target: End
    relation: str | None = None
    relation_column: str | None = None
    date: str | None = None
    note: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    sheets: tuple[str, ...] = ()

    def columns(self) -> list[str]:
        """Every column the mapping reads, in the order a missing one is reported."""
        named = [self.source.column, self.source.type_column, self.target.column, self.target.type_column,
                 self.relation_column, self.date, self.note, *self.attributes.values()]
        return [c for c in dict.fromkeys(named) if c]


def entity_type_named(value: str) -> str | None:
    """The schema's entity type a name or label stands for ("government body" -> GovernmentBody), else None."""
    wanted = " ".join(value.split()).casefold()
    for name, spec in load_schema().entity_types.items():
        if wanted in (name.casefold(), spec.label.casefold()):
            return name
    return None


def relation_type_named(value: str) -> str | None:
    """The schema's relation type a name or label stands for ("supplied" -> SUPPLIED_TO), else None."""
    wanted = " ".join(value.split()).casefold()
    for name, spec in load_schema().relation_types.items():
        if wanted in (name.casefold(), spec.label.casefold(), name.casefold().replace("_", " ")):
            return name
    return None


def _text(raw: Any, where: str, origin: str) -> str:
    if not isinstance(raw, (str, int)) or not str(raw).strip():
        raise InvalidData(f"{origin}: {where} must name a column", {where: "not a column name"})
    return str(raw).strip()


def _end(raw: Any, which: str, origin: str) -> End:
    if not isinstance(raw, dict) or "column" not in raw:
        raise InvalidData(f"{origin}: {which} must be a mapping with `column` and `type` (or `type_column`)",
                          {which: "missing column"})
    column = _text(raw["column"], f"{which}.column", origin)
    if ("type" in raw) == ("type_column" in raw):
        raise InvalidData(f"{origin}: {which} needs exactly one of `type` or `type_column`", {which: "type"})
    if "type_column" in raw:
        return End(column, type_column=_text(raw["type_column"], f"{which}.type_column", origin))
    entity_type = entity_type_named(str(raw["type"]))
    if entity_type is None:
        known = ", ".join(load_schema().entity_types)
        raise InvalidData(f"{origin}: {which}.type {raw['type']!r} is not an entity type; use one of {known}",
                          {f"{which}.type": "unknown entity type"})
    return End(column, type=entity_type)


def parse_mapping(raw: Any, origin: str = "mapping") -> TableMapping:
    """A checked `TableMapping` from parsed YAML (or the flags' equivalent); `InvalidData` names the bad key."""
    if not isinstance(raw, dict):
        raise InvalidData(f"{origin}: a mapping must be a YAML mapping with source, target and relation",
                          {origin: "not a mapping"})
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise InvalidData(f"{origin}: unknown key {unknown[0]!r}; the keys are {', '.join(sorted(_KEYS))}",
                          {unknown[0]: "unknown key"})
    for required in ("source", "target"):
        if required not in raw:
            raise InvalidData(f"{origin}: `{required}` is missing", {required: "missing"})
    if ("relation" in raw) == ("relation_column" in raw):
        raise InvalidData(f"{origin}: give exactly one of `relation` or `relation_column`", {"relation": "missing"})
    relation = None
    if "relation" in raw:
        relation = relation_type_named(str(raw["relation"]))
        if relation is None:
            known = ", ".join(load_schema().relation_types)
            raise InvalidData(f"{origin}: relation {raw['relation']!r} is not a relation type; use one of {known}",
                              {"relation": "unknown relation type"})
    attributes_raw = raw.get("attributes") or {}
    if not isinstance(attributes_raw, dict):
        raise InvalidData(f"{origin}: attributes must map attribute names to columns", {"attributes": "not a map"})
    if relation is not None:
        allowed = load_schema().relation_types[relation].attributes
        for name in attributes_raw:
            if name not in allowed:
                raise InvalidData(f"{origin}: attribute {name!r} is not one {relation} has "
                                  f"({', '.join(allowed) or 'it has none'})", {f"attributes.{name}": "unknown"})
    sheets = raw.get("sheets") or ()
    if isinstance(sheets, str):
        sheets = (sheets,)
    return TableMapping(
        source=_end(raw["source"], "source", origin),
        target=_end(raw["target"], "target", origin),
        relation=relation,
        relation_column=_text(raw["relation_column"], "relation_column", origin) if "relation_column" in raw
        else None,
        date=_text(raw["date"], "date", origin) if raw.get("date") is not None else None,
        note=_text(raw["note"], "note", origin) if raw.get("note") is not None else None,
        attributes={str(k): _text(v, f"attributes.{k}", origin) for k, v in attributes_raw.items()},
        sheets=tuple(str(s) for s in sheets),
    )


def load_mapping(path: Path | str) -> TableMapping:
    """Read and check a mapping file."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidData(f"{path}: no such mapping file", {str(path): "missing"}) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        reason = str(exc).splitlines()[0]
        raise InvalidData(f"{path}: not a readable YAML mapping ({reason})", {str(path): "unreadable"}) from None
    return parse_mapping(raw, str(path))


def mapping_from_flags(source: str, target: str, relation: str, date: str | None = None,
                       note: str | None = None) -> TableMapping:
    """The mapping `--source COLUMN:TYPE --target COLUMN:TYPE --relation TYPE [--date COL] [--note COL]` says."""
    ends = {}
    for which, value in (("source", source), ("target", target)):
        column, colon, entity_type = value.rpartition(":")
        if not colon or not column.strip():
            raise InvalidData(f"--{which} {value!r}: write it as COLUMN:TYPE, e.g. Supplier:Company",
                              {f"--{which}": "not COLUMN:TYPE"})
        ends[which] = {"column": column, "type": entity_type}
    raw: dict[str, Any] = {**ends, "relation": relation}
    if date:
        raw["date"] = date
    if note:
        raw["note"] = note
    return parse_mapping(raw, "the flags")
