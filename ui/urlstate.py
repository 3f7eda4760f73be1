"""Keep the current view in `st.session_state` and mirror it into `st.query_params`, so a URL reproduces it.

A URL that differs from what the app last published (a deep link, a colleague's link, an edited address)
is loaded into the view; an empty URL (after switching pages) keeps the view the session already has.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import streamlit as st

from graph.store.base import GraphStore
from graph.views import find_entity
from ui.view import VIEW_KEYS, ViewState, from_params, to_params

VIEW = "view"
_LAST = "_view_url"


def url_params() -> dict[str, list[str]]:
    """The page's query parameters, every one as a list of values."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _resolve(store: GraphStore, view: ViewState) -> tuple[ViewState, list[str]]:
    """Seeds given as names (or ids) turned into entity ids; the ones that match nothing are returned apart."""
    seeds, missing = [], []
    for text in view.seeds:
        entity = find_entity(store, text)
        if entity is None:
            missing.append(text)
        elif entity.id not in seeds:
            seeds.append(entity.id)
    return replace(view, seeds=tuple(seeds)), missing


def current_view(store: GraphStore) -> ViewState:
    """The view to show: from the URL when it carries a new one, else the session's."""
    params = url_params()
    wanted = {k: v for k, v in params.items() if k in VIEW_KEYS}
    if wanted and wanted != st.session_state.get(_LAST):
        view, missing = _resolve(store, from_params(wanted))
        for text in missing:
            st.warning(f"No entity matches {plain(text)!s} from the link.")
        st.session_state[VIEW] = view
        st.session_state[_LAST] = wanted
    return st.session_state.get(VIEW) or ViewState()


def get_view() -> ViewState:
    """The session's view as it is now (for callbacks)."""
    return st.session_state.get(VIEW) or ViewState()


def set_view(view: ViewState) -> None:
    """Make this the session's view."""
    st.session_state[VIEW] = view


def publish(view: ViewState | None, extra: Mapping[str, str | Sequence[str]] | None = None) -> None:
    """Write the view (if any) and a page's own parameters into the URL, replacing what was there."""
    params: dict[str, list[str]] = to_params(view) if view is not None else {}
    for key, value in (extra or {}).items():
        values = [value] if isinstance(value, str) else [str(v) for v in value]
        if any(values):
            params[key] = [v for v in values if v]
    if params != url_params():
        st.query_params.from_dict(params)
    if view is not None:
        st.session_state[_LAST] = {k: v for k, v in params.items() if k in VIEW_KEYS}


def incoming(page: str, keys: Sequence[str]) -> dict[str, list[str]] | None:
    """A page's own URL parameters when the URL brings new ones (a deep link), else None."""
    wanted = {k: v for k, v in url_params().items() if k in keys}
    if wanted and wanted != st.session_state.get(f"_url_{page}"):
        st.session_state[f"_url_{page}"] = wanted
        return wanted
    return None


def publish_page(page: str, params: Mapping[str, str | Sequence[str]], view: ViewState | None = None) -> None:
    """Write a page's own parameters (and the view, when the page shows it) into the URL."""
    publish(view, params)
    st.session_state[f"_url_{page}"] = {k: v for k, v in url_params().items() if k in params}


def bind(key: str, value: Any) -> None:
    """Before its widget is created, make a widget show the view's value; edits come back through `on_change`."""
    st.session_state[key] = value


def on_change(key: str, apply: Callable[[ViewState, Any], ViewState]) -> Callable[[], None]:
    """A widget callback that folds the widget's new value into the view."""

    def callback() -> None:
        """Fold the widget's value into the view."""
        set_view(apply(get_view(), st.session_state[key]))

    return callback


_MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|<>~$:"


def plain(text: str) -> str:
    """Text made inert for Markdown: no link, image, HTML or emphasis can be formed from it."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in str(text))
