"""The current view as plain data, and its URL form: `?entity=...&depth=2&expand=...` reproduces it.

Pure (no Streamlit), so the round trip between a view and its query parameters is unit-tested.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from graph.filters import ViewFilter
from graph.views import ViewSpec

SIZE_BY = ("connections", "centrality")
COLOUR_BY = ("type", "community")
LIMITS = (50, 100, 300, 1000, 2000)
DEFAULT_LIMIT = 300

# Query parameter names that belong to the view (pages add their own beside these).
VIEW_KEYS = (
    "entity", "depth", "limit", "page", "expand", "pin", "hide", "types", "rels", "from", "to", "outlet",
    "article", "min_sources", "min_conf", "size", "colour", "rel",
)


@dataclass(frozen=True)
class ViewState:
    """Which entities are shown (seeds, depth, expanded, pinned, hidden, cap and page), how they are filtered,
    how they are drawn, and which connection is selected."""

    seeds: tuple[str, ...] = ()
    depth: int = 1
    expanded: tuple[str, ...] = ()
    pinned: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    limit: int = DEFAULT_LIMIT
    page: int = 0
    filter: ViewFilter = field(default_factory=ViewFilter)
    size_by: str = "connections"
    colour_by: str = "type"
    relation: str | None = None

    def spec(self) -> ViewSpec:
        """What the store is asked for; type filters apply at query time too, so a cap counts only what matches."""
        return ViewSpec(
            seeds=self.seeds, depth=self.depth, expanded=self.expanded, pinned=self.pinned, hidden=self.hidden,
            limit=self.limit, offset=self.page * max(1, self.limit - len(self.seeds)),
            relation_types=self.filter.relation_types, entity_types=self.filter.entity_types,
        )

    def keep(self) -> tuple[str, ...]:
        """Entities a filter never removes: the seeds and the pinned ones."""
        return tuple(dict.fromkeys(self.seeds + self.pinned))

    def open(self, entity_id: str) -> ViewState:
        """A fresh view centred on one entity (drawing options and filters are kept)."""
        return replace(self, seeds=(entity_id,), expanded=(), hidden=(), page=0, relation=None)

    def add_seed(self, entity_id: str) -> ViewState:
        """This view with one more entity at its centre."""
        if entity_id in self.seeds:
            return self
        return replace(self, seeds=(*self.seeds, entity_id), hidden=tuple(h for h in self.hidden if h != entity_id))

    def expand(self, entity_id: str) -> ViewState:
        """This view with the neighbours of one more entity added (a no-op for a seed or an expanded one)."""
        if entity_id in self.expanded or entity_id in self.seeds:
            return self
        return replace(self, expanded=(*self.expanded, entity_id))


def _one(params: Mapping[str, Sequence[str]], key: str) -> str | None:
    """The first value of a parameter, or None."""
    values = params.get(key) or ()
    return values[0] if values else None


def _int(params: Mapping[str, Sequence[str]], key: str, default: int, low: int, high: int) -> int:
    """An integer parameter clamped to [low, high], the default when absent or not a number."""
    try:
        return min(high, max(low, int(_one(params, key) or default)))
    except ValueError:
        return default


def _float(params: Mapping[str, Sequence[str]], key: str, default: float) -> float:
    """A fraction parameter clamped to [0, 1], the default when absent or not a number."""
    try:
        return min(1.0, max(0.0, float(_one(params, key) or default)))
    except ValueError:
        return default


def _many(params: Mapping[str, Sequence[str]], key: str) -> tuple[str, ...]:
    """Every non-empty value of a repeatable parameter, once each, in order."""
    return tuple(dict.fromkeys(v for v in params.get(key) or () if v))


def from_params(params: Mapping[str, Sequence[str]]) -> ViewState:
    """A view from query parameters (each a list of values); `entity` may hold names, resolved later."""
    size = _one(params, "size")
    colour = _one(params, "colour")
    view_filter = ViewFilter(
        entity_types=_many(params, "types"),
        relation_types=_many(params, "rels"),
        date_from=_one(params, "from"),
        date_to=_one(params, "to"),
        outlets=_many(params, "outlet"),
        articles=_many(params, "article"),
        min_sources=_int(params, "min_sources", 1, 1, 1000),
        min_confidence=_float(params, "min_conf", 0.0),
    )
    return ViewState(
        seeds=_many(params, "entity"),
        depth=_int(params, "depth", 1, 1, 3),
        expanded=_many(params, "expand"),
        pinned=_many(params, "pin"),
        hidden=_many(params, "hide"),
        limit=_int(params, "limit", DEFAULT_LIMIT, 10, 5000),
        page=_int(params, "page", 1, 1, 100_000) - 1,
        filter=view_filter,
        size_by=size if size in SIZE_BY else "connections",
        colour_by=colour if colour in COLOUR_BY else "type",
        relation=_one(params, "rel"),
    )


def to_params(view: ViewState) -> dict[str, list[str]]:
    """The query parameters of a view, leaving out defaults so URLs stay short."""
    f = view.filter
    out: dict[str, list[str]] = {
        "entity": list(view.seeds),
        "depth": [str(view.depth)] if view.depth != 1 else [],
        "limit": [str(view.limit)] if view.limit != DEFAULT_LIMIT else [],
        "page": [str(view.page + 1)] if view.page else [],
        "expand": list(view.expanded),
        "pin": list(view.pinned),
        "hide": list(view.hidden),
        "types": list(f.entity_types),
        "rels": list(f.relation_types),
        "from": [f.date_from] if f.date_from else [],
        "to": [f.date_to] if f.date_to else [],
        "outlet": list(f.outlets),
        "article": list(f.articles),
        "min_sources": [str(f.min_sources)] if f.min_sources > 1 else [],
        "min_conf": [f"{f.min_confidence:g}"] if f.min_confidence > 0 else [],
        "size": [view.size_by] if view.size_by != "connections" else [],
        "colour": [view.colour_by] if view.colour_by != "type" else [],
        "rel": [view.relation] if view.relation else [],
    }
    return {k: v for k, v in out.items() if v}
