"""The sentences behind a connection, as escaped HTML: quote, article title, outlet, date and a safe link."""

from __future__ import annotations

import html
from collections.abc import Mapping

import streamlit as st

from graph.evidence import EvidenceRow, evidence_rows, safe_link
from graph.model import Relation, relation_status
from graph.schema import load_schema
from graph.store.base import ArticleSummary

STYLE = """<style>
.tl-ev { margin: 0 0 10px 0; padding: 6px 10px; border-left: 3px solid #4c72b0; background: #f7f7f9; }
.tl-ev q { font-size: 15px; }
.tl-ev .tl-cite { color: #555; font-size: 13px; margin-top: 2px; }
.tl-ev .tl-status { color: #b35c00; font-weight: 600; }
</style>"""


def evidence_html(rows: list[EvidenceRow]) -> str:
    """One block per sentence; every article string is escaped, links are kept only for http(s) addresses."""
    parts = [STYLE]
    for row in rows:
        cite = " · ".join(html.escape(x) for x in (row.title, row.page, row.outlet, row.published) if x)
        link = safe_link(row.link)
        if link:
            cite += f' · <a href="{html.escape(link, quote=True)}" target="_blank" rel="noopener noreferrer">source</a>'
        elif row.link:
            cite += f" · {html.escape(row.link)}"
        status = "" if row.status == "stated" else f' <span class="tl-status">({html.escape(row.status)})</span>'
        parts.append(
            f'<div class="tl-ev" data-testid="evidence-sentence"><q>{html.escape(row.sentence)}</q>{status}'
            f'<div class="tl-cite">{cite} · confidence {row.confidence:.2f}</div></div>'
        )
    return "\n".join(parts)


def relation_heading(relation: Relation, names: Mapping[str, str]) -> str:
    """'A — supplied → B · stated · 2 sources' as escaped HTML."""
    rtype = load_schema().relation_types.get(relation.type)
    label = rtype.label if rtype else relation.type
    attrs = "".join(f" · {html.escape(k)}: {html.escape(v)}" for k, v in sorted(relation.attributes.items()))
    return (f"<p><b>{html.escape(names.get(relation.source, relation.source))}</b> — {html.escape(label)} → "
            f"<b>{html.escape(names.get(relation.target, relation.target))}</b> · {relation_status(relation)} · "
            f"{relation.sources} source{'s' * (relation.sources != 1)}{attrs}</p>")


def show_evidence(relation: Relation, names: Mapping[str, str], articles: Mapping[str, ArticleSummary]) -> None:
    """Every sentence that supports one connection, with its citation."""
    rows = evidence_rows(relation, articles)
    st.html(relation_heading(relation, names) + evidence_html(rows))
