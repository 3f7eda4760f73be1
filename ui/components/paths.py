"""How two entities are connected: each path as hops with the relation, its direction and the citation behind it."""

from __future__ import annotations

import html
from collections.abc import Mapping

import streamlit as st

from graph.paths import Hop
from graph.schema import load_schema
from graph.store.base import ArticleSummary

STYLE = """<style>
.tl-path { margin: 0 0 14px 0; }
.tl-hop { margin: 2px 0 2px 18px; font-size: 14px; }
.tl-hop q { color: #333; }
.tl-hop .tl-cite { color: #666; font-size: 12px; }
</style>"""


def hop_html(hop: Hop, names: Mapping[str, str], articles: Mapping[str, ArticleSummary]) -> str:
    """One hop: 'A — supplied → B' (or '← … —' against the relation's direction), its best sentence and article."""
    rtype = load_schema().relation_types.get(hop.relation.type)
    label = html.escape(rtype.label if rtype else hop.relation.type)
    a, b = html.escape(names.get(hop.source, hop.source)), html.escape(names.get(hop.target, hop.target))
    arrow = f"— {label} →" if hop.forward else f"← {label} —"
    best = max(hop.relation.evidence, key=lambda ev: ev.confidence, default=None)
    cite = ""
    if best is not None:
        article = articles.get(best.article_id)
        where = " · ".join(html.escape(x) for x in (
            article.title if article else best.article_id[:12], (article.outlet or "") if article else "",
            ((article.published or "")[:10]) if article else "") if x)
        more = len(hop.relation.evidence) - 1
        cite = (f'<br><q>{html.escape(best.sentence)}</q> <span class="tl-cite">— {where}'
                f'{f" (+{more} more)" if more > 0 else ""}</span>')
    return f'<div class="tl-hop"><b>{a}</b> {arrow} <b>{b}</b>{cite}</div>'


def paths_html(paths: tuple[tuple[Hop, ...], ...], names: Mapping[str, str],
               articles: Mapping[str, ArticleSummary]) -> str:
    """Every path, numbered, hop by hop."""
    parts = [STYLE]
    for number, path in enumerate(paths, start=1):
        hops = "".join(hop_html(hop, names, articles) for hop in path)
        parts.append(f'<div class="tl-path" data-testid="path"><b>Path {number}</b> · {len(path)} hop'
                     f'{"s" * (len(path) != 1)}{hops}</div>')
    return "".join(parts)


def show_paths(paths: tuple[tuple[Hop, ...], ...], names: Mapping[str, str],
               articles: Mapping[str, ArticleSummary]) -> None:
    """Draw the paths as escaped HTML."""
    st.html(paths_html(paths, names, articles))
