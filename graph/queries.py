"""What the app and the CLI ask of the graph, over the store protocol: no UI, and Cypher only in canned data.

Views are `Subgraph`s built from the protocol's read methods; filters are pure functions over a `Subgraph`,
so the same view can be filtered, analysed, drawn and exported without asking the database again.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
import yaml

from graph.model import Entity, Evidence, Relation, Subgraph, fold
from graph.store.base import ArticleSummary, EdgeValue, GraphStore, NodeValue, PathValue, QueryResult, to_plain

CANNED_PATH = Path(__file__).with_name("canned_queries.yaml")
EXAMPLE_QUERY = "MATCH (n:Entity) RETURN n.name AS name, n.type AS type LIMIT 25"
"""What the Cypher console shows before anyone types."""


# --- finding entities -------------------------------------------------------------------------------------------

def find_entity(store: GraphStore, name_or_id: str) -> Entity | None:
    """The entity with this id, else the best search hit for this name (exact names first)."""
    text = name_or_id.strip()
    if not text:
        return None
    by_id = store.get_entities([text])
    if by_id:
        return by_id[0]
    hits = store.search(text, limit=5)
    for hit in hits:
        if fold(hit.entity.name) == fold(text) or any(fold(a) == fold(text) for a in hit.entity.aliases):
            return hit.entity
    return hits[0].entity if hits else None


# --- neighbourhoods and views -----------------------------------------------------------------------------------

def neighbourhood(
    store: GraphStore,
    ids: Sequence[str],
    depth: int = 1,
    *,
    relation_types: Sequence[str] | None = None,
    entity_types: Sequence[str] | None = None,
    limit: int = 300,
    offset: int = 0,
) -> Subgraph:
    """The entities within `depth` hops of `ids` and the relations among them, at most `limit` entities.

    Entities are added ring by ring, the best-attested first (most sources, then name); what the cap leaves
    out is counted in `omitted`, so a view can say "N more not shown" instead of cutting silently. `offset`
    pages through the first ring that overflows; `entity_types` keeps only neighbours of those types.
    """
    if depth < 1:
        raise ValueError("depth must be at least 1")
    kept: list[str] = list(dict.fromkeys(ids))
    known: dict[str, Entity] = {e.id: e for e in store.get_entities(kept)}
    seen = set(kept)
    relations: dict[str, Relation] = {}
    frontier = list(kept)
    omitted: set[str] = set()
    skip = max(0, offset)
    for _ in range(depth):
        if not frontier:
            break
        weight: dict[str, int] = {}
        for relation in store.relations_of(frontier, relation_types or None):
            relations[relation.key] = relation
            for end in (relation.source, relation.target):
                if end not in seen:
                    weight[end] = weight.get(end, 0) + relation.sources
        ring = {e.id: e for e in store.get_entities(list(weight))}
        seen |= set(weight)
        wanted = [i for i in ring if not entity_types or ring[i].type in entity_types]
        ordered = sorted(wanted, key=lambda i: (-weight[i], fold(ring[i].name), i))
        room = max(0, limit - len(kept))
        start = 0
        if len(ordered) > room and skip:
            start = min(skip, max(0, len(ordered) - room))
            skip = 0
        chosen = ordered[start:start + room]
        omitted |= set(ordered) - set(chosen)
        kept += chosen
        known |= {i: ring[i] for i in chosen}
        frontier = chosen
    keep = set(kept)
    inner = {r.key: r for r in relations.values() if r.source in keep and r.target in keep}
    if depth > 1:
        inner |= {r.key: r for r in store.relations_between(kept)
                  if not relation_types or r.type in relation_types}
    return Subgraph(
        entities=tuple(known[i] for i in kept if i in known),
        relations=tuple(sorted(inner.values(), key=lambda r: r.key)),
        omitted=len(omitted - keep),
    )


@dataclass(frozen=True)
class ViewSpec:
    """Everything that decides which entities a view shows; plain values, so it can be cached and put in a URL."""

    seeds: tuple[str, ...] = ()
    depth: int = 1
    expanded: tuple[str, ...] = ()
    pinned: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    limit: int = 300
    offset: int = 0
    expand_limit: int = 100
    relation_types: tuple[str, ...] = ()
    entity_types: tuple[str, ...] = ()


def build_view(store: GraphStore, spec: ViewSpec) -> Subgraph:
    """The seeds' neighbourhood, plus the neighbours of each expanded node and every pinned node, minus hidden ones.

    Relations among all shown entities are included (not only those touching a seed), so analysis sees the
    whole picture; `omitted` adds up what every cap left out.
    """
    if not spec.seeds and not spec.pinned:
        return Subgraph((), ())
    rtypes = spec.relation_types or None
    etypes = spec.entity_types or None
    entities: dict[str, Entity] = {}
    omitted = 0
    if spec.seeds:
        base = neighbourhood(store, spec.seeds, spec.depth, relation_types=rtypes, entity_types=etypes,
                             limit=spec.limit, offset=spec.offset)
        entities |= {e.id: e for e in base.entities}
        omitted += base.omitted
    for node in spec.expanded:
        part = neighbourhood(store, [node], 1, relation_types=rtypes, entity_types=etypes,
                             limit=spec.expand_limit + 1)
        new = {e.id: e for e in part.entities if e.id not in entities}
        entities |= new
        omitted += part.omitted
    missing = [i for i in spec.pinned if i not in entities]
    entities |= {e.id: e for e in store.get_entities(missing)} if missing else {}
    hidden = set(spec.hidden) - set(spec.pinned)
    ids = [i for i in entities if i not in hidden]
    relations = [r for r in store.relations_between(ids) if not rtypes or r.type in rtypes]
    return Subgraph(
        entities=tuple(entities[i] for i in ids),
        relations=tuple(sorted(relations, key=lambda r: r.key)),
        omitted=omitted,
    )


def merge(*parts: Subgraph) -> Subgraph:
    """The union of subgraphs (first occurrence wins), with their omitted counts added."""
    entities: dict[str, Entity] = {}
    relations: dict[str, Relation] = {}
    for part in parts:
        entities |= {e.id: e for e in part.entities if e.id not in entities}
        relations |= {r.key: r for r in part.relations if r.key not in relations}
    return Subgraph(tuple(entities.values()), tuple(relations.values()), sum(p.omitted for p in parts))


# --- filters: pure functions over a Subgraph ---------------------------------------------------------------------

@dataclass(frozen=True)
class ViewFilter:
    """What a journalist narrows a view to; the defaults keep everything."""

    entity_types: tuple[str, ...] = ()
    relation_types: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    outlets: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    min_sources: int = 1
    min_confidence: float = 0.0

    @property
    def active(self) -> bool:
        """Whether this filter can remove anything at all."""
        return self != ViewFilter()

    @property
    def touches_evidence(self) -> bool:
        """Whether this filter looks at single sentences (dates, outlets, articles, confidence)."""
        return bool(self.date_from or self.date_to or self.outlets or self.articles or self.min_confidence > 0)


def _with_relations(subgraph: Subgraph, relations: Iterable[Relation]) -> Subgraph:
    """The same view with other relations."""
    return replace(subgraph, relations=tuple(relations))


def filter_entity_types(subgraph: Subgraph, types: Sequence[str], keep: Iterable[str] = ()) -> Subgraph:
    """Only entities of these types (and those in `keep`), and the relations between them.

    >>> from graph.model import Entity
    >>> g = Subgraph((Entity("a", "A", "Company"), Entity("b", "B", "Person")), ())
    >>> [e.id for e in filter_entity_types(g, ["Person"]).entities]
    ['b']
    """
    if not types:
        return subgraph
    keep = set(keep)
    entities = tuple(e for e in subgraph.entities if e.type in types or e.id in keep)
    ids = {e.id for e in entities}
    relations = tuple(r for r in subgraph.relations if r.source in ids and r.target in ids)
    return replace(subgraph, entities=entities, relations=relations)


def filter_relation_types(subgraph: Subgraph, types: Sequence[str]) -> Subgraph:
    """Only relations of these types."""
    if not types:
        return subgraph
    return _with_relations(subgraph, (r for r in subgraph.relations if r.type in types))


def _date(value: str | None) -> str | None:
    """The YYYY-MM-DD part of a date or timestamp, or None."""
    return value[:10] if value else None


def evidence_passes(ev: Evidence, view_filter: ViewFilter, articles: Mapping[str, ArticleSummary]) -> bool:
    """Whether one sentence meets the filter's date range, outlets, articles and minimum confidence.

    Evidence from an article with no known date is dropped as soon as a date range is set.
    """
    if ev.confidence < view_filter.min_confidence:
        return False
    if view_filter.articles and ev.article_id not in view_filter.articles:
        return False
    article = articles.get(ev.article_id)
    if view_filter.outlets and (article is None or article.outlet not in view_filter.outlets):
        return False
    if view_filter.date_from or view_filter.date_to:
        day = _date(article.published) if article else None
        if day is None:
            return False
        if view_filter.date_from and day < view_filter.date_from:
            return False
        if view_filter.date_to and day > view_filter.date_to:
            return False
    return True


def filter_evidence(subgraph: Subgraph, view_filter: ViewFilter, articles: Mapping[str, ArticleSummary]) -> Subgraph:
    """Keep only the sentences that pass the filter; a relation left with none goes too."""
    if not view_filter.touches_evidence:
        return subgraph
    kept = []
    for relation in subgraph.relations:
        evidence = tuple(ev for ev in relation.evidence if evidence_passes(ev, view_filter, articles))
        if evidence:
            kept.append(replace(relation, evidence=evidence))
    return _with_relations(subgraph, kept)


def filter_min_sources(subgraph: Subgraph, minimum: int) -> Subgraph:
    """Only relations stated by at least `minimum` independent articles."""
    if minimum <= 1:
        return subgraph
    return _with_relations(subgraph, (r for r in subgraph.relations if r.sources >= minimum))


def drop_isolated(subgraph: Subgraph, keep: Iterable[str] = ()) -> Subgraph:
    """Remove entities left with no relation in the view, except those in `keep`."""
    keep = set(keep)
    linked = {r.source for r in subgraph.relations} | {r.target for r in subgraph.relations}
    return replace(subgraph, entities=tuple(e for e in subgraph.entities if e.id in linked or e.id in keep))


def hide_entities(subgraph: Subgraph, ids: Iterable[str]) -> Subgraph:
    """The view without these entities and their relations."""
    gone = set(ids)
    if not gone:
        return subgraph
    return Subgraph(
        entities=tuple(e for e in subgraph.entities if e.id not in gone),
        relations=tuple(r for r in subgraph.relations if r.source not in gone and r.target not in gone),
        omitted=subgraph.omitted,
    )


def apply_filters(
    subgraph: Subgraph,
    view_filter: ViewFilter,
    articles: Mapping[str, ArticleSummary],
    keep: Iterable[str] = (),
) -> Subgraph:
    """Every filter in turn; entities stranded by the filters leave too, except `keep` (seeds, pinned)."""
    if not view_filter.active:
        return subgraph
    keep = tuple(keep)
    out = filter_entity_types(subgraph, view_filter.entity_types, keep)
    out = filter_relation_types(out, view_filter.relation_types)
    out = filter_evidence(out, view_filter, articles)
    out = filter_min_sources(out, view_filter.min_sources)
    return drop_isolated(out, keep)


def outlets_and_dates(articles: Iterable[ArticleSummary]) -> tuple[list[str], str | None, str | None]:
    """The outlets named by the articles, and their earliest and latest publication dates."""
    summaries = list(articles)
    outlets = sorted({a.outlet for a in summaries if a.outlet})
    dates = sorted(d for d in (_date(a.published) for a in summaries) if d)
    return outlets, (dates[0] if dates else None), (dates[-1] if dates else None)


# --- evidence -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EvidenceRow:
    """One supporting sentence with where it comes from, ready for a table or a citation."""

    sentence: str
    status: str
    confidence: float
    article_id: str
    title: str
    outlet: str
    published: str
    link: str


def evidence_rows(relation: Relation, articles: Mapping[str, ArticleSummary]) -> list[EvidenceRow]:
    """Every sentence behind a relation, with its article's title, outlet, date and link, newest first."""
    rows = []
    for ev in relation.evidence:
        article = articles.get(ev.article_id)
        rows.append(EvidenceRow(
            sentence=ev.sentence,
            status=ev.status,
            confidence=ev.confidence,
            article_id=ev.article_id,
            title=(article.title if article else "") or ev.article_id[:12],
            outlet=(article.outlet if article else None) or "",
            published=_date(article.published if article else None) or "",
            link=(article.source if article else "") or "",
        ))
    rows.sort(key=lambda r: (r.published, r.title), reverse=True)
    return rows


