"""Name repairs on the small model's spans, and places standing for their states (loaders.extract). Invented
names only."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.extracting import rels, run

DATA = Path(__file__).resolve().parents[1] / "loaders" / "data"


def names(text: str) -> dict[str, str]:
    return {e.name: e.type for e in run(text).entities}


def test_company_suffix_left_off_by_the_model_is_kept() -> None:
    found = rels(run("The Commission on Friday fined Clearvox AI 20 million euros."))
    assert ("Commission", "SANCTIONED", "Clearvox AI") in found


def test_person_name_runs_on_over_untagged_proper_nouns() -> None:
    x = run("Treasury also added the founder Tal Dorian and top leader Sara Aleksandra Fayssal Hamou to the list.")
    assert "Sara Aleksandra Fayssal Hamou" in {e.name for e in x.entities}


def test_each_title_in_a_list_belongs_to_its_own_name() -> None:
    found = rels(run("The US Commerce Department and the US Treasury Department answered. In a letter to Commerce "
                     "Secretary Wilbur Rossi and Treasury Secretary Steven Mnuch, two senators raised the sales."))
    roles = {(s, t) for s, r, t in found if r == "HAS_ROLE_AT"}
    assert ("Wilbur Rossi", "US Commerce Department") in roles
    assert ("Steven Mnuch", "US Commerce Department") not in roles


def test_party_is_not_a_nation_of_a_title() -> None:
    assert "Republican Senate" not in names("Republican Senator Marco Ruby wrote to Acme Systems on Monday.")


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("Acme Systems sold its spyware to Mexico and Kenya.", ("Acme Systems", "SUPPLIED_TO", "government of Kenya")),
        ("The United States sanctioned Borealis Technologies in March.",
         ("government of United States", "SANCTIONED", "Borealis Technologies")),
        ("Acme Systems' clients included Sudan.", ("Acme Systems", "SUPPLIED_TO", "government of Sudan")),
    ],
)
def test_a_country_buying_or_sanctioning_is_its_government(text: str, relation: tuple[str, str, str]) -> None:
    x = run(text)
    assert relation in rels(x)
    government = next(n for n in (relation[0], relation[2]) if n.startswith("government of"))
    assert {e.name: e.type for e in x.entities}[government] == "GovernmentBody"


def test_a_named_government_is_reused_for_its_country() -> None:
    x = run("The Mexican government bought Pegasus in 2014. Acme Systems later sold more licences to Mexico.")
    assert ("Acme Systems", "SUPPLIED_TO", "Mexican government") in rels(x)
    assert "government of Mexico" not in {e.name for e in x.entities}


def test_a_country_stays_a_place_where_places_belong() -> None:
    x = run("Acme Systems, based in Mexico, sold cameras to the Kenyan police.")
    assert ("Acme Systems", "LOCATED_IN", "Mexico") in rels(x)
    assert "government of Mexico" not in {e.name for e in x.entities}


def _booleans(node: object, where: str) -> list[str]:
    if isinstance(node, bool):
        return [where]
    if isinstance(node, dict):
        return [b for k, v in node.items() for b in _booleans(v, f"{where}.{k}")]
    if isinstance(node, list):
        return [b for i, v in enumerate(node) for b in _booleans(v, f"{where}[{i}]")]
    return []


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yaml")), ids=lambda p: p.name)
def test_word_lists_hold_no_yaml_booleans(path: Path) -> None:
    """An unquoted on, no or yes in a word list loads as a boolean and silently drops the word."""
    assert _booleans(yaml.safe_load(path.read_text(encoding="utf-8")), path.name) == []


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("The same month, Apple also filed a lawsuit against Korvex Labs.", ("Apple", "CONTACTED", "Korvex Labs")),
        ("WhatsApp filed suit against Korvex Labs in 2019.", ("WhatsApp", "CONTACTED", "Korvex Labs")),
        ("Privacy International has made a criminal complaint to the National Crime Agency.",
         ("Privacy International", "CONTACTED", "National Crime Agency")),
        ("Apple sued Korvex Labs in November.", ("Apple", "CONTACTED", "Korvex Labs")),
    ],
)
def test_lawsuits_and_complaints_are_demands_made_of_their_target(text: str, relation: tuple[str, str, str]) -> None:
    assert relation in rels(run(text))


def test_a_known_name_opening_a_sentence_before_a_title() -> None:
    found = rels(run("Cellebrite CEO Yossi Carmel said the company helps the police."))
    assert ("Yossi Carmel", "HAS_ROLE_AT", "Cellebrite") in found


def test_a_role_noun_right_before_a_full_name_makes_a_person() -> None:
    assert names("They joined a call from Israeli human rights lawyer Eitan Makov in July.")["Eitan Makov"] == "Person"


def test_a_secretary_heads_the_department_named_with_the_title() -> None:
    found = rels(run('"We will not tolerate it," Secretary of Commerce Wilbur Rossi said in a statement.'))
    assert ("Wilbur Rossi", "HAS_ROLE_AT", "Commerce Department") in found


def test_the_form_without_a_corporate_suffix_names_the_company() -> None:
    x = run("Korvex Ltd. sold cameras to the Kenyan police. Korvex later said the deal was lawful.")
    korvex = [e for e in x.entities if e.name.startswith("Korvex")]
    assert [e.name for e in korvex] == ["Korvex"] and "Korvex Ltd." in korvex[0].aliases


def test_telling_a_newspaper_is_not_contacting_it() -> None:
    x = run('"They used an agent that was already dead," Paolo Lenzi told TechCrunch.')
    assert not [r for r in rels(x) if r[1] == "CONTACTED"]


def test_a_described_name_is_the_one_based_somewhere() -> None:
    found = rels(run("Apple has filed a lawsuit against the Israel-based company NSO Group."))
    assert ("NSO Group", "LOCATED_IN", "Israel") in found
    assert ("Apple", "LOCATED_IN", "Israel") not in found


def test_a_singular_role_in_a_list_belongs_to_its_own_name() -> None:
    text = ("The trial targets four businessmen: Giorgos Lavas, reportedly the real owner of Kirkel; Felix Bitsos, "
            "a former Kirkel partner; and Tal Dorian.")
    found = rels(run(text))
    assert not [r for r in found if r[0] in ("Tal Dorian",) and r[2] == "Kirkel"]


def test_a_company_official_works_for_the_company_just_named() -> None:
    found = rels(run("Korvex Co. is preparing a new service, said Debra Born, a company official."))
    assert ("Debra Born", "HAS_ROLE_AT", "Korvex Co.") in found


def test_the_chairman_of_an_organisation_named_after_it() -> None:
    found = rels(run("Police said the chairman of the United Opposition Front, Mohamed Ahmed Isse, was arrested."))
    assert ("Mohamed Ahmed Isse", "HAS_ROLE_AT", "United Opposition Front") in found


def test_a_commissioner_sits_in_the_commissioners_office() -> None:
    found = rels(run("The Information Commissioner's Office fined Clearvox AI. The UK information commissioner, "
                     "John Edwin, said it was unacceptable."))
    assert ("John Edwin", "HAS_ROLE_AT", "Information Commissioner's Office") in found


def test_the_founders_of_an_organisation_hold_a_role_there() -> None:
    found = rels(run("Kestrel Systems was established in Barcelona in 2018 by Ralf Wegner and Raman Jayaram."))
    assert {s for s, r, t in found if r == "HAS_ROLE_AT" and t == "Kestrel Systems"} == {"Ralf Wegner", "Raman Jayaram"}


def test_a_title_is_not_an_organisation() -> None:
    found = rels(run('"We take care," said David Murfy, COO and president of Blue Coat Systems.'))
    assert ("David Murfy", "HAS_ROLE_AT", "Blue Coat Systems") in found
    assert "COO" not in {e.name for e in run("David Murfy, COO and president of Blue Coat Systems, spoke.").entities}


def test_an_all_capitals_name_after_its_type_noun() -> None:
    found = rels(run("Louis Idehen, CEO of Nigerian tech company SMSICT, signed the deal."))
    assert ("Louis Idehen", "HAS_ROLE_AT", "SMSICT") in found


def test_counted_staff_with_their_names_after_a_colon() -> None:
    text = ("Pegasus was used against two Human Rights Watch employees: Adam Coole, deputy director for the Middle "
            "East, and Hiba Zayed, senior researcher for Jordan.")
    found = rels(run(text))
    assert ("Adam Coole", "HAS_ROLE_AT", "Human Rights Watch") in found


def test_what_a_role_is_held_at_is_an_organisation_not_a_country() -> None:
    x = run("Brendan Hough, co-founder of Anomaly 6, declined to comment. James Monro, the fifth President of the "
            "United States, was born in Virginia.")
    assert {e.name: e.type for e in x.entities}["Anomaly 6"] == "Organization"
    assert not [r for r in rels(x) if r[0] == "James Monro" and r[1] == "HAS_ROLE_AT"]


@pytest.mark.parametrize("heading", ["Supplies", "Report of the audit"])
def test_a_heading_paragraph_does_not_cut_the_next_sentence_after_its_first_word(heading: str) -> None:
    """Word files and PDFs put headings on their own paragraph; the sentence after one stays whole."""
    found = rels(run(f"{heading}\n\nHikvision supplied surveillance cameras to the Xinjiang Public Security Bureau."))
    assert ("Hikvision", "SUPPLIED_TO", "Xinjiang Public Security Bureau") in found
