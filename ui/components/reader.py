"""The article reader: the text with its entities highlighted and the sentences behind its relations underlined.

Spans are found on the raw text, then each piece is escaped before it is wrapped, so no article string is
ever read as markup.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterable, Mapping

import streamlit as st

from graph.evidence import article_relations, safe_link
from graph.model import Entity, Relation, page_label, relation_status
from graph.schema import load_schema
from graph.store.base import GraphStore
from ui.nav import EXPLORE
from ui.urlstate import get_view, set_view

STYLE = """<style>
.tl-reader { line-height: 1.6; font-size: 16px; max-width: 860px; white-space: pre-wrap; }
.tl-reader mark { padding: 0 2px; border-radius: 3px; }
.tl-reader .tl-evidence { text-decoration: underline dotted #555; text-underline-offset: 3px; }
</style>"""


def mention_spans(text: str, entities: Iterable[Entity]) -> list[tuple[int, int, str]]:
    """(start, end, entity id) of every name or alias found in the text, longest names first, never overlapping."""
    names: list[tuple[str, str]] = []
    for entity in entities:
        for name in {entity.name, *entity.aliases}:
            if len(name.strip()) >= 2:
                names.append((name, entity.id))
    names.sort(key=lambda item: -len(item[0]))
    taken = [False] * len(text)
    spans = []
    for name, entity_id in names:
        pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", re.IGNORECASE)
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            taken[start:end] = [True] * (end - start)
            spans.append((start, end, entity_id))
    return sorted(spans)


def evidence_spans(text: str, relations: Iterable[Relation], article_id: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of this article that state a relation, merged where they overlap."""
    found = sorted(
        (ev.start, ev.end) for r in relations for ev in r.evidence
        if ev.article_id == article_id and 0 <= ev.start < ev.end <= len(text)
    )
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def reader_html(text: str, mentions: list[tuple[int, int, str]], entities: Mapping[str, Entity],
                sentences: list[tuple[int, int]] = ()) -> str:
    """The article as HTML: escaped text, entity mentions in their type's colour, evidence sentences underlined."""
    schema = load_schema()
    bounds = {0, len(text)}
    for start, end, _ in mentions:
        bounds |= {start, end}
    for start, end in sentences:
        bounds |= {start, end}
    cuts = sorted(bounds)
    by_start = {start: (end, eid) for start, end, eid in mentions}
    out = [STYLE, '<div class="tl-reader" data-testid="article-reader">']
    open_mention: tuple[int, str] | None = None
    for start, end in itertools.pairwise(cuts):
        piece = html.escape(text[start:end])
        in_sentence = any(s <= start and end <= e for s, e in sentences)
        if start in by_start:
            open_mention = by_start[start]
        if open_mention is not None:
            entity = entities.get(open_mention[1])
            colour = schema.color(entity.type) if entity and entity.type in schema.entity_types else "#999999"
            label = html.escape(f"{entity.name} ({entity.type})" if entity else "", quote=True)
            piece = f'<mark style="background:{colour}33" title="{label}">{piece}</mark>'
            if end >= open_mention[0]:
                open_mention = None
        if in_sentence:
            piece = f'<span class="tl-evidence">{piece}</span>'
        out.append(piece)
    out.append("</div>")
    return "".join(out)


def show_reader(store: GraphStore, article_id: str, key: str) -> None:
    """An article: its citation, its text with entities highlighted, and the relations it states."""
    article = store.get_article(article_id)
    if article is None:
        st.warning("That article is not in the store.")
        return
    entities = {e.id: e for e in store.article_entities(article_id)}
    relations = article_relations(store, article_id)
    link = safe_link(article.source or "")
    byline = f"by {article.author}" if article.author else ""
    cite = " · ".join(html.escape(x) for x in (byline, article.outlet or "", (article.published or "")[:10]) if x)
    source = (f'<a href="{html.escape(link, quote=True)}" target="_blank" rel="noopener noreferrer">source</a>'
              if link else html.escape(article.source or ""))
    st.html(f"<h3>{html.escape(article.title or article_id)}</h3><p style='color:#555'>{cite}"
            f"{' · ' if cite and source else ''}{source}</p>")
    tab_text, tab_relations, tab_entities = st.tabs([
        "Text", f"Relations ({len(relations)})", f"Entities ({len(entities)})"])
    with tab_text:
        mentions = mention_spans(article.text, entities.values())
        st.html(reader_html(article.text, mentions, entities, evidence_spans(article.text, relations, article_id)))
        st.caption("Highlighted: entities, in their type's colour. Dotted underline: sentences that state a relation.")
    names = {i: e.name for i, e in entities.items()}
    missing = tuple(sorted({r.source for r in relations} | {r.target for r in relations} - set(names)))
    names |= {e.id: e.name for e in store.get_entities(list(missing))} if missing else {}
    with tab_relations:
        st.dataframe(
            [{"from": names.get(r.source, r.source), "relation": r.type, "to": names.get(r.target, r.target),
              "status": relation_status(r), "sentence": r.evidence[0].sentence,
              "page": page_label(r.evidence[0].page),
              "confidence": round(max(ev.confidence for ev in r.evidence), 2)} for r in relations],
            hide_index=True, width="stretch",
        )
    with tab_entities:
        schema = load_schema()
        st.dataframe(
            [{"name": e.name, "type": schema.entity_types[e.type].label if e.type in schema.entity_types else e.type,
              "aliases": ", ".join(e.aliases)} for e in entities.values()],
            hide_index=True, width="stretch",
        )
        if entities:
            pick = st.selectbox("Open in Explore", list(entities), index=None, key=f"{key}_open",
                                format_func=lambda i: entities[i].name, placeholder="pick an entity")
            if pick and st.button("Open", key=f"{key}_open_go"):
                set_view(get_view().open(pick))
                st.switch_page(EXPLORE.path)
