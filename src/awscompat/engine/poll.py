"""Bounded polling for what AWS does asynchronously or eventually: never a fixed sleep. The first
look is immediate, then the wait between looks doubles up to a cap, and the whole poll is
bounded in time (and by a deadline, e.g. the case's)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def poll(fetch: Callable[[], Any], done: Callable[[Any], bool], *, within: float, deadline: float | None = None,
         first_wait: float = 0.05, cap: float = 2.0) -> Any:
    """fetch() until done(result), `within` seconds or the monotonic `deadline` pass; returns the
    last result."""
    end = time.monotonic() + within
    if deadline is not None:
        end = min(end, deadline)
    wait = first_wait
    result = fetch()
    while not done(result) and time.monotonic() < end:
        time.sleep(min(wait, cap, max(0.0, end - time.monotonic())))
        wait *= 2
        result = fetch()
    return result
