"""One sentence per rule added for issue 3's demo and CoNLL04 gaps: source lines and wire datelines, reports,
relational nouns, sanction lists, products, typing repairs (loaders.extract)."""

from __future__ import annotations

import pytest

from graph.model import Extraction
from tests.extracting import rels, run


def types(x: Extraction) -> dict[str, str]:
    return {e.name: e.type for e in x.entities}


def test_source_line_names_the_outlets_home_city() -> None:
    x = run("Embargo lifted PM2401200594 Moscow KOMSOMOLSKAYA PRAVDA in Russian 25 Jan 94 p 3")
    assert ("KOMSOMOLSKAYA PRAVDA", "LOCATED_IN", "Moscow") in rels(x)


@pytest.mark.parametrize(
    "text",
    [
        "BEIJING (Reuters) - China said on Monday it would retaliate.",
        "DES MOINES, Iowa (AP) - A storm hit the state on Tuesday.",
        "Moscow XINHUA\n\nThe talks ended without agreement.",
    ],
)
def test_wire_dateline_gives_no_location(text: str) -> None:
    x = run(text)
    assert not [r for r in rels(x) if r[1] == "LOCATED_IN"]


def test_titled_report_is_published_and_concerns_its_clause() -> None:
    x = run('The Citizen Lab published "Hooking Candiru", which tied the spyware to Candiru Ltd.')
    assert ("Citizen Lab", "PUBLISHED", "Hooking Candiru") in rels(x)
    assert ("Hooking Candiru", "CONCERNS", "Candiru Ltd.") in rels(x)


def test_report_opening_the_sentence_concerns_what_the_publisher_found() -> None:
    x = run("Amnesty International is a rights group. In a 2014 report, the group showed that Acme Systems had sold "
            "spyware to the Ethiopian government.")
    report = next(n for n, t in types(x).items() if t == "Report")
    assert ("Amnesty International", "PUBLISHED", report) in rels(x)
    assert (report, "CONCERNS", "Acme Systems") in rels(x)


def test_customers_of_a_firm() -> None:
    x = run("Acme Systems is a spyware vendor. The Kenyan government was one of the firm's customers.")
    assert ("Acme Systems", "SUPPLIED_TO", "Kenyan government") in rels(x)


def test_parent_company_apposition() -> None:
    x = run("Apple sued NSO Group and its parent company, OSY Technologies, in November.")
    assert ("OSY Technologies", "OWNS", "NSO Group") in rels(x)


def test_entity_list_passive_and_the_list_later() -> None:
    x = run(
        "The Commerce Department added Acme Systems to its Entity List in May. "
        "The list also included Borealis Technologies."
    )
    assert ("Commerce Department", "SANCTIONED", "Acme Systems") in rels(x)
    assert ("Commerce Department", "SANCTIONED", "Borealis Technologies") in rels(x)


def test_sanction_companions() -> None:
    x = run("The Treasury Department sanctioned Tal Dilian, along with Acme Systems and Borealis Technologies.")
    found = rels(x)
    assert ("Treasury Department", "SANCTIONED", "Acme Systems") in found
    assert ("Treasury Department", "SANCTIONED", "Borealis Technologies") in found


def test_possessed_product_is_owned() -> None:
    x = run("Governments abused NSO Group's Pegasus spyware for years.")
    assert types(x)["Pegasus"] == "Product"
    assert ("NSO Group", "OWNS", "Pegasus") in rels(x)


def test_supplied_by_passive_participle() -> None:
    x = run("Acme Systems relied on processors supplied by the American chipmakers Intel and Nvidia.")
    assert {("Intel", "SUPPLIED_TO", "Acme Systems"), ("Nvidia", "SUPPLIED_TO", "Acme Systems")} <= rels(x)


def test_possessive_place_qualifies_a_ministry() -> None:
    x = run("Acme Systems sold its tools to Vietnam's Ministry of Public Security.")
    body = next(e for e in x.entities if e.type == "GovernmentBody")
    assert "Vietnam's Ministry of Public Security" in (body.name, *body.aliases)


def test_list_and_law_names_are_not_actors() -> None:
    x = run("The Commerce Department added Acme Systems to the Entity List under the Export Control Reform Act.")
    assert "Entity List" not in types(x) and "Export Control Reform Act" not in types(x)


