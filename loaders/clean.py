"""Blank out scraped page furniture (navigation, teaser lists, comment prompts, footers) before extraction.

Furniture is replaced by spaces of the same length (newlines kept), so character offsets into the cleaned
text are offsets into the original document text. The cues are data: `loaders/data/clean.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

CUES_PATH = Path(__file__).resolve().parent / "data" / "clean.yaml"
_SENTENCE_END = (".", "!", "?", '"', "\u201d", "'", "\u2019", ")")


@dataclass(frozen=True)
class CleanCues:
    """Compiled cue patterns: single furniture lines, block openers, tail openers, teaser endings."""

    drop: tuple[re.Pattern[str], ...]
    block: tuple[re.Pattern[str], ...]
    tail: tuple[re.Pattern[str], ...]
    credits: tuple[re.Pattern[str], ...]
    teaser_endings: tuple[str, ...]
    prose_min_chars: int
    label_max_words: int
    furniture_max_chars: int


@lru_cache(maxsize=1)
def load_cues(path: Path = CUES_PATH) -> CleanCues:
    """Read and compile the cue file once."""
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)

    def comp(key: str) -> tuple[re.Pattern[str], ...]:
        """Compile the patterns listed under one key of the cue file."""
        return tuple(re.compile(p, re.IGNORECASE) for p in raw.get(key) or ())

    return CleanCues(
        drop=comp("drop_lines"),
        block=comp("block_starts"),
        tail=comp("tail_starts"),
        credits=comp("credit_spans"),
        teaser_endings=tuple(e.lower() for e in raw.get("teaser_endings") or ()),
        prose_min_chars=int(raw.get("prose_min_chars", 160)),
        label_max_words=int(raw.get("label_max_words", 4)),
        furniture_max_chars=int(raw.get("furniture_max_chars", 1000)),
    )


def _matches(patterns: tuple[re.Pattern[str], ...], line: str) -> bool:
    """Whether one pattern matches the whole line."""
    return any(p.fullmatch(line) for p in patterns)


def is_prose(line: str, cues: CleanCues) -> bool:
    """A line that reads like story text: long enough, ending like a sentence, not a teaser."""
    low = line.lower()
    if any(low.endswith(e) for e in cues.teaser_endings):
        return False
    return len(line) >= cues.prose_min_chars and line.endswith(_SENTENCE_END)


def _repeated_labels(lines: list[str], cues: CleanCues) -> set[str]:
    """Short lines without sentence punctuation that a page prints more than once: site names, section labels,
    bylines in widgets ('Future Tech', 'Tan KW'). A story does not repeat a bare label."""
    counts: dict[str, int] = {}
    for raw in lines:
        line = raw.strip()
        if line and len(line.split()) <= cues.label_max_words and not line.endswith(_SENTENCE_END):
            counts[line] = counts.get(line, 0) + 1
    return {line for line, n in counts.items() if n > 1}


def furniture_lines(lines: list[str], cues: CleanCues | None = None) -> list[bool]:
    """For each line, whether it is page furniture (True) or story (False)."""
    cues = cues or load_cues()
    labels = _repeated_labels(lines, cues)
    out = [False] * len(lines)
    in_block = False
    seen_prose = False
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            out[i] = in_block
            continue
        short = len(line) <= cues.furniture_max_chars  # the cues are tried on short lines only
        if short and seen_prose and _matches(cues.tail, line):
            for j in range(i, len(lines)):
                out[j] = True
            break
        if short and _matches(cues.block, line):
            in_block = True
            out[i] = True
            continue
        if in_block:
            if is_prose(line, cues):
                in_block = False
            else:
                out[i] = True
                continue
        if (short and (_matches(cues.drop, line) or _matches(cues.tail, line))) or line in labels:
            out[i] = True
            continue
        if is_prose(line, cues) or (len(line) > 60 and line.endswith(_SENTENCE_END)):
            seen_prose = True
    return out


def strip_credits(line: str, cues: CleanCues | None = None) -> str:
    """A story line with picture credits ('Photo: Reuters') blanked by spaces of the same length."""
    cues = cues or load_cues()
    for pattern in cues.credits:
        line = pattern.sub(lambda m: " " * len(m.group(0)), line)
    return line


def clean_text(text: str) -> str:
    """The text with furniture lines and picture credits replaced by spaces of the same length; story text
    untouched."""
    lines = text.split("\n")
    flags = furniture_lines(lines)
    cues = load_cues()
    return "\n".join(
        " " * len(line) if drop else strip_credits(line, cues) for line, drop in zip(lines, flags, strict=False)
    )
