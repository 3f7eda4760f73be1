"""Cross-document resolution: map one article's extracted entities onto the graph's entities.

Rule (docs/RESOLUTION.md): an extracted entity joins a stored one when one of its names matches one
of the stored entity's names after folding (case, accents, punctuation, leading article, corporate
suffix) and their types are compatible; people match only on full names. Otherwise it is new, with
an id derived from its type and name, so two articles that introduce it agree on the id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from graph.errors import InvalidData
from graph.model import (
    Article,
    Entity,
    Evidence,
    ExtractedEntity,
    Extraction,
    Relation,
    name_key,
    relation_key,
    stable_id,
)
from graph.schema import load_schema
from graph.store.base import ArticleGraph

RULES_PATH = Path(__file__).parent / "data" / "resolution.yaml"


@dataclass(frozen=True)
class Rules:
    corporate_suffixes: frozenset[str]
    compatible: dict[str, frozenset[str]]
    person_min_words: int


@lru_cache(maxsize=1)
def load_rules(path: Path = RULES_PATH) -> Rules:
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return Rules(
        corporate_suffixes=frozenset(raw["corporate_suffixes"]),
        compatible={k: frozenset(v) for k, v in raw["compatible_types"].items()},
        person_min_words=int(raw["person_min_words"]),
    )


def match_key(name: str, entity_type: str, rules: Rules | None = None) -> str:
    """The form a name is compared in across articles; "" when it must not be used to match."""
    rules = rules or load_rules()
    words = name_key(name).split()
    if entity_type == "Person":
        return " ".join(words) if len(words) >= rules.person_min_words else ""
    while len(words) > 1 and words[-1] in rules.corporate_suffixes:
        words.pop()
    return " ".join(words)


def compatible(a: str, b: str, rules: Rules | None = None) -> bool:
    """Whether entities typed `a` and `b` may be one entity."""
    rules = rules or load_rules()
    return a == b or b in rules.compatible.get(a, ()) or a in rules.compatible.get(b, ())


def _keys(entity: ExtractedEntity | Entity, rules: Rules) -> set[str]:
    keys = {match_key(n, entity.type, rules) for n in (entity.name, *entity.aliases)}
    keys.discard("")
    return keys


def _pick(candidates: Iterable[Entity], extracted: ExtractedEntity, keys: set[str], rules: Rules) -> Entity | None:
    """The best stored match: most shared names, then same type, then the smallest id."""
    best: tuple[int, int, str] | None = None
    chosen = None
    for candidate in candidates:
        if not compatible(candidate.type, extracted.type, rules):
            continue
        shared = len(keys & _keys(candidate, rules))
        if not shared:
            continue
        rank = (-shared, candidate.type != extracted.type, candidate.id)
        if best is None or rank < best:
            best, chosen = rank, candidate
    return chosen


def _more_specific(a: str, b: str, rules: Rules) -> str:
    return b if b in rules.compatible.get(a, ()) else a


def resolve(
    article: Article,
    extraction: Extraction,
    lookup: Callable[[Iterable[str]], dict[str, list[Entity]]],
) -> ArticleGraph:
    """Turn an article's extraction into the entities and relations to write, matched to the graph.

    `lookup` is the store's: folded names -> stored entities carrying them.
    """
    rules = load_rules()
    schema = load_schema()
    for entity in extraction.entities:
        if entity.type not in schema.entity_types:
            raise InvalidData(f"{article.source or article.id}: entity {entity.name!r} has unknown type "
                              f"{entity.type!r}", {"entities.type": entity.type})
    wanted = set()
    for entity in extraction.entities:
        wanted |= _keys(entity, rules)
    stored = lookup(wanted)
    stored_ids = {e.id for found in stored.values() for e in found}
    resolved: dict[str, Entity] = {}  # final id -> entity to write
    resolved_by_key: dict[str, set[str]] = {}  # match key -> final ids, so matching within the article is not O(n^2)
    local_to_final: dict[str, str] = {}
    for extracted in extraction.entities:
        keys = _keys(extracted, rules)
        candidates = {e.id: e for k in keys for e in stored.get(k, [])}
        match = _pick(candidates.values(), extracted, keys, rules)
        if match is None:
            # Another entity of this same article may already stand for it (e.g. "HRW" and "Human Rights Watch").
            sharing = {i for k in keys for i in resolved_by_key.get(k, ())}
            match = _pick((resolved[i] for i in sorted(sharing)), extracted, keys, rules)
        if match is not None:
            final_id, name = match.id, match.name
            # A stored entity keeps its type; one first seen in this article may still be made more specific.
            stored_already = final_id in stored_ids
            entity_type = match.type if stored_already else _more_specific(match.type, extracted.type, rules)
            previous = resolved.get(final_id, match)
            aliases = (*previous.aliases, *(a for a in (extracted.name, *extracted.aliases) if a != name))
        else:
            primary = match_key(extracted.name, extracted.type, rules) or name_key(extracted.name)
            final_id = stable_id(extracted.type, primary)
            name, entity_type = extracted.name, extracted.type
            previous = resolved.get(final_id)
            aliases = (*(previous.aliases if previous else ()), *extracted.aliases)
        resolved[final_id] = Entity(final_id, name, entity_type, tuple(dict.fromkeys(a for a in aliases if a != name)))
        for key in _keys(resolved[final_id], rules):
            resolved_by_key.setdefault(key, set()).add(final_id)
        local_to_final[extracted.id] = final_id

    relations: dict[str, Relation] = {}
    for rel in extraction.relations:
        source = local_to_final.get(rel.source)
        target = local_to_final.get(rel.target)
        if source is None or target is None:
            raise InvalidData(f"{article.source or article.id}: relation {rel.type} points at an unknown entity",
                              {"relations.source": rel.source, "relations.target": rel.target})
        rtype = schema.relation_types.get(rel.type)
        if rtype is None:
            raise InvalidData(f"{article.source or article.id}: unknown relation type {rel.type!r}",
                              {"relations.type": rel.type})
        if source == target or not rtype.allows(resolved[source].type, resolved[target].type):
            continue
        if rel.status not in schema.statuses:
            raise InvalidData(f"{article.source or article.id}: unknown status {rel.status!r}",
                              {"relations.status": rel.status})
        key = relation_key(rel.type, source, target)
        evidence = Evidence(article.id, rel.evidence, rel.start, rel.end, extraction.extractor, extraction.version,
                            float(rel.confidence), rel.status)
        existing = relations.get(key)
        if existing is None:
            relations[key] = Relation(key, rel.type, source, target, dict(rel.attributes), (evidence,))
        else:
            attributes = {**rel.attributes, **existing.attributes}
            relations[key] = Relation(key, rel.type, source, target, attributes, (*existing.evidence, evidence))
    return ArticleGraph(article, tuple(resolved.values()), tuple(relations.values()))
