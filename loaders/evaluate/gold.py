"""Read gold graphs in the seed format: the seed article's (../shared/gold/) and the demo corpus's
(data/articles/*.gold.json). Paths are resolved from the project root, never absolute.
"""

from __future__ import annotations

import json
from pathlib import Path

from loaders.document import Document
from loaders.evaluate.scoring import GoldEntity, GoldGraph, GoldRelation

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SHARED = PROJECT_ROOT.parent / "shared"
SEED_GOLD = SHARED / "gold" / "seed.gold.json"
DEMO_DIR = PROJECT_ROOT / "data" / "articles"
_TEXT_SUFFIXES = (".txt", ".md", ".text")


def parse_gold(raw: dict, origin: str) -> GoldGraph:
    """Build a `GoldGraph` from the parsed JSON of a gold file."""
    try:
        entities = tuple(
            GoldEntity(e["name"], e.get("type", ""), tuple(e.get("aliases") or ())) for e in raw["entities"]
        )
        relations = tuple(
            GoldRelation(r["source"], r["type"], r["target"], bool(r.get("optional", False)))
            for r in raw["relations"]
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{origin}: gold file lacks {exc}; expected entities[] and relations[]") from None
    return GoldGraph(str(raw.get("document", origin)), entities, relations, tuple(raw.get("forbidden") or ()))


def _document_path(gold_path: Path, document: str | None) -> Path:
    """Where a gold file's article is: its `document` field relative to the gold's folder, its parent, the
    project or shared/, else a file with the same stem beside the gold file."""
    if document:
        for base in (gold_path.parent, gold_path.parent.parent, PROJECT_ROOT, SHARED):
            candidate = base / document
            if candidate.is_file():
                return candidate
    stem = gold_path.name.removesuffix(".gold.json")
    for suffix in _TEXT_SUFFIXES:
        candidate = gold_path.with_name(stem + suffix)
        if candidate.is_file():
            return candidate
    for candidate in sorted(gold_path.parent.glob(stem + ".*")):
        if candidate.is_file() and not candidate.name.endswith(".json"):
            return candidate
    raise FileNotFoundError(f"{gold_path}: cannot find its article ({document or stem}); set 'document'")


def read_gold_file(path: Path) -> tuple[Document, GoldGraph]:
    """A gold file and the document it describes."""
    with open(path, encoding="utf-8") as handle:
        raw = json.load(handle)
    gold = parse_gold(raw, path.name)
    doc_path = _document_path(path, raw.get("document"))
    text = doc_path.read_text(encoding="utf-8")
    return Document(key=doc_path.stem, text=text, path=str(doc_path)), gold


SEED_MISSING = ("the seed gold (shared/gold/seed.gold.json beside the project) is not on this machine: it comes "
                "with the team's shared folder, not with the repository")


def seed_available() -> bool:
    """Whether the seed article's gold graph is here: a clone of the repository alone does not have it."""
    return SEED_GOLD.is_file()


def seed_set() -> list[tuple[Document, GoldGraph]]:
    """The seed article with its gold graph; FileNotFoundError saying why when it is absent."""
    if not seed_available():
        raise FileNotFoundError(SEED_MISSING)
    return [read_gold_file(SEED_GOLD)]


def demo_set(directory: Path = DEMO_DIR) -> list[tuple[Document, GoldGraph]]:
    """Every demo article that has a gold file (empty if none exist yet)."""
    return [read_gold_file(p) for p in sorted(directory.glob("*.gold.json"))]
