"""SNS setup recipes for behaviour cases as data (docs/cases.md): each is the one implementation of a
named setup, built on the fixtures of the Python scenarios (CreateTopic ledgered first, the topic
deleted at teardown). Outputs: a dict whose `value` is what `${<as>}` means in a case file."""

from __future__ import annotations

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe, sender
from awscompat.engine.transport import Reply
from awscompat.scenarios.sns._fixtures import (
    absent_topic_arn,
    create_topic,
    delete_by_name,
    delivery_queue,
    subscribe,
    topic_name,
    unsubscribe_calls,
)
from awscompat.scenarios.sqs._resources import create_tracked, identity, run_calls


@recipe("sns", "topic")
def topic(ctx: CaseContext, fifo: bool = False, hint: str = "t", attributes: dict | None = None,
          tags: list | None = None) -> dict:
    """A topic of the case's own (FIFO topics get FifoTopic=true; Tags as CreateTopic takes them).
    value = its ARN; name = its name."""
    attrs = {"FifoTopic": "true", **(attributes or {})} if fifo else dict(attributes or {})
    name = topic_name(ctx, hint, fifo)
    return {"value": create_topic(ctx, name, attrs, tags=tags)["TopicArn"], "name": name}


@recipe("sns", "absent-topic")
def absent_topic(ctx: CaseContext) -> dict:
    """The ARN a topic of the run's namespace would have in this account and region, for a name no
    topic has (the account from STS GetCallerIdentity; nothing is created). value = the ARN;
    name = its last part (a plain name, not an ARN)."""
    arn = absent_topic_arn(ctx)
    return {"value": arn, "name": arn.rsplit(":", 1)[-1]}


@recipe("sns", "subscribed-queue")
def subscribed_queue(ctx: CaseContext, topic: str, raw: bool = False, account: bool = False,
                     attributes: dict | None = None, fifo: bool = False) -> dict:
    """An SQS queue of the case's own (a FIFO queue with `fifo`; its policy lets `topic` send to it)
    subscribed to `topic` (RawMessageDelivery true with `raw`, more subscription `attributes`, a map given as its JSON;
    unsubscribed at teardown). value = the SubscriptionArn; queue = the queue URL, endpoint = the
    queue ARN; with `account`, account = the caller's account (STS GetCallerIdentity)."""
    url, queue_arn = delivery_queue(ctx, topic, fifo=fifo)
    attrs = {**({"RawMessageDelivery": "true"} if raw else {}), **(attributes or {})}
    sub = subscribe(ctx, topic, queue_arn, attrs or None)["SubscriptionArn"]
    out = {"value": sub, "queue": url, "endpoint": queue_arn}
    return {**out, "account": identity(ctx)["Account"]} if account else out


@recipe("sns", "delivery-queue")
def queue_for(ctx: CaseContext, topic: str, fifo: bool = False) -> dict:
    """An SQS queue of the case's own whose policy lets `topic` send to it, not subscribed (the
    Subscribe is the call under test). value = the queue ARN; url = its URL."""
    url, queue_arn = delivery_queue(ctx, topic, fifo=fifo)
    return {"value": queue_arn, "url": url}


@sender("sns", "Subscribe")
def send_subscribe(ctx: CaseContext, params: dict) -> Reply:
    """Subscribe under test: ledgered first; teardown unsubscribes what it made."""
    return create_tracked(ctx, "sns", "sns-subscription", ctx.name("sub"), "Subscribe", params, unsubscribe_calls,
                          fixture=False)


@recipe("sns", "topic-name")
def ledgered_topic_name(ctx: CaseContext, hint: str = "t", max_len: int = 63, suffix: str = "",
                        pad_to: int = 0) -> dict:
    """A topic name of the case's own, ledgered but not created: for cases whose CreateTopic is the
    call under test (teardown deletes the topic if the server made it). value = ctx.name(hint,
    max_len) + suffix, or with `pad_to` that name, '-' and x's to exactly pad_to characters."""
    name = ctx.name(hint, max_len=max_len)
    name = name + "-" + "x" * (pad_to - 1 - len(name)) if pad_to else name + suffix

    def remove() -> str | None:
        calls = delete_by_name(ctx, name)
        return run_calls(ctx, calls) if calls else "absent"

    ctx.track("sns", "sns-topic", name, {"service": "sns", "operation": "CreateTopic", "params": {"Name": name}},
              [], remove=remove)
    return {"value": name}
