"""Bounded polling for the asynchronous parts of AWS (tables, streams, deletions), shared by the
DynamoDB, Kinesis and Secrets Manager scenarios. Never a fixed sleep: the first look is
immediate, then the wait between looks doubles up to a cap, and the whole poll is bounded in
time (and by the case's own deadline when a context is given)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from awscompat.engine.context import CaseContext
from awscompat.engine.outcomes import FixtureError

T = TypeVar("T")

MARGIN = 2.0  # seconds left to the case for its checks and teardown after a poll gives up


def poll(probe: Callable[[], T | None], *, timeout: float, ctx: CaseContext | None = None,
         first: float = 0.05, cap: float = 2.0) -> T | None:
    """Call probe until it returns something other than None/False; return that, or None when
    timeout seconds (or the case's deadline, less a margin) have passed."""
    end = time.monotonic() + timeout
    if ctx is not None:
        end = min(end, ctx.deadline - MARGIN)
    wait = first
    while True:
        result = probe()
        if result is not None and result is not False:
            return result
        now = time.monotonic()
        if now >= end:
            return None
        time.sleep(min(wait, cap, max(0.0, end - now)))
        wait *= 2


def await_fixture(ctx: CaseContext, what: str, probe: Callable[[], Any], timeout: float = 90.0) -> Any:
    """Poll for a set-up condition; a condition never reached is a fixture error (the scenario's
    own behaviour was never exercised), not a fail."""
    result = poll(probe, timeout=timeout, ctx=ctx)
    if result is None or result is False:
        raise FixtureError(f"{what} was not reached within the case's time", exchange=ctx.last)
    return result
