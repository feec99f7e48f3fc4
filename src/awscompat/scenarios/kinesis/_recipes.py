"""Kinesis setup recipes for behaviour cases as data (docs/cases.md): each is the one implementation
of a named setup, built on the fixtures of the Python scenarios (a stream ledgered before
CreateStream, waited ACTIVE, deleted with its consumers at teardown). Outputs: a dict whose `value`
is what `${<as>}` means in a case file."""

from __future__ import annotations

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe
from awscompat.scenarios.kinesis._fixtures import make_stream, stream_name


@recipe("kinesis", "stream")
def stream(ctx: CaseContext, shards: int = 1, hint: str = "stream") -> dict:
    """A provisioned stream of the case's own with `shards` shards, ACTIVE. value = its name."""
    return {"value": make_stream(ctx, shards, hint)}


@recipe("kinesis", "absent-stream")
def absent_stream(ctx: CaseContext, length: int = 0) -> dict:
    """A stream name in the run's namespace that no stream has (nothing is created); with `length`,
    padded with 'x' (or cut) to exactly that many characters. value = the name."""
    name = stream_name(ctx, "absent")
    return {"value": (name + "x" * length)[:length] if length else name}
