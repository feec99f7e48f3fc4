"""Just enough HTTP/1.1 for the fault proxy: message heads, bodies relayed as they come
(Content-Length, chunked, or until the connection closes), and canned AWS error answers."""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from dataclasses import dataclass

PIECE = 65536


@dataclass
class Head:
    first: bytes
    headers: list[tuple[bytes, bytes]]
    raw: bytes

    def get(self, name: bytes) -> bytes:
        return next((v for k, v in self.headers if k.lower() == name), b"")

    def framing(self, bodyless: bool = False, response: bool = False) -> tuple[str, int]:
        """('none'|'length'|'chunked'|'close', length) for the body that follows this head."""
        if bodyless:
            return "none", 0
        if b"chunked" in self.get(b"transfer-encoding").lower():
            return "chunked", 0
        length = self.get(b"content-length")
        if length:
            return ("length", int(length)) if int(length) else ("none", 0)
        return ("close", 0) if response else ("none", 0)  # a response without length ends with the connection

    def keep_alive(self) -> bool:
        conn = self.get(b"connection").lower()
        return b"close" not in conn and (self.first.endswith(b"HTTP/1.1") or self.first.startswith(b"HTTP/1.1")
                                         or b"keep-alive" in conn)


async def read_head(reader: asyncio.StreamReader) -> Head | None:
    """The next message head, or None at a clean end of stream."""
    try:
        raw = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        if exc.partial.strip():
            raise
        return None
    lines = raw[:-4].split(b"\r\n")
    headers = [(k.strip(), v.strip()) for k, _, v in (line.partition(b":") for line in lines[1:])]
    return Head(lines[0], headers, raw)


async def copy_body(reader: asyncio.StreamReader, writer: asyncio.StreamWriter | None, framing: tuple[str, int],
                    garble: random.Random | None = None, cut: int | None = None) -> bool:
    """Relay one body as it comes (None writer: discard). garble replaces payload bytes with
    random ones; cut stops after that many payload bytes. False when cut."""
    kind, length = framing
    sent = 0

    async def out(data: bytes, payload: bool = True) -> bool:
        nonlocal sent
        if payload and cut is not None and sent + len(data) >= cut:
            data, stop = data[:cut - sent], True
        else:
            stop = False
        if payload:
            sent += len(data)
            if garble is not None:
                data = garble.randbytes(len(data))
        if writer is not None and data:
            writer.write(data)
            await writer.drain()
        return not stop

    if kind == "length":
        while length:
            piece = await reader.read(min(PIECE, length))
            if not piece:
                raise asyncio.IncompleteReadError(b"", length)
            length -= len(piece)
            if not await out(piece):
                return False
    elif kind == "chunked":
        while True:
            line = await reader.readuntil(b"\r\n")
            size = int(line.split(b";", 1)[0].strip() or b"0", 16)
            await out(line, payload=False)
            if size == 0:
                if cut is not None:
                    return False  # never the last chunk
                while (trailer := await reader.readuntil(b"\r\n")) != b"\r\n":
                    await out(trailer, payload=False)
                await out(b"\r\n", payload=False)
                return True
            while size:
                piece = await reader.readexactly(min(PIECE, size))
                size -= len(piece)
                if not await out(piece):
                    return False
            await out(await reader.readexactly(2), payload=False)
    elif kind == "close":
        while piece := await reader.read(PIECE):
            if not await out(piece):
                return False
    return True


def canned(status: int, request: Head) -> bytes:
    """The proxy's own 500/503 answer, in the envelope the request's protocol suggests."""
    rid = uuid.uuid4().hex.upper()[:16]
    ctype = request.get(b"content-type").lower()
    if request.get(b"x-amz-target") or b"json" in ctype:
        code = "InternalFailure" if status == 500 else "ServiceUnavailable"
        body, btype = json.dumps({"__type": code, "message": "injected by awscompat faultproxy"}).encode(), "application/x-amz-json-1.0"
    elif b"x-www-form-urlencoded" in ctype:  # query and EC2 protocols both read <Errors><Error>
        code = "InternalFailure" if status == 500 else "ServiceUnavailable"
        body = (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code><Message>injected"
                f" by awscompat faultproxy</Message></Error></Errors><RequestID>{rid}</RequestID></Response>").encode()
        btype = "text/xml"
    else:  # rest-xml (S3's <Error> document) and anything else
        code = "InternalError" if status == 500 else "SlowDown"
        body = (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>injected by awscompat"
                f" faultproxy</Message><RequestId>{rid}</RequestId><HostId>{rid}</HostId></Error>").encode()
        btype = "application/xml"
    reason = "Internal Server Error" if status == 500 else "Service Unavailable"
    head = (f"HTTP/1.1 {status} {reason}\r\nContent-Type: {btype}\r\nContent-Length: {len(body)}\r\n"
            f"x-amz-request-id: {rid}\r\nx-amzn-RequestId: {rid}\r\nx-amzn-ErrorType: {code}\r\n\r\n").encode()
    return head + (b"" if request.first.startswith(b"HEAD ") else body)
