"""Rule-based extraction of typed, directed relations with evidence from news articles (spaCy sm model)."""

from loaders.extract.nlp import load_nlp
from loaders.extract.pipeline import EXTRACTOR_NAME, EXTRACTOR_VERSION, extract, extract_doc, extract_many

__all__ = ["EXTRACTOR_NAME", "EXTRACTOR_VERSION", "extract", "extract_doc", "extract_many", "load_nlp"]
