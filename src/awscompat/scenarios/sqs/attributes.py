"""SQS queue attributes: documented defaults, set and read back, ranges, names."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.sqs._fixtures import (
    INVALID_ATTR_NAME,
    INVALID_ATTR_VALUE,
    api,
    create_queue,
    expect_sqs_error,
    make_queue,
    queue_attrs,
    queue_name,
    receive_until,
    send,
)
from awscompat.scenarios.sqs._resources import identity, partition_of, poll

F = "sqs/attributes"
CREATE = api("CreateQueue")
SET = api("SetQueueAttributes")
GET = api("GetQueueAttributes")


def _defaults_case(attr: str, value: str, sid: str) -> None:
    def case(ctx: CaseContext) -> None:
        url = make_queue(ctx)
        attrs = queue_attrs(ctx, url, attr)
        ctx.equal(attrs.get(attr), value, f"default {attr}")

    case.__doc__ = f"A queue created without attributes has {attr} = {value}."
    scenario(id=f"sqs/scenario/attributes/default-{sid}", feature=F, operations=["GetQueueAttributes"],
             provenance=CREATE)(case)


for _attr, _value, _sid in [
    ("VisibilityTimeout", "30", "visibility-timeout"),
    ("DelaySeconds", "0", "delay-seconds"),
    ("MessageRetentionPeriod", "345600", "message-retention-period"),
    ("ReceiveMessageWaitTimeSeconds", "0", "receive-wait-time"),
    ("MaximumMessageSize", "1048576", "maximum-message-size"),
]:
    _defaults_case(_attr, _value, _sid)


@scenario(id="sqs/scenario/attributes/queue-arn-format", feature=F, operations=["GetQueueAttributes"],
          provenance=GET)
def queue_arn_format(ctx: CaseContext) -> None:
    """QueueArn is arn:<partition>:sqs:<region>:<account>:<queue name>."""
    url = make_queue(ctx)
    who = identity(ctx)
    arn = queue_attrs(ctx, url, "QueueArn").get("QueueArn")
    expected = f"arn:{partition_of(who['Arn'])}:sqs:{ctx.region}:{who['Account']}:{url.rsplit('/', 1)[1]}"
    ctx.equal(arn, expected, "QueueArn")


@scenario(id="sqs/scenario/attributes/all-includes-timestamps", feature=F, operations=["GetQueueAttributes"],
          provenance=GET)
def all_includes_timestamps(ctx: CaseContext) -> None:
    """AttributeNames=All includes CreatedTimestamp and LastModifiedTimestamp (epoch seconds) and
    the approximate message counts."""
    url = make_queue(ctx)
    attrs = queue_attrs(ctx, url, "All")
    for name in ("CreatedTimestamp", "LastModifiedTimestamp", "ApproximateNumberOfMessages",
                 "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed", "QueueArn"):
        ctx.check(name in attrs, f"All does not include {name}", expected=name, observed=sorted(attrs))


@scenario(id="sqs/scenario/attributes/timestamps-whole-seconds", feature=F, operations=["GetQueueAttributes"],
          provenance=GET, severity="advisory")
def timestamps_whole_seconds(ctx: CaseContext) -> None:
    """CreatedTimestamp and LastModifiedTimestamp are epoch times in whole seconds."""
    url = make_queue(ctx)
    attrs = queue_attrs(ctx, url, "CreatedTimestamp", "LastModifiedTimestamp")
    for name in ("CreatedTimestamp", "LastModifiedTimestamp"):
        ctx.check(str(attrs.get(name, "")).isdigit(), f"{name} is not a whole number of seconds",
                  expected="digits", observed=attrs.get(name))


@scenario(id="sqs/scenario/attributes/selected-names-only", feature=F, operations=["GetQueueAttributes"],
          provenance=GET)
def selected_names_only(ctx: CaseContext) -> None:
    """GetQueueAttributes with named attributes answers those attributes and no others."""
    url = make_queue(ctx)
    attrs = queue_attrs(ctx, url, "VisibilityTimeout", "DelaySeconds")
    ctx.equal(sorted(attrs), ["DelaySeconds", "VisibilityTimeout"], "attributes answered")


@scenario(id="sqs/scenario/attributes/create-with-attributes", feature=F, operations=["CreateQueue"],
          provenance=CREATE)
def create_with_attributes(ctx: CaseContext) -> None:
    """Attributes given to CreateQueue are the queue's attributes afterwards."""
    url = make_queue(ctx, VisibilityTimeout=7, DelaySeconds=3, MaximumMessageSize=2048,
                     MessageRetentionPeriod=120, ReceiveMessageWaitTimeSeconds=2)
    attrs = queue_attrs(ctx, url, "All")
    observed = {k: attrs.get(k) for k in ("VisibilityTimeout", "DelaySeconds", "MaximumMessageSize",
                                          "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds")}
    ctx.equal(observed, {"VisibilityTimeout": "7", "DelaySeconds": "3", "MaximumMessageSize": "2048",
                         "MessageRetentionPeriod": "120", "ReceiveMessageWaitTimeSeconds": "2"},
              "attributes after create")


