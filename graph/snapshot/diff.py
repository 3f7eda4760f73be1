"""What changed between two snapshots (or a snapshot and the live store), as text and as JSON.

Entities are matched by id and connections by key (a key is derived from type and ends, so a connection
that changed type is a removal and an addition). An entity changed when its name, type or aliases did
(`name_before`, `type_before`, `aliases_added`, `aliases_removed`); a connection changed when its evidence
(`evidence_added`, `evidence_removed`) or attributes did. Articles are listed as added or removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.model import Entity, Relation
from graph.schema import load_schema
from graph.snapshot.base import Snapshot
from graph.snapshot.nodelink import evidence_record


@dataclass
class SnapshotDiff:
    """Added, removed and changed entities, connections and articles, from `before` to `after`."""

    before: str
    after: str
    entities: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    connections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    articles: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """Whether nothing at all differs."""
        return not any(items for part in (self.entities, self.connections, self.articles) for items in part.values())

    def to_json(self) -> dict[str, Any]:
        """The diff as JSON-ready data, with counts of each kind of change."""
        counts = {name: {kind: len(items) for kind, items in part.items()}
                  for name, part in (("entities", self.entities), ("connections", self.connections),
                                     ("articles", self.articles))}
        return {"before": self.before, "after": self.after, "counts": counts, "entities": self.entities,
                "connections": self.connections, "articles": self.articles}


def _entity_record(entity: Entity) -> dict[str, Any]:
    """An entity as the diff lists it."""
    return {"id": entity.id, "name": entity.name, "type": entity.type, "aliases": list(entity.aliases)}


def _connection_record(relation: Relation, names: dict[str, str]) -> dict[str, Any]:
    """A connection as the diff lists it, with the names of its ends."""
    return {"key": relation.key, "type": relation.type, "source": relation.source, "target": relation.target,
            "source_name": names.get(relation.source, relation.source),
            "target_name": names.get(relation.target, relation.target), "sources": relation.sources,
            "evidence": len(relation.evidence)}


def diff_snapshots(before: Snapshot, after: Snapshot, before_name: str = "A", after_name: str = "B") -> SnapshotDiff:
    """The differences from `before` to `after`."""
    result = SnapshotDiff(before_name, after_name)
    old_entities, new_entities = before.entity_map(), after.entity_map()
    names = {i: e.name for i, e in old_entities.items()} | {i: e.name for i, e in new_entities.items()}
    changed_entities = []
    for entity_id in sorted(old_entities.keys() & new_entities.keys()):
        old, new = old_entities[entity_id], new_entities[entity_id]
        changes: dict[str, Any] = {}
        if old.name != new.name:
            changes["name_before"] = old.name
        if old.type != new.type:
            changes["type_before"] = old.type
        added, removed = sorted(set(new.aliases) - set(old.aliases)), sorted(set(old.aliases) - set(new.aliases))
        if added:
            changes["aliases_added"] = added
        if removed:
            changes["aliases_removed"] = removed
        if changes:
            changed_entities.append({"id": entity_id, "name": new.name, "type": new.type, **changes})
    result.entities = {
        "added": [_entity_record(new_entities[i]) for i in sorted(new_entities.keys() - old_entities.keys())],
        "removed": [_entity_record(old_entities[i]) for i in sorted(old_entities.keys() - new_entities.keys())],
        "changed": changed_entities,
    }
    old_relations = {r.key: r for r in before.relations}
    new_relations = {r.key: r for r in after.relations}
    changed_relations = []
    for key in sorted(old_relations.keys() & new_relations.keys()):
        old_r, new_r = old_relations[key], new_relations[key]
        old_ev, new_ev = set(old_r.evidence), set(new_r.evidence)
        changes = {}
        if new_ev - old_ev:
            changes["evidence_added"] = [evidence_record(ev) for ev in new_r.evidence if ev not in old_ev]
        if old_ev - new_ev:
            changes["evidence_removed"] = [evidence_record(ev) for ev in old_r.evidence if ev not in new_ev]
        if old_r.attributes != new_r.attributes:
            changes["attributes"] = {"before": old_r.attributes, "after": new_r.attributes}
        if changes:
            record = _connection_record(new_r, names)
            record["sources_before"] = old_r.sources
            changed_relations.append({**record, **changes})
    result.connections = {
        "added": [_connection_record(new_relations[k], names)
                  for k in sorted(new_relations.keys() - old_relations.keys())],
        "removed": [_connection_record(old_relations[k], names)
                    for k in sorted(old_relations.keys() - new_relations.keys())],
        "changed": changed_relations,
    }
    old_articles, new_articles = before.article_map(), after.article_map()

    def article_record(article_id: str) -> dict[str, Any]:
        """An article as the diff lists it."""
        article = new_articles.get(article_id) or old_articles[article_id]
        return {"id": article.id, "title": article.title, "outlet": article.outlet, "published": article.published}

    result.articles = {
        "added": [article_record(i) for i in sorted(new_articles.keys() - old_articles.keys())],
        "removed": [article_record(i) for i in sorted(old_articles.keys() - new_articles.keys())],
    }
    return result


_VISIBLE = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _quoted(text: str) -> str:
    """A string in quotes on one line, control characters shown escaped, so a terminal prints it as text."""
    shown = "".join(_VISIBLE.get(ch, f"\\x{ord(ch):02x}" if ord(ch) < 32 or ord(ch) == 127 else ch) for ch in text)
    return f"\u201c{shown}\u201d"


def diff_text(diff: SnapshotDiff) -> str:
    """The diff for a reader: one line per change, + added, - removed, ~ changed."""
    labels = {name: t.label for name, t in load_schema().relation_types.items()}
    lines = [f"Diff from {diff.before} to {diff.after}"]
    if diff.empty:
        return "\n".join([*lines, "No differences."])
    lines.append("")
    ent = diff.entities
    lines.append(f"Entities: {len(ent['added'])} added, {len(ent['removed'])} removed, {len(ent['changed'])} changed")
    lines += [f"  + {_quoted(e['name'])} ({e['type']}, {e['id']})" for e in ent["added"]]
    lines += [f"  - {_quoted(e['name'])} ({e['type']}, {e['id']})" for e in ent["removed"]]
    for e in ent["changed"]:
        parts = []
        if "name_before" in e:
            parts.append(f"renamed from {_quoted(e['name_before'])}")
        if "type_before" in e:
            parts.append(f"type {e['type_before']} -> {e['type']}")
        if "aliases_added" in e:
            parts.append("new aliases " + ", ".join(_quoted(a) for a in e["aliases_added"]))
        if "aliases_removed" in e:
            parts.append("aliases gone " + ", ".join(_quoted(a) for a in e["aliases_removed"]))
        lines.append(f"  ~ {_quoted(e['name'])} ({e['id']}): " + "; ".join(parts))
    con = diff.connections
    lines += ["", f"Connections: {len(con['added'])} added, {len(con['removed'])} removed, "
                  f"{len(con['changed'])} changed"]

    def connection(c: dict[str, Any]) -> str:
        """"A" label "B" for one connection."""
        return f"{_quoted(c['source_name'])} {labels.get(c['type'], c['type'])} {_quoted(c['target_name'])}"

    lines += [f"  + {connection(c)} ({c['sources']} source{'s' * (c['sources'] != 1)})" for c in con["added"]]
    lines += [f"  - {connection(c)}" for c in con["removed"]]
    for c in con["changed"]:
        lines.append(f"  ~ {connection(c)}: sources {c['sources_before']} -> {c['sources']}")
        lines += [f"      + {_quoted(ev['sentence'])}" for ev in c.get("evidence_added", [])]
        lines += [f"      - {_quoted(ev['sentence'])}" for ev in c.get("evidence_removed", [])]
        if "attributes" in c:
            lines.append(f"      attributes {c['attributes']['before']} -> {c['attributes']['after']}")
    art = diff.articles
    lines += ["", f"Articles: {len(art['added'])} added, {len(art['removed'])} removed"]
    lines += [f"  + {_quoted(a['title'])}" + (f" ({a['outlet']})" if a["outlet"] else "") for a in art["added"]]
    lines += [f"  - {_quoted(a['title'])}" + (f" ({a['outlet']})" if a["outlet"] else "") for a in art["removed"]]
    return "\n".join(lines)
