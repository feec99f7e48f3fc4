"""An answer's header block parsed as http.client parses it, without the email parser's cost.

http.client reads an answer's header lines and hands them to the email package's feed parser
(`http.client.parse_headers`), which is general (MIME, folding, defects) and slow: a third of the
client's CPU per request against a server that sends a dozen headers (moto, ministack), more than
the signer. For an ordinary header block its result is simple: one (name, value) pair per line, in
order, value stripped of the blank after the colon and of the line end, and an empty payload.

Contract: `parse_headers(fp, _class)` returns a message equal, attribute for attribute, to what
http.client's own parse_headers returns for the same bytes: it reads the lines with http.client's
own reader (same limits, same exceptions), builds the message directly when every line is an
ordinary `name: value` line (the feed parser's header pattern, no continuation line, no carriage
return inside a line, no "From " line, a blank line at the end, not a multipart or message/*
type), and otherwise hands exactly those bytes to the email parser as http.client does. It is in
force only on a thread inside `fast_headers()` (the engine's own connections, engine/deadline.py),
so nothing else in the process changes. tests/test_exact_shortcuts.py compares both on real
answers and on malformed ones.
"""

from __future__ import annotations

import contextlib
import email.parser
import http.client
import re
import threading
from collections.abc import Iterator
from typing import Any

_ORIGINAL = http.client.parse_headers
# the feed parser's header line, whole (it splits lines as str.splitlines does: \x0b \x0c \x1c-\x1e \x85 too)
_ORDINARY = re.compile(rb"[\x21-\x39\x3b-\x7e]+:[^\r\n\x0b\x0c\x1c\x1d\x1e\x85]*\r?\n\Z")
_tl = threading.local()


def parse_headers(fp: Any, _class: Any = http.client.HTTPMessage) -> Any:
    if not getattr(_tl, "on", False):
        return _ORIGINAL(fp, _class)
    lines = http.client._read_headers(fp)  # type: ignore[attr-defined]
    message = _ordinary(lines, _class)
    if message is not None:
        return message
    return email.parser.Parser(_class=_class).parsestr(b"".join(lines).decode("iso-8859-1"))


def _ordinary(lines: list[bytes], _class: Any) -> Any:
    if lines[-1] not in (b"\r\n", b"\n"):
        return None
    message = _class()
    for line in lines[:-1]:
        if not _ORDINARY.match(line) or line.startswith(b"From "):
            return None
        name, _, value = line.decode("iso-8859-1").partition(":")
        message.set_raw(name, value.lstrip(" \t").rstrip("\r\n"))
    ctype = (message.get("content-type") or "").strip().lower()
    if ctype.startswith(("multipart/", "message/")):
        return None
    message.set_payload("")
    return message


@contextlib.contextmanager
def fast_headers() -> Iterator[None]:
    """Answers read on this thread within the block are parsed by parse_headers above."""
    before = getattr(_tl, "on", False)
    _tl.on = True
    try:
        yield
    finally:
        _tl.on = before


http.client.parse_headers = parse_headers  # inert outside fast_headers(): the original answers
