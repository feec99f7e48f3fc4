"""CloudWatch Logs setup recipes for behaviour cases as data (docs/cases.md). Each ledgers what it
creates before creating it (DeleteLogGroup / DeleteLogStream at teardown). Outputs: a dict whose
`value` is what `${<as>}` means in a case file.

- `log-group`: CreateLogGroup (value = name, `arn` = the group ARN without `:*`).
- `log-group-name`: a namespaced group name (+ `suffix`), ledgered, not created (the case's steps create it).
- `log-stream`: CreateLogStream in a group (value = the stream name).
- `absent-log-group`: a namespaced group name no group has.
- `log-group-prefix`: a namespaced name for groups of the case to share as a prefix (nothing created).
- `timestamps`: event times in ms from the harness clock (now, ascending, too old, too new).
"""

from __future__ import annotations

import time

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe
from awscompat.scenarios._names import absent_name
from awscompat.scenarios.sqs._resources import call, track_static


def _ledger(ctx: CaseContext, name: str, params: dict) -> None:
    track_static(ctx, "logs", "log-group", name, "CreateLogGroup", params,
                 [call("logs", "DeleteLogGroup", logGroupName=name)])


@recipe("logs", "log-group")
def log_group(ctx: CaseContext, hint: str = "g", tags: dict | None = None, name: str = "") -> dict:
    """A log group of the case's own."""
    name = name or ctx.name(hint, max_len=200)
    params: dict = {"logGroupName": name}
    if tags:
        params["tags"] = tags
    _ledger(ctx, name, params)
    ctx.fixture("logs", "CreateLogGroup", **params)
    found = ctx.fixture("logs", "DescribeLogGroups", logGroupNamePrefix=name).parsed.get("logGroups") or []
    arn = next((g.get("arn", "") for g in found if g.get("logGroupName") == name), "")
    return {"value": name, "arn": arn[:-2] if arn.endswith(":*") else arn}


@recipe("logs", "log-group-name")
def log_group_name(ctx: CaseContext, hint: str = "g", suffix: str = "") -> dict:
    """A namespaced log group name the case's steps create; ledgered first, deleted at teardown.
    `suffix` is appended (an invalid name a lenient server may create all the same is ledgered too)."""
    name = ctx.name(hint, max_len=200) + suffix
    _ledger(ctx, name, {"logGroupName": name})
    return {"value": name}


@recipe("logs", "log-stream")
def log_stream(ctx: CaseContext, group: str, name: str = "s1") -> dict:
    """A log stream in a group of the case's own."""
    params = {"logGroupName": group, "logStreamName": name}
    track_static(ctx, "logs", "log-stream", f"{group}/{name}", "CreateLogStream", params,
                 [call("logs", "DeleteLogStream", **params)])
    ctx.fixture("logs", "CreateLogStream", **params)
    return {"value": name}


absent_name("logs", "absent-log-group", max_len=200)


@recipe("logs", "log-group-prefix")
def log_group_prefix(ctx: CaseContext, hint: str = "root") -> dict:
    """A namespaced name for groups to share as a prefix (`${root}/a`, `${root}/b`); nothing is created."""
    return {"value": ctx.name(hint, max_len=100)}


@recipe("logs", "timestamps")
def timestamps(ctx: CaseContext) -> dict:
    """Event timestamps in milliseconds since the epoch, from the harness's clock: value = now - 10 s,
    `t1`/`t2`/`t3` = now - 9/8/7 s (ascending), `old` = now - 15 days (beyond the 14 days AWS
    accepts), `future` = now + 3 hours (beyond the 2 hours AWS accepts), `start` = now - 1 h."""
    now = int(time.time() * 1000)
    return {"value": now - 10_000, "t1": now - 9_000, "t2": now - 8_000, "t3": now - 7_000,
            "old": now - 15 * 86_400_000, "future": now + 3 * 3_600_000, "start": now - 3_600_000,
            "end": now + 60_000}
