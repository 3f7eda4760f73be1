"""A Cypher script that recreates a snapshot with MERGE, using literals only (no parameters).

Every statement sits on one line and ends with `;`: string literals escape backslash, quote and line
breaks, so no line break can occur inside one. The script runs in Neo4j (cypher-shell, Browser) and in
the embedded store (`run_script`). Nodes and relationships that already exist are matched, not changed.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from graph.errors import InvalidData
from graph.model import relation_status
from graph.snapshot.base import ARTICLE_FIELDS, Snapshot, relation_confidence
from graph.snapshot.registry import SnapshotFormat
from graph.store.base import GraphStore
from graph.store.cypher import checked_entity_type, checked_relation_type, entity_keys

ROWS_PER_STATEMENT = 200
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_PLAIN_KEYS = {"id", "name", "type", "aliases", "keys", "search", "key", "sources", "confidence", "status",
               "source", "target", "props", *ARTICLE_FIELDS}


def quote_string(text: str) -> str:
    """A single-quoted Cypher string literal: backslash, quote and line breaks escaped.

    Other control characters are kept as they are (both Neo4j and FalkorDB read them inside a literal);
    NUL cannot be written in a literal FalkorDB reads, so it is refused.
    """
    if "\x00" in text:
        raise InvalidData("a string holds a NUL character, which a Cypher literal cannot carry everywhere")
    return "'" + "".join(_ESCAPES.get(ch, ch) for ch in text) + "'"


def _key(name: str) -> str:
    """A map key as Cypher: Threadline's own keys plain, relation attributes in backticks."""
    return name if name in _PLAIN_KEYS or name.startswith("ev_") else f"`{name}`"


def literal(value: Any) -> str:
    """Any JSON-like value as a Cypher literal."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidData(f"{value!r} cannot be written as a Cypher literal")
        return repr(value)
    if isinstance(value, str):
        return quote_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(str(k))}: {literal(v)}" for k, v in value.items()) + "}"
    raise InvalidData(f"cannot write {type(value).__name__} as a Cypher literal")


def _chunks(rows: list[Any]) -> Iterator[list[Any]]:
    """The rows in slices of ROWS_PER_STATEMENT, one statement each."""
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        yield rows[start:start + ROWS_PER_STATEMENT]


def statements(snapshot: Snapshot) -> Iterator[str]:
    """The script's statements, each one line without its `;`: articles, entities, MENTIONS, relations."""
    articles = [{"id": a.id, **{f: getattr(a, f) for f in ARTICLE_FIELDS if getattr(a, f) is not None}}
                for a in snapshot.articles]
    for rows in _chunks(articles):
        yield f"UNWIND {literal(rows)} AS row MERGE (a:Article {{id: row.id}}) ON CREATE SET a += row"
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in snapshot.entities:
        keys = entity_keys(e)
        by_type[checked_entity_type(e.type)].append({"id": e.id, "name": e.name, "type": e.type,
                                                     "aliases": list(e.aliases), "keys": keys,
                                                     "search": "".join(" " + k for k in keys)})
    for etype, entity_rows in sorted(by_type.items()):
        for rows in _chunks(entity_rows):
            yield (f"UNWIND {literal(rows)} AS row MERGE (n:Entity:{etype} {{id: row.id}}) "
                   "ON CREATE SET n.name = row.name, n.type = row.type, n.aliases = row.aliases, n.keys = row.keys, "
                   "n.search = row.search")
    for rows in _chunks([list(pair) for pair in snapshot.mentions]):
        yield (f"UNWIND {literal(rows)} AS row MATCH (a:Article {{id: row[0]}}) MATCH (n:Entity {{id: row[1]}}) "
               "MERGE (a)-[:MENTIONS]->(n)")
    by_relation: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in snapshot.relations:
        props: dict[str, Any] = {"key": r.key, **r.attributes, "sources": r.sources,
                                 "confidence": relation_confidence(r), "status": relation_status(r)}
        props |= {"ev_article": [ev.article_id for ev in r.evidence], "ev_sentence": [ev.sentence for ev in r.evidence],
                  "ev_start": [ev.start for ev in r.evidence], "ev_end": [ev.end for ev in r.evidence],
                  "ev_extractor": [ev.extractor for ev in r.evidence], "ev_version": [ev.version for ev in r.evidence],
                  "ev_confidence": [float(ev.confidence) for ev in r.evidence],
                  "ev_status": [ev.status for ev in r.evidence], "ev_page": [ev.page or 0 for ev in r.evidence]}
        by_relation[checked_relation_type(r.type)].append({"source": r.source, "target": r.target, "key": r.key,
                                                           "props": props})
    for rtype, relation_rows in sorted(by_relation.items()):
        for rows in _chunks(relation_rows):
            yield (f"UNWIND {literal(rows)} AS row MATCH (s:Entity {{id: row.source}}) "
                   f"MATCH (t:Entity {{id: row.target}}) MERGE (s)-[x:{rtype} {{key: row.key}}]->(t) "
                   "ON CREATE SET x += row.props")


def render_cypher(snapshot: Snapshot) -> bytes:
    """The script: a short comment header, then one statement per line."""
    counts = snapshot.counts()
    header = [
        "// Threadline snapshot: " + ", ".join(f"{n} {name}" for name, n in counts.items()),
        "// One statement per line, each ending with ';'. Existing nodes and relationships are matched, not changed.",
    ]
    return ("\n".join(header + [s + ";" for s in statements(snapshot)]) + "\n").encode("utf-8")


def script_statements(script: str) -> list[str]:
    """The statements of a script written by `render_cypher`: its non-comment lines, without the `;`."""
    out = []
    for line in script.split("\n"):  # not splitlines(): U+2028 and friends may sit inside a literal
        text = line.strip()
        if text and not text.startswith("//"):
            out.append(text.removesuffix(";"))
    return out


def run_script(store: GraphStore, script: str, timeout: float = 300.0) -> int:
    """Run a script statement by statement as writes; returns how many statements ran."""
    found = script_statements(script)
    for statement in found:
        store.run(statement, write=True, timeout=timeout)
    return len(found)


FORMAT = SnapshotFormat("cypher", "Cypher script (MERGE statements)", 50, ".cypher", write=render_cypher)
