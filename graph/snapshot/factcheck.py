"""The fact-check sheet editors and lawyers read before publication: one row per connection, with its sources.

Each row names the connection's type, both ends, how many independent articles support it, and every
supporting sentence with its article's title, outlet, date and URL (or file). CSV for spreadsheets, where no
cell runs as a formula; Markdown for reading, where every article string is escaped so it shows as text, never
as markup.
"""

from __future__ import annotations

import csv
import io
import re
from types import MappingProxyType

from graph.model import Article, Evidence, Relation, page_label, relation_status
from graph.schema import load_schema
from graph.snapshot.base import Snapshot, scope_text
from graph.snapshot.registry import SnapshotFormat
from graph.spreadsheet import neutralise

COLUMNS = ("connection", "type", "from", "from_type", "to", "to_type", "independent_sources", "status",
           "evidence")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _where(article: Article | None, article_id: str) -> str:
    """"Title", Outlet, date, URL: what a reader needs to find the article."""
    if article is None:
        return f"article {article_id}"
    byline = f"by {article.author}" if article.author else None
    parts = [f"\u201c{article.title}\u201d"] + [p for p in (byline, article.outlet, article.published, article.source)
                                                 if p]
    return ", ".join(parts)


def _evidence_lines(relation: Relation, articles: dict[str, Article]) -> list[tuple[Evidence, str]]:
    """Each supporting sentence with where its article can be found."""
    return [(ev, ", ".join(x for x in (_where(articles.get(ev.article_id), ev.article_id), page_label(ev.page)) if x))
            for ev in relation.evidence]


def _rows(snapshot: Snapshot) -> list[tuple[Relation, list[str]]]:
    """Connections sorted by type and names, each with its row cells (evidence joined by line breaks)."""
    schema = load_schema()
    entities = snapshot.entity_map()
    articles = snapshot.article_map()
    out = []
    for r in snapshot.relations:
        source, target = entities[r.source], entities[r.target]
        label = schema.relation_types[r.type].label
        evidence = "\n".join(f"[{i}] \u201c{ev.sentence}\u201d ({ev.status}) \u2014 {where}"
                             for i, (ev, where) in enumerate(_evidence_lines(r, articles), start=1))
        cells = [f"{source.name} {label} {target.name}", r.type, source.name, source.type, target.name,
                 target.type, str(r.sources), relation_status(r), evidence]
        out.append((r, cells))
    out.sort(key=lambda item: (item[0].type, item[1][2].casefold(), item[1][4].casefold(), item[0].key))
    return out


def render_factcheck_csv(snapshot: Snapshot) -> bytes:
    """CSV (UTF-8 with BOM, so spreadsheets read the accents), one row per connection; a name such as
    `=HYPERLINK(...)` gets an apostrophe in front (graph/spreadsheet.py), so no cell runs as a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([neutralise(cell) for cell in cells] for _, cells in _rows(snapshot))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def md_escape(text: str) -> str:
    """Text that Markdown shows literally: HTML special characters as entities, Markdown marks escaped,
    line breaks as spaces (a table cell is one line)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.replace("\r", "\n").split("\n"))


def render_factcheck_markdown(snapshot: Snapshot) -> bytes:
    """A Markdown document with one table row per connection; sentences are numbered within their cell."""
    schema = load_schema()
    entities = snapshot.entity_map()
    articles = snapshot.article_map()
    counts = snapshot.counts()
    lines = [
        "# Fact-check sheet",
        "",
        f"Scope: {md_escape(scope_text(snapshot.scope))}. {counts['connections']} connections, "
        f"{counts['evidence']} supporting sentences from {counts['articles']} articles.",
        "",
        "| # | Connection | Type | Independent sources | Status | Supporting sentences |",
        "|---|---|---|---|---|---|",
    ]
    for number, (relation, _) in enumerate(_rows(snapshot), start=1):
        source, target = entities[relation.source], entities[relation.target]
        label = schema.relation_types[relation.type].label
        items = "<br>".join(
            f"{i}. \u201c{md_escape(ev.sentence)}\u201d ({ev.status}) \u2014 {md_escape(where)}"
            for i, (ev, where) in enumerate(_evidence_lines(relation, articles), start=1)
        )
        connection = f"**{md_escape(source.name)}** {label} **{md_escape(target.name)}**"
        lines.append(f"| {number} | {connection} | {relation.type} | {relation.sources} | "
                     f"{relation_status(relation)} | {items} |")
    if snapshot.redactions:
        lines += ["", f"Redacted before export: {len(snapshot.redactions)} rule(s); see the manifest for counts."]
    return ("\n".join(lines) + "\n").encode("utf-8")


FORMAT = SnapshotFormat("factcheck", "Fact-check sheet (CSV)", 80, ".csv", write=render_factcheck_csv,
                        variants=MappingProxyType({".md": render_factcheck_markdown}))
