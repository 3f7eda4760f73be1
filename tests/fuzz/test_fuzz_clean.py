"""Fuzzing cleaning and headline casing: for any text, the output has the same length, keeps every line break,
and changes characters only as documented (furniture to spaces; headline letters to lower case, one for one)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from loaders.clean import clean_text, furniture_lines, load_cues
from loaders.extract.pipeline import parse_ready
from loaders.headlines import sentence_case
from tests.fuzz.budget import examples
from tests.fuzz.strategies import hostile_text, long_line

BYLINE_OF_MANY = "by " + " and ".join(["Ann"] * 40) + " !"
"""A byline-looking line that does not match: it took the old byline cue minutes to give up (each 'and' could be
a name's word or the joint between two names)."""
CONTACT_LINE = "you can contact " * 20_000
"""One long line of a cue's words: the cue ('.* you can contact .* email .*') cost time in the square of its length."""

lines_text = st.lists(st.one_of(hostile_text, long_line, st.sampled_from([BYLINE_OF_MANY, "Read more", "Related"])),
                      max_size=8).map("\n".join)


def _blanked_only(before: str, after: str) -> None:
    """Every character kept or blanked to a space; line breaks never blanked."""
    assert len(after) == len(before)
    for old, new in zip(before, after, strict=True):
        assert new == old or (new == " " and old != "\n"), (old, new)


@settings(max_examples=examples(80))
@given(text=lines_text)
@example(text=BYLINE_OF_MANY)
@example(text=CONTACT_LINE)
def test_cleaning_only_blanks_and_keeps_offsets(text: str) -> None:
    _blanked_only(text, clean_text(text))


@settings(max_examples=examples(80))
@given(text=lines_text)
@example(text="US Sanctions Canada-Based Sandvine For Enabling Censorship In Egypt\n" + "Sandvine sold kit. " * 30)
@example(text="\u0130stanbul Police Buy The Cameras For The City\n" + "Police in \u0130stanbul bought kit. " * 20)
def test_sentence_case_only_lowers_letters_one_for_one(text: str) -> None:
    out = sentence_case(text)
    assert len(out) == len(text)
    for old, new in zip(text, out, strict=True):
        assert new == old or (new == old.lower() and new != old), (old, new)


@settings(max_examples=examples(50))
@given(text=lines_text)
def test_what_the_model_reads_has_the_offsets_of_the_document(text: str) -> None:
    ready = parse_ready(text)
    assert len(ready) == len(text)
    assert [i for i, c in enumerate(ready) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]


def test_a_byline_of_many_names_is_judged_at_once():
    cues = load_cues()
    assert furniture_lines([BYLINE_OF_MANY, "by Jane Doe, John Roe and Ann Lee"], cues) == [False, True]


def test_a_very_long_line_is_story_and_is_kept():
    assert clean_text(CONTACT_LINE) == CONTACT_LINE
    assert clean_text("You can contact us securely by email") == " " * len("You can contact us securely by email")
