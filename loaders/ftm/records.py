"""FollowTheMoney entities (JSON lines, as Aleph and OpenSanctions export them) as cited records.

Parties (Person, Company, Organization, LegalEntity, PublicBody) become entities named by their first
`name`, with their other names and `ftm:<id>` as aliases, so a later import finds them again by FtM id.
Links (Ownership, Directorship, Employment, Membership, Payment, Sanction, UnknownLink) become relations
by graph/ftm.yaml, the same file the FtM export writes with. What cannot be imported is listed with why.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from followthemoney import model
from followthemoney.exc import FollowTheMoneyException
from followthemoney.proxy import EntityProxy

from graph.schema import ftm_mapping, load_schema
from loaders.records import Party, Record, relation_label

ALIAS_PREFIX = "ftm:"


@dataclass
class FtmRecords:
    """A dataset's records, what was left out (citation, reason) and the schemata not imported, counted."""

    records: list[Record] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    bad_lines: list[tuple[str, str]] = field(default_factory=list)
    not_imported: Counter[str] = field(default_factory=Counter)


def ftm_alias(ftm_id: str) -> str:
    """The alias that keeps an entity's FtM id."""
    return f"{ALIAS_PREFIX}{ftm_id}"


def read_proxies(lines: Iterable[str], dataset: str, out: FtmRecords) -> dict[str, tuple[int, EntityProxy]]:
    """Parse and check every line with FtM's model: id -> (line number, entity); bad lines go to `out`."""
    proxies: dict[str, tuple[int, EntityProxy]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{dataset}, line {number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            out.bad_lines.append((where, f"not JSON ({exc.msg} at column {exc.colno})"))
            continue
        if not isinstance(data, dict) or not data.get("id") or not data.get("schema"):
            out.bad_lines.append((where, "not an FtM entity (an object with id, schema and properties)"))
            continue
        if model.get(str(data["schema"])) is None:
            out.bad_lines.append((where, f"unknown FtM schema {data['schema']!r}"))
            continue
        try:
            proxy = model.get_proxy(data, cleaned=False)
        except (FollowTheMoneyException, TypeError, ValueError, AttributeError) as exc:
            out.bad_lines.append((where, f"not a valid FtM entity ({exc})"))
            continue
        proxies[str(proxy.id)] = (number, proxy)
    return proxies


def _squeezed(values: Iterable[str]) -> list[str]:
    """Values with white space squeezed and empty ones dropped, so a record stays one line."""
    return [v for v in (" ".join(value.split()) for value in values) if v]


def _party(proxy: EntityProxy) -> Party | None:
    """The entity an FtM party stands for, or None for a schema Threadline does not import."""
    entity_type = ftm_mapping()["import_entities"].get(proxy.schema.name)
    names = _squeezed(proxy.get("name", quiet=True))
    if entity_type is None or not names:
        return None
    aliases = [*names[1:], *_squeezed(proxy.get("alias", quiet=True)), ftm_alias(str(proxy.id))]
    return Party(names[0], entity_type, tuple(dict.fromkeys(aliases)), key=str(proxy.id))


def _first(proxy: EntityProxy, prop: str) -> str | None:
    values = _squeezed(proxy.get(prop, quiet=True))
    return values[0] if values else None


def _details(proxy: EntityProxy, props: Iterable[str]) -> str:
    """A few of a link's properties in words: ` (role: director; from 2019-01-01)`."""
    parts = [f"{p}: {'; '.join(_squeezed(proxy.get(p, quiet=True)))}" for p in props
             if _squeezed(proxy.get(p, quiet=True))]
    start, end = _first(proxy, "startDate"), _first(proxy, "endDate")
    if start or end:
        parts.append(f"{start or '?'} to {end or 'now'}" if end else f"from {start}")
    return f" ({'; '.join(parts)})" if parts else ""


def _unknown_link_type(proxy: EntityProxy) -> str | None:
    """The relation type an UnknownLink's role names (the export writes the relation's label there)."""
    schema = load_schema()
    for role in proxy.get("role", quiet=True):
        wanted = role.casefold()
        for name, spec in schema.relation_types.items():
            if wanted in (name.casefold(), spec.label.casefold()):
                return name
    return None


def link_record(proxy: EntityProxy, parties: dict[str, Party], citation: str) -> Record:
    """The record of one FtM link; `ValueError` says why it cannot be one."""
    schema_name = proxy.schema.name
    attributes: dict[str, str] = {}
    relation: str | None
    if schema_name == "Sanction":
        authority = _first(proxy, "authority")
        if not authority:
            raise ValueError("a Sanction without an authority; Threadline needs who sanctioned")
        source = Party(" ".join(authority.split()), "GovernmentBody")
        relation, target_id = "SANCTIONED", _first(proxy, "entity")
        details = _details(proxy, ("program", "reason"))
        ends = [(source, None), (None, target_id)]
    else:
        mapped = ftm_mapping()["import_links"].get(schema_name)
        if mapped is None:
            raise ValueError(f"{schema_name} has no Threadline relation")
        relation, source_prop, target_prop = mapped
        if relation is None:
            relation = _unknown_link_type(proxy)
            if relation is None:
                roles = ", ".join(proxy.get("role", quiet=True)) or "none"
                raise ValueError(f"an UnknownLink whose role ({roles}) names no Threadline relation")
        if relation == "HAS_ROLE_AT":
            role = _first(proxy, "role") or ftm_mapping()["default_roles"].get(schema_name)
            if role:
                attributes["role"] = role
        details = _details(proxy, ("percentage", "amount", "currency"))
        ends = [(None, _first(proxy, source_prop)), (None, _first(proxy, target_prop))]
    resolved: list[Party] = []
    for given, ftm_id in ends:
        party = given or (parties.get(ftm_id) if ftm_id else None)
        if party is None:
            raise ValueError(f"its end {ftm_id or '(none)'} is not a person, company, organisation or public body "
                             "imported from this file")
        resolved.append(party)
    source, target = resolved
    if source.group == target.group:
        raise ValueError("both ends are the same entity")
    if not load_schema().relation_types[relation].allows(source.type, target.type):
        raise ValueError(f"{relation} cannot run from a {source.type} to a {target.type}")
    role = f" (role: {attributes['role']})" if "role" in attributes else ""
    statement = f"{source.name} {relation_label(relation)} {target.name}{role}{details}"
    return Record(citation, statement, (source, target), relation, attributes)


def ftm_records(lines: Iterable[str], dataset: str) -> FtmRecords:
    """Every party and link of an FtM file as records, parties first, in file order."""
    out = FtmRecords()
    proxies = read_proxies(lines, dataset, out)
    parties: dict[str, Party] = {}
    links: list[tuple[int, EntityProxy]] = []
    for ftm_id, (number, proxy) in proxies.items():
        party = _party(proxy)
        if party is not None:
            parties[ftm_id] = party
            others = [a for a in party.aliases if not a.startswith(ALIAS_PREFIX)]
            also = f" (also: {'; '.join(others)})" if others else ""
            out.records.append(Record(f"{dataset}, {proxy.schema.name} {ftm_id}", f"{party.name}{also}", (party,)))
        elif proxy.schema.name in ftm_mapping()["import_entities"]:
            out.skipped.append((f"{dataset}, line {number} ({proxy.schema.name} {ftm_id})", "it has no name"))
        elif proxy.schema.name in (*ftm_mapping()["import_links"], *ftm_mapping()["unmapped_links"], "Sanction"):
            links.append((number, proxy))
        else:
            out.not_imported[proxy.schema.name] += 1
    for number, proxy in links:
        citation = f"{dataset}, {proxy.schema.name} {proxy.id}"
        try:
            out.records.append(link_record(proxy, parties, citation))
        except ValueError as exc:
            out.skipped.append((f"{dataset}, line {number} ({proxy.schema.name} {proxy.id})", str(exc)))
    return out
