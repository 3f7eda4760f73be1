"""Load and check `schema.yaml`, the single definition of entity and relation types."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from graph.errors import InvalidSchema

SCHEMA_PATH = Path(__file__).with_name("schema.yaml")
FTM_MAPPING_PATH = Path(__file__).with_name("ftm.yaml")
_NAME = re.compile(r"^[A-Z][A-Za-z]*$|^[A-Z][A-Z_]*[A-Z]$")


@dataclass(frozen=True)
class EntityType:
    name: str
    label: str
    color: str
    description: str


@dataclass(frozen=True)
class RelationType:
    name: str
    label: str
    description: str
    sources: frozenset[str]
    targets: frozenset[str]
    attributes: tuple[str, ...]

    def allows(self, source_type: str, target_type: str) -> bool:
        """Whether an edge of this type may run from `source_type` to `target_type`."""
        return source_type in self.sources and target_type in self.targets


@dataclass(frozen=True)
class Schema:
    entity_types: dict[str, EntityType]
    relation_types: dict[str, RelationType]
    statuses: dict[str, bool]
    mention_relation: str

    def is_factual(self, status: str) -> bool:
        """Whether evidence with this status states a fact (stated, alleged) rather than a denial or plan."""
        return self.statuses[status]

    def color(self, entity_type: str) -> str:
        return self.entity_types[entity_type].color


def _expand(names: list[str], groups: dict[str, list[str]], where: str, types: dict) -> frozenset[str]:
    out: set[str] = set()
    for name in names:
        members = groups.get(name, [name])
        for member in members:
            if member not in types:
                raise InvalidSchema(f"{where}: unknown entity type {member!r}")
            out.add(member)
    if not out:
        raise InvalidSchema(f"{where}: no entity types given")
    return frozenset(out)


def parse_schema(raw: dict, origin: str = "schema") -> Schema:
    """Build a `Schema` from the parsed YAML, raising `InvalidSchema` naming the first bad field."""
    try:
        entity_raw = raw["entity_types"]
        relation_raw = raw["relation_types"]
        status_raw = raw["statuses"]
        mention = raw["mention_relation"]
    except (KeyError, TypeError) as exc:
        raise InvalidSchema(f"{origin}: missing section {exc}") from None
    entity_types: dict[str, EntityType] = {}
    for name, spec in entity_raw.items():
        if not _NAME.match(name):
            raise InvalidSchema(f"{origin}: entity type {name!r} is not a plain identifier")
        for key in ("label", "color", "description"):
            if not spec.get(key):
                raise InvalidSchema(f"{origin}: entity_types.{name}.{key} is missing")
        entity_types[name] = EntityType(name, spec["label"], spec["color"], spec["description"])
    groups = raw.get("groups", {}) or {}
    relation_types: dict[str, RelationType] = {}
    for name, spec in relation_raw.items():
        where = f"{origin}: relation_types.{name}"
        if not _NAME.match(name):
            raise InvalidSchema(f"{where} is not a plain identifier")
        for key in ("label", "description", "source", "target"):
            if not spec.get(key):
                raise InvalidSchema(f"{where}.{key} is missing")
        relation_types[name] = RelationType(
            name=name,
            label=spec["label"],
            description=spec["description"],
            sources=_expand(spec["source"], groups, f"{where}.source", entity_types),
            targets=_expand(spec["target"], groups, f"{where}.target", entity_types),
            attributes=tuple(spec.get("attributes") or ()),
        )
    if mention in relation_types or not _NAME.match(str(mention)):
        raise InvalidSchema(f"{origin}: mention_relation {mention!r} must be a new plain identifier")
    statuses = {}
    for name, spec in status_raw.items():
        if "factual" not in (spec or {}):
            raise InvalidSchema(f"{origin}: statuses.{name}.factual is missing")
        statuses[name] = bool(spec["factual"])
    if "stated" not in statuses:
        raise InvalidSchema(f"{origin}: statuses must include 'stated'")
    return Schema(entity_types, relation_types, statuses, mention)


@lru_cache(maxsize=1)
def load_schema(path: Path = SCHEMA_PATH) -> Schema:
    """The schema, read once per process."""
    with open(path, encoding="utf-8") as handle:
        return parse_schema(yaml.safe_load(handle), origin=str(path.name))


@lru_cache(maxsize=1)
def ftm_mapping(path: Path = FTM_MAPPING_PATH) -> dict[str, Any]:
    """How the schema's types meet FollowTheMoney's schemata (ftm.yaml), shared by the FtM export and import."""
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)
