"""The column names a Cypher query's final RETURN gives, in order, read from its text without running it.

FalkorDB's `RETURN *` sorts columns by name; the console wraps a user's query in `CALL { ... } RETURN *`
to push its row limit into the database, and uses these names to give the columns back in the user's order.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"""'(?:[^'\\]|\\.)*'?        # single-quoted string
      | "(?:[^"\\]|\\.)*"?        # double-quoted string
      | `(?:[^`]|``)*`?           # quoted name
      | //[^\n]*                  # line comment
      | /\*.*?(?:\*/|\Z)          # block comment
      | [(\[{] | [)\]}] | ,       # nesting and separators
      | \w+                       # words
      | \S                        # anything else
    """,
    re.VERBOSE | re.DOTALL,
)
_ENDS = {"ORDER", "SKIP", "LIMIT"}


def _top_level(text: str) -> list[tuple[str, int, int]]:
    """Tokens outside any brackets (text, start, end), the outermost brackets themselves kept, comments dropped."""
    out = []
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token.startswith(("//", "/*")):
            continue
        if token in ")]}":
            depth = max(0, depth - 1)
        if depth == 0:
            out.append((token, match.start(), match.end()))
        if token in "([{":
            depth += 1
    return out


def _name(item: list[tuple[str, int, int]], text: str) -> str:
    """A projection item's column name: its alias after the last top-level AS, else its text as written."""
    for index in range(len(item) - 1, 0, -1):
        if item[index][0].upper() == "AS" and index + 1 < len(item):
            alias = item[index + 1][0]
            return alias[1:-1].replace("``", "`") if alias.startswith("`") else alias
    return text[item[0][1]:item[-1][2]].strip() if item else ""


def return_columns(cypher: str) -> list[str] | None:
    """Names of the final RETURN's columns in order, or None when the text does not say (`RETURN *`, no
    RETURN at top level)."""
    tokens = _top_level(cypher)
    returns = [i for i, (token, _, _) in enumerate(tokens) if token.upper() == "RETURN"]
    if not returns:
        return None
    body = tokens[returns[-1] + 1:]
    if body and body[0][0].upper() == "DISTINCT":
        body = body[1:]
    end = next((i for i, (token, _, _) in enumerate(body) if token.upper() in _ENDS), len(body))
    body = body[:end]
    if not body or body[0][0] == "*":
        return None
    # Commas inside brackets never reach here (`_top_level` keeps depth-0 tokens only), so items split cleanly;
    # an item's text runs from its first to its last top-level token, the brackets between them included.
    items: list[list[tuple[str, int, int]]] = [[]]
    for token in body:
        if token[0] == ",":
            items.append([])
        else:
            items[-1].append(token)
    return [_name(item, cypher) for item in items]
