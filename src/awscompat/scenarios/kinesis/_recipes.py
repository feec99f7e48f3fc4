"""Kinesis setup recipes and senders for behaviour cases as data (docs/cases.md): each is the one
implementation of a named setup or of how a creating call is sent, built on the fixtures (a stream
ledgered before CreateStream, waited ACTIVE, deleted with its consumers at teardown). Outputs: a dict
whose `value` is what `${<as>}` means in a case file."""

from __future__ import annotations

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe, sender
from awscompat.engine.transport import Reply
from awscompat.scenarios._names import epoch
from awscompat.scenarios.kinesis._fixtures import create_stream, make_stream, stream_name, summary


@recipe("kinesis", "stream")
def stream(ctx: CaseContext, shards: int = 1, hint: str = "stream") -> dict:
    """A provisioned stream of the case's own with `shards` shards, ACTIVE. value = its name;
    arn = its StreamARN."""
    name = make_stream(ctx, shards, hint)
    return {"value": name, "arn": summary(ctx, name).get("StreamARN")}


@recipe("kinesis", "absent-stream")
def absent_stream(ctx: CaseContext, length: int = 0) -> dict:
    """A stream name in the run's namespace that no stream has (nothing is created); with `length`,
    padded with 'x' (or cut) to exactly that many characters. value = the name."""
    name = stream_name(ctx, "absent")
    return {"value": (name + "x" * length)[:length] if length else name}


@recipe("kinesis", "stream-name")
def fresh_stream_name(ctx: CaseContext, hint: str = "stream") -> dict:
    """A stream name of the case's own for a CreateStream under test (its sender ledgers it).
    value = the name."""
    return {"value": stream_name(ctx, hint)}


epoch("kinesis")


@sender("kinesis", "CreateStream")
def send_create_stream(ctx: CaseContext, params: dict) -> Reply:
    """CreateStream under test: ledgered first (teardown deletes the stream with its consumers once
    it is not CREATING); a throttled create is sent again for a bounded time."""
    params = dict(params)
    return create_stream(ctx, params.pop("StreamName", None), **params)
