"""CSV files with the header conventions of `neo4j-admin database import`, laid out as a Threadline store.

Four files (entities, articles, relations, mentions) whose columns are the properties the store keeps, so
`neo4j-admin` builds a working Threadline Neo4j database from them, and `threadline import` reads them back.
Arrays are separated by U+001F (pass `--array-delimiter=U+001F`): article text never contains it, and
an export refuses any value that does. Fields may span lines (`--multiline-fields=true`). Values are written
exactly, formula-like text included, because Neo4j must read them as written: these files are for
`neo4j-admin`, not spreadsheets, and the README written beside them says so.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from graph.errors import InvalidData
from graph.model import Article, Entity, Evidence, Relation, relation_status
from graph.schema import load_schema
from graph.snapshot.base import ARTICLE_FIELDS, Snapshot, check_snapshot, relation_confidence
from graph.snapshot.registry import SnapshotFormat
from graph.store.cypher import entity_keys

ARRAY_DELIMITER = "\x1f"
FILES = ("entities.csv", "articles.csv", "relations.csv", "mentions.csv")
_EVIDENCE_COLUMNS = (
    ("ev_article", "string[]", "article_id"), ("ev_sentence", "string[]", "sentence"),
    ("ev_start", "int[]", "start"), ("ev_end", "int[]", "end"), ("ev_extractor", "string[]", "extractor"),
    ("ev_version", "string[]", "version"), ("ev_confidence", "double[]", "confidence"),
    ("ev_status", "string[]", "status"), ("ev_page", "int[]", "page"),
)

README = """Threadline snapshot as CSV for neo4j-admin (Neo4j 5):

  neo4j-admin database import full --nodes=entities.csv --nodes=articles.csv \\
      --relationships=relations.csv --relationships=mentions.csv \\
      --array-delimiter=U+001F --multiline-fields=true neo4j

Arrays (aliases, keys, ev_*) are separated by the character U+001F. Evidence is kept as parallel
ev_* arrays on each relationship, as Threadline's stores keep it; `threadline import DIR` reads it back.

Do not open these files in a spreadsheet. They hold article text exactly as written, for Neo4j, and Excel
or LibreOffice runs a cell such as =HYPERLINK(...) or @SUM(...) from a headline as a formula. To read the
graph in a spreadsheet, export `factcheck` (or run `threadline query --format csv`): those files put an
apostrophe before any text a spreadsheet would run.
"""


def _array(values: list[Any], where: str) -> str:
    """Array cell: elements joined by U+001F; a string holding U+001F itself cannot be written."""
    texts = [str(v) for v in values]
    if any(ARRAY_DELIMITER in t for t in texts):
        raise InvalidData(f"{where}: a value holds the character U+001F, which the CSV format uses between "
                          "array elements; export as json instead")
    return ARRAY_DELIMITER.join(texts)


def _write(rows: list[list[Any]]) -> bytes:
    """Rows as CSV bytes (UTF-8, quoted where needed by the csv module). Lines end in CRLF (RFC 4180): the csv
    module quotes a field holding any character of the line ending, so a lone carriage return in a name is
    quoted too; with a bare LF it was written unquoted and split the row on reading."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def render_csv_files(snapshot: Snapshot) -> dict[str, bytes]:
    """File name -> bytes of the four CSV files and a README with the import command."""
    schema = load_schema()
    entities: list[list[Any]] = [["id:ID(Entity)", ":LABEL", "name", "type", "aliases:string[]", "keys:string[]",
                                  "search"]]
    for e in snapshot.entities:
        keys = entity_keys(e)
        entities.append([e.id, _array(["Entity", e.type], e.id), e.name, e.type,
                         _array(list(e.aliases), f"entity {e.id}"), _array(keys, e.id),
                         "".join(" " + k for k in keys)])
    articles: list[list[Any]] = [["id:ID(Article)", ":LABEL", *ARTICLE_FIELDS]]
    for a in snapshot.articles:
        articles.append([a.id, "Article", *("" if getattr(a, f) is None else getattr(a, f) for f in ARTICLE_FIELDS)])
    attribute_names = sorted({k for r in snapshot.relations for k in r.attributes})
    relations: list[list[Any]] = [[":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "key", "sources:int",
                                   "confidence:double", "status", *attribute_names,
                                   *(f"{name}:{kind}" for name, kind, _ in _EVIDENCE_COLUMNS)]]
    for r in snapshot.relations:
        evidence = [[getattr(ev, f) or 0 if f == "page" else getattr(ev, f) for ev in r.evidence]
                    for _, _, f in _EVIDENCE_COLUMNS]
        relations.append([r.source, r.target, r.type, r.key, r.sources, relation_confidence(r), relation_status(r),
                          *(r.attributes.get(k, "") for k in attribute_names),
                          *(_array(values, f"connection {r.key}") for values in evidence)])
    mentions: list[list[Any]] = [[":START_ID(Article)", ":END_ID(Entity)", ":TYPE"]]
    mentions += [[a, e, schema.mention_relation] for a, e in snapshot.mentions]
    return {"entities.csv": _write(entities), "articles.csv": _write(articles), "relations.csv": _write(relations),
            "mentions.csv": _write(mentions), "README.txt": README.encode("utf-8")}


