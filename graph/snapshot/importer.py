"""Read snapshot files (json, graphml, csv, bundle) and merge them into a store through `write_article`.

The merge is idempotent: the snapshot is cut into one `ArticleGraph` per article (the entities it mentions,
the relations with that article's evidence) and written by the store's own one-transaction path, which
merges nodes by id, adds new aliases, and adds an article's evidence to an edge only once. So importing
twice changes nothing, and evidence from different articles is unioned. An entity already stored under
another type keeps its stored type (reported), as ingest does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from graph.errors import InvalidData
from graph.model import Entity, Relation
from graph.snapshot.base import Snapshot, check_snapshot
from graph.snapshot.bundle import read_folder_or_zip
from graph.snapshot.registry import SnapshotFormat, get_format, import_formats
from graph.store.base import ArticleGraph, GraphStore
from graph.store.cypher import checked_entity_type, entity_keys

_CHUNK = 5000

# Entities that no article of the snapshot mentions (left by a redaction) cannot ride on an article's
# write; they are merged like `write_article` merges entities: created once, new aliases and keys added.
MERGE_ENTITIES = """UNWIND $rows AS e
MERGE (n:Entity:{etype} {{id: e.id}})
ON CREATE SET n.name = e.name, n.type = e.type, n.aliases = e.aliases, n.keys = e.keys, n.search = e.search
WITH n, [x IN e.aliases WHERE NOT x IN n.aliases AND x <> n.name] AS aliases,
     [k IN e.keys WHERE NOT k IN n.keys] AS keys
WHERE size(aliases) > 0 OR size(keys) > 0
SET n.aliases = n.aliases + aliases, n.keys = n.keys + keys,
    n.search = n.search + reduce(s = '', k IN keys | s + ' ' + k)"""


def _choices() -> str:
    """What import reads, in words, for an error message."""
    readable = import_formats()
    suffixes = ", ".join(s for f in readable for s in f.read_suffixes[:1])
    return f"{', '.join(f.name for f in readable)} ({suffixes}, a folder or a .zip)"


def detect_format(path: Path) -> str:
    """The name of the importable format a path holds, from its kind, name and first bytes."""
    readable = import_formats()
    if path.is_dir() or path.suffix.lower() == ".zip":
        names = set(read_folder_or_zip(path)) if path.exists() else set()
        for spec in readable:
            if spec.read_files is not None and spec.marker_files <= names:
                return spec.name
        described = [f.describe_files for f in readable if f.read_files is not None]
        raise InvalidData(f"{path}: neither {' nor '.join(described)}")
    suffix = path.suffix.lower()
    for spec in readable:
        if spec.read is not None and suffix in spec.read_suffixes:
            return spec.name
    head = path.read_bytes()[:200].lstrip()
    for spec in readable:
        if spec.read is not None and spec.sniff and head.startswith(spec.sniff):
            return spec.name
    raise InvalidData(f"{path}: cannot tell the format; import reads {_choices()}")


def read_snapshot(path: Path | str) -> Snapshot:
    """Read any importable snapshot file or folder."""
    path = Path(path)
    if not path.exists():
        raise InvalidData(f"{path}: no such file or folder")
    spec: SnapshotFormat = get_format(detect_format(path))
    if spec.read is not None and not (path.is_dir() or path.suffix.lower() == ".zip"):
        return spec.read(path.read_bytes(), str(path))
    if spec.read_files is None:
        raise InvalidData(f"{path}: {spec.name} is read from a single file")
    return spec.read_files(read_folder_or_zip(path), str(path))


@dataclass
class ImportReport:
    """What an import wrote; `kept_types` names entities whose stored type differed and was kept."""

    articles: int = 0
    entities: int = 0
    connections: int = 0
    evidence: int = 0
    mentions: int = 0
    skipped_without_evidence: int = 0
    kept_types: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the CLI."""
        text = (f"{self.articles} articles, {self.entities} entities, {self.connections} connections with "
                f"{self.evidence} supporting sentences, {self.mentions} mentions merged")
        if self.kept_types:
            text += f"; {len(self.kept_types)} entities kept their stored type"
        if self.skipped_without_evidence:
            text += f"; {self.skipped_without_evidence} connections without evidence skipped"
        return text


