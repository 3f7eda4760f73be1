"""Query: a Cypher console with parameters, read-only by the database's own rule, with a time limit, a row
limit and a memory bound (a cut is stated, with its reason), results as a table and as a graph, CSV (safe in a
spreadsheet) and JSON downloads, and saved queries whose parameters become form fields. The URL holds the
query, so a colleague can open the same result."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from graph.console import (
    EXAMPLE_QUERY,
    CannedQuery,
    canned_queries,
    cut_message,
    parse_parameters,
    result_csv,
    result_json,
    result_subgraph,
    result_table,
)
from graph.cypher_params import require_parameters
from graph.errors import MissingParameter, QueryTimeout, ReadOnlyViolation, StoreError
from graph.render import graph_data, layout_positions
from ui.components.graph_view import graph_view
from ui.components.legend import show_legend
from ui.state import get_store
from ui.urlstate import incoming, plain, publish_page

KEYS = ("cypher", "params", "canned", "timeout", "rows")
RESULT = "q_result"

store = get_store()
library = {q.name: q for q in canned_queries()}


def _field_key(name: str) -> str:
    """The session key of a saved query's form field."""
    return f"q_p_{name}"


def _load_canned(query: CannedQuery, values: dict[str, Any] | None = None) -> None:
    """Put a saved query in the editor and its parameters (defaults, or `values`) in its form fields."""
    st.session_state["q_cypher"] = query.cypher
    for param in query.parameters:
        value = (values or {}).get(param.name, param.default)
        if param.kind == "int":
            value = int(value or 0)
        elif param.kind == "float":
            value = float(value or 0.0)
        else:
            value = str(value)
        st.session_state[_field_key(param.name)] = value


def _picked() -> None:
    """Load the saved query just picked and forget the previous result."""
    name = st.session_state.get("q_canned")
    if name in library:
        _load_canned(library[name])
        st.session_state.pop(RESULT, None)


page_params = incoming("query", KEYS)
run_now = False
if page_params:
    def first(key: str, default: str = "") -> str:
        """The first value of one of this page's URL parameters."""
        return (page_params.get(key) or [default])[0]

    name = first("canned")
    st.session_state["q_canned"] = name if name in library else None
    st.session_state["q_params"] = first("params")
    if name in library:
        try:
            values = parse_parameters(first("params"))
        except ValueError:
            values = {}
        _load_canned(library[name], values)
    if first("cypher"):
        st.session_state["q_cypher"] = first("cypher")
    for key, default, low, high in (("timeout", 10.0, 0.1, 300.0), ("rows", 1000.0, 1.0, 100_000.0)):
        try:
            st.session_state[f"q_{key}"] = min(high, max(low, float(first(key, str(default)))))
        except ValueError:
            st.session_state[f"q_{key}"] = default
    st.session_state["q_rows"] = int(st.session_state["q_rows"])
    run_now = bool(st.session_state.get("q_cypher", "").strip())

st.title("Query")
st.caption("Cypher against the graph, read-only: the database itself refuses any write. Entities are "
           "`(:Entity {id, name, type, aliases})`, articles `(:Article {id, title, outlet, published})`, "
           "connections carry `sources`, `status`, `confidence` and their sentences in `ev_sentence`.")

st.session_state.setdefault("q_canned", None)
st.selectbox("Saved queries", list(library), key="q_canned", index=None, placeholder="write your own, or pick one",
             on_change=_picked)
canned = library.get(st.session_state.get("q_canned") or "")
params: dict[str, Any] = {}
params_error = None
if canned:
    st.caption(plain(canned.description))
    if canned.parameters:
        columns = st.columns(len(canned.parameters))
        for column, param in zip(columns, canned.parameters, strict=True):
            key = _field_key(param.name)
            if key not in st.session_state:
                _load_canned(canned)
            if param.kind == "int":
                params[param.name] = int(column.number_input(param.label, key=key, step=1))
            elif param.kind == "float":
                params[param.name] = float(column.number_input(param.label, key=key))
            else:
                params[param.name] = column.text_input(param.label, key=key)