def test_trailing_title_is_cut_from_a_body_name() -> None:
    x = run("An air bubble was the only hope, said Coast Guard Lt. Steve Hardy.")
    assert "Coast Guard" in types(x)


@pytest.mark.slow
def test_extraction_does_not_depend_on_the_hash_seed() -> None:
    """Ties (entity type votes, canonical names) are broken by order, not by set iteration: two processes with
    different PYTHONHASHSEED extract the same graph (an ingest killed and re-run must end as a clean run)."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    code = (
        "import json, sys; from loaders.document import Document; from loaders.extract import extract_many\n"
        "from bench.corpus import variant_texts\n"
        "texts = [open(p).read() for p in sorted(__import__('glob').glob('data/articles/*.txt'))]\n"
        "texts += variant_texts(240)\n"
        "out = []\n"
        "for x in extract_many([Document(key=str(i), text=t) for i, t in enumerate(texts)]):\n"
        "    n = {e.id: (e.name, e.type) for e in x.entities}\n"
        "    out.append(sorted((r.type, n[r.source], n[r.target], r.status) for r in x.relations))\n"
        "print(json.dumps(out))"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    ]
    assert json.loads(runs[0]) == json.loads(runs[1])


# Mechanisms added in the second pass (sentences invented for the tests, not taken from any gold file).


def test_city_region_based_description_is_the_company_not_the_city() -> None:
    x = run(
        "Veridan Systems makes border cameras. "
        "Privacy Watch wrote to the Austin, Texas-based company before publishing its findings."
    )
    assert types(x).get("Austin") == "Location"
    assert ("Veridan Systems", "LOCATED_IN", "Austin") in rels(x)
    assert not any(s == "Austin" or (t == "Austin" and r != "LOCATED_IN") for s, r, t in rels(x))


def test_description_in_apposition_is_its_name() -> None:
    x = run(
        "Korvex Ltd. sells spyware to police. Marlow Group, the Boston-based company best known for its drones, "
        "said it was disappointed."
    )
    assert ("Marlow Group", "LOCATED_IN", "Boston") in rels(x)
    assert ("Korvex Ltd.", "LOCATED_IN", "Boston") not in rels(x)


def test_product_by_use_attacked_with_and_sells_its() -> None:
    x = run("The activist was targeted with Korvex's Nightjar in 2019. Korvex sells its Nightjar to governments.")
    assert types(x).get("Nightjar") == "Product"
    assert ("Korvex", "OWNS", "Nightjar") in rels(x)


def test_fined_with_amount_as_second_object() -> None:
    x = run(
        "Veridan Systems builds face recognition. "
        "France's data protection authority, the CNIL, fined the company 3 million euros in 2023."
    )
    assert ("CNIL", "SANCTIONED", "Veridan Systems") in rels(x)


def test_national_government_is_in_its_country() -> None:
    x = run("The Bolivian Government approved the plan, officials in Bolivia said.")
    assert ("Bolivian Government", "LOCATED_IN", "Bolivia") in rels(x)


def test_department_title_points_to_the_department() -> None:
    x = run(
        "The US Commerce Department added the firms to a list. Commerce Secretary Gina Raimondo said the Commerce "
        "Department would act."
    )
    assert ("Gina Raimondo", "HAS_ROLE_AT", "US Commerce Department") in rels(x)


def test_bare_clients_belong_to_the_company_the_story_is_about() -> None:
    x = run(
        "Korvex Ltd. builds intrusion software. Korvex Ltd. was founded in 2010. In Canada, the Royal Canadian "
        "Mounted Police and the Ontario Provincial Police were both listed as clients."
    )
    assert ("Korvex Ltd.", "SUPPLIED_TO", "Royal Canadian Mounted Police") in rels(x)


def test_penalty_with_no_target_falls_on_the_story_company() -> None:
    x = run(
        "Veridan Systems sells face search to police. Veridan Systems was fined in Spain in 2021. "
        "The Norwegian Data Protection Authority imposed a 5 million euro fine in 2022."
    )
    assert ("Norwegian Data Protection Authority", "SANCTIONED", "Veridan Systems") in rels(x)


def test_penalty_on_a_named_target_is_not_redirected() -> None:
    x = run(
        "Veridan Systems sells face search to police. Veridan Systems was fined in Spain in 2021. "
        "The Norwegian Data Protection Authority imposed a fine on Korvex Ltd. in 2022."
    )
    assert ("Norwegian Data Protection Authority", "SANCTIONED", "Veridan Systems") not in rels(x)


def test_listed_alongside_companions_are_sanctioned() -> None:
    x = run(
        "The Commerce Department blacklisted the Tibet Public Security Bureau, adding it to the Entity List in May "
        "alongside the camera makers Korvex Ltd. and Marlow Group."
    )
    assert ("Commerce Department", "SANCTIONED", "Korvex Ltd.") in rels(x)


def test_title_with_no_body_is_held_at_the_one_body_of_that_kind() -> None:
    x = run(
        "The Federal Trade Commission voted to act. Commissioner Alvaro Bedoya had pressed for tougher rules."
    )
    assert ("Alvaro Bedoya", "HAS_ROLE_AT", "Federal Trade Commission") in rels(x)


def test_both_as_subject_stands_for_the_two_organisations_before_it() -> None:
    x = run(
        "Its router line came from Korvex Networks, which was merged with Marlow Systems in 2017 after both were "
        "bought by the investment firm Halden Partners."
    )
    assert ("Halden Partners", "OWNS", "Korvex Networks") in rels(x)
    assert ("Halden Partners", "OWNS", "Marlow Systems") in rels(x)


@pytest.mark.parametrize(
    "text", ["ICE just renewed its contract with Palantir.", "Palantir won a new contract with ICE last year."]
)
def test_a_contract_runs_from_the_company_to_the_government(text: str) -> None:
    found = rels(run(text))
    assert ("Palantir", "SUPPLIED_TO", "ICE") in found
    assert ("ICE", "SUPPLIED_TO", "Palantir") not in found


@pytest.mark.parametrize(
    "text", ["As CBS 2 Investigator Megan Hicks reported, the city defended it.", "Watch CBS News"]
)
def test_a_common_word_opening_a_line_is_no_source_line_place(text: str) -> None:
    assert not [r for r in rels(run(text)) if r[1] == "LOCATED_IN"]


def test_a_government_probe_is_no_publication_unless_it_finds_something() -> None:
    probe = run("It is the result of an aggressive investigation by the Bureau of Industry and Security.")
    assert not [e for e in probe.entities if e.type == "Report"]
    found = rels(run("A study and an Office of Inspector General investigation have found that most alerts led "
                     "nowhere."))
    assert [r for r in found if r[0] == "Office of Inspector General" and r[1] == "PUBLISHED"]


def test_critical_of_and_blame_are_criticism() -> None:
    found = rels(run("Spies targeted a British journalist named Rory Donagh who was critical of Kandor Labs."))
    assert ("Rory Donagh", "CRITICIZED", "Kandor Labs") in found
    assert ("Kandor Labs", "CRITICIZED", "Borealis Systems") in rels(
        run("Kandor Labs blamed Borealis Systems for the leak.")
    )


def test_hit_with_a_penalty_is_a_sanction() -> None:
    found = rels(run("The US Department of Commerce hit Computerlinks FZCO, a Dubai distribution company, with a "
                     "$2.8 million penalty."))
    assert ("US Department of Commerce", "SANCTIONED", "Computerlinks FZCO") in found


def test_a_named_government_keeps_the_countrys_name() -> None:
    x = run("A United Arab Emirates government program hired hackers. Rory Donagh was critical of the United Arab "
            "Emirates.")
    body = next(e for e in x.entities if e.name == "United Arab Emirates government")
    assert "United Arab Emirates" in body.aliases
    assert ("Rory Donagh", "CRITICIZED", "United Arab Emirates government") in rels(x)


def test_which_was_sanctioned_by_sanctions_the_named_antecedent() -> None:
    found = rels(run("It is the latest setback for Kandor Labs, which was sanctioned by the Commerce Department."))
    assert ("Commerce Department", "SANCTIONED", "Kandor Labs") in found
