"""SNS subscriptions of SQS queues: subscribe, attributes, list, unsubscribe, validation."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sns._fixtures import (
    delivery_queue,
    make_topic,
    rec,
    sub_attrs,
    subscribe,
    subscribed_queue,
)
from awscompat.scenarios.sqs._resources import identity

F = "sns/subscriptions"
CRUD = "TestSNSSubscriptionCrud::"
CRUD2 = "TestSNSSubscriptionCrudV2::"


@scenario(id="sns/scenario/subscriptions/sqs-subscription-attributes", feature=F,
          operations=["Subscribe", "GetSubscriptionAttributes"],
          provenance=rec(CRUD2 + "test_subscribe_attributes", "get-subscription-attributes"))
def sqs_subscription_attributes(ctx: CaseContext) -> None:
    """An SQS subscription in the same account is confirmed at once: Protocol sqs, Endpoint the
    queue ARN, PendingConfirmation false, ConfirmationWasAuthenticated true, RawMessageDelivery
    false, Owner the account."""
    topic = make_topic(ctx)
    _, queue = delivery_queue(ctx, topic)
    sub = subscribe(ctx, topic, queue)["SubscriptionArn"]
    attrs = sub_attrs(ctx, sub)
    keys = ("Protocol", "Endpoint", "PendingConfirmation", "ConfirmationWasAuthenticated", "RawMessageDelivery",
            "TopicArn", "SubscriptionArn", "Owner")
    ctx.equal({k: attrs.get(k) for k in keys},
              {"Protocol": "sqs", "Endpoint": queue, "PendingConfirmation": "false",
               "ConfirmationWasAuthenticated": "true", "RawMessageDelivery": "false", "TopicArn": topic,
               "SubscriptionArn": sub, "Owner": identity(ctx)["Account"]}, "subscription attributes")


@scenario(id="sns/scenario/subscriptions/arn-under-topic", feature=F, operations=["Subscribe"],
          provenance=rec(CRUD + "test_create_subscriptions_with_attributes", "subscribe"))
def arn_under_topic(ctx: CaseContext) -> None:
    """A SubscriptionArn is the topic ARN followed by ':' and the subscription id."""
    topic = make_topic(ctx)
    _, sub = subscribed_queue(ctx, topic)
    ctx.check(sub.startswith(topic + ":") and len(sub) > len(topic) + 1, "SubscriptionArn is not <topic ARN>:<id>",
              expected=topic + ":<id>", observed=sub)


@scenario(id="sns/scenario/subscriptions/list-by-topic", feature=F, operations=["ListSubscriptionsByTopic"],
          provenance=rec(CRUD2 + "test_getting_subscriptions_by_topic", "list-subscriptions-by-topic"))
def list_by_topic(ctx: CaseContext) -> None:
    """ListSubscriptionsByTopic lists the subscription with its Endpoint, Protocol, TopicArn and Owner."""
    topic = make_topic(ctx)
    _, queue = delivery_queue(ctx, topic)
    sub = subscribe(ctx, topic, queue)["SubscriptionArn"]
    reply = ctx.expect_ok(ctx.call("sns", "ListSubscriptionsByTopic", TopicArn=topic))
    ctx.equal(reply.get("Subscriptions"), [{"Endpoint": queue, "Owner": identity(ctx)["Account"],
                                            "Protocol": "sqs", "SubscriptionArn": sub, "TopicArn": topic}],
              "Subscriptions", reply)


@scenario(id="sns/scenario/subscriptions/unsubscribe-removes", feature=F,
          operations=["Unsubscribe", "GetSubscriptionAttributes", "ListSubscriptionsByTopic"],
          provenance=rec(CRUD + "test_not_found_error_on_set_subscription_attributes", "sub-not-found"))
def unsubscribe_removes(ctx: CaseContext) -> None:
    """After Unsubscribe, the topic lists no subscription and GetSubscriptionAttributes answers
    404 NotFound."""
    topic = make_topic(ctx)
    _, sub = subscribed_queue(ctx, topic)
    ctx.expect_ok(ctx.call("sns", "Unsubscribe", SubscriptionArn=sub))
    reply = ctx.expect_ok(ctx.call("sns", "ListSubscriptionsByTopic", TopicArn=topic))
    ctx.equal(reply.get("Subscriptions"), [], "Subscriptions after unsubscribe", reply)
    ctx.expect_error(ctx.call("sns", "GetSubscriptionAttributes", SubscriptionArn=sub), "NotFound", 404)


@scenario(id="sns/scenario/subscriptions/unsubscribe-idempotent", feature=F, operations=["Unsubscribe"],
          provenance=rec(CRUD + "test_unsubscribe_idempotency", "unsubscribe-2"))
def unsubscribe_idempotent(ctx: CaseContext) -> None:
    """Unsubscribing twice answers 200 both times."""
    topic = make_topic(ctx)
    _, sub = subscribed_queue(ctx, topic)
    ctx.expect_ok(ctx.call("sns", "Unsubscribe", SubscriptionArn=sub))
    ctx.expect_ok(ctx.call("sns", "Unsubscribe", SubscriptionArn=sub), "Unsubscribe again")


@scenario(id="sns/scenario/subscriptions/subscribe-idempotent", feature=F, operations=["Subscribe"],
          provenance=rec(CRUD + "test_subscribe_idempotency", "subscribe-idempotent"))
def subscribe_idempotent(ctx: CaseContext) -> None:
    """Subscribing the same endpoint again (same attributes) answers the same SubscriptionArn."""
    topic = make_topic(ctx)
    _, queue = delivery_queue(ctx, topic)
    sub = subscribe(ctx, topic, queue, {"RawMessageDelivery": "true"})["SubscriptionArn"]
    again = ctx.expect_ok(ctx.call("sns", "Subscribe", TopicArn=topic, Protocol="sqs", Endpoint=queue,
                                   Attributes={"RawMessageDelivery": "true"}, ReturnSubscriptionArn=True))
    ctx.equal(again.get("SubscriptionArn"), sub, "SubscriptionArn of the repeated subscribe", again)


@scenario(id="sns/scenario/subscriptions/subscribe-different-attributes-refused", feature=F,
          operations=["Subscribe"], provenance=rec(CRUD + "test_subscribe_idempotency", "subscribe-diff-attributes"))
def subscribe_different_attributes_refused(ctx: CaseContext) -> None:
    """Subscribing the same endpoint with different attributes is refused with 400 InvalidParameter."""
    topic = make_topic(ctx)
    _, queue = delivery_queue(ctx, topic)
    subscribe(ctx, topic, queue, {"RawMessageDelivery": "true"})
    reply = ctx.call("sns", "Subscribe", TopicArn=topic, Protocol="sqs", Endpoint=queue,
                     Attributes={"RawMessageDelivery": "false"}, ReturnSubscriptionArn=True)
    ctx.expect_error(reply, "InvalidParameter", 400)


@scenario(id="sns/scenario/subscriptions/set-raw-delivery", feature=F, operations=["SetSubscriptionAttributes"],
          provenance=rec(CRUD2 + "test_set_subscription_attributes", "set-subscription-attributes"))
def set_raw_delivery(ctx: CaseContext) -> None:
    """SetSubscriptionAttributes RawMessageDelivery=true is read back."""
    topic = make_topic(ctx)
    _, sub = subscribed_queue(ctx, topic)
    ctx.expect_ok(ctx.call("sns", "SetSubscriptionAttributes", SubscriptionArn=sub,
                           AttributeName="RawMessageDelivery", AttributeValue="true"))
    ctx.equal(sub_attrs(ctx, sub).get("RawMessageDelivery"), "true", "RawMessageDelivery")


def _bad_attribute_case(sid: str, doc: str, step: str, name: str, value: str) -> None:
    def case(ctx: CaseContext) -> None:
        topic = make_topic(ctx)
        _, sub = subscribed_queue(ctx, topic)
        reply = ctx.call("sns", "SetSubscriptionAttributes", SubscriptionArn=sub, AttributeName=name,
                         AttributeValue=value)
        ctx.expect_error(reply, "InvalidParameter", 400)

    case.__doc__ = doc
    scenario(id=f"sns/scenario/subscriptions/{sid}", feature=F, operations=["SetSubscriptionAttributes"],
             provenance=rec(CRUD + "test_validate_set_sub_attributes", step))(case)


_bad_attribute_case("unknown-attribute-refused", "An unknown subscription attribute is refused with 400 "
                    "InvalidParameter.", "fake-attribute", "FakeAttribute", "v")
_bad_attribute_case("raw-delivery-invalid-value", "RawMessageDelivery other than true/false is refused with 400 "
                    "InvalidParameter.", "raw-message-wrong-value", "RawMessageDelivery", "test-ValUe")
_bad_attribute_case("redrive-policy-invalid-json", "A RedrivePolicy that is not JSON is refused with 400 "
                    "InvalidParameter.", "invalid-json-redrive-policy", "RedrivePolicy", "{invalid json}")


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
