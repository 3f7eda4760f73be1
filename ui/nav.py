"""The app's pages in one place: app.py builds the navigation from this list, and pages link to each other by it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageInfo:
    """A page's script (relative to app.py), its title and its URL path."""

    path: str
    title: str
    url_path: str


EXPLORE = PageInfo("ui/pages/explore.py", "Explore", "explore")
FILTERS = PageInfo("ui/pages/filters.py", "Filters", "filters")
EVIDENCE = PageInfo("ui/pages/evidence.py", "Evidence", "evidence")
CONNECTIONS = PageInfo("ui/pages/connections.py", "Connections", "connections")
QUERY = PageInfo("ui/pages/query.py", "Query", "query")
ANALYSIS = PageInfo("ui/pages/analysis.py", "Analysis", "analysis")
ARTICLES = PageInfo("ui/pages/articles.py", "Articles", "articles")
INGEST = PageInfo("ui/pages/ingest.py", "Ingest", "ingest")
EXPORT = PageInfo("ui/pages/export.py", "Export", "export")
SNAPSHOTS = PageInfo("ui/pages/snapshots.py", "Snapshots", "snapshots")
OVERVIEW = PageInfo("ui/pages/overview.py", "Overview", "overview")

PAGES = (EXPLORE, FILTERS, EVIDENCE, CONNECTIONS, QUERY, ANALYSIS, ARTICLES, INGEST, EXPORT, SNAPSHOTS, OVERVIEW)
DEFAULT = EXPLORE
