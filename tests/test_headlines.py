"""loaders.headlines: Title-Case headlines are sentence-cased for the parser, names and offsets kept."""

from __future__ import annotations

from loaders.headlines import is_headline, sentence_case

STORY = (
    "The US Commerce Department has added Canada-based Veltrix Inc., a networking company, to its Entity List. "
    "Veltrix equipment was used in Egypt to block news sites, according to Citizen Lab, and the company said it "
    "would appeal the decision before the end of the year, a spokesperson told reporters on Tuesday."
)


def test_headline_words_not_used_as_names_are_lowered() -> None:
    text = f"US Sanctions Canada-Based Veltrix For Enabling Censorship In Egypt\n{STORY}"
    out = sentence_case(text)
    assert out.split("\n")[0] == "US sanctions Canada-based Veltrix for enabling censorship in Egypt"
    assert out.split("\n")[1] == STORY
    assert len(out) == len(text)


def test_name_lists_and_sentences_are_not_headlines() -> None:
    assert not is_headline("Jane Roe, Simons Muirhead & Burton")
    assert not is_headline("Veltrix Sells Its Boxes To The Police.")
    assert is_headline("Thermo Fisher to Stop Sales of Genetic Sequencers to China's Xinjiang Region")


def test_a_text_with_no_story_is_left_alone() -> None:
    line = "PM2401200594 Moscow KOMSOMOLSKAYA PRAVDA in Russian 25 Jan 94 p 3"
    assert sentence_case(line) == line
