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


def test_picture_credits_are_blanked_and_captions_kept() -> None:
    caption = "A routing box installed by Acme Vision in Northtown, in this file photo. Photo: Wirephoto"
    cleaned = clean_text(f"{STORY}\n{caption}\nAP Photo/Jane Roe, File\nImage: Acme stand from Flickr.\n")
    assert "A routing box installed by Acme Vision in Northtown, in this file photo." in cleaned
    for credit in ("Wirephoto", "Jane Roe", "Flickr"):
        assert credit not in cleaned


def test_bracketed_agency_credits_and_video_links_are_blanked() -> None:
    text = f"{STORY}\nThe Acme Vision stand at a fair in Paris. [JANE ROE/AFP via Getty Images]\nWatch CBS News\n"
    cleaned = clean_text(text)
    assert "The Acme Vision stand at a fair in Paris." in cleaned
    assert "AFP" not in cleaned and "Getty" not in cleaned and "CBS News" not in cleaned


def test_reporter_contact_box_and_read_links_are_blanked() -> None:
    box = "Do you have more information about Acme Vision? You can contact Jane Roe securely on Signal at 555."
    cleaned = clean_text(f"{STORY}\nRead: Another vendor wins a border contract\n{box}\n")
    assert STORY in cleaned
    assert "Signal" not in cleaned and "border contract" not in cleaned


def test_a_label_printed_twice_is_furniture() -> None:
    text = f"Future Tech\n\nJane Roe\n\n{STORY}\n\nJane Roe\n\nFuture Tech\n"
    cleaned = clean_text(text)
    assert "Future Tech" not in cleaned and "Jane Roe" not in cleaned
    assert STORY in cleaned
