"""SQS setup recipes for behaviour cases as data (docs/cases.md): each is the one implementation of a
named setup, built on the fixtures of the Python scenarios (CreateQueue ledgered first, the queue
deleted at teardown). Outputs: a dict whose `value` is what `${<as>}` means in a case file."""

from __future__ import annotations

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe
from awscompat.scenarios.sqs._fixtures import create_queue, make_queue, queue_arn, queue_name
from awscompat.scenarios.sqs._resources import call, run_calls


@recipe("sqs", "queue")
def queue(ctx: CaseContext, hint: str = "q", fifo: bool = False, attributes: dict | None = None,
          tags: dict | None = None, arn: bool = False, name: str | None = None) -> dict:
    """A queue of the case's own (named `name` if given: another queue's name and a suffix); value =
    its URL, name = its name; with `arn`, also arn = its QueueArn (a set-up GetQueueAttributes).
    FIFO queues get FifoQueue=true."""
    attrs = dict(attributes or {})
    if fifo:
        attrs = {"FifoQueue": "true", **attrs}
    name = name or queue_name(ctx, hint, fifo)
    url = create_queue(ctx, name, attrs or None, tags=tags or None)["QueueUrl"]
    return {"value": url, "name": name, **({"arn": queue_arn(ctx, url)} if arn else {})}


@recipe("sqs", "absent-queue")
def absent_queue(ctx: CaseContext, arn: bool = False) -> dict:
    """The URL of a queue that does not exist, in the form this endpoint gives its queues' URLs (a
    real queue is made to learn that form; the absent name is in the run's namespace); with `arn`,
    also arn = the ARN such a queue would have (the real queue's ARN with the absent name)."""
    url, absent = make_queue(ctx), ctx.name("absent")
    out = {"value": url.rsplit("/", 1)[0] + "/" + absent}
    if arn:
        out["arn"] = queue_arn(ctx, url).rsplit(":", 1)[0] + ":" + absent
    return out


@recipe("sqs", "absent-queue-name")
def absent_queue_name(ctx: CaseContext) -> dict:
    """A queue name in the run's namespace that no queue has (nothing is created). value = the name."""
    return {"value": ctx.name("absent")}


@recipe("sqs", "queue-name")
def ledgered_queue_name(ctx: CaseContext, hint: str = "q", fifo: bool = False, max_len: int = 80,
                        suffix: str = "") -> dict:
    """A queue name of the case's own, ledgered but not created: for cases whose CreateQueue is the
    call under test (teardown deletes the queue if the server made it, found by GetQueueUrl).
    value = ctx.name(hint, max_len) + suffix (+ ".fifo" with fifo, the name then at most 75 long)."""
    name = (ctx.name(hint, max_len=min(max_len, 75)) + suffix + ".fifo") if fifo else ctx.name(hint, max_len) + suffix

    def remove() -> str | None:
        found = ctx.transport.call("sqs", "GetQueueUrl", {"QueueName": name})
        return run_calls(ctx, [call("sqs", "DeleteQueue", QueueUrl=found["QueueUrl"])]) if found.ok else "absent"

    ctx.track("sqs", "sqs-queue", name, {"service": "sqs", "operation": "CreateQueue", "params": {"QueueName": name}},
              [], remove=remove)
    return {"value": name}
