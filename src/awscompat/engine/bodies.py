"""Streamed answer bodies read after the call are still under a total deadline (DESIGN 4: a provider
can never stall a run).

Transport.call reads a streamed payload whole inside the request's deadline (engine/deadline.py),
except one larger than its PAYLOAD_LIMIT, and botocore hands event streams (S3 SelectObjectContent,
...) back unread. A check that reads such a body later, outside the call, would otherwise wait on
the provider with only a per-read socket timeout, which a provider trickling one byte at a time
never trips.

Contract:
- `bind(reply, seconds)` replaces every StreamingBody and EventStream left in `reply.parsed` with a
  wrapper of the same interface (a DeadlineBody is a StreamingBody) and returns the reply.
- All later reads of one body share ONE total deadline of `seconds`, counted from the first of
  them (so a check that reads a moment after the call is not penalised, and a trickled body costs
  at most `seconds` more than its request). Each read runs within engine/deadline.py's `within`,
  with the body's connection watched: when the time is up the socket is shut down, the blocked
  read returns at once, and the read raises HarnessError (the case ends as `error`, never `fail`:
  a stalled answer decides nothing), with the request's exchange as evidence and its fault set to
  `timeout`. Every read after that raises the same, without touching the socket.
- A body read whole inside the call (a BytesIO) needs nothing and is bound all the same (cheap).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from botocore.eventstream import EventStream
from botocore.response import StreamingBody

from awscompat.engine import deadline
from awscompat.engine.outcomes import HarnessError

T = TypeVar("T")


class _Bound:
    """One body's total deadline, started by its first read."""

    def __init__(self, raw: Any, seconds: float, exchange: Any) -> None:
        self.raw = raw
        self.seconds = seconds
        self.exchange = exchange
        self.at: float | None = None
        self.expired = False

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        if self.at is None:
            self.at = time.monotonic() + self.seconds
        left = self.at - time.monotonic()
        if self.expired or left <= 0:
            raise self._timeout()
        with deadline.within(left) as limit:
            conn = getattr(self.raw, "connection", None) or getattr(self.raw, "_connection", None)
            if conn is not None:
                deadline.watch(conn)
            try:
                out = fn(*args)
            except Exception as exc:  # StopIteration too: a stream cut by the shutdown may just end
                if limit.expired:
                    raise self._timeout() from exc
                raise
            if limit.expired:  # what the read returned may be cut short by the shutdown
                raise self._timeout()
            return out

    def _timeout(self) -> HarnessError:
        self.expired = True
        if self.exchange is not None:
            self.exchange.fault = "timeout"
        return HarnessError(f"timeout: the answer's body was not read whole within the total deadline of "
                            f"{self.seconds:g}s (a streamed body read after the call)", exchange=self.exchange)


class DeadlineBody(StreamingBody):
    """A StreamingBody whose reads run under one total deadline (see the module docstring)."""

    def __init__(self, inner: StreamingBody, bound: _Bound) -> None:
        super().__init__(inner._raw_stream, inner._content_length)
        self._inner = inner
        self._bound = bound

    def read(self, amt: int | None = None) -> bytes:
        return self._bound.run(self._inner.read, amt)

    def readinto(self, b: Any) -> int:
        return self._bound.run(self._inner.readinto, b)

    def readlines(self) -> list[bytes]:
        return self._bound.run(self._inner.readlines)

    def readable(self) -> bool:
        return self._inner.readable()

    def tell(self) -> int:
        return self._inner.tell()

    def close(self) -> None:
        self._inner.close()


class DeadlineEvents:
    """An EventStream whose iteration runs under one total deadline (see the module docstring)."""

    def __init__(self, inner: EventStream, bound: _Bound) -> None:
        self._inner = inner
        self._bound = bound

    def __iter__(self) -> Iterator[dict]:
        events = iter(self._inner)
        while True:
            try:
                event = self._bound.run(next, events)
            except StopIteration:
                return
            yield event

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def bind(reply: Any, seconds: float) -> Any:
    """Put every streamed body left in reply.parsed under a total deadline of seconds."""
    parsed = getattr(reply, "parsed", None)
    if not isinstance(parsed, dict):
        return reply
    for key, value in list(parsed.items()):
        if isinstance(value, DeadlineBody | DeadlineEvents):
            continue
        if isinstance(value, StreamingBody):
            parsed[key] = DeadlineBody(value, _Bound(value._raw_stream, seconds, reply.exchange))
        elif isinstance(value, EventStream):
            parsed[key] = DeadlineEvents(value, _Bound(value._raw_stream, seconds, reply.exchange))
    return reply
