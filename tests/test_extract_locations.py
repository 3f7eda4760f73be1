"""Where organisations are: source lines of monitored media, a company's home town after 'of', type nouns after a
name ('the Acme company'), founding verbs and 'the Paris branch of X' (loaders.extract). Invented names only."""

from __future__ import annotations

import pytest

from tests.extracting import rels, run


def located(text: str) -> set[tuple[str, str]]:
    return {(s, t) for s, r, t in rels(run(text)) if r == "LOCATED_IN"}


@pytest.mark.parametrize(
    ("line", "outlet", "place"),
    [
        ("PA1106232494 Mexico City LA VOZ in Spanish 10 Jun 94 p 11", "LA VOZ", "Mexico City"),
        ("LD0806223294 Sarajevo Radio Drina Network in Serbo-Croatian 2000 GMT 8 Jun 94", "Radio Drina Network",
         "Sarajevo"),
        ("40101006B Beijing HARBOUR DAILY (SCIENCE MEDICINE) in English 13 Apr 94 p 5", "HARBOUR DAILY", "Beijing"),
        ("Sao Paulo O CORREIO DO NORTE", "O CORREIO DO NORTE", "Sao Paulo"),
        ("Cairo AL-NAHAR", "AL-NAHAR", "Cairo"),
        ("Madrid RDV International", "RDV International", "Madrid"),
        ("Berlin K-TV", "K-TV", "Berlin"),
        ("The Hague BNK", "BNK", "The Hague"),
    ],
)
def test_source_line_shapes(line: str, outlet: str, place: str) -> None:
    assert located(line) == {(outlet, place)}


def test_language_after_in_is_not_a_place() -> None:
    x = run("LD0806223294 Sarajevo Radio Drina Network in Serbo-Croatian 2000 GMT 8 Jun 94")
    assert not [e for e in x.entities if e.name.startswith("Serbo")]


def test_wire_service_in_a_source_line_gets_no_home() -> None:
    assert not located("Beijing XINHUA Domestic Service")


def test_company_of_its_home_town_is_split() -> None:
    x = run("Regulators fined Ardent-Corning Corp. of Pittsburgh last week.")
    assert {e.name for e in x.entities} >= {"Ardent-Corning Corp.", "Pittsburgh"}
    assert ("Ardent-Corning Corp.", "Pittsburgh") in located("Regulators fined Ardent-Corning Corp. of Pittsburgh.")


def test_name_with_of_and_no_suffix_stays_whole() -> None:
    x = run("She works at the Bank of Elbonia in Charlotte.")
    assert "Bank of Elbonia" in {e.name for e in x.entities}


def test_type_noun_after_a_name_types_it_and_names_it() -> None:
    x = run("His descendants founded the Varnox company in Heuchelheim in 1949.")
    varnox = next(e for e in x.entities if e.name == "Varnox")
    assert varnox.type == "Company"
    assert "Varnox company" in varnox.aliases
    assert ("Varnox", "Heuchelheim") in located("His descendants founded the Varnox company in Heuchelheim in 1949.")


def test_type_noun_place_after_it() -> None:
    found = rels(run("Lena Moritz, who heads the Brela meteorological institute in Milan, said the winter was dry."))
    assert ("Brela", "LOCATED_IN", "Milan") in found
    assert ("Lena Moritz", "HAS_ROLE_AT", "Brela") in found


def test_a_place_before_a_type_noun_stays_a_place() -> None:
    x = run("Kandor, a Tel Aviv company, sells spyware.")
    assert {e.name: e.type for e in x.entities}["Tel Aviv"] == "Location"


def test_founded_in_a_place() -> None:
    assert ("Kestrel Systems Inc.", "Herzliya") in located(
        "Kestrel Systems Inc., founded in 2010 in Herzliya, sells phone exploits."
    )
    found = located("Ren Zhao founded Quorvia Technologies in Shenzhen in 1987.")
    assert ("Quorvia Technologies", "Shenzhen") in found
    assert not [s for s, _ in found if s == "Ren Zhao"]


def test_branch_of_an_organisation_in_a_place() -> None:
    text = "Engineers at the St. Petersburg branch of the Atomproekt institute finished the design."
    assert [s for s, place in located(text) if s.startswith("Atomproekt") and place == "St. Petersburg"]


def test_one_lower_case_word_is_not_a_name() -> None:
    x = run("A cable arrived from the embassy in Ethiopia's capitol on Monday.")
    assert "capitol" not in {e.name for e in x.entities}


def test_a_nationality_places_an_organisation_in_a_country_the_text_names() -> None:
    text = ("Also listed were the Israeli company Kandor Labs, Russian group Positive Technologies and "
            "Singapore's Vexa "
            "Consultancy. Both have offices in Israel and Russia.")
    found = located(text)
    assert ("Kandor Labs", "Israel") in found and ("Positive Technologies", "Russia") in found
    assert not [s for s, place in found if s.startswith("Vexa") and place == "Israel"]


def test_a_nationality_alone_places_nothing() -> None:
    assert not located("The Chinese company Quorvia sold cameras to the police.")


def test_also_listed_were_is_a_listing() -> None:
    text = ("The Commerce Department on Wednesday added Kandor Labs to its entity list. Also listed were the Israeli "
            "group Vexa Systems and Borealis Technologies.")
    found = rels(run(text))
    assert ("Commerce Department", "SANCTIONED", "Vexa Systems") in found
    assert ("Commerce Department", "SANCTIONED", "Borealis Technologies") in found
