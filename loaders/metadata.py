"""Outlet, date and authors of a plain-text article, read from its first lines.

Three shapes are read (the words are data, `loaders/data/metadata.yaml`):
- a wire dateline opening the story: "BEIJING (Reuters) -", "WASHINGTON, March 3 (AP) —";
- a byline: "By Jane Doe, 3 March 2021", "By Jane Doe and John Roe", "By Jane Doe, Reuters";
- a date line: "Published 3 March 2021", "Updated March 4, 2021 10:02 GMT" (used when nothing says "Published").
`read_metadata(text)` is pure: text in, a `TextMetadata` out, with the spans those lines take in the text so
extraction can leave them out (a byline's author or a dateline's city is not one of the story's entities).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from loaders.document import Document

DATA = Path(__file__).resolve().parent / "data" / "metadata.yaml"
_NAME_WORD = r"(?:[A-Z][\w'\u2019.-]*|de|van|von|der|da|di|al|bin|la|le)"
_NAME = re.compile(rf"[A-Z][\w'\u2019.-]*(?:\s+{_NAME_WORD}){{1,4}}")
_PLACE = r"[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}"


@dataclass(frozen=True)
class TextMetadata:
    """What the top of a text says about it; `spans` are the (start, end) offsets of the lines it came from."""

    outlet: str | None = None
    outlet_as_written: str | None = None
    published: str | None = None
    authors: tuple[str, ...] = ()
    place: str | None = None
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class _Words:
    outlets: dict[str, str]
    roles: frozenset[str]
    months: dict[str, int]
    byline: re.Pattern[str]
    published: re.Pattern[str]
    updated: re.Pattern[str]
    dateline: re.Pattern[str]
    dates: tuple[re.Pattern[str], ...]
    top_lines: int


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def load_words(path: Path = DATA) -> _Words:
    """The outlets, months and cue words, read once and compiled into patterns."""
    raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    outlets = {str(k).casefold(): str(v) for k, v in raw["outlets"].items()}
    months = {str(k).casefold(): int(v) for k, v in raw["months"].items()}
    month = rf"(?P<month>{_alternation(list(months))})\.?"
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?P<year>\d{4})"
    dates = (
        re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
        re.compile(rf"\b{day}\s+{month},?\s+{year}\b", re.IGNORECASE),
        re.compile(rf"\b{month}\s+{day},?\s+{year}\b", re.IGNORECASE),
    )
    lead = r"^\s*(?i:{})\b\s*:?\s*"
    return _Words(
        outlets=outlets,
        roles=frozenset(str(r).casefold() for r in raw["byline_roles"]),
        months=months,
        byline=re.compile(lead.format(_alternation(raw["byline_words"])) + r"(?P<rest>[A-Z].*)$"),
        published=re.compile(lead.format(_alternation(raw["published_words"])) + r"(?P<rest>.+)$", re.IGNORECASE),
        updated=re.compile(lead.format(_alternation(raw["updated_words"])) + r"(?P<rest>.+)$", re.IGNORECASE),
        dateline=re.compile(
            rf"^\s*(?P<place>{_PLACE})(?:,\s*(?P<extra>[^()\n]{{1,40}}?))?\s*\((?P<outlet>[^()\n]{{1,40}})\)"
            r"\s*(?:[-\u2013\u2014]+|:)\s*"
        ),
        dates=dates,
        top_lines=int(raw["top_lines"]),
    )


def find_date(text: str, words: _Words | None = None) -> str | None:
    """The first full date in `text` (day, month and year) as an ISO date, or None."""
    words = words or load_words()
    for pattern in words.dates:
        for match in pattern.finditer(text):
            month = match.group("month")
            number = int(month) if month.isdigit() else words.months[month.casefold()]
            try:
                return date(int(match.group("year")), number, int(match.group("day"))).isoformat()
            except ValueError:
                continue
    return None


def _lines(text: str, limit: int) -> list[tuple[int, str]]:
    """The first `limit` lines holding text, with the offset each starts at."""
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text) and len(out) < limit:
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            out.append((start, text[start:end]))
        start = end + 1
    return out


def _byline(rest: str, words: _Words) -> tuple[tuple[str, ...], str | None, str | None] | None:
    """Authors, outlet and date of a byline's text, or None when a piece is neither a name, an outlet nor a date
    ("By Tuesday, the company had ..." is a sentence, not a byline)."""
    published = find_date(rest, words)
    for pattern in words.dates:
        rest = pattern.sub(" ", rest)
    authors: list[str] = []
    outlet = None
    for piece in re.split(r"\s*(?:,|;|\||&|(?i:\band\b)|\u2014|\u2013|\s-\s)\s*", rest):
        piece = re.sub(rf"(?:^|\s+)in\s+{_PLACE}$", "", piece).strip(" .")  # "Jane Doe in Port Delmar"
        if not piece:
            continue
        if piece.casefold() in words.outlets:
            outlet = outlet or piece
        elif piece.casefold() in words.roles:
            continue  # "Staff Writer"
        elif _NAME.fullmatch(piece):
            authors.append(piece)
        else:
            return None
    if not authors and outlet is None:
        return None
    return tuple(dict.fromkeys(authors)), outlet, published


def read_metadata(text: str, words: _Words | None = None) -> TextMetadata:
    """Outlet, ISO date, authors and dateline place from the first lines of `text`, with the spans they take."""
    words = words or load_words()
    found: dict[str, Any] = {}
    spans: list[tuple[int, int]] = []
    updated = None
    for start, line in _lines(text, words.top_lines):
        end = start + len(line)
        dateline = words.dateline.match(line)
        if dateline and dateline.group("outlet").strip().casefold() in words.outlets:
            found.setdefault("outlet_as_written", dateline.group("outlet").strip())
            found["place"] = dateline.group("place")
            if dateline.group("extra") and not found.get("published"):
                found["published"] = find_date(dateline.group("extra"), words)
            spans.append((start, start + dateline.end()))
            break  # the story starts here
        if len(line) > 160:
            continue  # prose, not a metadata line
        byline = words.byline.match(line)
        parsed = _byline(byline.group("rest"), words) if byline and "authors" not in found else None
        if parsed is not None:
            authors, outlet, published = parsed
            found["authors"] = authors
            if outlet:
                found.setdefault("outlet_as_written", outlet)
            if published:
                found.setdefault("published", published)
            spans.append((start, end))
            continue
        for pattern, key in ((words.published, "published"), (words.updated, "updated")):
            match = pattern.match(line)
            day = find_date(match.group("rest"), words) if match else None
            if day:
                if key == "published":
                    found.setdefault("published", day)
                else:
                    updated = updated or day
                spans.append((start, end))
                break
    written = found.get("outlet_as_written")
    return TextMetadata(
        outlet=words.outlets[written.casefold()] if written else None,
        outlet_as_written=written,
        published=found.get("published") or updated,
        authors=found.get("authors", ()),
        place=found.get("place"),
        spans=tuple(spans),
    )


def _names(value: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in re.split(r"\s*(?:,|;|&|\band\b)\s*", value) if n.strip())


def with_text_metadata(document: Document, front_matter: dict[str, str] | None = None) -> Document:
    """The document with outlet, date and authors filled from its text where the front matter gave none;
    the metadata lines become `furniture` and a dateline's or byline's outlet becomes `named_outlet`."""
    front_matter = front_matter or {}
    found = read_metadata(document.text)
    authors = _names(front_matter.get("authors") or front_matter.get("author") or "") or found.authors
    named = (found.outlet, found.outlet_as_written) if found.outlet else ()
    return replace(
        document,
        outlet=document.outlet or found.outlet,
        published=document.published or found.published,
        authors=document.authors or authors,
        furniture=found.spans,
        named_outlet=tuple(dict.fromkeys(n for n in named if n)),
    )
