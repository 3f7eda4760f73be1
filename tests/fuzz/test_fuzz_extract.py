"""Fuzzing the extraction contract with the real spaCy model: for any text, extraction ends, every evidence span
lies inside the text and quotes it, every type is in the schema, and relations join entities of the extraction.

spaCy is slow, so few examples; each text is built from article words, so the rules fire, mixed with odd
characters and layout, so they fire on strange input.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from graph.schema import load_schema
from loaders.document import Document
from loaders.extract import extract_many
from tests.fuzz.budget import examples
from tests.fuzz.strategies import TRICKY, hostile_text

SENTENCES = (
    "Thermo Fisher sold DNA sequencers to the police in Xinjiang.",
    "Hikvision supplied cameras to the Ministry of Interior of Egypt in 2019.",
    "NSO Group denied that it sold Pegasus to the government of Mexico.",
    "Sen. Marco Rubio wrote to Thermo Fisher about the sales.",
    "Sandvine will supply deep packet inspection equipment to Belarus, Reuters reported.",
    "Huawei Technologies Co. built a surveillance network for the city of Nairobi, according to a report.",
    "US Sanctions Canada-Based Sandvine For Enabling Censorship In Egypt",
    "Related stories",
    "Photo: Reuters",
)

article_text = st.lists(
    st.one_of(st.sampled_from(SENTENCES), st.sampled_from(SENTENCES), st.sampled_from(TRICKY), hostile_text),
    min_size=0, max_size=12,
).flatmap(lambda parts: st.sampled_from([" ", "\n", "\n\n"]).map(lambda joint: joint.join(parts)))


def _check_contract(text: str, extraction) -> None:
    """The extraction contract (README, 'extract'), checked on one document."""
    schema = load_schema()
    ids = [e.id for e in extraction.entities]
    assert len(ids) == len(set(ids))
    for entity in extraction.entities:
        assert entity.type in schema.entity_types
        assert entity.name.strip() and entity.mentions >= 1
    for relation in extraction.relations:
        rtype = schema.relation_types[relation.type]
        assert relation.source in ids and relation.target in ids
        kinds = {e.id: e.type for e in extraction.entities}
        assert rtype.allows(kinds[relation.source], kinds[relation.target])
        assert 0 <= relation.start <= relation.end <= len(text)
        assert relation.evidence == text[relation.start:relation.end] and relation.evidence in text
        assert relation.evidence.strip() == relation.evidence and relation.evidence
        assert relation.status in schema.statuses and 0.0 <= relation.confidence <= 1.0
        assert set(relation.attributes) <= set(rtype.attributes)


@settings(max_examples=examples(25))
@given(texts=st.lists(article_text, min_size=1, max_size=3))
@example(texts=[SENTENCES[0], "", " \n\t", "\x00\u202e" + SENTENCES[1]])
def test_extraction_keeps_its_contract_on_any_text(texts: list[str]) -> None:
    documents = [Document(key=f"d{i}", text=t) for i, t in enumerate(texts)]
    extractions = list(extract_many(documents))
    assert len(extractions) == len(documents)
    for text, extraction in zip(texts, extractions, strict=True):
        _check_contract(text, extraction)


def test_the_contract_check_sees_relations_in_plain_prose():
    """The property above is not empty: on plain prose the extractor does find relations to check."""
    extraction = next(extract_many([Document(key="d", text=SENTENCES[0] + " " + SENTENCES[1])]))
    _check_contract(SENTENCES[0] + " " + SENTENCES[1], extraction)
    assert {r.type for r in extraction.relations} >= {"SUPPLIED_TO"}