@scenario(id="sqs/scenario/attributes/set-then-get", feature=F, operations=["SetQueueAttributes"],
          provenance=SET)
def set_then_get(ctx: CaseContext) -> None:
    """SetQueueAttributes changes the attribute (read back within the documented propagation time)."""
    url = make_queue(ctx)
    ctx.expect_ok(ctx.call("sqs", "SetQueueAttributes", QueueUrl=url, Attributes={"VisibilityTimeout": "45"}))
    attrs = poll(ctx, lambda: queue_attrs(ctx, url, "VisibilityTimeout"),
                 lambda a: a.get("VisibilityTimeout") == "45", within=60.0, interval=1.0)
    ctx.equal(attrs.get("VisibilityTimeout"), "45", "VisibilityTimeout after SetQueueAttributes")


def _range_case(sid: str, attr: str, value: str, on_create: bool) -> None:
    op = "CreateQueue" if on_create else "SetQueueAttributes"

    def case(ctx: CaseContext) -> None:
        if on_create:
            reply = create_queue(ctx, queue_name(ctx), {attr: value}, fixture=False)
        else:
            url = make_queue(ctx)
            reply = ctx.call("sqs", "SetQueueAttributes", QueueUrl=url, Attributes={attr: value})
        expect_sqs_error(ctx, reply, INVALID_ATTR_VALUE)

    case.__doc__ = f"{op} with {attr}={value} (outside its documented range) is refused with InvalidAttributeValue."
    scenario(id=f"sqs/scenario/attributes/{sid}", feature=F, operations=[op],
             provenance=CREATE if on_create else SET)(case)


for _sid, _attr, _value, _create in [
    ("visibility-timeout-above-max", "VisibilityTimeout", "43201", False),
    ("delay-seconds-above-max", "DelaySeconds", "901", True),
    ("retention-below-min", "MessageRetentionPeriod", "59", True),
    ("maximum-message-size-below-min", "MaximumMessageSize", "1023", False),
    ("receive-wait-time-above-max", "ReceiveMessageWaitTimeSeconds", "21", True),
]:
    _range_case(_sid, _attr, _value, _create)


@scenario(id="sqs/scenario/attributes/unknown-attribute-name", feature=F, operations=["GetQueueAttributes"],
          provenance=GET)
def unknown_attribute_name(ctx: CaseContext) -> None:
    """GetQueueAttributes naming an attribute that does not exist is refused with InvalidAttributeName."""
    url = make_queue(ctx)
    reply = ctx.call("sqs", "GetQueueAttributes", QueueUrl=url, AttributeNames=["NoSuchAttribute"])
    expect_sqs_error(ctx, reply, INVALID_ATTR_NAME)


@scenario(id="sqs/scenario/attributes/approximate-counts", feature=F,
          operations=["SendMessage", "ReceiveMessage", "GetQueueAttributes"], provenance=GET, timeout=60.0)
def approximate_counts(ctx: CaseContext) -> None:
    """ApproximateNumberOfMessages counts stored messages and ApproximateNumberOfMessagesNotVisible
    the ones in flight (approximate: read until they settle)."""
    url = make_queue(ctx)
    for n in range(3):
        send(ctx, url, f"m{n}")
    names = ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")
    attrs = poll(ctx, lambda: queue_attrs(ctx, url, *names),
                 lambda a: a.get("ApproximateNumberOfMessages") == "3", within=20.0, interval=0.5)
    ctx.equal(attrs.get("ApproximateNumberOfMessages"), "3", "ApproximateNumberOfMessages after 3 sends")
    receive_until(ctx, url, 1, MaxNumberOfMessages=1)
    want = {"ApproximateNumberOfMessages": "2", "ApproximateNumberOfMessagesNotVisible": "1"}
    attrs = poll(ctx, lambda: queue_attrs(ctx, url, *names), lambda a: a == want, within=20.0, interval=0.5)
    ctx.equal(attrs, want, "counts with one message in flight")
