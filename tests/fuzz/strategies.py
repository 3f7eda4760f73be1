"""Hypothesis strategies for hostile input: odd Unicode, control and bidi characters, NULs, bad UTF-8, long lines.

Text mixes three sources so examples reach past the first check: any character at all, a set of characters
known to trip text handling, and words and cue lines from real articles and page furniture.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

# Characters that trip text handling: NUL and C0/C1 controls, line and paragraph separators, bidi overrides,
# zero-width and byte-order marks, combining marks, a dotted capital I (lowers to two characters), ß, emoji.
TRICKY = ("\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\r", "\r\n", "\n\n", "\t",
          "\u2028", "\u2029", "\u202e", "\u202d", "\u2066", "\u200b", "\u200f", "\ufeff", "\ufffd", "\u0301",
          "\u0130", "\u00df", "\ufb03", "\U0001f600", "\u3000", "\xa0")
WORDS = ("Thermo Fisher", "sold", "supplied", "DNA sequencers", "to", "the", "police", "in", "Xinjiang", ".",
         "Rubio", "wrote", "Huawei", "Hikvision", "cameras", "Sandvine", "Egypt", "U.S.", "Sen.", "said", ",",
         "'", '"', "(", ")", "Mr.", "Inc.", "S.A.", "and", "by", "Photo:", "Reuters", "Share", "Read more",
         "Related stories", "Leave a reply", "Subscribe", "Ministry of Interior", "NSO Group", "Pegasus",
         "contract", "denied", "will supply", "$5 million", "2019", "#", "---", "<b>", "&amp;", "=SUM(A1)")

tricky_char = st.sampled_from(TRICKY)
word = st.sampled_from(WORDS)
any_text = st.text(max_size=60)
piece = st.one_of(word, word, word, tricky_char, any_text, st.just(" "), st.just("\n"))

hostile_text = st.lists(piece, max_size=40).map(" ".join)
"""Text of any characters (lone surrogates excepted: a `str` read from a file cannot hold them)."""

long_line = st.builds(lambda w, n: (w + " ") * n, word, st.integers(1_000, 20_000))
"""One very long line: a word repeated, with no line break."""


def _truncated(data: bytes, cut: int) -> bytes:
    """The data cut short at a position chosen by `cut` (possibly inside a UTF-8 sequence)."""
    return data[: cut % (len(data) + 1)]


hostile_bytes = st.one_of(
    hostile_text.map(lambda t: t.encode("utf-8")),
    st.builds(_truncated, hostile_text.map(lambda t: t.encode("utf-8")), st.integers(0, 10_000)),
    st.binary(max_size=300),
    st.builds(lambda t, b: t.encode("utf-8") + b, hostile_text,
              st.sampled_from([b"\xff", b"\xc3", b"\xe2\x82", b"\x00"])),
    long_line.map(lambda t: t.encode("utf-8")),
    st.just(b""),
    st.just(b"   \n\t \r\n"),
    st.just(b"\xef\xbb\xbf"),
)
"""File contents: hostile text as UTF-8 (whole or cut mid-character), random bytes, invalid sequences, NULs,
a very long line, an empty file, blank lines only, a lone byte-order mark."""

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=2**63, max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True), hostile_text, st.text(max_size=20),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=12,
)
"""Any JSON value Python's json module can write, huge integers and NaN included."""


def dumps(value: Any) -> str:
    """JSON text of a value; NaN and Infinity written as Python's json writes them."""
    return json.dumps(value, ensure_ascii=False)
