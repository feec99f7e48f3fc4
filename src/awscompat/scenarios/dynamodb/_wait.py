"""Bounded polling for the asynchronous parts of AWS (tables, streams, deletions), shared by the
DynamoDB, Kinesis and Secrets Manager scenarios. Never a fixed sleep: the first look is
immediate, then the wait between looks doubles up to a cap, and the whole poll is bounded in
time (and by the case's own deadline when a context is given)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from awscompat.engine.context import CaseContext
from awscompat.engine.outcomes import FixtureError
from awscompat.engine.poll import poll as engine_poll

T = TypeVar("T")

MARGIN = 2.0  # seconds left to the case for its checks and teardown after a poll gives up


def poll(probe: Callable[[], T | None], *, timeout: float, ctx: CaseContext | None = None,
         first: float = 0.05, cap: float = 2.0) -> T | None:
    """Call probe until it returns something other than None/False; return that, or None when
    timeout seconds (or the case's deadline, less a margin) have passed."""
    def reached(result: Any) -> bool:
        return result is not None and result is not False

    deadline = ctx.deadline - MARGIN if ctx is not None else None
    result = engine_poll(probe, reached, within=timeout, deadline=deadline, first_wait=first, cap=cap)
    return result if reached(result) else None


def await_fixture(ctx: CaseContext, what: str, probe: Callable[[], Any], timeout: float = 90.0) -> Any:
    """Poll for a set-up condition; a condition never reached is a fixture error (the scenario's
    own behaviour was never exercised), not a fail."""
    result = poll(probe, timeout=timeout, ctx=ctx)
    if result is None or result is False:
        raise FixtureError(f"{what} was not reached within the case's time", exchange=ctx.last)
    return result
