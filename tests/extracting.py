"""Helpers for extraction tests: run the real extractor on one text and read back its facts by name."""

from __future__ import annotations

from graph.model import Extraction
from graph.schema import load_schema
from loaders.document import Document
from loaders.extract import extract


def run(text: str) -> Extraction:
    """The extraction of one text, as `threadline extract` would produce it."""
    return extract(Document(key="t", text=text))


def rels(x: Extraction) -> set[tuple[str, str, str]]:
    """Factual relations as (source name, type, target name)."""
    names = {e.id: e.name for e in x.entities}
    schema = load_schema()
    return {(names[r.source], r.type, names[r.target]) for r in x.relations if schema.is_factual(r.status)}
