"""SNS subscription cases that stay Python: the Subscribe answer checked itself, and Subscribe under
test (ledgered first). The other subscription cases are data: cases/sns/subscriptions.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sns._fixtures import (
    delivery_queue,
    make_topic,
    rec,
    subscribe,
    subscribed_queue,
)

F = "sns/subscriptions"
CRUD = "TestSNSSubscriptionCrud::"
CRUD2 = "TestSNSSubscriptionCrudV2::"


@scenario(id="sns/scenario/subscriptions/arn-under-topic", feature=F, operations=["Subscribe"],
          provenance=rec(CRUD + "test_create_subscriptions_with_attributes", "subscribe"))
def arn_under_topic(ctx: CaseContext) -> None:
    """A SubscriptionArn is the topic ARN followed by ':' and the subscription id."""
    topic = make_topic(ctx)
    _, sub = subscribed_queue(ctx, topic)
    ctx.check(sub.startswith(topic + ":") and len(sub) > len(topic) + 1, "SubscriptionArn is not <topic ARN>:<id>",
              expected=topic + ":<id>", observed=sub)


@scenario(id="sns/scenario/subscriptions/invalid-protocol-refused", feature=F, operations=["Subscribe"],
          provenance=rec(CRUD + "test_subscribe_with_invalid_protocol", "exception"))
def invalid_protocol_refused(ctx: CaseContext) -> None:
    """Subscribe with a protocol SNS does not know is refused with 400 InvalidParameter."""
    topic = make_topic(ctx)
    reply = subscribe(ctx, topic, "endpoint", protocol="test-protocol", fixture=False)
    ctx.expect_error(reply, "InvalidParameter", 400)


@scenario(id="sns/scenario/subscriptions/queue-url-endpoint-refused", feature=F, operations=["Subscribe"],
          provenance=rec(CRUD2 + "test_subscribe_sqs_queue_url", "subscribe-sqs-via-url-error"))
def queue_url_endpoint_refused(ctx: CaseContext) -> None:
    """An sqs subscription whose endpoint is a queue URL rather than its ARN is refused with 400
    InvalidParameter."""
    topic = make_topic(ctx)
    url, _ = delivery_queue(ctx, topic)
    reply = subscribe(ctx, topic, url, fixture=False)
    ctx.expect_error(reply, "InvalidParameter", 400)


@scenario(id="sns/scenario/subscriptions/unknown-topic", feature=F, operations=["Subscribe"],
          provenance=rec(CRUD2 + "test_subscribe_unknown_topic", "subscribe-unknown-topic"))
def unknown_topic(ctx: CaseContext) -> None:
    """Subscribe to a topic that does not exist is refused with 404 NotFound."""
    topic = make_topic(ctx)
    _, queue = delivery_queue(ctx, topic)
    reply = subscribe(ctx, topic + "-absent", queue, fixture=False)
    ctx.expect_error(reply, "NotFound", 404)
