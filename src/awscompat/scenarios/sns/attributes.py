"""SNS topic-attribute cases that stay Python: the Owner (account from STS) and the policies compared
as decoded JSON. The other attribute cases are data: cases/sns/attributes.yaml."""

from __future__ import annotations

import json

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sns._fixtures import make_topic, rec, topic_attrs
from awscompat.scenarios.sqs._resources import identity

F = "sns/attributes"
CRUD = "TestSNSTopicCrud::"
CRUD2 = "TestSNSTopicCrudV2::"
STANDARD = rec(CRUD2 + "test_topic_get_attributes_with_fifo_false", "get-attrs-standard-topic")


@scenario(id="sns/scenario/attributes/owner-is-account", feature=F, operations=["GetTopicAttributes"],
          provenance=STANDARD)
def owner_is_account(ctx: CaseContext) -> None:
    """A topic's Owner is the account id of its creator."""
    arn = make_topic(ctx)
    ctx.equal(topic_attrs(ctx, arn).get("Owner"), identity(ctx)["Account"], "Owner")


@scenario(id="sns/scenario/attributes/default-policy", feature=F, operations=["GetTopicAttributes"],
          provenance=STANDARD)
def default_policy(ctx: CaseContext) -> None:
    """The default Policy is version 2008-10-17, Id __default_policy_ID, one statement allowing the
    owner account the topic's actions (Publish among them) on the topic."""
    arn = make_topic(ctx)
    policy = json.loads(topic_attrs(ctx, arn).get("Policy") or "{}")
    statements = policy.get("Statement") or [{}]
    ctx.equal((policy.get("Version"), policy.get("Id"), len(statements), statements[0].get("Resource")),
              ("2008-10-17", "__default_policy_ID", 1, arn), "(Version, Id, statements, Resource)")
    ctx.check("SNS:Publish" in (statements[0].get("Action") or []), "the default statement does not allow "
              "SNS:Publish", expected="SNS:Publish", observed=statements[0].get("Action"))


@scenario(id="sns/scenario/attributes/effective-delivery-policy", feature=F, operations=["GetTopicAttributes"],
          provenance=STANDARD)
def effective_delivery_policy(ctx: CaseContext) -> None:
    """A new topic has an EffectiveDeliveryPolicy whose http default retry policy makes 3 retries."""
    arn = make_topic(ctx)
    policy = json.loads(topic_attrs(ctx, arn).get("EffectiveDeliveryPolicy") or "{}")
    retry = ((policy.get("http") or {}).get("defaultHealthyRetryPolicy") or {})
    ctx.equal(retry.get("numRetries"), 3, "http.defaultHealthyRetryPolicy.numRetries")


@scenario(id="sns/scenario/attributes/delivery-policy-roundtrip", feature=F, operations=["SetTopicAttributes"],
          provenance=rec(CRUD + "test_topic_delivery_policy_crud", "get-topic-attrs-after-update"))
def delivery_policy_roundtrip(ctx: CaseContext) -> None:
    """A DeliveryPolicy set on a topic is read back as the same JSON."""
    arn = make_topic(ctx)
    policy = {"http": {"defaultHealthyRetryPolicy": {"minDelayTarget": 5, "maxDelayTarget": 6, "numRetries": 1,
                                                     "numMaxDelayRetries": 0, "numNoDelayRetries": 0,
                                                     "numMinDelayRetries": 0, "backoffFunction": "linear"}}}
    ctx.expect_ok(ctx.call("sns", "SetTopicAttributes", TopicArn=arn, AttributeName="DeliveryPolicy",
                           AttributeValue=json.dumps(policy)))
    got = json.loads(topic_attrs(ctx, arn).get("DeliveryPolicy") or "{}")
    ctx.equal(got.get("http", {}).get("defaultHealthyRetryPolicy"), policy["http"]["defaultHealthyRetryPolicy"],
              "DeliveryPolicy.http.defaultHealthyRetryPolicy")
