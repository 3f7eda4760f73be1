"""The filter form: entity and relation types, evidence dates, outlets and articles, sources and confidence.

Widgets show the view's filter and fold edits back into it, so every page that draws the view agrees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import streamlit as st

from graph.filters import ViewFilter, outlets_and_dates
from graph.schema import load_schema
from graph.store.base import ArticleSummary
from ui.urlstate import bind, get_view, on_change, set_view
from ui.view import ViewState


def _field(name: str, convert: Callable[[Any], Any] = lambda v: v) -> Callable[[ViewState, Any], ViewState]:
    """A callback body that sets one filter field (converted) and goes back to the first page."""
    def apply(view: ViewState, value: Any) -> ViewState:
        """The view with this filter field changed."""
        return replace(view, filter=replace(view.filter, **{name: convert(value)}), page=0)
    return apply


def _iso(value: dt.date | None) -> str | None:
    """A date widget's value as YYYY-MM-DD, or None."""
    return value.isoformat() if isinstance(value, dt.date) else None


def _day(value: str | None) -> dt.date | None:
    """A YYYY-MM-DD string as a date, or None."""
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _reset() -> None:
    """Clear every filter of the view."""
    set_view(replace(get_view(), filter=ViewFilter(), page=0))


def filter_form(view: ViewState, articles: Mapping[str, ArticleSummary], prefix: str) -> None:
    """Draw the filter widgets for the current view (keys start with `prefix`)."""
    schema = load_schema()
    f = view.filter
    outlets, first, last = outlets_and_dates(articles.values())
    left, right = st.columns(2)
    with left:
        bind(f"{prefix}_types", list(f.entity_types))
        st.multiselect("Entity types", list(schema.entity_types), key=f"{prefix}_types",
                       format_func=lambda t: schema.entity_types[t].label, placeholder="all types",
                       on_change=on_change(f"{prefix}_types", _field("entity_types", tuple)))
        bind(f"{prefix}_rels", list(f.relation_types))
        st.multiselect("Relation types", list(schema.relation_types), key=f"{prefix}_rels",
                       format_func=lambda t: f"{schema.relation_types[t].label} ({t})", placeholder="all relations",
                       on_change=on_change(f"{prefix}_rels", _field("relation_types", tuple)))
        bind(f"{prefix}_sources", f.min_sources)
        st.number_input("At least this many independent sources (articles)", 1, 100, key=f"{prefix}_sources",
                        on_change=on_change(f"{prefix}_sources", _field("min_sources", int)))
        bind(f"{prefix}_conf", f.min_confidence)
        st.slider("Minimum confidence of a sentence", 0.0, 1.0, step=0.05, key=f"{prefix}_conf",
                  on_change=on_change(f"{prefix}_conf", _field("min_confidence", float)))
    with right:
        low, high = _day(first), _day(last)
        bind(f"{prefix}_from", _day(f.date_from))
        st.date_input("Evidence published from", key=f"{prefix}_from", min_value=low, max_value=high,
                      format="YYYY-MM-DD", on_change=on_change(f"{prefix}_from", _field("date_from", _iso)))
        bind(f"{prefix}_to", _day(f.date_to))
        st.date_input("Evidence published until", key=f"{prefix}_to", min_value=low, max_value=high,
                      format="YYYY-MM-DD", on_change=on_change(f"{prefix}_to", _field("date_to", _iso)))
        known_outlets = sorted(set(outlets) | set(f.outlets))
        bind(f"{prefix}_outlets", list(f.outlets))
        st.multiselect("Outlets", known_outlets, key=f"{prefix}_outlets", placeholder="all outlets",
                       on_change=on_change(f"{prefix}_outlets", _field("outlets", tuple)))
        ids = sorted(articles, key=lambda i: (articles[i].title or "").lower())
        ids += [i for i in f.articles if i not in articles]
        bind(f"{prefix}_articles", list(f.articles))
        st.multiselect("Articles", ids, key=f"{prefix}_articles", placeholder="all articles",
                       format_func=lambda i: articles[i].title if i in articles else i[:12],
                       on_change=on_change(f"{prefix}_articles", _field("articles", tuple)))
    st.button("Clear filters", key=f"{prefix}_clear", on_click=_reset, disabled=not f.active)
    if (f.date_from or f.date_to) and not first:
        st.caption("No article has a publication date, so a date range leaves nothing.")


def describe(view_filter: ViewFilter) -> str:
    """A short plain-text summary of what a filter keeps, for captions."""
    if not view_filter.active:
        return "no filters"
    parts = []
    if view_filter.entity_types:
        parts.append("types: " + ", ".join(view_filter.entity_types))
    if view_filter.relation_types:
        parts.append("relations: " + ", ".join(view_filter.relation_types))
    if view_filter.date_from or view_filter.date_to:
        parts.append(f"evidence {view_filter.date_from or '…'} to {view_filter.date_to or '…'}")
    if view_filter.outlets:
        parts.append(f"{len(view_filter.outlets)} outlet(s)")
    if view_filter.articles:
        parts.append(f"{len(view_filter.articles)} article(s)")
    if view_filter.min_sources > 1:
        parts.append(f"≥ {view_filter.min_sources} sources")
    if view_filter.min_confidence > 0:
        parts.append(f"confidence ≥ {view_filter.min_confidence:.2f}")
    return "; ".join(parts)
