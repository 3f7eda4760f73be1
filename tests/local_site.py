"""A web site on 127.0.0.1 that a test writes and serves itself: no outside network is touched."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _Handler(SimpleHTTPRequestHandler):
    """Serves the site's files; `redirects` maps a path to where it moved. Every request is logged."""

    def __init__(self, *args, site: LocalSite, **kwargs) -> None:
        self.site = site
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        self.site.requests.append((self.path, self.headers.get("User-Agent", "")))
        target = self.site.redirects.get(self.path)
        time.sleep(self.site.delays.get(self.path, 0))
        if self.path in self.site.unsized:  # a body whose length is not announced: read until the connection closes
            body = (self.site.root / self.path.lstrip("/")).read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            self._send(body)
            self.close_connection = True
            return
        if target:
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with suppress(BrokenPipeError, ConnectionResetError):  # the client stopped reading (a size limit)
            super().do_GET()

    def _send(self, body: bytes) -> None:
        with suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


class LocalSite:
    """The folder served, its base URL, redirects to answer, paths sent without a length, seconds to wait
    before answering a path, and the requests received (path, user agent)."""

    def __init__(self, root: Path, base: str) -> None:
        self.root = root
        self.base = base
        self.redirects: dict[str, str] = {}
        self.unsized: set[str] = set()
        self.delays: dict[str, float] = {}
        self.requests: list[tuple[str, str]] = []

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def write(self, path: str, text: str) -> str:
        """Put a file on the site; its URL."""
        (self.root / path).write_text(text, encoding="utf-8")
        return self.url(path)

    def fetches_of(self, path: str) -> int:
        return sum(1 for seen, _ in self.requests if seen == "/" + path.lstrip("/"))


@contextmanager
def local_site(root: Path) -> Iterator[LocalSite]:
    """Serve `root` on a free port of 127.0.0.1 for the duration of the block."""
    root.mkdir(parents=True, exist_ok=True)
    site = LocalSite(root, "")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, site=site, directory=str(root)))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (bound and released at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def refused_url() -> str:
    """An address on 127.0.0.1 where nothing listens."""
    return f"http://127.0.0.1:{free_port()}/story.html"
