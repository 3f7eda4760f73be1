"""Reading articles: text, Markdown with front matter, HTML pages and JSON lines, and clear errors."""

from __future__ import annotations

import json

import pytest

from graph.errors import InvalidData
from loaders.sources import MAX_BYTES, collect_paths, read_document, read_jsonl

PAGE = """<html><head><title>Sequencers for the police</title>
<meta property="og:site_name" content="The Test Times">
<meta property="article:published_time" content="2019-02-21T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/tech">Technology</a> Subscribe now</nav>
<article><h1>Sequencers for the police</h1>
<p>A company based in Massachusetts sold DNA sequencers to the police in Xinjiang, according to a report
published by a rights group on Thursday. The report says the machines were used to build a DNA database.</p>
<p>The company said it could not monitor how its customers used its products, and that it follows the
law in every country where it does business. A senator wrote to the chief executive in 2019.</p></article>
<aside>Most read: Another story about something else entirely</aside>
<footer>Copyright The Test Times. Cookie settings.</footer></body></html>"""


def test_text_file_title_is_its_first_line(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Headline here\n\nBody of the story.\n", encoding="utf-8")
    doc = read_document(path)
    assert (doc.key, doc.title, doc.path) == ("story", "Headline here", str(path))
    assert doc.text.startswith("Headline here")


def test_front_matter_gives_metadata_and_is_not_article_text(tmp_path):
    path = tmp_path / "story.md"
    path.write_text("---\ntitle: A title\noutlet: The Test Times\ndate: 2024-03-01\nurl: https://example.org/a\n---\n"
                    "# Heading\n\nBody.\n", encoding="utf-8")
    doc = read_document(path)
    assert (doc.title, doc.outlet, doc.published, doc.url) == ("A title", "The Test Times", "2024-03-01",
                                                               "https://example.org/a")
    assert doc.text == "# Heading\n\nBody.\n"


def test_html_keeps_the_article_and_drops_navigation_and_footer(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = read_document(path)
    assert "DNA sequencers to the police in Xinjiang" in doc.text
    assert "Subscribe now" not in doc.text and "Cookie settings" not in doc.text
    assert doc.title == "Sequencers for the police"
    assert doc.outlet == "The Test Times"
    assert doc.published == "2019-02-21"


def test_a_page_without_article_text_is_reported(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    with pytest.raises(InvalidData, match="no article text"):
        read_document(path)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("latin1.txt", "Soci\u00e9t\u00e9 G\u00e9n\u00e9rale".encode("latin-1"), "not UTF-8 at byte 4"),
        ("empty.txt", b"  \n\n", "empty"),
    ],
)
def test_unreadable_files_name_the_file_and_the_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InvalidData, match=reason) as info:
        read_document(path)
    assert str(path) in str(info.value)


def test_too_large_files_are_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(InvalidData, match="too large"):
        read_document(path)


def test_collect_paths_walks_directories_and_reports_missing_paths(tmp_path):
    """Every visible file is collected (its reader is chosen when it is read); hidden ones are not documents."""
    (tmp_path / "a" / ".git").mkdir(parents=True)
    (tmp_path / "a" / ".git" / "HEAD").write_text("x")
    (tmp_path / "a" / ".DS_Store").write_text("x")
    (tmp_path / "a" / "one.txt").write_text("x")
    (tmp_path / "a" / "two.HTML").write_text("x")
    (tmp_path / "a" / "notes.pdf").write_text("x")
    (tmp_path / "photo.jpg").write_text("x")
    files, problems = collect_paths([tmp_path / "a", tmp_path / "photo.jpg", tmp_path / "missing"])
    assert [f.name for f in files] == ["notes.pdf", "one.txt", "two.HTML", "photo.jpg"]
    assert [(p.name, r) for p, r in problems] == [("missing", "no such file or directory")]


def test_jsonl_documents_keep_their_given_ids(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"id": "doc-7", "text": "Some text.", "title": "T"}) + "\n\n"
                    + json.dumps({"id": "doc-8", "text": "More text."}) + "\n", encoding="utf-8")
    docs = list(read_jsonl(path))
    assert [(d.key, d.title) for d in docs] == [("doc-7", "T"), ("doc-8", "More text.")]


@pytest.mark.parametrize(
    ("line", "message"),
    [("{not json", "docs.jsonl:1: not valid JSON"), ('{"id": "x"}', "field 'text' must be a non-empty string"),
     ("[1, 2]", "must be a JSON object")],
)
def test_bad_jsonl_lines_are_named(tmp_path, line, message):
    path = tmp_path / "docs.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InvalidData, match=message):
        list(read_jsonl(path))
