"""SNS subscription filter policies that stay Python: matching on message attributes and on the body,
judged by what reached the subscribed SQS queue (received in a bounded loop, then once more for any
message that should not have come). The policy as an attribute and its validation are data:
cases/sns/filter-policies.yaml."""

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
