"""The `$parameters` a Cypher text uses, so a query missing one is refused by name before it runs.

FalkorDB reads a parameter that was never given as null and answers with nothing, which looks like an empty
graph; naming the missing parameter is kinder. Strings, comments and quoted names are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graph.errors import MissingParameter

_TOKEN = re.compile(
    r"""'(?:[^'\\]|\\.)*'?        # a single-quoted string (an unclosed one runs to the end)
      | "(?:[^"\\]|\\.)*"?        # a double-quoted string
      | //[^\n]*                  # a line comment
      | /\*.*?(?:\*/|\Z)          # a block comment
      | \$`((?:[^`]|``)*)`        # a quoted parameter name
      | \$([A-Za-z_][A-Za-z0-9_]*|[0-9]+)  # a parameter name
      | `(?:[^`]|``)*`?           # a quoted identifier
    """,
    re.VERBOSE | re.DOTALL,
)


def used_parameters(cypher_text: str) -> list[str]:
    """Names of the parameters `cypher_text` refers to, in order of first use."""
    names: dict[str, None] = {}
    for match in _TOKEN.finditer(cypher_text):
        quoted, plain = match.group(1), match.group(2)
        if quoted is not None:
            names[quoted.replace("``", "`")] = None
        elif plain is not None:
            names[plain] = None
    return list(names)


def require_parameters(cypher_text: str, given: Iterable[str]) -> None:
    """Raise `MissingParameter` naming every parameter the query uses that has no value."""
    supplied = set(given)
    missing = [name for name in used_parameters(cypher_text) if name not in supplied]
    if missing:
        listed = ", ".join(f"${name}" for name in missing)
        pronoun = "it" if len(missing) == 1 else "them"
        raise MissingParameter(f"the query uses {listed} but no value was given for {pronoun}",
                               {name: "no value given" for name in missing})
