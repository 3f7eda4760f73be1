"""Unnamed reports and who published them, and lists that name a vendor's customers (loaders.extract). Invented
names only, except well-known publishers."""

from __future__ import annotations

import pytest

from tests.extracting import rels, run


def published(text: str) -> set[tuple[str, str]]:
    return {(s, t) for s, r, t in rels(run(text)) if r == "PUBLISHED"}


@pytest.mark.parametrize(
    ("text", "publisher"),
    [
        ("Korvex technicians helped the police, according to an investigation published by the Wall Street Journal.",
         "Wall Street Journal"),
        ("On Monday, researchers from cybersecurity giant Kaspersky published a report on the Dantex spyware.",
         "Kaspersky"),
        ("The devices were described in a 2017 Wall Street Journal article about the police.", "Wall Street Journal"),
    ],
)
def test_who_published_an_unnamed_report(text: str, publisher: str) -> None:
    assert [p for p, _ in published(text) if p == publisher]


def test_reports_by_two_publishers_are_two_reports_about_the_same_subject() -> None:
    found = rels(run("The reports by Microsoft and Citizen Lab shine new light on Korvex Labs."))
    assert ("Microsoft", "PUBLISHED", "Microsoft report") in found
    assert ("Citizen Lab", "PUBLISHED", "Citizen Lab report") in found
    assert ("Citizen Lab report", "CONCERNS", "Korvex Labs") in found


def test_doing_business_with_countries_is_selling_to_their_governments() -> None:
    found = rels(run("Leaked documents suggest that Korvex Labs has done business with Azerbaijan and Sudan."))
    assert ("Korvex Labs", "SUPPLIED_TO", "government of Sudan") in found


def test_all_ten_counts_the_list_of_the_sentence_before() -> None:
    text = ("The consortium found numbers in three country clusters: Azerbaijan, Bahrain and Hungary. "
            "Researchers found evidence that all three have been clients of Korvex Labs.")
    found = rels(run(text))
    assert {t for s, r, t in found if s == "Korvex Labs" and r == "SUPPLIED_TO"} == {
        "government of Azerbaijan", "government of Bahrain", "government of Hungary"}


def test_a_list_of_another_length_gives_nothing() -> None:
    text = ("The consortium found numbers in clusters: Azerbaijan, Bahrain and Hungary. "
            "Researchers found evidence that all four have been clients of Korvex Labs.")
    assert not [r for r in rels(run(text)) if r[1] == "SUPPLIED_TO"]


def test_a_name_never_runs_over_a_line_break() -> None:
    x = run("Korvex Labs\nKorvex Labs\n\nToday has not been a good day for Korvex Labs, which sold spyware to Kenya.")
    assert "Korvex Labs Korvex Labs" not in {e.name for e in x.entities}


def test_the_lab_is_the_lab_named_before_not_its_university() -> None:
    text = ("Citizen Lab at the University of Toronto examined the phones. The research lab said it had "
            "identified five people targeted by Kandor Labs.")
    found = rels(run(text))
    assert not [r for r in found if r[0] == "University of Toronto" and r[1] == "PUBLISHED"]


def test_an_analysis_by_experts_from_a_lab_is_the_labs_and_not_about_its_university() -> None:
    found = rels(run("According to the analysis of experts from the Citizen Lab, a research institution at the "
                     "University of Toronto, Jan Brejka was hacked several times in 2019."))
    assert ("Citizen Lab", "PUBLISHED", "Citizen Lab analysis") in found
    assert not [r for r in found if r[1] == "CONCERNS" and r[2] == "University of Toronto"]


def test_co_publishers_are_not_what_their_report_is_about() -> None:
    found = rels(run("Journalists were spied on, according to a new report published Wednesday by El Faro and "
                     "The Citizen Lab in Toronto, Canada."))
    assert ("Citizen Lab", "PUBLISHED", "Citizen Lab report") in found
    assert not [r for r in found if r[1] == "CONCERNS" and r[2] in ("El Faro", "Citizen Lab")]
