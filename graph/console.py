"""The Cypher console without its page: saved queries, parameters, and a result as a graph, a table, CSV or JSON.

The Query page and the CLI both use it, so a result reads the same in either.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from graph.model import Entity, Relation, Subgraph
from graph.spreadsheet import neutralise
from graph.store.base import CUT_MEMORY, EdgeValue, NodeValue, PathValue, QueryResult, to_plain

CANNED_PATH = Path(__file__).with_name("canned_queries.yaml")
EXAMPLE_QUERY = "MATCH (n:Entity) RETURN n.name AS name, n.type AS type LIMIT 25"
"""What the Cypher console shows before anyone types."""


@dataclass(frozen=True)
class CannedParameter:
    """A named parameter of a canned query, shown as a form field."""

    name: str
    label: str
    kind: str = "text"  # text, int or float
    default: Any = ""


@dataclass(frozen=True)
class CannedQuery:
    """A named, described, saved Cypher query whose parameters become form fields."""

    name: str
    description: str
    cypher: str
    parameters: tuple[CannedParameter, ...] = ()


@lru_cache(maxsize=4)
def canned_queries(path: Path = CANNED_PATH) -> tuple[CannedQuery, ...]:
    """The saved queries, read once from their YAML file (a data change adds one, not a code change)."""
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle) or []
    out = []
    for item in raw:
        params = tuple(
            CannedParameter(p["name"], p.get("label", p["name"]), p.get("type", "text"), p.get("default", ""))
            for p in item.get("parameters") or ()
        )
        out.append(CannedQuery(item["name"], item["description"], item["cypher"].strip(), params))
    return tuple(out)


def parse_parameters(text: str) -> dict[str, Any]:
    """The console's parameters, given as a JSON object; a clear ValueError otherwise."""
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"parameters are not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except (ValueError, RecursionError):  # a number of thousands of digits, arrays nested past the stack
        raise ValueError("parameters are not valid JSON: a number too long or nesting too deep") from None
    if not isinstance(value, dict):
        raise ValueError("parameters must be a JSON object, such as {\"name\": \"Thermo Fisher\"}")
    return value


def _graph_values(value: Any) -> Iterable[NodeValue | EdgeValue]:
    """Every node and relationship inside a query value (paths, lists and maps included)."""
    if isinstance(value, NodeValue | EdgeValue):
        yield value
    elif isinstance(value, PathValue):
        yield from value.nodes
        yield from value.edges
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _graph_values(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _graph_values(item)


def _node_entity(node: NodeValue) -> Entity:
    """A returned node as an `Entity` (articles become entities of type Article, drawn grey)."""
    props = node.properties
    if "Article" in node.labels:
        return Entity(str(props.get("id", node.id)), str(props.get("title") or "article"), "Article")
    kind = str(props.get("type") or next((lb for lb in node.labels if lb != "Entity"), "Entity"))
    return Entity(str(props.get("id", node.id)), str(props.get("name", node.id)), kind,
                  tuple(str(a) for a in props.get("aliases") or ()))


def _edge_relation(edge: EdgeValue, ends: Mapping[str, str]) -> Relation:
    """A returned relationship as a `Relation` with its evidence when it carries Threadline's properties."""
    from graph.store.cypher import relation_from_row

    props = dict(edge.properties)
    source, target = ends[edge.start], ends[edge.end]
    if "key" in props:
        try:
            return relation_from_row({"props": props, "type": edge.type, "source": source, "target": target})
        except (TypeError, ValueError, KeyError):
            pass
    return Relation(key=f"edge-{edge.id}", type=edge.type, source=source, target=target,
                    attributes={k: str(v) for k, v in props.items() if not k.startswith("ev_")})


def result_subgraph(result: QueryResult) -> tuple[Subgraph, int]:
    """The nodes and relationships a query returned, as a drawable subgraph, and how many edges lack an end."""
    nodes: dict[str, NodeValue] = {}
    edges: dict[str, EdgeValue] = {}
    for row in result.rows:
        for value in _graph_values(list(row)):
            if isinstance(value, NodeValue):
                nodes.setdefault(value.id, value)
            else:
                edges.setdefault(value.id, value)
    entities = {n.id: _node_entity(n) for n in nodes.values()}
    ends = {backend_id: entity.id for backend_id, entity in entities.items()}
    relations = [_edge_relation(e, ends) for e in edges.values() if e.start in ends and e.end in ends]
    dangling = len(edges) - len(relations)
    return Subgraph(tuple(entities.values()), tuple(relations)), dangling


def result_rows(result: QueryResult) -> list[list[Any]]:
    """A query result's cells as JSON-ready values (nodes, relationships and paths become dicts)."""
    return [[to_plain(v) for v in row] for row in result.rows]


def _cell(value: Any) -> str:
    """A cell as text: strings as they are, anything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def result_table(result: QueryResult) -> list[dict[str, str]]:
    """Rows for a table widget: one dict per row, every cell as text."""
    columns = _unique_columns(result.columns)
    return [dict(zip(columns, (_cell(v) for v in row), strict=True)) for row in result_rows(result)]


def _unique_columns(columns: Sequence[str]) -> list[str]:
    """Column names made unique (a table widget needs distinct keys)."""
    seen: dict[str, int] = {}
    out = []
    for column in columns:
        seen[column] = seen.get(column, 0) + 1
        out.append(column if seen[column] == 1 else f"{column} ({seen[column]})")
    return out


def _csv_cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as written: finite numbers as numbers (they come from the query, not from
    an article), all other text neutralised (graph/spreadsheet.py), so `-2+3` from an article stays text."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return json.dumps(value)
    return neutralise(_cell(value))


def result_csv(result: QueryResult) -> str:
    """A query result as CSV for spreadsheets: a header row, then one line per row; complex cells as JSON, and
    no cell that a spreadsheet would run as a formula (`restore` gives back each text exactly)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(c) for c in result.columns])
    writer.writerows([_csv_cell(v) for v in row] for row in result_rows(result))
    return buffer.getvalue()


def result_json(result: QueryResult) -> str:
    """A query result as JSON, values exactly as stored: columns, rows, and whether (and why) it was cut."""
    return json.dumps({"columns": list(result.columns), "rows": result_rows(result), "truncated": result.truncated,
                       "cut": result.cut, "limit": result.limit, "max_bytes": result.max_bytes},
                      ensure_ascii=False, indent=2, default=str)


def cut_message(result: QueryResult, raise_limit: str = "raise the row limit") -> str | None:
    """What to tell the reader when a result was cut, and why (rows or memory); None when it was not."""
    if not result.truncated:
        return None
    if result.cut == CUT_MEMORY:
        bound = f" ({result.max_bytes / 2**20:g} MB)" if result.max_bytes else ""
        kept = f"the first {len(result.rows):,} rows are shown" if result.rows else "no rows are shown"
        return (f"Cut for memory: the answer grew past the console's bound{bound} while it arrived, so {kept}. "
                "Return fewer or smaller values: a LIMIT, size(list) instead of the list, properties instead of "
                "whole nodes.")
    return (f"Truncated: only the first {result.limit:,} rows are shown; the query returned more. "
            f"To see the rest, {raise_limit} or add a LIMIT.")
