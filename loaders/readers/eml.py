"""E-mails (.eml, RFC 822) via the standard library: the headers become metadata, PDF and Word attachments
become documents of their own whose source and title name the mail, and the mail lists them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from graph.errors import InvalidData
from loaders.document import Document
from loaders.readers.base import Reader, Unreadable, failure

_HEADER = re.compile(rb"^([A-Za-z][A-Za-z0-9-]*):[ \t]", re.M)
_MAIL_HEADERS = {b"from", b"to", b"date", b"subject", b"message-id", b"received", b"return-path", b"mime-version",
                 b"delivered-to", b"cc", b"reply-to"}
ATTACHMENT_READERS = ("pdf", "docx")
SHOWN_HEADERS = ("From", "To", "Cc", "Date", "Subject")


def sniff(data: bytes) -> bool:
    """RFC 822 headers first: the opening lines up to a blank line are `Name: value`, with From and a Date or To."""
    block = data[:4096].replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    lines = [line for line in block.split(b"\n") if line and not line[:1].isspace()]
    if len(lines) < 3 or not all(_HEADER.match(line) for line in lines):
        return False
    names = {_HEADER.match(line).group(1).lower() for line in lines}
    return b"from" in names and bool(names & {b"date", b"to"}) and len(names & _MAIL_HEADERS) >= 3


def _body(path: Path, message: EmailMessage) -> str:
    """The mail's own text: its plain part, else its HTML part as text."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError) as exc:
        raise failure(path, f"the mail's text cannot be decoded ({exc})", "undecodable") from None
    if part.get_content_subtype() == "html":
        import lxml.etree
        import lxml.html

        try:
            return lxml.html.fromstring(content).text_content() if content.strip() else ""
        except (lxml.etree.ParserError, ValueError) as exc:
            raise failure(path, f"the mail's HTML text cannot be read ({exc})", "malformed") from None
    return content


def _published(message: EmailMessage) -> str | None:
    try:
        return parsedate_to_datetime(str(message["Date"])).date().isoformat() if message["Date"] else None
    except (TypeError, ValueError, IndexError):
        return None


def _sender(message: EmailMessage) -> str | None:
    sender = message["From"]
    if sender is None:
        return None
    addresses = getattr(sender, "addresses", ())
    if addresses:
        return addresses[0].display_name or addresses[0].addr_spec or None
    return str(sender) or None


def _attachments(path: Path, message: EmailMessage, subject: str,
                 published: str | None) -> tuple[list[str], list[Document | Unreadable]]:
    """The names of all attachments, and the PDF and Word ones read as documents (or why they could not be)."""
    from loaders.readers import find_reader

    names: list[str] = []
    out: list[Document | Unreadable] = []
    for number, part in enumerate(message.iter_attachments(), start=1):
        name = Path(part.get_filename() or f"attachment-{number}").name
        names.append(name)
        where = f"{path}#{name}"
        try:
            data = part.get_payload(decode=True) or b""
        except (LookupError, ValueError) as exc:
            out.append(Unreadable(where, f"attachment cannot be decoded ({exc})"))
            continue
        reader = find_reader(name, data)
        if reader is None or reader.name not in ATTACHMENT_READERS:
            continue
        try:
            for document in reader.read(Path(name), data):
                if isinstance(document, Document):
                    document = replace(document, key=f"{path.stem}-{Path(name).stem}", path=where,
                                       title=f"{name} (attached to: {subject or path.name})",
                                       published=document.published or published)
                out.append(document)
        except Exception as exc:  # one attachment never stops the mail; the reason is reported
            out.append(Unreadable(where, str(exc).removeprefix(f"{name}: ")))
    return names, out


def read(path: Path, data: bytes) -> list[Document | Unreadable]:
    try:
        return _read_message(path, BytesParser(policy=policy.default).parsebytes(data))
    except InvalidData:
        raise
    except Exception as exc:  # the email package parses headers lazily and can fail on any malformed one
        raise failure(path, f"not a readable e-mail ({type(exc).__name__}: {exc})", "malformed") from None


def _read_message(path: Path, message: EmailMessage) -> list[Document | Unreadable]:
    """The mail and its attachments, from a parsed message."""
    if message["From"] is None and message["Subject"] is None:
        raise failure(path, "not an e-mail: no From or Subject header", "not eml")
    subject = " ".join(str(message["Subject"] or "").split())
    published = _published(message)
    names, attached = _attachments(path, message, subject, published)
    headers = [f"{h}: {' '.join(str(message[h]).split())}" for h in SHOWN_HEADERS if message[h] is not None]
    body = _body(path, message).strip()
    text = "\n".join(headers) + "\n\n" + body + "\n"
    if names:
        text += "\nAttachments: " + ", ".join(names) + "\n"
    mail = Document(key=path.stem, text=text, title=(subject or path.stem)[:200], path=str(path),
                    outlet=_sender(message), published=published)
    return [mail, *attached]


READER = Reader(name="eml", label="e-mail", suffixes=(".eml",), read=read, sniff=sniff, priority=20,
                max_bytes=100_000_000)
