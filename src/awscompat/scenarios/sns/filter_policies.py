"""SNS subscription filter policies: matching on message attributes and on the body, and the
validation of the policy itself."""

from __future__ import annotations

import json

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sns._fixtures import (
    delivered_only,
    frec,
    guide,
    make_topic,
    messages_text,
    publish,
    rec,
    sub_attrs,
    subscribed_queue,
)

F = "sns/filter-policies"
ATTRS = "TestSNSFilterPolicyAttributes::"
COND = "TestSNSFilterPolicyConditions::"
CRUD = "TestSNSFilterPolicyCrud::"
STRINGS = guide("string-value-matching")


def _number(value: str) -> dict:
    return {"DataType": "Number", "StringValue": value}


def _string(value: str) -> dict:
    return {"DataType": "String", "StringValue": value}


def _filtered(ctx: CaseContext, policy: dict, sends: list[tuple[str, dict | None]], *, scope: str | None = None,
              raw: bool = False) -> str:
    """Subscribe a queue with the policy, publish each (message, attributes) in order, and answer
    the queue URL. The caller names what must arrive; nothing else may."""
    topic = make_topic(ctx)
    extra = {"FilterPolicy": json.dumps(policy)}
    if scope:
        extra["FilterPolicyScope"] = scope
    url, _ = subscribed_queue(ctx, topic, raw=raw, **extra)
    for message, attrs in sends:
        publish(ctx, topic, message, **({"MessageAttributes": attrs} if attrs else {}))
    return url


def _attribute_case(sid: str, doc: str, provenance, policy: dict, sends: list[tuple[str, dict | None]],
                    expected: list[str]) -> None:
    def case(ctx: CaseContext) -> None:
        url = _filtered(ctx, policy, sends)
        got = messages_text(delivered_only(ctx, url, len(expected)))
        ctx.equal(got, sorted(expected), "messages delivered")

    case.__doc__ = doc
    scenario(id=f"sns/scenario/filter-policies/{sid}", feature=F, operations=["Subscribe", "Publish"],
             provenance=provenance)(case)


_attribute_case(
    "numeric-range", "A numeric range policy (> 0, <= 100) delivers attr1=99 and not attr1=101.",
    frec(ATTRS + "test_filter_policy", "messages-1"), {"attr1": [{"numeric": [">", 0, "<=", 100]}]},
    [("out of range", {"attr1": _number("101")}), ("This is a test message", {"attr1": _number("99")})],
    ["This is a test message"])
_attribute_case(
    "exists-true", "An exists:true policy delivers a message that has the attribute and not one that lacks it.",
    frec(ATTRS + "test_exists_filter_policy", "messages-1"), {"store": [{"exists": True}]},
    [("message-3", {"def": _number("99")}), ("message-1", {"def": _number("99"), "store": _number("99")})],
    ["message-1"])
_attribute_case(
    "exists-false", "An exists:false policy delivers a message that lacks the attribute and not one that has it.",
    frec(ATTRS + "test_exists_filter_policy", "messages-3"), {"store": [{"exists": False}]},
    [("message-1", {"def": _number("99"), "store": _number("99")}), ("message-3", {"def": _number("99")})],
    ["message-3"])
_attribute_case(
    "exact-string", "An exact string policy delivers only messages whose attribute has one of the listed values.",
    STRINGS, {"colour": ["red", "blue"]},
    [("green", {"colour": _string("green")}), ("red", {"colour": _string("red")}),
     ("blue", {"colour": _string("blue")})], ["blue", "red"])
_attribute_case(
    "anything-but", "An anything-but policy delivers messages whose attribute has any other value.",
    STRINGS, {"colour": [{"anything-but": ["red"]}]},
    [("red", {"colour": _string("red")}), ("green", {"colour": _string("green")})], ["green"])
_attribute_case(
    "prefix", "A prefix policy delivers messages whose attribute starts with the prefix.",
    STRINGS, {"region": [{"prefix": "us-"}]},
    [("eu", {"region": _string("eu-west-1")}), ("us", {"region": _string("us-east-1")})], ["us"])
_attribute_case(
    "no-attributes-no-match", "A message without message attributes does not match an attribute policy.",
    STRINGS, {"colour": ["red"]}, [("bare", None), ("red", {"colour": _string("red")})], ["red"])


