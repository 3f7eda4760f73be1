"""Fuzzing `threadline ingest` on folders of random files: it never prints a traceback, exits 0 (all read) or 1
(some refused, each named), and what the store held before is still there."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cli import app
from graph.store.falkordb_server import stop_server
from tests.conftest import ROOT
from tests.fuzz.budget import examples
from tests.fuzz.strategies import hostile_bytes
from tests.graphs import supply_story

runner = CliRunner()
file_names = st.tuples(
    st.text(st.characters(categories=["L", "N"], include_characters=" -_.é"), min_size=1, max_size=12),
    st.sampled_from([".txt", ".md", ".html", ".htm", ".TXT", ".jsonl", ".pdf", ""]),
).map("".join)
folders = st.dictionaries(file_names, hostile_bytes, min_size=1, max_size=4)

HOSTILE_FOLDER = {
    "late-nul.txt": b"Thermo Fisher sold sequencers to the police in Xinjiang. " * 200 + b"\x00",
    "cut.md": "---\ntitle: Caf\u00e9\n---\nHikvision sold cameras to Egypt.".encode()[:-3] + "\u00e9".encode()[:1],
    "bomb.md": b"---\na: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\ntitle: *b\n---\nBody.\n",
    "page.html": b"<html><body>" + b"<div>" * 5000 + b"Huawei sold kit." + b"</div>" * 5000 + b"</body></html>",
    "byline.txt": ("by " + " and ".join(["Ann"] * 40) + " !\nNSO Group sold Pegasus to Mexico.").encode(),
    "empty.txt": b"",
    "story.txt": b"Thermo Fisher sold DNA sequencers to the police in Xinjiang, the company said.",
}


def _write(folder: Path, files: dict[str, bytes]) -> None:
    """Put the files in the folder."""
    for name, data in files.items():
        (folder / name).write_bytes(data)


@settings(max_examples=examples(15))
@given(files=folders)
@example(files=HOSTILE_FOLDER)
def test_ingest_of_random_files_exits_0_or_1_without_a_traceback(fuzz_store, files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _write(Path(folder), files)
        result = runner.invoke(app, ["ingest", folder, "--store", fuzz_store.location])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    # The summary line, or, when no file could be read at all, the one line saying so (the store is not touched).
    assert " added, " in result.output or "error: nothing to ingest" in result.output
    assert fuzz_store.has_article(supply_story().article.id)
    assert len(fuzz_store.get_entities(["e-thermo", "e-police", "e-rubio"])) == 3


@pytest.mark.slow
def test_ingest_in_a_process_of_its_own_names_each_refused_file_and_prints_no_traceback(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    _write(folder, HOSTILE_FOLDER)
    store = tmp_path / "store"
    env = {k: v for k, v in os.environ.items() if k != "THREADLINE_STORE"}
    try:
        done = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "ingest", str(folder), "--store",
                               str(store)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
    finally:
        stop_server(store)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    for name in ("late-nul.txt", "cut.md", "bomb.md", "page.html", "empty.txt"):
        assert f"{folder / name}: " in done.stderr, done.stderr
    assert "\n2 added, 0 already in the store, 5 failed" in done.stdout, done.stdout  # after a line per file
