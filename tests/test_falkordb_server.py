"""The embedded server's life: one per store directory, Unix socket only, durable, stoppable."""

from __future__ import annotations

import multiprocessing
import os
import signal
from pathlib import Path

import pytest
import redis

from graph.errors import QueryTimeout, StoreError
from graph.store import open_store
from graph.store.falkordb_server import PID_NAME, SOCKET_NAME, ensure_server, is_running, process_gone, stop_server
from tests.graphs import supply_story


def _start(directory: str, queue: multiprocessing.Queue) -> None:
    queue.put(str(ensure_server(Path(directory))))


def _pid(directory: Path) -> int:
    return int((directory / PID_NAME).read_text())


def test_processes_starting_at_once_share_one_server(tmp_path):
    directory = tmp_path / "store"
    directory.mkdir()
    queue: multiprocessing.Queue = multiprocessing.get_context("spawn").Queue()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_start, args=(str(directory), queue)) for _ in range(4)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        sockets = {queue.get(timeout=5) for _ in workers}
        assert sockets == {str(directory.resolve() / SOCKET_NAME)}
        servers = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _is_server_of(p, directory)]
        assert len(servers) == 1
    finally:
        stop_server(directory)


def _is_server_of(proc: Path, directory: Path) -> bool:
    try:
        return str(directory.resolve() / SOCKET_NAME) in (proc / "cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False


def test_server_listens_on_no_tcp_port(tmp_path):
    sock = ensure_server(tmp_path)
    try:
        client = redis.Redis(unix_socket_path=str(sock))
        assert client.config_get("port") == {"port": "0"}
        assert oct(os.stat(sock).st_mode & 0o777) == "0o700"
        client.close()
    finally:
        stop_server(tmp_path)


def test_the_server_appends_every_write_and_fsyncs_as_chosen(tmp_path):
    sock = ensure_server(tmp_path / "default")
    chosen = ensure_server(tmp_path / "always", appendfsync="always")
    try:
        for path, expected in ((sock, "everysec"), (chosen, "always")):
            client = redis.Redis(unix_socket_path=str(path), decode_responses=True)
            assert client.config_get("append*") == {"appendonly": "yes", "appendfsync": expected,
                                                    "appendfilename": "appendonly.aof",
                                                    "appenddirname": "appendonlydir"}
            client.close()
        with pytest.raises(ValueError, match="appendfsync must be one of always, everysec, no"):
            ensure_server(tmp_path / "bad", appendfsync="sometimes")
        assert not (tmp_path / "bad").exists()
    finally:
        stop_server(tmp_path / "default")
        stop_server(tmp_path / "always")


def test_a_stale_socket_file_is_replaced(tmp_path):
    (tmp_path / SOCKET_NAME).write_text("left over from a crash")
    ensure_server(tmp_path)
    try:
        assert is_running(tmp_path)
    finally:
        stop_server(tmp_path)


def test_data_survives_stop_and_kill_9(tmp_path):
    store = open_store(str(tmp_path))
    store.write_article(supply_story())
    before = store.stats()
    store.close()
    os.kill(_pid(tmp_path), signal.SIGKILL)  # the server dies without a chance to save
    store = open_store(str(tmp_path))
    assert store.stats() == before
    store.close()
    assert stop_server(tmp_path) is True
    assert not is_running(tmp_path)
    store = open_store(str(tmp_path))
    assert store.stats() == before
    store.close()
    stop_server(tmp_path)


def test_stop_without_a_server_says_so(tmp_path):
    assert stop_server(tmp_path) is False
    assert stop_server(tmp_path / "missing") is False


def test_an_opened_store_has_built_its_indexes(falkordb_store):
    """FalkorDB builds indexes in the background; the store returns from opening only once they are built, so
    the first queries after a write never run on an index under construction."""
    from graph.store.falkordb import INDEX_STATUS

    rows = falkordb_store._graph.ro_query(INDEX_STATUS).result_set
    assert {label for label, _ in rows} == {"Entity", "Article"}
    assert {status for _, status in rows} == {"OPERATIONAL"}


def test_a_stuck_server_gives_an_error_not_a_hang(tmp_path, monkeypatch):
    """FalkorDB can deadlock; a console query then ends past its time limit plus a grace with a clear error,
    and `stop_server` ends the stuck process with the data kept."""
    import graph.store.falkordb as falkordb

    monkeypatch.setattr(falkordb, "ANSWER_GRACE_SECONDS", 0.5)
    store = open_store(str(tmp_path))
    store.write_article(supply_story())
    before = store.stats()
    pid = _pid(tmp_path)
    os.kill(pid, signal.SIGSTOP)  # stands still as a deadlocked server does, without dying
    try:
        with pytest.raises(StoreError, match=r"did not answer within 0\.6 s") as caught:
            store.run("RETURN 1", timeout=0.1)
        assert not isinstance(caught.value, QueryTimeout)
        assert stop_server(tmp_path, timeout=1.0) is False
    finally:
        store.close()
        if not process_gone(pid):
            os.kill(pid, signal.SIGCONT)
    assert process_gone(pid)
    store = open_store(str(tmp_path))
    assert store.stats() == before
    store.close()
    stop_server(tmp_path)
