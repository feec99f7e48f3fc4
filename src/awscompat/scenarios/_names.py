"""The one implementation of recipe shapes several services need, each registered under the
service's own recipe name by its _recipes.py:
- `absent_name(...)`: a name in the run's namespace that no resource has (an absent rule, log group,
  parameter, repository...), for cases that ask for something missing. Nothing is created, so
  nothing is ledgered.
- `epoch(...)`: now plus an offset, in whole epoch seconds (a TTL attribute, an AT_TIMESTAMP
  iterator)."""

from __future__ import annotations

import time

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe


def absent_name(service: str, name: str, *, max_len: int = 63, hint: str = "absent", prefix: str = "") -> None:
    """Register recipe `name` of `service`: value = prefix + a namespaced name (at most max_len
    characters before the prefix) that no resource has."""

    def absent(ctx: CaseContext) -> dict:
        return {"value": prefix + ctx.name(hint, max_len=max_len)}

    absent.__doc__ = f"A namespaced {service} name no resource has{f' (after {prefix!r})' if prefix else ''}."
    recipe(service, name)(absent)


def epoch(service: str, name: str = "epoch") -> None:
    """Register recipe `name` of `service` (with: `offset` seconds): value = now + offset in whole epoch
    seconds as text (what a DynamoDB N attribute takes); number = the same as a number."""

    def now(ctx: CaseContext, offset: int = 0) -> dict:
        seconds = int(time.time()) + offset
        return {"value": str(seconds), "number": seconds}

    now.__doc__ = f"Now + offset seconds for {service} cases (epoch seconds: value as text, number)."
    recipe(service, name)(now)