def _columns(header: list[str]) -> list[tuple[str, str]]:
    """(name, type) of each header cell: `sources:int` -> (sources, int); `:TYPE` -> (:TYPE, string)."""
    out = []
    for cell in header:
        if cell.startswith(":"):
            out.append((cell.split("(")[0], "string"))
        else:
            name, _, kind = cell.partition(":")
            out.append((name, kind.split("(")[0] or "string"))
    return out


_SCALARS: dict[str, Callable[[str], Any]] = {"int": int, "long": int, "double": float, "float": float}


def _converter(kind: str) -> Callable[[str], Any] | None:
    """How to turn a cell of this column type into its value; None for plain text."""
    if kind.endswith("[]"):
        scalar = _SCALARS.get(kind[:-2])
        if scalar is None:
            return lambda text: text.split(ARRAY_DELIMITER) if text else []
        return lambda text: [scalar(t) for t in text.split(ARRAY_DELIMITER)] if text else []
    return _SCALARS.get(kind)


_REQUIRED = {"entities.csv": ("id", "name", "type"), "articles.csv": ("id",),
             "relations.csv": (":START_ID", ":END_ID", ":TYPE", "key"), "mentions.csv": (":START_ID", ":END_ID")}


def _records(raw: bytes, name: str) -> list[dict[str, Any]]:
    """Rows of one CSV file as dicts of typed values, keyed by the header's property names."""
    try:
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InvalidData(f"{name}: not readable CSV ({exc})") from None
    if not rows:
        raise InvalidData(f"{name}: empty file, expected a header row")
    columns = _columns(rows[0])
    names = [col for col, _ in columns]
    missing = [column for column in _REQUIRED.get(name, ()) if column not in names]
    if missing:
        raise InvalidData(f"{name}: the header lacks {', '.join(missing)}", {name: "missing columns"})
    converted = [(index, convert) for index, (_, kind) in enumerate(columns) if (convert := _converter(kind))]
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(columns):
            raise InvalidData(f"{name}, line {number}: {len(row)} fields, the header has {len(columns)}")
        try:
            values: list[Any] = list(row)
            for index, convert in converted:
                values[index] = convert(row[index])
        except (ValueError, OverflowError) as exc:
            raise InvalidData(f"{name}, line {number}: {exc}") from None
        records.append(dict(zip(names, values, strict=True)))
    return records


def read_csv_files(files: dict[str, bytes], origin: str = "snapshot") -> Snapshot:
    """A snapshot from the four files `render_csv_files` writes (file name -> bytes)."""
    missing = [name for name in FILES if name not in files]
    if missing:
        raise InvalidData(f"{origin}: missing {', '.join(missing)}", {m: "missing" for m in missing})
    entities = [Entity(id=r["id"], name=r["name"], type=r["type"], aliases=tuple(r.get("aliases") or ()))
                for r in _records(files["entities.csv"], "entities.csv")]
    articles = [Article(id=r["id"], title=r.get("title", ""), text=r.get("text", ""), source=r.get("source", ""),
                        outlet=r.get("outlet") or None, published=r.get("published") or None,
                        ingested_at=r.get("ingested_at") or None, author=r.get("author") or None)
                for r in _records(files["articles.csv"], "articles.csv")]
    known = {":START_ID", ":END_ID", ":TYPE", "key", "sources", "confidence", "status",
             *(name for name, _, _ in _EVIDENCE_COLUMNS)}
    relations = []
    for r in _records(files["relations.csv"], "relations.csv"):
        columns = [r.get(name, []) for name, _, _ in _EVIDENCE_COLUMNS]
        if "ev_page" not in r:  # written before pages were kept
            columns[-1] = [0] * len(columns[0]) if isinstance(columns[0], list) else []
        if not all(isinstance(c, list) for c in columns):
            raise InvalidData(f"relations.csv: connection {r.get('key')}: ev_* columns must be arrays "
                              "(typed as in the header this export writes, such as ev_start:int[])")
        if len({len(c) for c in columns}) != 1:
            raise InvalidData(f"relations.csv: connection {r.get('key')}: ev_* arrays differ in length")
        if not all(isinstance(pg, int) and not isinstance(pg, bool) for pg in columns[-1]):
            raise InvalidData(f"relations.csv: connection {r.get('key')}: ev_page must hold whole numbers")
        evidence = tuple(Evidence(article_id=a, sentence=s, start=st, end=en, extractor=ex, version=v,
                                  confidence=float(c) if isinstance(c, int) else c, status=stt, page=pg or None)
                         for a, s, st, en, ex, v, c, stt, pg in zip(*columns, strict=True))
        attributes = {k: v for k, v in r.items() if k not in known and v != ""}
        relations.append(Relation(key=r["key"], type=r[":TYPE"], source=r[":START_ID"], target=r[":END_ID"],
                                  attributes=attributes, evidence=evidence))
    mentions = [(r[":START_ID"], r[":END_ID"]) for r in _records(files["mentions.csv"], "mentions.csv")]
    snapshot = Snapshot(entities=tuple(entities), relations=tuple(relations), articles=tuple(articles),
                        mentions=tuple(mentions), store_kind="file")
    return check_snapshot(snapshot, origin)


FORMAT = SnapshotFormat("csv", "CSV for neo4j-admin import (zip)", 40, write_files=render_csv_files,
                        read_files=read_csv_files, marker_files=frozenset({"entities.csv"}),
                        describe_files="csv files (entities.csv, ...)")
