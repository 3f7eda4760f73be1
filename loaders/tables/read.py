"""Read tables (CSV, XLSX, JSON lines) as sheets of numbered rows of text cells, or say why not.

One reader per kind, chosen by content first (an XLSX is a zip, JSON lines start with `{`) and by suffix
after, so a misnamed file is still read right. Row numbers are the ones a journalist sees: in a
spreadsheet the header is row 1 and the first data row is row 2; in JSON lines, the line number.
Cells become text with white space squeezed, so one row is always one line; a string is never evaluated.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from graph.errors import InvalidData

MAX_BYTES = 200_000_000

Row = tuple[int, dict[str, str | None], str]
"""(row number, column -> text or None when empty, a reason the row cannot be read or "")."""


@dataclass(frozen=True)
class Sheet:
    """A table: its name (None for a file with one table), column names and numbered rows."""

    name: str | None
    columns: tuple[str, ...]
    rows: Iterator[Row]
    unit: str = "row"


def cell_text(value: Any) -> str | None:
    """A cell as text: dates as ISO dates, whole numbers without `.0`, white space squeezed; None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    elif isinstance(value, (date, time)):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = " ".join(text.split())
    return text or None


def _header(values: list[Any], where: str) -> tuple[str, ...]:
    names = tuple(cell_text(v) or "" for v in values)
    if not any(names):
        raise InvalidData(f"{where}: the first row is empty; it must name the columns", {where: "no header"})
    return names


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise InvalidData(f"{path}: binary file, not a text table", {str(path): "binary"})
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidData(f"{path}: not UTF-8 at byte {exc.start:,}; re-save it as UTF-8",
                          {str(path): "undecodable"}) from None


def read_csv(path: Path) -> list[Sheet]:
    """A CSV (or TSV) file: its delimiter is sniffed among comma, semicolon, tab and bar."""
    text = _decode(path)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        first = next(reader, None)
    except csv.Error as exc:
        raise InvalidData(f"{path}: not a readable CSV ({exc})", {str(path): "csv"}) from None
    if first is None:
        raise InvalidData(f"{path}: empty file; the first row must name the columns", {str(path): "empty"})
    columns = _header(first, str(path))

    def rows() -> Iterator[Row]:
        number = 1
        while True:
            number += 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield number, {}, f"not readable CSV ({exc})"
                return
            if not any(v.strip() for v in values):
                continue
            reason = f"{len(values)} cells where the header has {len(columns)}" if len(values) > len(columns) else ""
            yield number, {c: cell_text(v) for c, v in zip(columns, values, strict=False) if c}, reason

    return [Sheet(None, columns, rows())]


def read_xlsx(path: Path) -> list[Sheet]:
    """Every sheet of a workbook, opened read-only with formulas read as their saved values."""
    import openpyxl  # only when a workbook is read

    try:  # a file object, so a workbook saved under another suffix is still read
        book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
        raise InvalidData(f"{path}: not a readable XLSX workbook ({reason})", {str(path): "xlsx"}) from None
    sheets = []
    for sheet in book.worksheets:
        values = sheet.iter_rows(values_only=True)
        first = next(values, None)
        if first is None:
            continue
        columns = _header(list(first), f"{path}, sheet {sheet.title}")

        def rows(values: Iterator[tuple[Any, ...]] = values, columns: tuple[str, ...] = columns) -> Iterator[Row]:
            for number, cells in enumerate(values, start=2):
                if all(cell_text(v) is None for v in cells):
                    continue
                yield number, {c: cell_text(v) for c, v in zip(columns, cells, strict=False) if c}, ""

        sheets.append(Sheet(sheet.title, columns, rows()))
    return sheets


def read_jsonl(path: Path) -> list[Sheet]:
    """JSON lines, one object per line; the columns are the keys of every object, in first-seen order."""
    lines = _decode(path).splitlines()
    parsed: list[tuple[int, dict[str, Any] | None, str]] = []
    columns: dict[str, None] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            parsed.append((number, None, f"not JSON ({exc.msg} at column {exc.colno})"))
            continue
        if not isinstance(value, dict):
            parsed.append((number, None, f"a JSON {type(value).__name__}, not an object"))
            continue
        columns.update(dict.fromkeys(str(k) for k in value))
        parsed.append((number, value, ""))

    def rows() -> Iterator[Row]:
        for number, value, reason in parsed:
            if value is None:
                yield number, {}, reason
                continue
            nested = [k for k, v in value.items() if isinstance(v, (dict, list))]
            if nested:
                yield number, {}, f"field {nested[0]!r} holds a list or object, not a value"
                continue
            yield number, {str(k): cell_text(v) for k, v in value.items()}, ""

    return [Sheet(None, tuple(columns), rows(), unit="line")]


READERS: dict[str, Callable[[Path], list[Sheet]]] = {"csv": read_csv, "xlsx": read_xlsx, "jsonl": read_jsonl}
SUFFIXES = {".csv": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def table_kind(path: Path) -> str:
    """csv, xlsx or jsonl: from the first bytes where they tell, else from the suffix."""
    with open(path, "rb") as handle:
        head = handle.read(512)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None and head.lstrip().startswith(b"{"):
        return "jsonl"
    if kind is None:
        raise InvalidData(f"{path}: unsupported table type {path.suffix or '(none)'}; use one of "
                          f"{', '.join(sorted(SUFFIXES))}", {str(path): "unsupported"})
    return kind


def read_table(path: Path | str) -> list[Sheet]:
    """The sheets of a table file; `InvalidData` names the file and the reason it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise InvalidData(f"{path}: no such file", {str(path): "missing"})
    if path.stat().st_size > MAX_BYTES:
        raise InvalidData(f"{path}: larger than {MAX_BYTES // 1_000_000} MB; split it", {str(path): "too large"})
    return READERS[table_kind(path)](path)
