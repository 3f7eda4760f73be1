"""Outlet, date and authors from the top of a plain-text article: datelines, bylines, date lines, front matter.
Every name and place here is invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.document import Document
from loaders.extract import extract_many
from loaders.ingest import ingest_paths
from loaders.metadata import find_date, read_metadata
from loaders.sources import read_document
from ui.components.ingest_input import document_from_text


@pytest.mark.parametrize(("line", "outlet", "written", "place"), [
    ("VELMORA (Reuters) - Korvex Industries sold cameras.", "Reuters", "Reuters", "VELMORA"),
    ("WASHINGTON, March 3 (AP) \u2014 Senator Jane Quillon spoke.", "Associated Press", "AP", "WASHINGTON"),
    ("OSTRANA, Velmoria (AFP) -- The ministry denied it.", "Agence France-Presse", "AFP", "OSTRANA"),
    ("Port Delmar (Xinhua) \u2013 Officials met.", "Xinhua", "Xinhua", "Port Delmar"),
])
def test_a_wire_dateline_gives_the_outlet_and_is_left_out_of_the_story(line, outlet, written, place) -> None:
    meta = read_metadata("A headline\n\n" + line)
    assert (meta.outlet, meta.outlet_as_written, meta.place) == (outlet, written, place)
    (start, end), = meta.spans
    assert line.startswith(("A headline\n\n" + line)[start:end].strip())
    assert ("A headline\n\n" + line)[end:][:1].isupper(), "the span ends where the story's first word starts"


def test_brackets_that_name_no_outlet_are_not_a_dateline() -> None:
    meta = read_metadata("KORVEX (KVX) - shares fell on Monday.")
    assert meta.outlet is None and meta.spans == ()
    assert read_metadata("OSTRANA (Reuters) - shares fell.").outlet == "Reuters"


@pytest.mark.parametrize(("line", "authors", "published", "outlet"), [
    ("By Jane Doe, 3 March 2021", ("Jane Doe",), "2021-03-03", None),
    ("By Jane Doe and John Roe", ("Jane Doe", "John Roe"), None, None),
    ("By Mira Ostrova, Tomas de Velde and Ana Quell", ("Mira Ostrova", "Tomas de Velde", "Ana Quell"), None, None),
    ("By Jane Doe, Staff Writer", ("Jane Doe",), None, None),
    ("BY Jane Doe | Reuters", ("Jane Doe",), None, "Reuters"),
    ("By J. R. Quillon in Port Delmar, March 4, 2020", ("J. R. Quillon",), "2020-03-04", None),
])
def test_bylines(line, authors, published, outlet) -> None:
    meta = read_metadata(f"Korvex sells cameras\n{line}\n\nKorvex Industries sold cameras to the police.")
    assert (meta.authors, meta.published, meta.outlet) == (authors, published, outlet)
    assert len(meta.spans) == 1


@pytest.mark.parametrize("line", [
    "By contrast, the ministry said nothing.",
    "By Tuesday, Korvex Industries had sold the cameras.",
    "By Land And Sea",
])
def test_sentences_opening_with_by_are_not_bylines(line) -> None:
    meta = read_metadata(f"{line}\nMore text follows here.")
    assert meta.authors == () and meta.spans == ()
    assert read_metadata("By Ana Quell\nMore text.").authors == ("Ana Quell",)


@pytest.mark.parametrize(("text", "published"), [
    ("Title\nPublished 3 March 2021\n\nStory.", "2021-03-03"),
    ("Title\nPublished: March 3rd, 2021 at 10:02\n\nStory.", "2021-03-03"),
    ("Title\nFirst published on Wed 3 Mar 2021 09.00 GMT\n\nStory.", "2021-03-03"),
    ("Title\nUpdated Sept. 14, 2022\n\nStory.", "2022-09-14"),
    ("Title\nUpdated 2022-09-14\nPublished 12 September 2022\n\nStory.", "2022-09-12"),
])
def test_date_lines_give_an_iso_date_and_published_beats_updated(text, published) -> None:
    meta = read_metadata(text)
    assert meta.published == published and meta.spans


def test_impossible_or_partial_dates_are_not_dates() -> None:
    assert find_date("31 February 2021") is None
    assert find_date("March 3") is None
    assert find_date("on 29 February 2024, then") == "2024-02-29"
    assert read_metadata("WASHINGTON, March 3 (AP) - Story.").published is None  # a dateline has no year


def test_metadata_is_only_read_near_the_top() -> None:
    story = "\n".join(f"Paragraph {n} of the story goes on." for n in range(12))
    meta = read_metadata(story + "\nBy Jane Doe, 3 March 2021\n")
    assert meta.authors == () and meta.published is None
    assert read_metadata("By Jane Doe, 3 March 2021\n" + story).authors == ("Jane Doe",)


def test_the_text_reader_fills_outlet_date_and_authors_and_front_matter_wins(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("Korvex sells cameras\n\nBy Jane Doe and John Roe, 3 March 2021\n\n"
                     "VELMORA (Reuters) - Korvex Industries sold cameras to the Ostrana Police.\n", encoding="utf-8")
    doc = read_document(plain)
    assert (doc.outlet, doc.published, doc.authors) == ("Reuters", "2021-03-03", ("Jane Doe", "John Roe"))
    assert doc.named_outlet == ("Reuters",) and len(doc.furniture) == 2
    assert doc.to_article().author == "Jane Doe, John Roe"
    fronted = tmp_path / "fronted.md"
    fronted.write_text("---\noutlet: The Velmora Courier\ndate: 2020-01-02\nauthors: [Ana Quell, Tom Bray]\n---\n"
                       "By Jane Doe, 3 March 2021\n\nKorvex Industries sold cameras.\n", encoding="utf-8")
    doc = read_document(fronted)
    assert (doc.outlet, doc.published, doc.authors) == ("The Velmora Courier", "2020-01-02", ("Ana Quell", "Tom Bray"))


def _extraction(text: str, tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    return next(extract_many([read_document(path)]))


def test_a_dateline_outlet_is_a_media_outlet_and_its_city_no_place_of_the_story(tmp_path: Path) -> None:
    x = _extraction("Korvex sells cameras\n\nBy Jane Doe, 3 March 2021\n\n"
                    "VELMORA (Reuters) - Korvex Industries, a Delft-based company, sold cameras to the Ostrana "
                    "Police.\n", tmp_path)
    names = {e.name: e.type for e in x.entities}
    assert names["Reuters"] == "MediaOutlet"
    assert names["Korvex Industries"] == "Company" and names["Delft"] == "Location"
    assert "VELMORA" not in names and "Velmora" not in names, "the dateline's city is not one of the story's places"
    assert "Jane Doe" not in names, "the byline's author is not a person in the story"
    ids = {e.id: e.name for e in x.entities}
    located = {(ids[r.source], ids[r.target]) for r in x.relations if r.type == "LOCATED_IN"}
    assert ("Korvex Industries", "Delft") in located
    assert all("VELMORA" not in pair and "Reuters" not in pair for pair in located)


def test_an_abbreviated_outlet_the_text_also_names_is_one_entity(tmp_path: Path) -> None:
    x = _extraction("WASHINGTON, March 3 (AP) \u2014 Senator Jane Quillon criticized Varnox Ltd. "
                    "The AP asked Varnox Ltd for comment.\n", tmp_path)
    outlets = [e for e in x.entities if e.type == "MediaOutlet"]
    assert [(e.name, "AP" in e.aliases) for e in outlets] == [("Associated Press", True)]
    assert "WASHINGTON" not in {e.name for e in x.entities}
    assert any(e.name == "Jane Quillon" and e.type == "Person" for e in x.entities)


def test_ingest_stores_outlet_date_and_author_and_links_the_outlet(falkordb_store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wire.txt").write_text("Korvex sells cameras\nBy Jane Doe\nPublished 3 March 2021\n\n"
                                     "VELMORA (Reuters) - Korvex Industries sold cameras to the Ostrana Police.\n",
                                     encoding="utf-8")
    report = ingest_paths(falkordb_store, [folder])
    assert report.ok and len(report.added) == 1
    (summary,) = falkordb_store.articles()
    assert (summary.author, summary.outlet, summary.published) == ("Jane Doe", "Reuters", "2021-03-03")
    article = falkordb_store.get_article(summary.id)
    assert (article.outlet, article.published, article.author) == ("Reuters", "2021-03-03", "Jane Doe")
    assert article.text.startswith("Korvex sells cameras\nBy Jane Doe"), "the stored text is the text as read"
    mentioned = {(e.name, e.type) for e in falkordb_store.article_entities(summary.id)}
    assert ("Reuters", "MediaOutlet") in mentioned and ("Korvex Industries", "Company") in mentioned


def test_documents_made_without_the_reader_extract_as_before() -> None:
    text = "VELMORA (Reuters) - Korvex Industries sold cameras to the Ostrana Police.\n"
    (x,) = list(extract_many([Document(key="k", text=text)]))
    assert {e.name for e in x.entities} >= {"Korvex Industries", "Ostrana Police"}
    assert "Reuters" not in {e.name for e in x.entities}  # no metadata read, no outlet added


def test_pasted_text_on_the_ingest_page_gets_the_same_metadata() -> None:
    text = "Korvex sells cameras\nBy Ana Quell\n\nOSTRANA (AFP) - Korvex Industries sold cameras."
    doc = document_from_text(text)
    assert (doc.outlet, doc.authors, doc.title) == ("Agence France-Presse", ("Ana Quell",), "Korvex sells cameras")
    assert document_from_text(text, outlet="The Velmora Courier").outlet == "The Velmora Courier"
