"""Split a long text into chunks the model parses one at a time, cut at blank lines or sentence ends.

A chunk is a `(start, end)` slice of the text, so every offset found inside it becomes a document offset by
adding `start`. The chunks cover the text exactly, in order; a text no longer than `CHUNK_CHARS` is one chunk,
which keeps short articles extracted exactly as before.
"""

from __future__ import annotations

import re

CHUNK_CHARS = 50_000
"""Longest chunk: far below spaCy's `nlp.max_length` (1,000,000), and small enough that the rules' work per
chunk stays a small multiple of the parse."""

_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")
_SPACE = re.compile(r"\s+")


def _cut(text: str, start: int, limit: int) -> int:
    """Where to end the chunk that begins at `start`: after the last blank line before `limit`, else after the
    last sentence end, else at the last white space, else at `limit` (a text with no spaces at all)."""
    low = start + (limit - start) // 2  # never make a chunk shorter than half the size
    blank = text.rfind("\n\n", low, limit)
    if blank >= 0:
        return blank + 2
    for pattern in (_SENTENCE_END, _SPACE):
        ends = [m.end() for m in pattern.finditer(text, low, limit)]
        if ends:
            return min(ends[-1], limit)
    return limit


def chunk_bounds(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """`(start, end)` of each chunk of `text`, at most `size` characters long, covering the text in order."""
    if size < 2:
        raise ValueError("a chunk must hold at least two characters")
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        end = _cut(text, start, start + size)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds
