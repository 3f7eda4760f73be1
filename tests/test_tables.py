"""Spreadsheets and edge lists: rows become facts citing file, sheet and row; bad rows listed; re-import a no-op."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from cli import app
from graph.errors import InvalidData
from graph.store.falkordb_server import stop_server
from loaders.tables import ingest_tables, load_mapping, mapping_from_flags, parse_mapping
from loaders.tables.read import read_table

runner = CliRunner()

MAPPING = {
    "source": {"column": "Supplier", "type": "Company"},
    "target": {"column": "Buyer", "type_column": "Buyer type"},
    "relation": "SUPPLIED_TO",
    "date": "Date",
    "note": "Note",
    "attributes": {"product": "Item"},
}


def _workbook(path: Path) -> Path:
    """Payments: three good rows, one blank row, and one whose buyer type is not a Threadline type (row 5)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Payments"
    sheet.append(["Supplier", "Buyer", "Buyer type", "Item", "Date", "Note"])
    sheet.append(["Acme Ltd", "Ministry of Health", "Government body", "ventilators", dt.datetime(2021, 3, 4),
                  "invoice 7"])
    sheet.append(["Globex Corporation", "Ministry of Health", "GovernmentBody", "masks", "2021-04-01", None])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["Initech", "City of Springfield", "Planet", "staplers", "2021-05-02", None])
    sheet.append(["Acme Ltd", "Springfield Police", "government body", "cameras", "2021-06-30", "=1+1"])
    sheet["F6"].data_type = "s"  # a text cell that merely starts with "=", as a spreadsheet saves one
    notes = book.create_sheet("Notes")
    notes.append(["Supplier", "Buyer"])
    book.save(path)
    return path


def _facts(store) -> dict[tuple[str, str, str], list[str]]:
    """(source name, type, target name) -> the sentences citing it."""
    names = {e.id: e.name for e in store.iter_entities()}
    return {(names[r.source], r.type, names[r.target]): [ev.sentence for ev in r.evidence]
            for r in store.iter_relations()}


def test_an_xlsx_sheet_becomes_facts_citing_sheet_and_row_and_the_bad_row_is_listed(falkordb_store, tmp_path):
    path = _workbook(tmp_path / "payments.xlsx")
    report = ingest_tables(falkordb_store, [path], parse_mapping({**MAPPING, "sheets": ["Payments"]}))
    assert report.added == ["payments.xlsx, sheet Payments"] and report.facts == 3
    assert report.bad_rows == [("payments.xlsx, sheet Payments, row 5",
                                "'Planet' in 'Buyer type' is not an entity type (Person, Company, GovernmentBody, "
                                "NGO, MediaOutlet, Report, Location, Product, Organization)")]
    facts = _facts(falkordb_store)
    assert facts[("Acme Ltd", "SUPPLIED_TO", "Ministry of Health")] == [
        "payments.xlsx, sheet Payments, row 2: Acme Ltd supplied Ministry of Health (product: ventilators) on "
        "2021-03-04. Note: invoice 7"]
    # a formula-looking string is kept as text, never evaluated
    assert facts[("Acme Ltd", "SUPPLIED_TO", "Springfield Police")][0].endswith("row 6: Acme Ltd supplied "
                                                                              "Springfield Police (product: cameras)"
                                                                              " on 2021-06-30. Note: =1+1")
    assert ("Initech", "SUPPLIED_TO", "City of Springfield") not in facts
    types = {e.name: e.type for e in falkordb_store.iter_entities()}
    assert types["Ministry of Health"] == "GovernmentBody" and types["Acme Ltd"] == "Company"
    assert "Initech" not in types


def test_evidence_offsets_point_at_the_row_in_the_article(falkordb_store, tmp_path):
    path = _workbook(tmp_path / "payments.xlsx")
    ingest_tables(falkordb_store, [path], parse_mapping({**MAPPING, "sheets": "Payments"}))
    (article,) = list(falkordb_store.iter_articles())
    assert article.title == "payments.xlsx, sheet Payments" and article.source == str(path)
    for relation in falkordb_store.iter_relations():
        for ev in relation.evidence:
            assert article.text[ev.start:ev.end] == ev.sentence and ev.extractor == "table"


