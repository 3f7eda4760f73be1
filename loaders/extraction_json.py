"""The JSON shape `threadline extract` prints for one document (see the extract contract in the README)."""

from __future__ import annotations

from typing import Any

from graph.model import Extraction
from loaders.document import Document


def extraction_to_json(document: Document, extraction: Extraction) -> dict[str, Any]:
    return {
        "document": {"id": document.key, "title": document.title, "path": document.path},
        "entities": [
            {"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases), "mentions": e.mentions}
            for e in extraction.entities
        ],
        "relations": [
            {"type": r.type, "source": r.source, "target": r.target, "evidence": r.evidence, "start": r.start,
             "end": r.end, "confidence": r.confidence, "attributes": dict(r.attributes), "status": r.status}
            for r in extraction.relations
        ],
    }
