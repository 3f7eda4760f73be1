"""Sentence-case Title-Case headlines before parsing, so the small model reads them as sentences.

"US Sanctions Canada-Based Sandvine For Enabling 'Mass Web-Monitoring And Censorship' In Egypt" makes the model
see a row of proper nouns ("US Sanctions Canada", "Coastal Egyptian City"). In a headline line, a capitalised
word that the story never writes capitalised mid-sentence is lowered ("sanctions", "based", "for"); names the
story does write so ("Sandvine", "Egypt") keep their capital. Only letters change case, one for one, so every
character offset still points into the original text and evidence is quoted from the original.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s*$")
MIN_WORDS = 4
MIN_PROSE_WORDS = 40
TITLE_SHARE = 0.7


def _capitalised(word: str) -> bool:
    """A word written with a capital first letter and lower-case rest ('Sanctions', not 'US' or 'iPhone')."""
    return word[:1].isupper() and word[1:] == word[1:].lower() and len(word) > 1


def is_headline(line: str) -> bool:
    """A line of at least four words, most of them capitalised, with a function word among them ('To', 'for',
    'Its'), not ending like a sentence. A list of names ('Jane Roe, Simons Muirhead & Burton') has none."""
    words = _WORD.findall(line)
    if len(words) < MIN_WORDS or _SENTENCE_END.search(line):
        return False
    upper = sum(1 for w in words if w[:1].isupper())
    return upper / len(words) >= TITLE_SHARE and any(w.lower() in STOP_WORDS for w in words[1:])


def names_in_prose(prose: list[str]) -> set[str]:
    """Words the story's prose lines write capitalised after their first word: the text's own names."""
    names: set[str] = set()
    for line in prose:
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            words = _WORD.findall(sentence)
            names.update(w for w in words[1:] if w[:1].isupper())
    return names


def _lower_first(word: str) -> str:
    """The word with its first letter lowered, when that keeps the length (always for Latin letters)."""
    low = word[0].lower()
    return low + word[1:] if len(low) == 1 else word


def sentence_case(text: str) -> str:
    """The text with the capitalised common words of its headline lines lowered; same length as the input."""
    lines = text.split("\n")
    headline = [is_headline(line) for line in lines]
    if not any(headline):
        return text
    prose = [line for line, h in zip(lines, headline, strict=True) if not h]
    if sum(len(_WORD.findall(line)) for line in prose) < MIN_PROSE_WORDS:
        return text  # a headline alone ("Moscow PRAVDA in Russian"): no story to tell its names from its words
    names = names_in_prose(prose)
    out = []
    for line, h in zip(lines, headline, strict=True):
        if not h:
            out.append(line)
            continue
        first = True

        def lower(match: re.Match[str]) -> str:
            """One word of the headline, lowered unless it opens the line or the story uses it as a name."""
            nonlocal first
            word = match.group(0)
            keep = first or not _capitalised(word) or word in names
            first = False
            return word if keep else _lower_first(word)

        out.append(_WORD.sub(lower, line))
    return "\n".join(out)
