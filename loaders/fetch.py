"""Fetch one http(s) address politely and safely: a user agent naming Threadline, a time limit, a size
limit and a bounded number of redirects. Every failure is an `InvalidData` naming the URL and the reason."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

import requests

from graph.errors import InvalidData

USER_AGENT = "Threadline/0.1 (knowledge-graph tool for journalists; fetches pages its user asked for)"
TIMEOUT = 20.0
MAX_BYTES = 5_000_000
MAX_REDIRECTS = 5
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/feed+json")
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


@dataclass(frozen=True)
class Fetched:
    """One answered request: the address asked for, where it ended after redirects, and the bytes."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    fetched_at: str


def is_url(text: str) -> bool:
    """True for an http or https address with a host (anything else on the command line is a path)."""
    parts = urlsplit(text.strip())
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


def normalise_url(text: str) -> str:
    """The address as stored and compared: trimmed, scheme and host lower-cased, the #fragment dropped."""
    parts = urlsplit(text.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def _connection_reason(exc: requests.ConnectionError) -> str:
    """The system's own words for a failed connection ("Connection refused", "Name or service not known")."""
    match = _ERRNO.search(str(exc))
    return f"cannot connect ({match.group(1).strip()})" if match else "cannot connect to the server"


def fetch(url: str, *, accept: tuple[str, ...] = PAGE_TYPES, timeout: float = TIMEOUT,
          max_bytes: int = MAX_BYTES, max_redirects: int = MAX_REDIRECTS) -> Fetched:
    """GET `url` and return its body, or raise `InvalidData` saying why not (status, size, type, network)."""
    if not is_url(url):
        raise InvalidData(f"{url}: only http:// and https:// addresses can be fetched", {url: "scheme"})
    session = requests.Session()
    session.max_redirects = max_redirects
    deadline = time.monotonic() + timeout
    try:
        with session.get(url, timeout=timeout, stream=True,
                         headers={"User-Agent": USER_AGENT, "Accept": ", ".join(accept)}) as response:
            if response.status_code >= 400:
                raise InvalidData(f"{url}: the server answered HTTP {response.status_code} {response.reason}",
                                  {url: "http status"})
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if content_type not in accept:
                raise InvalidData(f"{url}: not a web page this can read (content type {content_type or 'none'}; "
                                  f"expected {' or '.join(accept)})", {url: "content type"})
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise InvalidData(f"{url}: too large ({int(declared):,} bytes; the limit is {max_bytes:,})",
                                  {url: "too large"})
            body = bytearray()
            for chunk in response.iter_content(65536):
                body += chunk
                if len(body) > max_bytes:
                    raise InvalidData(f"{url}: too large (more than {max_bytes:,} bytes)", {url: "too large"})
                if time.monotonic() > deadline:
                    raise requests.Timeout()
            return Fetched(url=url, final_url=response.url, status=response.status_code,
                           content_type=content_type, body=bytes(body),
                           fetched_at=datetime.now(UTC).replace(microsecond=0).isoformat())
    except requests.TooManyRedirects:
        raise InvalidData(f"{url}: more than {max_redirects} redirects", {url: "redirects"}) from None
    except requests.Timeout:
        raise InvalidData(f"{url}: no complete answer within {timeout:g} s", {url: "timeout"}) from None
    except requests.ConnectionError as exc:
        raise InvalidData(f"{url}: {_connection_reason(exc)}", {url: "connection"}) from None
    except requests.exceptions.InvalidSchema:
        raise InvalidData(f"{url}: redirected to an address that is not http or https", {url: "scheme"}) from None
    except requests.RequestException as exc:
        raise InvalidData(f"{url}: the request failed ({type(exc).__name__})", {url: "request"}) from None
    finally:
        session.close()