def safe_link(link: str) -> str | None:
    """The link if it is a web address, else None: a `javascript:` or other scheme is never made clickable."""
    text = link.strip()
    return text if text.lower().startswith(("http://", "https://")) else None


def relation_label(relation: Relation, names: Mapping[str, str]) -> str:
    """'Source —type→ Target', for selectors and captions."""
    source, target = names.get(relation.source, relation.source), names.get(relation.target, relation.target)
    return f"{source} —{relation.type}→ {target}"


def find_relation(store: GraphStore, key: str, source: str, target: str) -> Relation | None:
    """The relation with this key between these two entities, fresh from the store."""
    for relation in store.relations_between([source, target]):
        if relation.key == key:
            return relation
    return None


def article_relations(store: GraphStore, article_id: str) -> list[Relation]:
    """The relations an article supports, each with only that article's sentences."""
    ids = [e.id for e in store.article_entities(article_id)]
    out = []
    for relation in store.relations_of(ids) if ids else []:
        own = tuple(ev for ev in relation.evidence if ev.article_id == article_id)
        if own:
            out.append(replace(relation, evidence=own))
    return sorted(out, key=lambda r: min(ev.start for ev in r.evidence))


def article_titles(articles: Iterable[ArticleSummary]) -> dict[str, str]:
    """Article id to title, for citations in tooltips and exports."""
    return {a.id: a.title or a.id[:12] for a in articles}


