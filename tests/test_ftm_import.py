"""FollowTheMoney imports: parties and links become entities and facts citing the dataset; re-import adds nothing."""

from __future__ import annotations

import json
from pathlib import Path

from followthemoney import model
from typer.testing import CliRunner

from cli import app
from graph.snapshot import export_snapshot, snapshot_of_store
from graph.store import open_store
from graph.store.falkordb_server import stop_server
from loaders.ftm import ingest_ftm

runner = CliRunner()


def _entity(schema: str, ftm_id: str, **props) -> dict:
    proxy = model.make_entity(schema)
    proxy.id = ftm_id
    for prop, value in props.items():
        proxy.add(prop, value)
    return proxy.to_dict()


def _dataset(path: Path) -> Path:
    """A small sanctions-and-ownership dataset written with FtM's own model."""
    entities = [
        _entity("Person", "p-ivanov", name=["Ivan Ivanov", "Iwan Iwanow"], alias="Vanya", birthDate="1961-02-03"),
        _entity("Person", "p-petrova", name="Olga Petrova"),
        _entity("Company", "c-acme", name="Acme Holdings Ltd", jurisdiction="cy"),
        _entity("Company", "c-bolt", name="Bolt Shipping"),
        _entity("LegalEntity", "le-trust", name="Ivanov Family Trust"),
        _entity("PublicBody", "pb-mod", name="Ministry of Defence"),
        _entity("Vessel", "v-star", name="Northern Star"),
        _entity("Ownership", "own-1", owner="p-ivanov", asset="c-acme", percentage="75", startDate="2015-06-01"),
        _entity("Ownership", "own-2", owner="le-trust", asset="c-bolt"),
        _entity("Ownership", "own-3", owner="c-acme", asset="v-star"),
        _entity("Directorship", "dir-1", director="p-petrova", organization="c-acme", role="Managing director"),
        _entity("Directorship", "dir-2", director="c-bolt", organization="c-acme"),
        _entity("Employment", "emp-1", employee="p-petrova", employer="c-bolt"),
        _entity("Membership", "mem-1", member="c-bolt", organization="le-trust"),
        _entity("Payment", "pay-1", payer="pb-mod", beneficiary="c-acme", amount="1200000", currency="EUR"),
        _entity("Sanction", "san-1", entity="p-ivanov", authority="Office of Foreign Assets Control",
                program="UKRAINE-EO13660"),
        _entity("Sanction", "san-2", entity="c-bolt"),
        _entity("Family", "fam-1", person="p-ivanov", relative="p-petrova", relationship="spouse"),
        _entity("UnknownLink", "ul-1", subject="c-bolt", object="pb-mod", role="supplied"),
    ]
    lines = [json.dumps(e) for e in entities]
    lines.insert(3, "{this is not json")
    lines.insert(5, json.dumps({"id": "x-1", "schema": "Spaceship", "properties": {}}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _facts(store) -> dict[tuple[str, str, str], list[str]]:
    names = {e.id: e.name for e in store.iter_entities()}
    return {(names[r.source], r.type, names[r.target]): [ev.sentence for ev in r.evidence]
            for r in store.iter_relations()}


def test_parties_and_links_become_entities_and_facts_citing_the_dataset(falkordb_store, tmp_path):
    report = ingest_ftm(falkordb_store, _dataset(tmp_path / "opensanctions.ftm.json"), "ru_sanctions")
    entities = {e.name: e for e in falkordb_store.iter_entities()}
    assert {n: e.type for n, e in entities.items()} == {
        "Ivan Ivanov": "Person", "Olga Petrova": "Person", "Acme Holdings Ltd": "Company", "Bolt Shipping": "Company",
        "Ivanov Family Trust": "Organization", "Ministry of Defence": "GovernmentBody",
        "Office of Foreign Assets Control": "GovernmentBody"}
    assert set(entities["Ivan Ivanov"].aliases) == {"Iwan Iwanow", "Vanya", "ftm:p-ivanov"}
    facts = _facts(falkordb_store)
    assert facts == {
        ("Ivan Ivanov", "OWNS", "Acme Holdings Ltd"): [
            "ru_sanctions, Ownership own-1: Ivan Ivanov owns Acme Holdings Ltd (percentage: 75; from 2015-06-01)"],
        ("Ivanov Family Trust", "OWNS", "Bolt Shipping"): [
            "ru_sanctions, Ownership own-2: Ivanov Family Trust owns Bolt Shipping"],
        ("Olga Petrova", "HAS_ROLE_AT", "Acme Holdings Ltd"): [
            "ru_sanctions, Directorship dir-1: Olga Petrova role at Acme Holdings Ltd (role: Managing director)"],
        ("Olga Petrova", "HAS_ROLE_AT", "Bolt Shipping"): [
            "ru_sanctions, Employment emp-1: Olga Petrova role at Bolt Shipping (role: employee)"],
        ("Bolt Shipping", "MEMBER_OF", "Ivanov Family Trust"): [
            "ru_sanctions, Membership mem-1: Bolt Shipping member of Ivanov Family Trust"],
        ("Ministry of Defence", "FUNDED", "Acme Holdings Ltd"): [
            "ru_sanctions, Payment pay-1: Ministry of Defence funded Acme Holdings Ltd (amount: 1200000; "
            "currency: EUR)"],
        ("Office of Foreign Assets Control", "SANCTIONED", "Ivan Ivanov"): [
            "ru_sanctions, Sanction san-1: Office of Foreign Assets Control sanctioned Ivan Ivanov "
            "(program: UKRAINE-EO13660)"],
        ("Bolt Shipping", "SUPPLIED_TO", "Ministry of Defence"): [
            "ru_sanctions, UnknownLink ul-1: Bolt Shipping supplied Ministry of Defence"],
    }
    roles = {r.key: r.attributes for r in falkordb_store.iter_relations() if r.type == "HAS_ROLE_AT"}
    assert sorted(a["role"] for a in roles.values()) == ["Managing director", "employee"]
    (article,) = list(falkordb_store.iter_articles())
    assert (article.title, article.outlet, article.source) == (
        "FtM dataset ru_sanctions", "ru_sanctions", str(tmp_path / "opensanctions.ftm.json"))
    for relation in falkordb_store.iter_relations():
        for ev in relation.evidence:
            assert article.text[ev.start:ev.end] == ev.sentence and ev.extractor == "ftm"
    assert dict(report.skipped) == {
        "ru_sanctions, line 12 (Ownership own-3)": "its end v-star is not a person, company, organisation or "
                                                    "public body imported from this file",
        "ru_sanctions, line 14 (Directorship dir-2)": "HAS_ROLE_AT cannot run from a Company to a Company",
        "ru_sanctions, line 19 (Sanction san-2)": "a Sanction without an authority; Threadline needs who sanctioned",
        "ru_sanctions, line 20 (Family fam-1)": "Family has no Threadline relation",
    }
    assert report.bad_lines[0][0] == "ru_sanctions, line 4" and report.bad_lines[0][1].startswith("not JSON")
    assert report.bad_lines[1][0] == "ru_sanctions, line 6" and "Spaceship" in report.bad_lines[1][1]
    assert report.not_imported == {"Vessel": 1} and not report.ok


def test_a_second_import_adds_nothing(falkordb_store, tmp_path):
    path = _dataset(tmp_path / "ru_sanctions.jsonl")
    first = ingest_ftm(falkordb_store, path)
    before = falkordb_store.stats()
    second = ingest_ftm(falkordb_store, path)
    assert first.added == ["FtM dataset ru_sanctions"] and second.unchanged == first.added and second.added == []
    assert falkordb_store.stats() == before and before["facts"] == 8


def test_a_renamed_entity_in_a_newer_file_is_found_again_by_its_ftm_id(falkordb_store, tmp_path):
    old, new = tmp_path / "v1.json", tmp_path / "v2.json"
    old.write_text(json.dumps(_entity("Company", "c-acme", name="Acme Holdings Ltd")) + "\n", encoding="utf-8")
    new.write_text("\n".join(json.dumps(e) for e in [
        _entity("Company", "c-acme", name="Apex Resources"),
        _entity("Person", "p-roe", name="Jane Roe"),
        _entity("Ownership", "own-9", owner="p-roe", asset="c-acme"),
    ]) + "\n", encoding="utf-8")
    ingest_ftm(falkordb_store, old, "registry")
    ingest_ftm(falkordb_store, new, "registry")
    entities = {e.name: e for e in falkordb_store.iter_entities()}
    assert sorted(entities) == ["Acme Holdings Ltd", "Jane Roe"]
    assert "Apex Resources" in entities["Acme Holdings Ltd"].aliases
    assert list(_facts(falkordb_store)) == [("Jane Roe", "OWNS", "Acme Holdings Ltd")]


def test_export_then_import_gives_back_the_same_entities_and_facts(falkordb_store, tmp_path):
    ingest_ftm(falkordb_store, _dataset(tmp_path / "ru_sanctions.jsonl"))
    exported = export_snapshot(snapshot_of_store(falkordb_store), "ftm", tmp_path / "out.ftm.json")
    copy_dir = tmp_path / "copy"
    copy = open_store(str(copy_dir))
    try:
        report = ingest_ftm(copy, exported, "threadline")
        assert report.ok and report.not_imported["Article"] == 1 and report.not_imported["Mention"] == 7
        assert set(_facts(copy)) == set(_facts(falkordb_store))
        assert {(e.name, e.type) for e in copy.iter_entities()} == {
            (e.name, e.type) for e in falkordb_store.iter_entities()}
    finally:
        copy.close()
        stop_server(copy_dir)


def test_cli_ingest_ftm_lists_what_it_left_out(tmp_path):
    path = _dataset(tmp_path / "ru_sanctions.jsonl")
    store = tmp_path / "store"
    try:
        result = runner.invoke(app, ["ingest-ftm", str(path), "--store", str(store)])
        assert result.exit_code == 1, result.output  # two lines could not be read
        assert "ru_sanctions, line 20 (Family fam-1): Family has no Threadline relation" in result.stderr
        assert ("ru_sanctions: 1 parts added, 0 already in the store; 7 entities and 8 facts written, 4 links left "
                "out, 2 unreadable lines; not imported (no Threadline type): 1 Vessel") in result.stdout
        assert "Traceback" not in result.output
    finally:
        stop_server(store)


def test_a_dataset_in_several_parts_links_across_parts_and_reimports_as_nothing(falkordb_store, tmp_path):
    path = _dataset(tmp_path / "ru_sanctions.jsonl")
    first = ingest_ftm(falkordb_store, path, part_size=4)
    assert first.added == [f"FtM dataset ru_sanctions, part {n} of 4" for n in (1, 2, 3, 4)]
    assert len(_facts(falkordb_store)) == 8 and falkordb_store.stats()["entities"] == 7
    before = falkordb_store.stats()
    assert ingest_ftm(falkordb_store, path, part_size=4).added == [] and falkordb_store.stats() == before


def test_a_party_without_a_name_is_listed_and_its_links_with_it(falkordb_store, tmp_path):
    path = tmp_path / "nameless.json"
    path.write_text("\n".join(json.dumps(e) for e in [
        _entity("Company", "c-1"),
        _entity("Person", "p-1", name="Jane Roe"),
        _entity("Ownership", "o-1", owner="p-1", asset="c-1"),
    ]) + "\n", encoding="utf-8")
    report = ingest_ftm(falkordb_store, path)
    assert report.skipped == [
        ("nameless, line 1 (Company c-1)", "it has no name"),
        ("nameless, line 3 (Ownership o-1)", "its end c-1 is not a person, company, organisation or public body "
                                             "imported from this file"),
    ]
    assert [e.name for e in falkordb_store.iter_entities()] == ["Jane Roe"] and not report.not_imported


def test_names_are_data_and_stay_on_their_line(falkordb_store, tmp_path):
    path = tmp_path / "odd.json"
    path.write_text("\n".join(json.dumps(e) for e in [
        _entity("Company", "c-1", name="<b>Acme</b>\n=HYPERLINK(\"x\")"),
        _entity("Person", "p-1", name="Jane Roe"),
        _entity("Ownership", "o-1", owner="p-1", asset="c-1"),
    ]) + "\n", encoding="utf-8")
    ingest_ftm(falkordb_store, path)
    assert _facts(falkordb_store) == {("Jane Roe", "OWNS", '<b>Acme</b> =HYPERLINK("x")'): [
        'odd, Ownership o-1: Jane Roe owns <b>Acme</b> =HYPERLINK("x")']}


def test_the_shared_ftm_mapping_names_only_real_types_schemata_and_properties():
    from graph.schema import ftm_mapping, load_schema

    schema, mapping = load_schema(), ftm_mapping()

    def has(ftm_schema: str, *props: str) -> bool:
        found = model.get(ftm_schema)
        return found is not None and all(found.get(p) is not None for p in props)

    assert set(mapping["entities"]) == set(schema.entity_types)
    assert all(has(s) for s in mapping["entities"].values())
    assert all(has(s) for s in mapping["import_entities"]) and set(mapping["import_entities"].values()) <= set(
        schema.entity_types)
    assert set(mapping["relations"]) <= set(schema.relation_types)
    candidates = [c for cs in mapping["relations"].values() for c in cs]
    candidates += [mapping["directorship"], mapping["fallback"]]
    assert candidates and all(has(*c) for c in candidates)
    for ftm_schema, (relation, source, target) in mapping["import_links"].items():
        assert has(ftm_schema, source, target) and (relation is None or relation in schema.relation_types)
    assert all(has(s) for s in mapping["unmapped_links"]) and set(mapping["default_roles"]) <= set(
        mapping["import_links"])
