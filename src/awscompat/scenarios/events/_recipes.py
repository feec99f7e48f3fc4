"""EventBridge setup recipes for behaviour cases as data (docs/cases.md). Each ledgers what it
creates before creating it; a rule is removed at teardown with its targets first (RemoveTargets,
then DeleteRule), an event bus with DeleteEventBus. Outputs: a dict whose `value` is what
`${<as>}` means in a case file.

- `event-bus`: CreateEventBus (value = name, `arn`).
- `rule`: PutRule with an event pattern or a schedule, on the default bus or `bus` (value = name, `arn`).
- `rule-name`: a namespaced rule name, ledgered, not created (the case's steps create it, on `bus`).
- `absent-rule`: a namespaced rule name no rule has.
- `event-bus-name`: a namespaced bus name (+ `suffix`), ledgered, not created.
- `queue-target`: an SQS queue to name as a target (value = its ARN).
"""

from __future__ import annotations

import json

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe
from awscompat.scenarios._names import absent_name
from awscompat.scenarios.sqs._fixtures import create_queue, queue_name
from awscompat.scenarios.sqs._resources import call, track_static

DEFAULT_PATTERN = {"source": ["awscompat.test"]}


def _ledger_rule(ctx: CaseContext, name: str, bus: str, params: dict) -> None:
    where = {"EventBusName": bus} if bus else {}

    def remove() -> str | None:
        listed = ctx.transport.call("events", "ListTargetsByRule", {"Rule": name, **where})
        ids = [t["Id"] for t in (listed.parsed or {}).get("Targets") or []] if listed.ok else []
        if ids:
            ctx.transport.call("events", "RemoveTargets", {"Rule": name, "Ids": ids, **where})
        reply = ctx.transport.call("events", "DeleteRule", {"Name": name, **where})
        return "deleted" if reply.ok else None

    ctx.track("events", "events-rule", name, {"service": "events", "operation": "PutRule", "params": params},
              [call("events", "DeleteRule", Name=name, **where)], remove=remove)


@recipe("events", "event-bus")
def event_bus(ctx: CaseContext, hint: str = "bus", tags: dict | None = None) -> dict:
    """A custom event bus of the case's own."""
    name = ctx.name(hint, max_len=200)
    params: dict = {"Name": name}
    if tags:
        params["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
    track_static(ctx, "events", "event-bus", name, "CreateEventBus", params,
                 [call("events", "DeleteEventBus", Name=name)])
    parsed = ctx.fixture("events", "CreateEventBus", **params).parsed
    return {"value": name, "arn": parsed.get("EventBusArn")}


@recipe("events", "rule")
def rule(ctx: CaseContext, hint: str = "rule", bus: str = "", pattern: dict | None = None, schedule: str = "",
         state: str = "ENABLED", description: str = "", tags: dict | None = None) -> dict:
    """A rule of the case's own: the event pattern given (default: source awscompat.test) or a schedule."""
    name = ctx.name(hint, max_len=64)
    params: dict = {"Name": name, "State": state}
    if schedule:
        params["ScheduleExpression"] = schedule
    else:
        params["EventPattern"] = json.dumps(pattern or DEFAULT_PATTERN)
    if bus:
        params["EventBusName"] = bus
    if description:
        params["Description"] = description
    if tags:
        params["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
    _ledger_rule(ctx, name, bus, params)
    parsed = ctx.fixture("events", "PutRule", **params).parsed
    return {"value": name, "arn": parsed.get("RuleArn")}


@recipe("events", "rule-name")
def rule_name(ctx: CaseContext, hint: str = "rule", bus: str = "", suffix: str = "") -> dict:
    """A namespaced rule name (+ `suffix`, e.g. an invalid one a lenient server may accept) the
    case's steps create; ledgered first, removed at teardown."""
    name = ctx.name(hint, max_len=64) + suffix
    _ledger_rule(ctx, name, bus, {"Name": name})
    return {"value": name}


absent_name("events", "absent-rule", max_len=64)


@recipe("events", "queue-target")
def queue_target(ctx: CaseContext, hint: str = "tq") -> dict:
    """An SQS queue of the case's own to use as a rule target (value = its ARN, `url`); made and
    removed by the SQS fixtures (ledgered before CreateQueue)."""
    url = create_queue(ctx, queue_name(ctx, hint, False), None)["QueueUrl"]
    attrs = ctx.fixture("sqs", "GetQueueAttributes", QueueUrl=url, AttributeNames=["QueueArn"]).parsed
    return {"value": attrs["Attributes"]["QueueArn"], "url": url}


@recipe("events", "event-bus-name")
def event_bus_name(ctx: CaseContext, hint: str = "bus", suffix: str = "") -> dict:
    """A namespaced bus name (+ `suffix`) the case's steps create; ledgered first (DeleteEventBus)."""
    name = ctx.name(hint, max_len=200) + suffix
    track_static(ctx, "events", "event-bus", name, "CreateEventBus", {"Name": name},
                 [call("events", "DeleteEventBus", Name=name)])
    return {"value": name}