def _stored(store: GraphStore, ids: list[str]) -> dict[str, Entity]:
    """The entities the store already holds among these ids."""
    found: dict[str, Entity] = {}
    for start in range(0, len(ids), _CHUNK):
        found.update({e.id: e for e in store.get_entities(ids[start:start + _CHUNK])})
    return found


def _merge_entities(store: GraphStore, entities: list[Entity]) -> None:
    """Merge entities no article carries, by type, in batches."""
    by_type: dict[str, list[dict[str, object]]] = defaultdict(list)
    for e in entities:
        keys = entity_keys(e)
        by_type[checked_entity_type(e.type)].append({
            "id": e.id, "name": e.name, "type": e.type, "aliases": [a for a in e.aliases if a != e.name],
            "keys": keys, "search": "".join(" " + k for k in keys),
        })
    for etype, rows in sorted(by_type.items()):
        for start in range(0, len(rows), _CHUNK):
            store.run(MERGE_ENTITIES.format(etype=etype), {"rows": rows[start:start + _CHUNK]}, write=True,
                      timeout=300.0)


def import_snapshot(store: GraphStore, source: Path | str | Snapshot) -> ImportReport:
    """Merge a snapshot (or a snapshot file) into the store, one `write_article` per article."""
    snapshot = source if isinstance(source, Snapshot) else read_snapshot(source)
    check_snapshot(snapshot)
    report = ImportReport()
    stored = _stored(store, [e.id for e in snapshot.entities])
    entities: dict[str, Entity] = {}
    for entity in snapshot.entities:
        kept = stored.get(entity.id)
        if kept is not None and kept.type != entity.type:
            report.kept_types.append(entity.id)
            entity = replace(entity, type=kept.type)
        entities[entity.id] = entity
    mentioned: dict[str, list[Entity]] = defaultdict(list)
    for article_id, entity_id in snapshot.mentions:
        mentioned[article_id].append(entities[entity_id])
    orphans = sorted(set(entities) - {e for _, e in snapshot.mentions})
    if orphans:
        _merge_entities(store, [entities[i] for i in orphans])
    cited: dict[str, list[Relation]] = defaultdict(list)
    for relation in snapshot.relations:
        if not relation.evidence:
            report.skipped_without_evidence += 1
            continue
        by_article: dict[str, list] = defaultdict(list)
        for ev in relation.evidence:
            by_article[ev.article_id].append(ev)
        for article_id, evidence in by_article.items():
            cited[article_id].append(replace(relation, evidence=tuple(evidence)))
    # An edge is written with an article only once both its ends exist; ends mentioned by a later article
    # wait for a second pass, when every entity has been written.
    present = set(stored) | set(orphans)
    waiting: list[ArticleGraph] = []
    for article in snapshot.articles:
        batch_entities = tuple(mentioned.get(article.id, ()))
        present |= {e.id for e in batch_entities}
        ready = [r for r in cited.get(article.id, ()) if r.source in present and r.target in present]
        later = [r for r in cited.get(article.id, ()) if not (r.source in present and r.target in present)]
        store.write_article(ArticleGraph(article, batch_entities, tuple(ready)))
        if later:
            waiting.append(ArticleGraph(article, (), tuple(later)))
    for batch in waiting:
        store.write_article(batch)
    report.articles = len(snapshot.articles)
    report.entities = len(entities)
    report.connections = len(snapshot.relations) - report.skipped_without_evidence
    report.evidence = sum(len(r.evidence) for r in snapshot.relations)
    report.mentions = len(snapshot.mentions)
    return report