# --- paths ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Hop:
    """One step of a path: from one entity to the next along a relation (possibly against its direction)."""

    source: str
    target: str
    relation: Relation

    @property
    def forward(self) -> bool:
        """Whether the step follows the relation's own direction."""
        return self.relation.source == self.source


@dataclass(frozen=True)
class PathsResult:
    """Up to k shortest paths, the subgraph they span, and whether the search was cut short by its cap."""

    paths: tuple[tuple[Hop, ...], ...]
    subgraph: Subgraph
    explored: int
    complete: bool = True
    entities: dict[str, Entity] = field(default_factory=dict)


def _ball(store: GraphStore, start: str, depth: int, cap: int) -> tuple[dict[str, Relation], set[str], bool]:
    """Relations reached within `depth` hops of `start`, breadth first, stopping after `cap` entities."""
    seen = {start}
    frontier = [start]
    relations: dict[str, Relation] = {}
    complete = True
    for _ in range(depth):
        if not frontier:
            break
        nxt: list[str] = []
        for relation in store.relations_of(frontier):
            relations[relation.key] = relation
            for end in (relation.source, relation.target):
                if end not in seen:
                    seen.add(end)
                    nxt.append(end)
        if len(seen) > cap:
            complete = False
            break
        frontier = nxt
    return relations, seen, complete