st.session_state.setdefault("q_cypher", EXAMPLE_QUERY)
cypher = st.text_area("Cypher", key="q_cypher", height=170)
if not canned:
    st.session_state.setdefault("q_params", "")
    params_text = st.text_area("Parameters (a JSON object, used as $name in the query)", key="q_params", height=70,
                               placeholder='{"name": "Thermo Fisher"}')
    try:
        params = parse_parameters(params_text)
    except ValueError as exc:
        params_error = str(exc)
limit_col, rows_col, run_col = st.columns([2, 2, 1])
st.session_state.setdefault("q_timeout", 10.0)
st.session_state.setdefault("q_rows", 1000)
timeout = limit_col.number_input("Time limit (seconds)", 0.1, 300.0, key="q_timeout", step=1.0)
rows = int(rows_col.number_input("Row limit", 1, 100_000, key="q_rows", step=100))
run_col.markdown("&nbsp;")
clicked = run_col.button("Run", type="primary", key="q_run", width="stretch")

if clicked or run_now:
    st.session_state.pop(RESULT, None)
    if params_error:
        st.error(plain(params_error))
    elif not cypher.strip():
        st.error("Write a query first.")
    else:
        try:
            require_parameters(cypher, params)  # FalkorDB would read a missing $name as null and answer nothing
            st.session_state[RESULT] = store.run(cypher, params, timeout=float(timeout), limit=rows)
        except MissingParameter as exc:
            st.error(f"{exc}: add it to the parameters, such as {{\"{next(iter(exc.errors))}\": \"...\"}}")
        except ReadOnlyViolation:
            st.error("Refused: this query would change the graph. The console is read-only, and the database "
                     "enforces it; use `threadline query --write` from the command line to change data on purpose.")
        except QueryTimeout:
            st.error(f"Stopped: the query ran past its time limit of {timeout:g} s. Narrow it (a LIMIT, a WHERE) "
                     "or raise the limit.")
        except StoreError as exc:
            st.error(plain(str(exc)))

result = st.session_state.get(RESULT)
if result is not None:
    shown = len(result.rows)
    cut = cut_message(result)
    if cut:
        st.warning(cut)
    st.caption(f"{shown:,} row{'s' * (shown != 1)} · {len(result.columns)} column{'s' * (len(result.columns) != 1)}")
    subgraph, dangling = result_subgraph(result)
    table_tab, graph_tab = st.tabs(["Table", f"Graph ({len(subgraph.entities)} nodes)"])
    with table_tab:
        st.dataframe(result_table(result), hide_index=True, width="stretch")
    with graph_tab:
        if subgraph.entities:
            graph_view(graph_data(subgraph, positions=layout_positions(subgraph)), key="q_graph", height=480)
            show_legend(subgraph)
            if dangling:
                st.caption(f"{dangling} relationship(s) whose end nodes were not returned are not drawn; "
                           "return the nodes too (e.g. `RETURN a, r, b`).")
        else:
            st.caption("No nodes or relationships in this result: return them (e.g. `RETURN n, r, m`) to draw "
                       "a graph.")
    csv_col, json_col = st.columns(2)
    csv_col.download_button("Download CSV", result_csv(result).encode("utf-8"), "threadline-query.csv", "text/csv",
                            key="q_csv", on_click="ignore",
                            help="For spreadsheets: text that would run as a formula starts with an apostrophe.")
    json_col.download_button("Download JSON", result_json(result).encode("utf-8"), "threadline-query.json",
                             "application/json", key="q_json", on_click="ignore")

publish_page("query", {
    "cypher": cypher if not canned else "",
    "canned": canned.name if canned else "",
    "params": json.dumps(params, ensure_ascii=False) if params else "",
    "timeout": f"{timeout:g}" if timeout != 10.0 else "",
    "rows": str(rows) if rows != 1000 else "",
})
