"""One test per row of docs/ERRORS.md: each user mistake ends in a line naming the thing and the reason, the
documented exit status, no traceback, and nothing already stored lost (nor a store made by mistake)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from graph.store import open_store
from graph.store.falkordb_server import is_running, stop_server
from tests.apptest import open_app
from tests.conftest import ROOT
from tests.documents import blank_pdf_bytes, encrypted_pdf_bytes
from tests.graphs import supply_story
from tests.local_site import free_port
from ui.launch import RECORD_NAME, claim, serving_app

runner = CliRunner()
ARTICLE = ("Acme sells cameras\n\nAcme Corp, a company based in Lyon, sold cameras to the police in Ruritania, "
           "according to Amnesty International.\n")


def invoke(*args: str):
    return runner.invoke(app, list(args))


def refused(result, code: int, *words: str) -> str:
    """The output, once the command exited with `code`, named every one of `words` and printed no traceback."""
    output = result.output if hasattr(result, "output") else result.stdout + result.stderr
    exit_code = result.exit_code if hasattr(result, "exit_code") else result.returncode
    assert exit_code == code, output
    assert "error" in output.lower(), output
    for word in words:
        assert word in output, (word, output)
    assert "Traceback" not in output
    return output


def stored(directory: Path) -> dict:
    """What the store holds now (it must still open)."""
    store = open_store(str(directory), create=False)
    try:
        return store.stats()
    finally:
        store.close()


@pytest.fixture
def store_dir(tmp_path: Path) -> Iterator[Path]:
    """A store holding one article, its server stopped at the end."""
    directory = tmp_path / "store"
    store = open_store(str(directory))
    store.write_article(supply_story())
    store.close()
    yield directory
    stop_server(directory)


# --- Paths and files -----------------------------------------------------------------------------------------------

def test_missing_path_creates_no_store(tmp_path):
    result = invoke("ingest", str(tmp_path / "missing.txt"), "--store", str(tmp_path / "new"))
    refused(result, 1, "missing.txt: no such file or directory", "nothing to ingest")
    assert not (tmp_path / "new").exists()


def test_missing_path_leaves_an_existing_store_as_it_was(store_dir, tmp_path):
    before = stored(store_dir)
    refused(invoke("ingest", str(tmp_path / "missing.txt"), "--store", str(store_dir)), 1, "missing.txt")
    assert stored(store_dir) == before and before["articles"] == 1


def test_unknown_file_format_is_named(tmp_path):
    (tmp_path / "draft.pages").write_bytes(b"PK\x03\x04 a Pages bundle")
    result = invoke("ingest", str(tmp_path / "draft.pages"), "--store", str(tmp_path / "new"))
    refused(result, 1, "draft.pages: unsupported file type .pages; supported: ", "PDF (.pdf)", "Word (.docx)")
    assert not (tmp_path / "new").exists()


def test_documents_that_cannot_be_read_are_named_and_the_rest_ingested(tmp_path):
    """An encrypted PDF, a scan without text, a broken Word file and an unsupported kind beside one article."""
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "locked.pdf").write_bytes(encrypted_pdf_bytes("Acme Corp sold cameras to the police."))
    (folder / "scan.pdf").write_bytes(blank_pdf_bytes(2))
    (folder / "memo.docx").write_bytes(b"PK\x03\x04 cut short")
    (folder / "draft.pages").write_bytes(b"PK\x03\x04 a Pages bundle")
    (folder / "story.txt").write_text(ARTICLE, encoding="utf-8")
    store = tmp_path / "store"
    try:
        result = invoke("ingest", str(folder), "--store", str(store))
        output = result.output
        assert result.exit_code == 1 and "Traceback" not in output, output
        for line in (f"{folder / 'locked.pdf'}: encrypted PDF: it needs a password",
                     f"{folder / 'scan.pdf'}: no text layer on any of its 2 pages: scanned? OCR is not supported",
                     f"{folder / 'memo.docx'}: not a Word (.docx) file: not a zip archive",
                     f"{folder / 'draft.pages'}: unsupported file type .pages; supported: ",
                     f"{folder / 'story.txt'}: added", "1 added, 0 already in the store, 1 unsupported, 3 failed"):
            assert line in output, (line, output)
        assert stored(store)["articles"] == 1
    finally:
        stop_server(store)


def test_unknown_export_and_query_formats_are_usage_errors(store_dir, tmp_path):
    refused(invoke("export", "--format", "pdf", "--out", str(tmp_path / "x"), "--store", str(store_dir)), 2,
            "--format must be", "'pdf'")
    refused(invoke("query", "RETURN 1", "--format", "xml", "--store", str(store_dir)), 2, "--format", "'xml'")
    assert not (tmp_path / "x").exists()


# --- The store path ------------------------------------------------------------------------------------------------

def test_store_path_that_is_a_file(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("my notes\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    for command in (["stats"], ["query", "RETURN 1"], ["ingest", str(article)]):
        refused(invoke(*command, "--store", str(target)), 1, f"{target}: is a file, not a store directory")
    assert target.read_text(encoding="utf-8") == "my notes\n"


def test_store_below_a_file(tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    refused(invoke("stats", "--store", str(tmp_path / "notes.txt" / "store")), 1, "notes.txt is a file")


@pytest.mark.parametrize("command", [["stats"], ["query", "RETURN 1"], ["stop"], ["diff", "store", "store"],
                                     ["export", "--format", "json", "--out", "OUT"]])
def test_store_typo_on_a_read_command_creates_nothing_and_suggests(store_dir, tmp_path, command):
    typo = store_dir.with_name("stroe")
    command = [str(tmp_path / "out.json") if part == "OUT" else part for part in command]
    result = invoke(*command, "--store", str(typo))
    refused(result, 1, f"{typo}: no store here", f"did you mean {store_dir}")
    assert not typo.exists() and not (tmp_path / "out.json").exists()
    assert stored(store_dir)["articles"] == 1


def test_default_store_missing_suggests_creating_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("THREADLINE_STORE", raising=False)
    refused(invoke("stats"), 1, "data/store: no store here", "threadline ingest FILES --store DIR")
    assert not (tmp_path / "data").exists()


def test_directory_that_is_not_a_store_is_left_alone(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    refused(invoke("stats", "--store", str(folder)), 1, f"{folder}: not a Threadline store")
    refused(invoke("ingest", str(folder / "a.txt"), "--store", str(folder)), 1,
            f"{folder}: a directory holding other files")
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]


def test_store_made_before_the_marker_is_still_a_store(store_dir):
    (store_dir / "threadline-store.json").unlink()
    result = invoke("stats", "--store", str(store_dir))
    assert result.exit_code == 0 and "the store holds 1 articles" in result.output


def test_server_that_does_not_start_says_why_and_keeps_the_data(store_dir):
    stop_server(store_dir)
    (manifest,) = (store_dir / "appendonlydir").glob("*.manifest")
    good = manifest.read_bytes()
    manifest.write_text("not a manifest\n", encoding="utf-8")
    refused(invoke("stats", "--store", str(store_dir)), 1, str(store_dir.resolve()), "stopped while starting",
            "Invalid AOF manifest")
    assert not is_running(store_dir)
    assert [p.name for p in (store_dir / "appendonlydir").glob("*.rdb")]  # the data files are untouched
    manifest.write_bytes(good)
    assert stored(store_dir)["articles"] == 1


# --- Queries -------------------------------------------------------------------------------------------------------

def test_bad_cypher_is_refused_with_the_database_reason(store_dir):
    output = refused(invoke("query", "MATCH (n RETURN n", "--store", str(store_dir)), 1, "refused the query",
                     "Invalid input 'R'", "column: 10", "(in: MATCH (n RETURN n)")
    assert "errMsg" not in output and "errCtx" not in output


def test_unreachable_neo4j_is_named():
    refused(invoke("stats", "--store", "bolt://127.0.0.1:1"), 1, "cannot reach Neo4j at bolt://127.0.0.1:1",
            "Connection refused")


def test_missing_parameter_is_named(store_dir):
    query = "MATCH (n:Entity) WHERE n.name = $name RETURN n.name AS name"
    refused(invoke("query", query, "--store", str(store_dir)), 2, "$name", "--param name=VALUE")
    given = invoke("query", query, "--param", "name=Marco Rubio", "--format", "csv", "--store", str(store_dir))
    assert given.exit_code == 0 and given.output.splitlines() == ["name", "Marco Rubio"]


def test_write_without_the_write_flag_changes_nothing(store_dir):
    before = stored(store_dir)
    refused(invoke("query", "MATCH (n:Entity) DETACH DELETE n", "--store", str(store_dir)), 1, "read-only",
            "--write")
    assert stored(store_dir) == before and before["entities"] == 3


# --- --debug -------------------------------------------------------------------------------------------------------

def test_debug_shows_the_traceback(tmp_path, monkeypatch):
    typo = str(tmp_path / "nowhere")
    quiet = refused(invoke("stats", "--store", typo), 1, "no store here")
    assert "StoreNotFound" not in quiet
    loud = invoke("--debug", "stats", "--store", typo)
    assert loud.exit_code == 1 and "Traceback" in loud.output and "StoreNotFound" in loud.output
    assert "error: " in loud.output
    monkeypatch.setenv("THREADLINE_DEBUG", "1")
    by_env = invoke("stats", "--store", typo)
    assert by_env.exit_code == 1 and "Traceback" in by_env.output


# --- Permissions: real ones, which root would ignore ---------------------------------------------------------------

def _without_override() -> list[str]:
    """A prefix under which file permissions apply: for root, drop the capabilities that bypass them (the
    interpreter lives in root's home, so switching to another user would leave it unreachable)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root and setpriv is missing: no way to make file permissions apply")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def threadline(*args: str, prefix: list[str] | None = None, env: dict | None = None,
               timeout: float = 120) -> subprocess.CompletedProcess:
    """The real command line in a child process."""
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    return subprocess.run([*(prefix or []), sys.executable, "-m", "cli", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=timeout)


def test_unreadable_file_is_named(tmp_path):
    prefix = _without_override()
    folder = tmp_path / "in"
    folder.mkdir()
    secret = folder / "secret.txt"
    secret.write_text(ARTICLE, encoding="utf-8")
    secret.chmod(0)
    named = threadline("ingest", str(secret), "--store", str(tmp_path / "new"), prefix=prefix)
    refused(named, 2, "secret.txt", "is not readable")  # the argument parser checks a file named on the line
    found = threadline("ingest", str(folder), "--store", str(tmp_path / "new"), prefix=prefix)
    refused(found, 1, f"{secret}: cannot be read: Permission denied", "nothing to ingest")
    assert not (tmp_path / "new").exists()


def test_unwritable_store_is_refused_and_kept(store_dir, tmp_path):
    prefix = _without_override()
    before = stored(store_dir)
    stop_server(store_dir)
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    store_dir.chmod(0o555)
    try:
        for command in (["stats"], ["ingest", str(article)], ["stop"]):
            result = threadline(*command, "--store", str(store_dir), prefix=prefix)
            refused(result, 1, f"{store_dir}: permission denied")
    finally:
        store_dir.chmod(0o755)
    assert stored(store_dir) == before and before["articles"] == 1


def test_store_cannot_be_created_in_an_unwritable_directory(tmp_path):
    prefix = _without_override()
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    result = threadline("ingest", str(article), "--store", str(locked / "new" / "store"), prefix=prefix)
    refused(result, 1, f"{locked}: permission denied", "cannot create the store")
    assert list(locked.iterdir()) == []


def test_export_to_an_unwritable_place_is_named(store_dir, tmp_path):
    prefix = _without_override()
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    result = threadline("export", "--format", "json", "--out", str(locked / "out.json"), "--store", str(store_dir),
                        prefix=prefix)
    refused(result, 1, f"{locked / 'out.json'}: cannot write: Permission denied")
    assert list(locked.iterdir()) == [] and stored(store_dir)["articles"] == 1


# --- The app -------------------------------------------------------------------------------------------------------

def test_app_on_a_missing_store_says_so_before_starting(tmp_path):
    result = threadline("app", "--store", str(tmp_path / "stroe"), "--port", str(free_port()), timeout=60)
    refused(result, 1, "stroe: no store here")
    assert not (tmp_path / "stroe").exists()


def test_app_pages_on_a_missing_store_show_the_reason(tmp_path, monkeypatch):
    monkeypatch.setenv("THREADLINE_STORE", str(tmp_path / "stroe"))
    monkeypatch.chdir(ROOT)
    for page in (None, "overview", "query"):
        at = open_app(page)
        assert not at.exception, [e.value for e in at.exception]
        assert "no store here" in at.error[0].value and "stroe" in at.error[0].value
    assert not (tmp_path / "stroe").exists()


def test_port_in_use_is_refused_before_streamlit_starts(store_dir):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = threadline("app", "--store", str(store_dir), "--port", str(port), timeout=60)
    refused(result, 1, f"port {port} on 127.0.0.1", "in use", "--port")
    assert "Streamlit" not in result.stdout
    assert not (store_dir / RECORD_NAME).exists()


def test_a_stale_app_record_is_ignored(store_dir):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (store_dir / RECORD_NAME).write_text(json.dumps({"pid": dead.pid, "url": "http://127.0.0.1:1"}), "utf-8")
    assert serving_app(store_dir) is None
    port = free_port()
    assert claim(store_dir, "127.0.0.1", port, os.getpid()) == f"http://127.0.0.1:{port}"
    assert json.loads((store_dir / RECORD_NAME).read_text("utf-8"))["pid"] == os.getpid()


def _wait_for_app(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the app did not answer at {url}")


@pytest.mark.slow
def test_second_app_on_the_same_store_points_to_the_first(store_dir):
    port = free_port()
    first = subprocess.Popen([sys.executable, "-m", "cli", "app", "--store", str(store_dir), "--port", str(port)],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_for_app(url)
        assert serving_app(store_dir.resolve()).pid == first.pid
        second = threadline("app", "--store", str(store_dir), "--port", str(free_port()), timeout=60)
        refused(second, 1, "an app already serves this store", url, f"pid {first.pid}")
    finally:
        first.terminate()
        first.wait(timeout=30)
    assert serving_app(store_dir) is None  # the record is stale now, so the next app may start
    assert stored(store_dir)["articles"] == 1


# --- A full disk ---------------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_full_disk_is_named_and_what_was_stored_is_kept(tmp_path):
    unshare = shutil.which("unshare")
    probe = subprocess.run([unshare or "unshare", "-m", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {tmp_path}"],
                           capture_output=True, text=True) if unshare else None
    if probe is None or probe.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here to fill: {probe.stderr.strip() if probe else 'no unshare'}")
    disk, store = tmp_path / "disk", tmp_path / "disk" / "store"
    disk.mkdir()
    first, corpus = tmp_path / "first.txt", ROOT / "data" / "articles"
    first.write_text(ARTICLE, encoding="utf-8")
    command = f"{sys.executable} -m cli"
    script = "\n".join([
        f"mount -t tmpfs -o size=400k tmpfs {disk}",
        f"{command} ingest {first} --store {store} > /dev/null || exit 9",
        f"head -c 300000 /dev/zero > {disk}/filler",
        f"{command} ingest {corpus} --store {store}; echo \"full=$?\"",
        f"{command} stats --store {store}; echo \"stats-full=$?\"",
        f"rm {disk}/filler; sleep 1.5",
        f"{command} stats --store {store} --json; echo \"stats-after=$?\"",
        f"{command} stop --store {store}",
    ])
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=ROOT, capture_output=True, text=True,
                            timeout=300, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    output = result.stdout + result.stderr
    assert "Traceback" not in output and result.returncode == 0, output
    assert "full=1" in output and "stats-full=1" in output and "stats-after=0" in output, output
    assert "No space left on device" in output and "free some space on that disk" in output, output
    assert "the articles added are kept" in output, output
    (numbers,) = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert numbers["articles"] >= 1 and numbers["entities"] >= 5, numbers


def test_a_bad_table_mapping_is_named_and_nothing_is_written(tmp_path):
    table = tmp_path / "a.csv"
    table.write_text("x,y\na,b\n", encoding="utf-8")
    store = tmp_path / "store"
    result = runner.invoke(app, ["ingest-table", str(table), "--source", "x:Planet", "--target", "y:Company",
                                 "--relation", "OWNS", "--store", str(store)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "error: the flags: source.type 'Planet' is not an entity type; use one of Person, Company" in result.stderr
    assert not store.exists()
    no_mapping = runner.invoke(app, ["ingest-table", str(table), "--store", str(store)])
    assert no_mapping.exit_code == 2 and "give --mapping FILE.yaml" in no_mapping.stderr and not store.exists()


def test_an_ftm_file_with_nothing_to_import_is_named_and_creates_no_store(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text("[1, 2]\n", encoding="utf-8")
    store = tmp_path / "store"
    result = runner.invoke(app, ["ingest-ftm", str(path), "--store", str(store)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (f"error: {path}: no person, company, organisation, public body or link to import; first problem: "
            "empty, line 1: not an FtM entity") in result.stderr
    assert not store.exists()


def test_every_row_of_the_errors_table_names_a_test_here():
    """docs/ERRORS.md cannot promise a test that does not exist, and every test here is in the table."""
    import re

    table = [line for line in (ROOT / "docs" / "ERRORS.md").read_text(encoding="utf-8").splitlines()
             if line.startswith("| ") and "test_" in line]
    named = {name for line in table for name in re.findall(r"`(test_\w+)`", line.rsplit("|", 2)[-2])}
    defined = {name for name in globals() if name.startswith("test_")} - {
        "test_every_row_of_the_errors_table_names_a_test_here"}
    assert len(table) >= 20
    assert named == defined, (named - defined, defined - named)