def test_importing_the_same_table_again_adds_nothing(falkordb_store, tmp_path):
    path = _workbook(tmp_path / "payments.xlsx")
    mapping = parse_mapping({**MAPPING, "sheets": ["Payments"]})
    first = ingest_tables(falkordb_store, [path], mapping)
    before = falkordb_store.stats()
    second = ingest_tables(falkordb_store, [path], mapping)
    assert first.added and second.added == [] and second.unchanged == first.added
    assert falkordb_store.stats() == before and before["facts"] == 3


def test_a_formula_cell_is_read_as_its_saved_value_and_without_one_the_row_is_bad(falkordb_store, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Owner", "Owned"])
    book.active.append(["Holding SA", "=\"Acme\"&\" Ltd\""])  # openpyxl saves no computed value
    book.save(tmp_path / "owners.xlsx")
    mapping = mapping_from_flags("Owner:Company", "Owned:Company", "OWNS")
    report = ingest_tables(falkordb_store, [tmp_path / "owners.xlsx"], mapping)
    assert report.bad_rows == [("owners.xlsx, sheet Sheet, row 2", "the 'Owned' cell is empty")]
    assert report.failed == [("owners.xlsx, sheet Sheet", "no row could be stored")]
    assert falkordb_store.stats()["facts"] == 0


def test_a_csv_edge_list_with_relation_and_types_per_row(falkordb_store, tmp_path):
    path = tmp_path / "links.csv"
    path.write_text("from;from_type;to;to_type;link\n"
                    "Jane Roe;Person;Acme Ltd;Company;role at\n"
                    "Acme Ltd;Company;Acme Media;MediaOutlet;OWNS\n"
                    "Acme Ltd;Company;Acme Ltd;Company;OWNS\n"
                    "Jane Roe;Person;Acme Ltd;Company;married\n"
                    "Jane Roe;Person;;Company;OWNS\n"
                    "Acme Media;MediaOutlet;Jane Roe;Person;OWNS\n", encoding="utf-8")
    mapping = parse_mapping({"source": {"column": "from", "type_column": "from_type"},
                             "target": {"column": "to", "type_column": "to_type"}, "relation_column": "link"})
    report = ingest_tables(falkordb_store, [path], mapping)
    assert report.facts == 2
    assert report.bad_rows == [
        ("links.csv, row 4", "source and target are the same Company, 'Acme Ltd'"),
        ("links.csv, row 5", "'married' in 'link' is not a relation type (SUPPLIED_TO, HAS_ROLE_AT, CONTACTED, "
                             "PUBLISHED, CONCERNS, CRITICIZED, SANCTIONED, LOCATED_IN, OWNS, FUNDED, MEMBER_OF)"),
        ("links.csv, row 6", "the 'to' cell is empty"),
        ("links.csv, row 7", "OWNS cannot run from a MediaOutlet to a Person"),
    ]
    assert _facts(falkordb_store) == {
        ("Jane Roe", "HAS_ROLE_AT", "Acme Ltd"): ["links.csv, row 2: Jane Roe role at Acme Ltd"],
        ("Acme Ltd", "OWNS", "Acme Media"): ["links.csv, row 3: Acme Ltd owns Acme Media"],
    }


def test_a_json_lines_edge_list_cites_the_line(falkordb_store, tmp_path):
    path = tmp_path / "grants.jsonl"
    rows = [{"payer": "Open Society Fund", "payee": "Transparency Watch", "on": "2020-02-29"},
            {"payer": "Open Society Fund", "payee": "Transparency Watch", "on": "2020-02-30"},
            {"payer": "Open Society Fund", "payee": ["a", "b"]}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n[1, 2]\n{not json\n", encoding="utf-8")
    mapping = mapping_from_flags("payer:NGO", "payee:NGO", "funded", date="on")
    report = ingest_tables(falkordb_store, [path], mapping)
    assert _facts(falkordb_store) == {("Open Society Fund", "FUNDED", "Transparency Watch"): [
        "grants.jsonl, line 1: Open Society Fund funded Transparency Watch on 2020-02-29"]}
    assert [(c, r.split(" (")[0]) for c, r in report.bad_rows] == [
        ("grants.jsonl, line 2", "'2020-02-30' is not a date; write it as YYYY-MM-DD"),
        ("grants.jsonl, line 3", "field 'payee' holds a list or object, not a value"),
        ("grants.jsonl, line 4", "a JSON list, not an object"),
        ("grants.jsonl, line 5", "not JSON"),
    ]


def test_names_resolve_against_entities_already_stored(falkordb_store, tmp_path):
    first = tmp_path / "a.csv"
    first.write_text("owner,owned\nNorthwind Holdings Inc.,Acme Ltd\n", encoding="utf-8")
    second = tmp_path / "b.csv"
    second.write_text("owner,owned\nNORTHWIND,Beta Ltd\n", encoding="utf-8")
    mapping = mapping_from_flags("owner:Company", "owned:Company", "OWNS")
    ingest_tables(falkordb_store, [first, second], mapping)
    names = sorted(e.name for e in falkordb_store.iter_entities())
    assert names == ["Acme Ltd", "Beta Ltd", "Northwind Holdings Inc."]
    assert sorted(_facts(falkordb_store)) == [("Northwind Holdings Inc.", "OWNS", "Acme Ltd"),
                                              ("Northwind Holdings Inc.", "OWNS", "Beta Ltd")]


def test_a_fact_the_stored_types_refuse_is_listed_not_lost_silently(falkordb_store, tmp_path):
    outlets = tmp_path / "outlets.csv"
    outlets.write_text("owner,outlet\nNorthwind Trading,Daily Planet\n", encoding="utf-8")
    ingest_tables(falkordb_store, [outlets], mapping_from_flags("owner:Company", "outlet:MediaOutlet", "OWNS"))
    later = tmp_path / "later.csv"
    later.write_text("owner,owned\nDaily Planet,Acme Ltd\nNorthwind Trading,Acme Ltd\n", encoding="utf-8")
    report = ingest_tables(falkordb_store, [later], mapping_from_flags("owner:Organization", "owned:Company", "OWNS"))
    assert report.facts == 1
    assert report.bad_rows == [("later.csv, row 2", "not stored: once matched to the store, its ends are one entity "
                                                   "or their stored types do not allow OWNS")]
    assert ("Northwind Trading", "OWNS", "Acme Ltd") in _facts(falkordb_store)
    assert {e.name: e.type for e in falkordb_store.iter_entities()}["Daily Planet"] == "MediaOutlet"


def test_one_unreadable_file_does_not_stop_the_others(falkordb_store, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("owner,owned\nNorthwind Trading,Acme Ltd\n", encoding="utf-8")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (tmp_path / "latin.csv").write_bytes("owner,owned\nSoci\xe9t\xe9 A,B\n".encode("latin-1"))
    (tmp_path / "other.csv").write_text("a,b\nx,y\n", encoding="utf-8")
    mapping = mapping_from_flags("owner:Company", "owned:Company", "OWNS")
    report = ingest_tables(falkordb_store, [tmp_path / "broken.xlsx", tmp_path / "latin.csv", tmp_path / "other.csv",
                                            tmp_path / "missing.csv", good], mapping)
    assert report.added == ["good.csv"]
    reasons = dict(report.failed)
    assert reasons[str(tmp_path / "broken.xlsx")].startswith("not a readable XLSX workbook")
    assert reasons[str(tmp_path / "latin.csv")] == "not UTF-8 at byte 16; re-save it as UTF-8"
    assert reasons["other.csv"] == "no column 'owner'; its columns are a, b"
    assert reasons[str(tmp_path / "missing.csv")] == "no such file"


@pytest.mark.parametrize(("raw", "message"), [
    ({"source": {"column": "a", "type": "Planet"}, "target": {"column": "b", "type": "Company"},
      "relation": "OWNS"}, "source.type 'Planet' is not an entity type"),
    ({"source": {"column": "a", "type": "Company"}, "target": {"column": "b", "type": "Company"},
      "relation": "MARRIED"}, "relation 'MARRIED' is not a relation type"),
    ({"source": {"column": "a", "type": "Company"}, "target": {"column": "b", "type": "Company"}},
     "give exactly one of `relation` or `relation_column`"),
    ({"source": {"column": "a", "type": "Company"}, "target": {"column": "b", "type": "Company"},
      "relation": "OWNS", "attributes": {"role": "c"}}, "attribute 'role' is not one OWNS has"),
    ({"source": {"column": "a"}, "target": {"column": "b", "type": "Company"}, "relation": "OWNS"},
     "source needs exactly one of `type` or `type_column`"),
    ({"source": {"column": "a", "type": "Company"}, "target": {"column": "b", "type": "Company"},
      "relation": "OWNS", "colour": "red"}, "unknown key 'colour'"),
])
def test_a_bad_mapping_is_refused_naming_the_key(raw, message):
    with pytest.raises(InvalidData) as caught:
        parse_mapping(raw, "m.yaml")
    assert str(caught.value).startswith(f"m.yaml: {message}")


def test_a_mapping_file_reads_like_the_flags(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("source: {column: Supplier, type: company}\ntarget: {column: Buyer, type: Government body}\n"
                    "relation: supplied\n", encoding="utf-8")
    assert load_mapping(path) == mapping_from_flags("Supplier:Company", "Buyer:GovernmentBody", "SUPPLIED_TO")
    (tmp_path / "bad.yaml").write_text("source: [unclosed\n", encoding="utf-8")
    with pytest.raises(InvalidData, match=r"bad\.yaml: not a readable YAML mapping"):
        load_mapping(tmp_path / "bad.yaml")


def test_xlsx_rows_keep_their_spreadsheet_numbers_across_blank_rows(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["a"])
    book.active["A5"] = "five"
    book.save(tmp_path / "gaps.xlsx")
    (sheet,) = read_table(tmp_path / "gaps.xlsx")
    assert [(n, row) for n, row, _ in sheet.rows] == [(5, {"a": "five"})]


def test_a_misnamed_workbook_is_read_by_its_content(tmp_path):
    _workbook(tmp_path / "payments.csv")
    assert [s.name for s in read_table(tmp_path / "payments.csv")] == ["Payments", "Notes"]


def test_cli_ingest_table_lists_bad_rows_and_exits_1(tmp_path):
    path = _workbook(tmp_path / "payments.xlsx")
    mapping = tmp_path / "payments.yaml"
    mapping.write_text(json.dumps({**MAPPING, "sheets": ["Payments"]}), encoding="utf-8")  # JSON is YAML
    store = tmp_path / "store"
    try:
        result = runner.invoke(app, ["ingest-table", str(path), "--mapping", str(mapping), "--store", str(store)])
        assert result.exit_code == 1, result.output
        assert "payments.xlsx, sheet Payments, row 5: 'Planet' in 'Buyer type' is not an entity type" in result.stderr
        assert "1 sheets added, 0 already in the store, 0 failed; 3 facts stored, 1 rows left out" in result.stdout
        assert "Traceback" not in result.output
        again = runner.invoke(app, ["ingest-table", str(path), "--mapping", str(mapping), "--store", str(store)])
        assert "0 sheets added, 1 already in the store" in again.stdout
    finally:
        stop_server(store)



def test_a_long_sheet_is_written_in_parts_that_link_across_and_reimport_as_nothing(falkordb_store, tmp_path):
    path = tmp_path / "owners.csv"
    rows = [f"Holding {n % 3},Firm {n}" for n in range(7)]
    path.write_text("owner,owned\n" + "\n".join(rows) + "\n", encoding="utf-8")
    mapping = mapping_from_flags("owner:Company", "owned:Company", "OWNS")
    report = ingest_tables(falkordb_store, [path], mapping, part_size=3)
    assert report.added == [f"owners.csv, part {n} of 3" for n in (1, 2, 3)] and report.facts == 7
    assert falkordb_store.stats()["entities"] == 10  # three holdings shared by the parts, seven firms
    before = falkordb_store.stats()
    again = ingest_tables(falkordb_store, [path], mapping, part_size=3)
    assert again.added == [] and len(again.unchanged) == 3 and falkordb_store.stats() == before


def test_cli_ingest_table_of_missing_files_creates_no_store(tmp_path):
    store = tmp_path / "store"
    result = runner.invoke(app, ["ingest-table", str(tmp_path / "gone.csv"), "--source", "a:Company", "--target",
                                 "b:Company", "--relation", "OWNS", "--store", str(store)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{tmp_path / 'gone.csv'}: no such file" in result.stderr
    assert "error: nothing to ingest: none of the tables given exists" in result.stderr and not store.exists()
