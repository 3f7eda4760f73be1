"""Merge the extractions of a long document's chunks into one document-level `Extraction`.

Each chunk was extracted on its own, with offsets inside the chunk and local ids `e1`, `e2`, ... of its own.
Here offsets move by the chunk's start, and entities join across chunks the way in-document resolution joins
mentions: the same type and the same folded name or alias, or a person's lone surname after the full name
("Jane Doe" ... "Doe"). Two entities of one chunk never join: its own resolution kept them apart. The merged
entity is named by its fullest form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.model import ExtractedEntity, ExtractedRelation, Extraction, name_key


@dataclass
class _Group:
    """One document-level entity: the chunk entities joined into it."""

    type: str
    members: list[ExtractedEntity] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    parts: set[int] = field(default_factory=set)  # which parts it holds entities of

    def entity(self, local_id: str) -> ExtractedEntity:
        best = max(self.members, key=lambda e: (len(name_key(e.name).split()), e.mentions, -self.members.index(e)))
        names = {e.name for e in self.members} | {a for e in self.members for a in e.aliases}
        names.discard(best.name)
        return ExtractedEntity(local_id, best.name, self.type, tuple(sorted(names)),
                               sum(e.mentions for e in self.members))


def _keys(entity: ExtractedEntity) -> set[str]:
    return {k for k in (name_key(n) for n in (entity.name, *entity.aliases)) if k}


def _surname_group(entity: ExtractedEntity, groups: list[_Group], part: int) -> int:
    """The index of the one earlier person whose full name ends with this one-word name, else -1."""
    key = name_key(entity.name)
    if entity.type != "Person" or not key or " " in key:
        return -1
    found = [n for n, g in enumerate(groups) if g.type == "Person" and any(k.endswith(" " + key) for k in g.keys)]
    return found[0] if len(found) == 1 and part not in groups[found[0]].parts else -1


def merge_extractions(parts: list[tuple[int, Extraction]]) -> Extraction:
    """One `Extraction` from `(chunk start, chunk extraction)` pairs in text order; a single part starting at 0
    is returned as it is."""
    if len(parts) == 1 and parts[0][0] == 0:
        return parts[0][1]
    groups: list[_Group] = []
    by_key: dict[tuple[str, str], int] = {}
    relations: dict[tuple[str, int, int, int], tuple[ExtractedRelation, int, int, int]] = {}
    for part, (offset, extraction) in enumerate(parts):
        local: dict[str, int] = {}
        for entity in extraction.entities:
            keys = _keys(entity)
            # entities the part's own resolution kept apart stay apart
            n = next((by_key[(entity.type, k)] for k in sorted(keys)
                      if (entity.type, k) in by_key and part not in groups[by_key[(entity.type, k)]].parts), -1)
            if n < 0:
                n = _surname_group(entity, groups, part)
            if n < 0:
                n = len(groups)
                groups.append(_Group(entity.type))
            groups[n].members.append(entity)
            groups[n].keys |= keys
            groups[n].parts.add(part)
            for k in keys:
                by_key.setdefault((entity.type, k), n)
            local[entity.id] = n
        for rel in extraction.relations:
            source, target = local.get(rel.source, -1), local.get(rel.target, -1)
            if source < 0 or target < 0 or source == target:
                continue  # two ends that turned out to be one entity say nothing
            relations[(rel.type, source, target, rel.start + offset)] = (rel, offset, source, target)
    entities = tuple(g.entity(f"e{n}") for n, g in enumerate(groups, start=1))
    out = tuple(
        ExtractedRelation(r.type, f"e{source + 1}", f"e{target + 1}", r.evidence, r.start + offset, r.end + offset,
                          r.confidence, dict(r.attributes), r.status)
        for r, offset, source, target in relations.values()
    )
    first = parts[0][1]
    return Extraction(entities, out, first.extractor, first.version)