@scenario(id="sns/scenario/filter-policies/message-body-scope", feature=F, operations=["Subscribe", "Publish"],
          provenance=frec("TestSNSFilterPolicyBody::test_filter_policy_on_message_body[True]", "recv-passed-msg-0"))
def message_body_scope(ctx: CaseContext) -> None:
    """With FilterPolicyScope=MessageBody, a nested prefix policy is matched against the JSON body."""
    url = _filtered(ctx, {"object": {"key": [{"prefix": "auto-"}]}},
                    [(json.dumps({"object": {"key": "manual"}}), None),
                     (json.dumps({"object": {"key": "auto-test"}}), None)], scope="MessageBody", raw=True)
    got = delivered_only(ctx, url, 1)
    ctx.equal([json.loads(m.get("Body") or "{}") for m in got], [{"object": {"key": "auto-test"}}],
              "messages delivered")


@scenario(id="sns/scenario/filter-policies/default-scope", feature=F, operations=["GetSubscriptionAttributes"],
          provenance=rec("TestSNSSubscriptionSQS::test_subscribe_sqs_queue", "subscription-attributes"))
def default_scope(ctx: CaseContext) -> None:
    """A subscription with a FilterPolicy and no scope reports FilterPolicyScope=MessageAttributes
    and the policy as set."""
    topic = make_topic(ctx)
    policy = {"attr1": [{"numeric": [">", 0, "<=", 100]}]}
    _, sub = subscribed_queue(ctx, topic, FilterPolicy=json.dumps(policy))
    attrs = sub_attrs(ctx, sub)
    ctx.equal((attrs.get("FilterPolicyScope"), json.loads(attrs.get("FilterPolicy") or "null")),
              ("MessageAttributes", policy), "(FilterPolicyScope, FilterPolicy)")


def _invalid_case(sid: str, doc: str, provenance, policy: str, scope: str | None = None) -> None:
    def case(ctx: CaseContext) -> None:
        topic = make_topic(ctx)
        _, sub = subscribed_queue(ctx, topic)
        name, value = ("FilterPolicyScope", scope) if scope else ("FilterPolicy", policy)
        reply = ctx.call("sns", "SetSubscriptionAttributes", SubscriptionArn=sub, AttributeName=name,
                         AttributeValue=value)
        ctx.expect_error(reply, "InvalidParameter", 400)

    case.__doc__ = doc
    scenario(id=f"sns/scenario/filter-policies/{sid}", feature=F, operations=["SetSubscriptionAttributes"],
             provenance=provenance)(case)


_invalid_case("invalid-json-refused", "A FilterPolicy that is not JSON is refused with 400 InvalidParameter.",
              rec("TestSNSSubscriptionCrud::test_validate_set_sub_attributes", "invalid-json-filter-policy"),
              "{invalid json}")
_invalid_case("invalid-scope-refused", "A FilterPolicyScope other than MessageAttributes or MessageBody is refused "
              "with 400 InvalidParameter.", frec(CRUD + "test_set_subscription_filter_policy_scope",
                                                 "sub-attrs-filter-scope-error"), "", scope="RandomValue")
_invalid_case("too-many-keys-refused", "A FilterPolicy with more than 5 keys is refused with 400 InvalidParameter.",
              frec(COND + "test_policy_complexity", "error-complexity-too-many-fields"),
              json.dumps({f"k{i}": ["v"] for i in range(6)}))
_invalid_case("empty-array-refused", "A FilterPolicy with an empty array of values is refused with 400 "
              "InvalidParameter.", frec(COND + "test_validate_policy_string_operators", "error-condition-empty-array"),
              json.dumps({"key": []}))
_invalid_case("unknown-operator-refused", "A FilterPolicy with an unknown match operator is refused with 400 "
              "InvalidParameter.", frec(COND + "test_validate_policy", "error-condition-operator"),
              json.dumps({"key": [{"wrong-operator": True}]}))
_invalid_case("nested-with-attributes-scope-refused", "A nested FilterPolicy under the MessageAttributes scope is "
              "refused with 400 InvalidParameter.", frec(CRUD + "test_sub_filter_policy_nested_property",
                                                         "sub-filter-policy-nested-error"),
              json.dumps({"object": {"key": [{"prefix": "auto-"}]}}))