def connection_paths(
    store: GraphStore,
    source: str,
    target: str,
    *,
    max_length: int = 4,
    k: int = 5,
    cap: int = 5000,
    relation_types: Sequence[str] | None = None,
) -> PathsResult:
    """The k shortest paths of at most `max_length` hops between two entities, ignoring edge direction.

    Both ends are explored breadth first (half the length each, through the store protocol), which is
    enough to hold every such path; networkx then ranks simple paths by length.
    """
    if source == target:
        raise ValueError("pick two different entities")
    from_source, seen_a, done_a = _ball(store, source, (max_length + 1) // 2, cap)
    from_target, seen_b, done_b = _ball(store, target, max_length // 2, cap)
    relations = {**from_source, **from_target}
    if relation_types:
        relations = {k_: r for k_, r in relations.items() if r.type in relation_types}
    graph = nx.Graph()
    by_pair: dict[frozenset[str], list[Relation]] = {}
    for relation in relations.values():
        if relation.source == relation.target:
            continue
        graph.add_edge(relation.source, relation.target)
        by_pair.setdefault(frozenset((relation.source, relation.target)), []).append(relation)
    paths: list[tuple[Hop, ...]] = []
    if source in graph and target in graph:
        try:
            for nodes in itertools.islice(nx.shortest_simple_paths(graph, source, target), k * 4):
                if len(nodes) - 1 > max_length:
                    break
                hops = tuple(
                    Hop(a, b, max(by_pair[frozenset((a, b))], key=lambda r: (r.sources, r.key)))
                    for a, b in itertools.pairwise(nodes)
                )
                paths.append(hops)
                if len(paths) >= k:
                    break
        except nx.NetworkXNoPath:
            pass
    on_paths = list(dict.fromkeys([source, target, *(h.target for p in paths for h in p)]))
    entities = {e.id: e for e in store.get_entities(on_paths)}
    used = {h.relation.key: h.relation for p in paths for h in p}
    subgraph = Subgraph(tuple(entities[i] for i in on_paths if i in entities), tuple(used.values()))
    return PathsResult(tuple(paths), subgraph, len(seen_a | seen_b), done_a and done_b, entities)


# --- the Cypher console ----------------------------------------------------------------------------------------------

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


def result_csv(result: QueryResult) -> str:
    """A query result as CSV text (a header row, then one line per row; complex cells as JSON)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(result.columns)
    writer.writerows([_cell(v) for v in row] for row in result_rows(result))
    return buffer.getvalue()


def result_json(result: QueryResult) -> str:
    """A query result as JSON: columns, rows, and whether the row limit cut it."""
    return json.dumps({"columns": list(result.columns), "rows": result_rows(result), "truncated": result.truncated,
                       "limit": result.limit}, ensure_ascii=False, indent=2, default=str)


def overview(store: GraphStore) -> dict:
    """Counts for the front page."""
    return store.stats()
