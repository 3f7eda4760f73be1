"""One sentence per step: mentions, typing, in-document resolution, relation rules (loaders.extract)."""

from __future__ import annotations

import pytest

from graph.model import Extraction
from graph.schema import load_schema
from loaders.document import Document
from loaders.extract import EXTRACTOR_NAME, EXTRACTOR_VERSION, extract_many, load_nlp
from loaders.extract.lexicon import load_lexicon
from loaders.extract.mentions import find_mentions
from loaders.extract.resolve_local import initials, resolve
from tests.extracting import rels, run


def entity(x: Extraction, name: str):
    return next(e for e in x.entities if e.name == name)


def test_load_nlp_is_cached_and_offline() -> None:
    assert load_nlp() is load_nlp()
    assert "ner" in load_nlp().pipe_names


def test_title_is_stripped_from_person_and_kept_as_role() -> None:
    doc = load_nlp()("U.S. Senator Marco Rubio has asked the company to explain itself.")
    mentions, _ = find_mentions(doc, load_lexicon())
    person = next(m for m in mentions if m.label == "PERSON")
    assert person.text == "Marco Rubio"
    assert person.role == "Senator"


def test_leading_article_and_possessive_are_stripped() -> None:
    x = run("The senator cited a Human Rights Watch (HRW) report and Marco Rubio's letter.")
    names = {e.name for e in x.entities}
    assert {"Human Rights Watch", "Marco Rubio"} <= names
    assert not any(n.lower().startswith("a ") or n.endswith("'s") for n in names)


def test_org_typing_from_cues_and_gazetteer() -> None:
    x = run("Acme Systems Inc. met the Ministry of Interior, Amnesty International and Reuters in Paris.")
    assert entity(x, "Ministry of Interior").type == "GovernmentBody"
    assert entity(x, "Amnesty International").type == "NGO"
    assert entity(x, "Reuters").type == "MediaOutlet"
    assert entity(x, "Paris").type == "Location"


def test_state_body_from_common_noun() -> None:
    x = run("Acme Corp sold cameras to police in Kenya's Rift Valley region.")
    assert ("Acme Corp", "SUPPLIED_TO", "Rift Valley police") in rels(x)
    assert entity(x, "Rift Valley police").type == "GovernmentBody"


def test_initials() -> None:
    assert initials("Congressional-Executive Commission on China") == "CECC"


def test_surname_acronym_and_description_resolve() -> None:
    text = (
        "Marc Casper, chief executive of Orbital Analytics, spoke on Monday. "
        "The Electronic Privacy Center (EPC) criticised the firm. Casper said the company would reply to EPC."
    )
    doc = load_nlp()(text)
    lex = load_lexicon()
    mentions, _ = find_mentions(doc, lex)
    entities = [e for e in resolve(doc, mentions, lex) if e.mentions]
    by_name = {e.name: e for e in entities}
    assert "Casper" in by_name["Marc Casper"].aliases
    assert "EPC" in by_name["Electronic Privacy Center"].aliases
    company = next(m for m in mentions if m.kind == "description" and m.noun == "company")
    assert entities[0] is not None and company.entity >= 0
    assert "Orbital Analytics" in {e.name for e in resolve(doc, mentions, lex) if e.mentions}


def test_role_apposition() -> None:
    x = run("Rubio wrote a letter to Marc Casper, CEO of Thermo Fisher Scientific.")
    assert ("Marc Casper", "HAS_ROLE_AT", "Thermo Fisher Scientific") in rels(x)
    assert ("Marco Rubio", "CONTACTED", "Marc Casper") in rels(x) or (
        "Rubio",
        "CONTACTED",
        "Marc Casper",
    ) in rels(x)
    role = next(r for r in x.relations if r.type == "HAS_ROLE_AT")
    assert role.attributes == {"role": "CEO"}


def test_role_title_before_name_with_org() -> None:
    x = run("GE spokesman Richard Kennedy said the valve was safe.")
    assert ("Richard Kennedy", "HAS_ROLE_AT", "GE") in rels(x)


def test_based_in_and_dash_based() -> None:
    x = run(
        "The Toronto-based Citizen Lab published the findings. Acme Systems, which is headquartered in "
        "Haifa, declined to comment."
    )
    assert ("Citizen Lab", "LOCATED_IN", "Toronto") in rels(x)
    assert ("Acme Systems", "LOCATED_IN", "Haifa") in rels(x)
    assert ("Citizen Lab", "PUBLISHED", "Citizen Lab findings") in rels(x)


def test_supplied_to_keeps_product_and_evidence_offsets() -> None:
    text = "Intro line.\n\nAcme Systems sold facial recognition cameras to the Nigerian army in 2019."
    x = run(text)
    rel = next(r for r in x.relations if r.type == "SUPPLIED_TO")
    assert rel.attributes["product"] == "facial recognition cameras"
    assert text[rel.start : rel.end] == rel.evidence
    assert rel.evidence.startswith("Acme Systems sold")
    assert 0.0 <= rel.confidence <= 1.0


def test_buy_from_reverses_direction() -> None:
    x = run("The Interior Ministry bought spyware from Acme Systems.")
    assert ("Acme Systems", "SUPPLIED_TO", "Interior Ministry") in rels(x)


def test_unnamed_report_is_published_and_concerns_its_subject() -> None:
    x = run("An Amnesty International report found that Acme Systems had sold spyware to the government.")
    assert ("Amnesty International", "PUBLISHED", "Amnesty International report") in rels(x)
    assert ("Amnesty International report", "CONCERNS", "Acme Systems") in rels(x)


def test_sanctioned_and_criticized() -> None:
    x = run("The Commerce Department blacklisted Acme Systems. Amnesty International condemned Acme Systems.")
    assert ("Commerce Department", "SANCTIONED", "Acme Systems") in rels(x)
    assert ("Amnesty International", "CRITICIZED", "Acme Systems") in rels(x)


def test_every_relation_fits_the_schema() -> None:
    x = run("Jane Doe, a spokeswoman for Acme Systems, said the Haifa firm sold drones to the Nigerian army.")
    schema = load_schema()
    types = {e.id: e.type for e in x.entities}
    for r in x.relations:
        assert schema.relation_types[r.type].allows(types[r.source], types[r.target])
        assert r.status in schema.statuses
    assert x.extractor == EXTRACTOR_NAME and x.version == EXTRACTOR_VERSION


def test_extract_many_keeps_order_and_workers_agree() -> None:
    texts = [
        f"Acme {n} Systems sold radios to the Nigerian army." for n in ("Alpha", "Beta", "Gamma", "Delta")
    ]
    docs = [Document(key=str(i), text=t) for i, t in enumerate(texts)]
    one = list(extract_many(docs, workers=1, batch_size=2))
    two = list(extract_many(docs, workers=2, batch_size=2))
    assert one == two
    assert [e.name for x in one for e in x.entities if e.type != "GovernmentBody"][:1] == [
        "Acme Alpha Systems"
    ]


@pytest.mark.parametrize("verb", ["sold", "supplied", "delivered", "shipped"])
def test_supply_verbs_come_from_data(verb: str) -> None:
    x = run(f"Acme Systems {verb} drones to the Nigerian army.")
    assert ("Acme Systems", "SUPPLIED_TO", "Nigerian army") in rels(x)
