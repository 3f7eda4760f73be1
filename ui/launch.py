"""Starting the app safely: refuse a taken port, and a second app on a store another app already serves.

The app that starts records its pid, address and port in the store directory; a record whose process is gone
(or is no longer Streamlit) is stale and ignored, so a crashed app never blocks the next one.
"""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass
from pathlib import Path

from graph.errors import ThreadlineError

RECORD_NAME = "app.json"


class AppNotStarted(ThreadlineError):
    """The app cannot start here: its port is taken, or another app already serves the store."""


@dataclass(frozen=True)
class ServingApp:
    """An app process serving a store, as recorded in the store directory."""

    pid: int
    url: str


def _is_app_process(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"streamlit" in command


def serving_app(directory: Path) -> ServingApp | None:
    """The live app recorded for this store, or None (no record, an unreadable one, or a stale one)."""
    try:
        record = json.loads((directory / RECORD_NAME).read_text(encoding="utf-8"))
        found = ServingApp(int(record["pid"]), str(record["url"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return found if _is_app_process(found.pid) else None


def record_app(directory: Path, pid: int, url: str) -> None:
    """Note in the store directory that process `pid` serves the store at `url`."""
    try:
        (directory / RECORD_NAME).write_text(json.dumps({"pid": pid, "url": url}) + "\n", encoding="utf-8")
    except OSError as exc:
        raise AppNotStarted(f"{directory}: cannot record the app in the store: {exc.strerror or exc}") from None


def port_taken(address: str, port: int) -> str | None:
    """Why `address:port` cannot be listened on (e.g. another program holds it), or None when it is free."""
    try:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will; TIME_WAIT is no block
            probe.bind((address, port))
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def app_url(address: str, port: int) -> str:
    host = f"[{address}]" if ":" in address else address
    return f"http://{host}:{port}"


def claim(directory: Path | None, address: str, port: int, pid: int) -> str:
    """Check that the app may start and record it; return its URL. `directory` is None for a Neo4j store."""
    if directory is not None:
        other = serving_app(directory)
        if other is not None and other.pid != pid:
            raise AppNotStarted(f"{directory}: an app already serves this store at {other.url} (pid {other.pid}); "
                                "open that one, or stop it before starting another")
    reason = port_taken(address, port)
    if reason is not None:
        raise AppNotStarted(f"port {port} on {address}: cannot listen there ({reason}); "
                            "another program holds it: choose another with --port")
    url = app_url(address, port)
    if directory is not None:
        record_app(directory, pid, url)
    return url
