"""Shared set-up for SNS cases (the recipes and senders of sns/_recipes.py; every SNS scenario is
data): topics of the case's own (CreateTopic, ledgered first, DeleteTopic at teardown) and SQS
queues subscribed to them (with the queue policy SNS needs to deliver)."""

from __future__ import annotations

import json

from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.sqs._fixtures import make_queue, queue_arn
from awscompat.scenarios.sqs._resources import call, create_tracked, identity, partition_of


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
