"""Text cells that a spreadsheet shows as text: article strings never run as formulas in Excel or LibreOffice.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula (or a
number to compute) when a CSV opens in a spreadsheet; `=HYPERLINK("http://x","y")` in a headline would become
a live link. `neutralise` puts an apostrophe before such text, and before text that already starts with an
apostrophe, so `restore` can undo it exactly: every text maps to one cell and back.

>>> neutralise('=HYPERLINK("http://x","y")')
'\\'=HYPERLINK("http://x","y")'
>>> restore(neutralise("'=x")) == "'=x"
True
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
_ESCAPED = (*FORMULA_START, ESCAPE)


def neutralise(text: str) -> str:
    """`text` with an apostrophe in front when a spreadsheet would read it as a formula (or it starts with one)."""
    return ESCAPE + text if text.startswith(_ESCAPED) else text


def restore(cell: str) -> str:
    """The text `neutralise` was given: the one apostrophe it added, and only that, taken off."""
    return cell[1:] if cell.startswith(ESCAPE) and cell[1:].startswith(_ESCAPED) else cell
