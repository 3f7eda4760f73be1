"""Cross-document resolution as a pure function over an extraction and a look-up."""

from __future__ import annotations

import pytest

from graph.errors import InvalidData
from graph.model import Article, Entity, ExtractedEntity, ExtractedRelation, Extraction
from loaders.resolve import compatible, match_key, resolve


def _extraction(entities, relations=()) -> Extraction:
    return Extraction(tuple(entities), tuple(relations), "test", "1")


def _lookup(*stored: Entity):
    def lookup(keys):
        found = {}
        for entity in stored:
            for name in (entity.name, *entity.aliases):
                key = match_key(name, entity.type)
                if key in keys:
                    found.setdefault(key, []).append(entity)
        return found
    return lookup


ARTICLE = Article(id="a1", title="T", text="Thermo Fisher Scientific Inc. sold kits to the police.")
THERMO = Entity("thermo-id", "Thermo Fisher Scientific", "Company", ("Thermo Fisher",))


def test_match_keys_drop_case_accents_articles_and_corporate_suffixes():
    assert match_key("The Thermo Fisher Scientific Inc.", "Company") == "thermo fisher scientific"
    assert match_key("Société Générale S.A.", "Company") == "societe generale"
    assert match_key("Rubio", "Person") == ""
    assert match_key("Marco Rubio", "Person") == "marco rubio"


def test_a_company_named_differently_joins_the_stored_one_and_adds_the_alias():
    extraction = _extraction([ExtractedEntity("e1", "Thermo Fisher Scientific Inc.", "Company")])
    batch = resolve(ARTICLE, extraction, _lookup(THERMO))
    (entity,) = batch.entities
    assert entity.id == THERMO.id and entity.name == THERMO.name
    assert "Thermo Fisher Scientific Inc." in entity.aliases


def test_two_people_who_share_a_surname_are_not_merged():
    stored = Entity("p1", "John Smith", "Person", ("Smith",))
    extraction = _extraction([ExtractedEntity("e1", "Jane Smith", "Person", ("Smith",))])
    (entity,) = resolve(ARTICLE, extraction, _lookup(stored)).entities
    assert entity.id != stored.id and entity.name == "Jane Smith"


def test_a_person_is_matched_on_the_full_name():
    stored = Entity("p1", "Marco Rubio", "Person", ("Rubio",))
    extraction = _extraction([ExtractedEntity("e1", "Marco Rubio", "Person", ("Senator Marco Rubio",))])
    (entity,) = resolve(ARTICLE, extraction, _lookup(stored)).entities
    assert entity.id == "p1"


def test_types_must_be_compatible():
    assert compatible("Organization", "NGO") and compatible("Company", "Organization")
    assert not compatible("Company", "Person") and not compatible("NGO", "Company")
    stored_person = Entity("p1", "Amnesty International", "Person")
    extraction = _extraction([ExtractedEntity("e1", "Amnesty International", "NGO")])
    (entity,) = resolve(ARTICLE, extraction, _lookup(stored_person)).entities
    assert entity.id != "p1" and entity.type == "NGO"


def test_a_stored_entity_keeps_its_type():
    stored = Entity("o1", "Citizen Lab", "Organization")
    extraction = _extraction([ExtractedEntity("e1", "Citizen Lab", "NGO")])
    (entity,) = resolve(ARTICLE, extraction, _lookup(stored)).entities
    assert (entity.id, entity.type) == ("o1", "Organization")


def test_new_entities_get_the_same_id_in_every_article():
    extraction = _extraction([ExtractedEntity("e1", "Acme Corp", "Company")])
    first = resolve(ARTICLE, extraction, _lookup()).entities[0]
    other = Article(id="a2", title="U", text="Acme sold more.")
    again = resolve(other, _extraction([ExtractedEntity("e9", "Acme", "Company")]), _lookup()).entities[0]
    assert first.id == again.id


def test_relations_are_remapped_merged_and_checked_against_the_schema():
    police = ExtractedEntity("e2", "Xinjiang police", "GovernmentBody")
    sentence = ARTICLE.text
    relations = [
        ExtractedRelation("SUPPLIED_TO", "e1", "e2", sentence, 0, len(sentence), 0.9, {"product": "kits"}),
        ExtractedRelation("SUPPLIED_TO", "e3", "e2", sentence, 0, len(sentence), 0.7),
        ExtractedRelation("PUBLISHED", "e1", "e2", sentence, 0, len(sentence), 0.5),  # Report-less: not allowed
    ]
    entities = [ExtractedEntity("e1", "Thermo Fisher", "Company"), police,
                ExtractedEntity("e3", "Thermo Fisher Scientific", "Company")]
    batch = resolve(ARTICLE, _extraction(entities, relations), _lookup(THERMO))
    assert len(batch.entities) == 2
    (relation,) = batch.relations
    assert relation.type == "SUPPLIED_TO" and relation.source == THERMO.id
    assert len(relation.evidence) == 2 and relation.attributes == {"product": "kits"}


def test_unknown_types_and_dangling_relations_are_named_errors():
    with pytest.raises(InvalidData, match="unknown type 'Pirate'"):
        resolve(ARTICLE, _extraction([ExtractedEntity("e1", "X", "Pirate")]), _lookup())
    dangling = ExtractedRelation("OWNS", "e1", "e9", "s", 0, 1, 0.5)
    with pytest.raises(InvalidData, match="unknown entity"):
        resolve(ARTICLE, _extraction([ExtractedEntity("e1", "Acme", "Company")], [dangling]), _lookup())
