"""The schema file is the one definition of types; these tests keep it whole and refuse bad ones."""

from __future__ import annotations

import copy
import re

import pytest
import yaml

from graph.errors import InvalidSchema
from graph.schema import SCHEMA_PATH, load_schema, parse_schema

ISSUE_ENTITY_TYPES = {"Person", "Company", "GovernmentBody", "NGO", "MediaOutlet", "Report", "Location", "Product",
                      "Organization"}
ISSUE_RELATION_TYPES = {"SUPPLIED_TO", "HAS_ROLE_AT", "CONTACTED", "PUBLISHED", "CONCERNS", "CRITICIZED",
                        "SANCTIONED", "LOCATED_IN", "OWNS", "FUNDED", "MEMBER_OF"}


@pytest.fixture
def raw() -> dict:
    return yaml.safe_load(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_schema_has_the_types_the_project_promises():
    schema = load_schema()
    assert set(schema.entity_types) == ISSUE_ENTITY_TYPES
    assert set(schema.relation_types) == ISSUE_RELATION_TYPES
    assert schema.mention_relation == "MENTIONS"


def test_every_type_has_a_label_a_colour_and_a_description():
    schema = load_schema()
    for entity_type in schema.entity_types.values():
        assert entity_type.label and entity_type.description
        assert re.fullmatch(r"#[0-9a-f]{6}", entity_type.color)
    assert len({t.color for t in schema.entity_types.values()}) == len(schema.entity_types)
    for relation_type in schema.relation_types.values():
        assert relation_type.label and relation_type.description


def test_directions_are_as_the_domain_reads():
    rel = load_schema().relation_types
    assert rel["HAS_ROLE_AT"].allows("Person", "Company") and not rel["HAS_ROLE_AT"].allows("Company", "Person")
    assert rel["PUBLISHED"].allows("NGO", "Report") and not rel["PUBLISHED"].allows("Report", "NGO")
    assert rel["SANCTIONED"].allows("GovernmentBody", "Company") and not rel["SANCTIONED"].allows("NGO", "Company")
    assert rel["LOCATED_IN"].allows("Company", "Location") and not rel["LOCATED_IN"].allows("Location", "Company")
    assert rel["SUPPLIED_TO"].attributes == ("product",) and rel["HAS_ROLE_AT"].attributes == ("role",)


def test_only_stated_and_alleged_are_facts():
    schema = load_schema()
    assert {s for s, factual in schema.statuses.items() if factual} == {"stated", "alleged"}
    assert {"denied", "negated", "planned", "hypothetical"} <= set(schema.statuses)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda r: r["entity_types"]["Person"].pop("label"), "entity_types.Person.label is missing"),
        (lambda r: r["relation_types"]["OWNS"].update(source=["Pirate"]), "unknown entity type 'Pirate'"),
        (lambda r: r["relation_types"].update({"bad-name": r["relation_types"]["OWNS"]}), "not a plain identifier"),
        (lambda r: r.pop("statuses"), "missing section"),
        (lambda r: r.update(mention_relation="OWNS"), "mention_relation"),
    ],
)
def test_a_bad_schema_is_refused_naming_the_field(raw, mutate, message):
    broken = copy.deepcopy(raw)
    mutate(broken)
    with pytest.raises(InvalidSchema, match=re.escape(message)):
        parse_schema(broken)
