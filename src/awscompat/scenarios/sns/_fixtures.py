"""Shared set-up for SNS cases (the recipes and senders of sns/_recipes.py, and the one FIFO case
still in Python): topics of the case's own (CreateTopic, ledgered first, DeleteTopic at teardown),
SQS queues subscribed to them (with the queue policy SNS needs to deliver), and reading what
arrived."""

from __future__ import annotations

import json

from awscompat.catalog import recorded
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.sqs._fixtures import make_queue, queue_arn, receive_until
from awscompat.scenarios.sqs._resources import call, create_tracked, identity, partition_of

REF = "sns/test_sns.snapshot.json"


def rec(test: str, step: str) -> Provenance:
    """A recorded answer of tests/aws/services/sns/test_sns.py (test = 'Class::test')."""
    return recorded(REF, "tests/aws/services/sns/test_sns.py::" + test, step)


# -- topics ------------------------------------------------------------------------------------
def topic_name(ctx: CaseContext, hint: str = "t", fifo: bool = False) -> str:
    return ctx.name(hint, max_len=200) + (".fifo" if fifo else "")


def create_topic(ctx: CaseContext, name: str, attrs: dict | None = None, *, tags: list | None = None,
                 fixture: bool = True) -> Reply:
    """CreateTopic, ledgered first; teardown deletes the topic by the ARN the create answered (or,
    if it never answered, by the ARN a topic of that name has in this account and region)."""
    params: dict = {"Name": name}
    if attrs:
        params["Attributes"] = {k: str(v) for k, v in attrs.items()}
    if tags:
        params["Tags"] = tags

    return create_tracked(ctx, "sns", "sns-topic", name, "CreateTopic", params,
                          lambda parsed: [call("sns", "DeleteTopic", TopicArn=parsed["TopicArn"])],
                          lookup=lambda: delete_by_name(ctx, name), fixture=fixture)


def delete_by_name(ctx: CaseContext, name: str) -> list[dict]:
    """Teardown calls for a topic known only by its name: DeleteTopic of the ARN a topic of that
    name has in this account (STS GetCallerIdentity) and region; [] when the account is unknown."""
    who = ctx.transport.call("sts", "GetCallerIdentity", {})
    if not who.ok:
        return []
    return [call("sns", "DeleteTopic", TopicArn=f"arn:{partition_of(who['Arn'])}:sns:{ctx.region}:{who['Account']}:{name}")]


def make_topic(ctx: CaseContext, fifo: bool = False, hint: str = "t", **attrs) -> str:
    """A topic of this scenario's own; returns its ARN. FIFO topics get FifoTopic=true."""
    if fifo:
        attrs = {"FifoTopic": "true", **attrs}
    return create_topic(ctx, topic_name(ctx, hint, fifo), attrs)["TopicArn"]



def absent_topic_arn(ctx: CaseContext) -> str:
    who = identity(ctx)
    return f"arn:{partition_of(who['Arn'])}:sns:{ctx.region}:{who['Account']}:{ctx.name('absent')}"


# -- subscriptions -----------------------------------------------------------------------------
def delivery_queue(ctx: CaseContext, topic_arn: str, fifo: bool = False) -> tuple[str, str]:
    """An SQS queue whose policy lets this topic send to it; answers (URL, ARN)."""
    url = make_queue(ctx, fifo=fifo, hint="sub")
    arn = queue_arn(ctx, url)
    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage",
        "Resource": arn, "Condition": {"ArnEquals": {"aws:SourceArn": topic_arn}}}]}
    ctx.fixture("sqs", "SetQueueAttributes", QueueUrl=url, Attributes={"Policy": json.dumps(policy)})
    return url, arn


def subscribe(ctx: CaseContext, topic_arn: str, endpoint: str, attrs: dict | None = None, *,
              protocol: str = "sqs", fixture: bool = True) -> Reply:
    """Subscribe, ledgered first; teardown unsubscribes (deleting the topic would too)."""
    params: dict = {"TopicArn": topic_arn, "Protocol": protocol, "Endpoint": endpoint,
                    "ReturnSubscriptionArn": True}
    if attrs:
        params["Attributes"] = {k: v if isinstance(v, str) else json.dumps(v) for k, v in attrs.items()}
    return create_tracked(ctx, "sns", "sns-subscription", ctx.name("sub"), "Subscribe", params, unsubscribe_calls,
                          fixture=fixture)


def unsubscribe_calls(parsed: dict) -> list[dict]:
    """Teardown of a subscription the Subscribe answer named (none for a pending confirmation)."""
    arn = parsed.get("SubscriptionArn") or ""
    return [call("sns", "Unsubscribe", SubscriptionArn=arn)] if arn.count(":") >= 6 else []


def subscribed_queue(ctx: CaseContext, topic_arn: str, *, raw: bool = False, fifo: bool = False,
                     **attrs) -> tuple[str, str]:
    """A queue subscribed to the topic; answers (queue URL, SubscriptionArn)."""
    url, arn = delivery_queue(ctx, topic_arn, fifo=fifo)
    if raw:
        attrs["RawMessageDelivery"] = "true"
    sub = subscribe(ctx, topic_arn, arn, attrs or None)
    return url, sub["SubscriptionArn"]


# -- delivery ------------------------------------------------------------------------------------
def delivered(ctx: CaseContext, url: str, count: int = 1, within: float = 15.0, **params) -> list[dict]:
    """Messages SNS delivered to the queue (bounded wait: delivery is asynchronous)."""
    return receive_until(ctx, url, count, within=within, **params)
