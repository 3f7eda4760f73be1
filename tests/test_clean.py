"""loaders.clean: page furniture is blanked with same-length white space, the story is kept."""

from __future__ import annotations

from loaders.clean import clean_text

STORY = (
    "Acme Vision, a maker of licence-plate cameras, has sold its systems to the city police of Northtown, "
    "according to procurement records reviewed by this newsroom last week."
)
PAGE = f"""Skip to content
Home | News | About

Cameras for Northtown

{STORY}

The deal was signed in March, two officials said, and the cameras went up along the ring road soon after.

Article Topics

 |   |   |

Latest Surveillance News

Another vendor wins a border contract

A second company has won a contract to supply scanners to the port authority in…

Leave a Reply

This site uses Akismet to reduce spam.
Most Read This Week
"""


def test_length_and_offsets_are_kept() -> None:
    cleaned = clean_text(PAGE)
    assert len(cleaned) == len(PAGE)
    start = PAGE.index(STORY)
    assert cleaned[start : start + len(STORY)] == STORY


def test_furniture_is_blanked() -> None:
    cleaned = clean_text(PAGE)
    for furniture in (
        "Skip to content",
        "Home | News",
        "Article Topics",
        "Latest Surveillance News",
        "Another vendor wins",
        "port authority",
        "Leave a Reply",
        "Akismet",
        "Most Read",
    ):
        assert furniture not in cleaned
    assert "Cameras for Northtown" in cleaned
    assert "went up along the ring road" in cleaned


def test_plain_story_is_untouched() -> None:
    assert clean_text(STORY) == STORY


def test_comment_cue_before_any_story_does_not_cut_the_page() -> None:
    text = f"Comments\n\n{STORY}\n"
    cleaned = clean_text(text)
    assert STORY in cleaned
