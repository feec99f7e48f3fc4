"""Step Functions setup recipes for behaviour cases as data (docs/cases.md). Each ledgers what it
creates before creating it (DeleteStateMachine / DeleteActivity / DeleteRole at teardown). Outputs:
a dict whose `value` is what `${<as>}` means in a case file.

- `role`: an IAM role that states.amazonaws.com may assume (value = its ARN). CreateStateMachine
  needs one; IAM is eventually consistent, so `state-machine` retries while AWS says the role
  cannot be assumed yet.
- `state-machine`: CreateStateMachine with the definition given (default: one Pass state that
  ends), STANDARD or EXPRESS (value = ARN, `name`, `role`).
- `state-machine-name`: a namespaced name, ledgered by the ARN it will have, not created.
- `activity`: CreateActivity (value = ARN, `name`).
- `absent-state-machine`: the ARN a state machine of a namespaced name would have (none has it);
  `execution` = an execution ARN under it, `account` = the caller's account.
- `activity-name`: a namespaced activity name (+ `suffix`), ledgered, not created.
"""

from __future__ import annotations

import json

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe
from awscompat.scenarios.iam._fixtures import create_role
from awscompat.scenarios.sqs._resources import call, identity, track_static

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def _partition(region: str) -> str:
    return "aws-cn" if region.startswith("cn-") else "aws-us-gov" if region.startswith("us-gov-") else "aws"


def _arn(ctx: CaseContext, kind: str, name: str) -> str:
    return f"arn:{_partition(ctx.region)}:states:{ctx.region}:{identity(ctx)['Account']}:{kind}:{name}"


@recipe("stepfunctions", "role")
def role(ctx: CaseContext, hint: str = "sfn") -> dict:
    """An IAM role that Step Functions may assume (trust: states.amazonaws.com)."""
    return {"value": create_role(ctx, ctx.name(hint, max_len=64), TRUST).parsed["Role"]["Arn"]}


def _ledger_machine(ctx: CaseContext, name: str, params: dict) -> str:
    arn = _arn(ctx, "stateMachine", name)
    track_static(ctx, "stepfunctions", "state-machine", name, "CreateStateMachine", params,
                 [call("stepfunctions", "DeleteStateMachine", stateMachineArn=arn)])
    return arn


@recipe("stepfunctions", "state-machine")
def state_machine(ctx: CaseContext, role: str, hint: str = "sm", definition: dict | None = None,
                  type: str = "STANDARD", tags: dict | None = None) -> dict:
    """A state machine of the case's own."""
    name = ctx.name(hint, max_len=80)
    params: dict = {"name": name, "definition": json.dumps(definition or PASS), "roleArn": role, "type": type}
    if tags:
        params["tags"] = [{"key": k, "value": v} for k, v in tags.items()]
    _ledger_machine(ctx, name, params)

    def create():
        return ctx.call_with("stepfunctions", "CreateStateMachine", params)

    reply = ctx.poll(create, lambda r: r.code != "AccessDeniedException", within=20.0, margin=5.0,
                     first_wait=1.0, cap=2.0)
    if not reply.ok:
        ctx.fixture("stepfunctions", "CreateStateMachine", **params)  # raises the setup error
    return {"value": reply.parsed["stateMachineArn"], "name": name, "role": role}


@recipe("stepfunctions", "state-machine-name")
def state_machine_name(ctx: CaseContext, hint: str = "sm", suffix: str = "") -> dict:
    """A namespaced state machine name (+ `suffix`, e.g. an invalid one a lenient server may accept)
    the case's steps create; ledgered first, deleted at teardown."""
    name = ctx.name(hint, max_len=60) + suffix
    return {"value": name, "arn": _ledger_machine(ctx, name, {"name": name})}


@recipe("stepfunctions", "activity")
def activity(ctx: CaseContext, hint: str = "act") -> dict:
    """An activity of the case's own."""
    name = ctx.name(hint, max_len=80)
    track_static(ctx, "stepfunctions", "activity", name, "CreateActivity", {"name": name},
                 [call("stepfunctions", "DeleteActivity", activityArn=_arn(ctx, "activity", name))])
    parsed = ctx.fixture("stepfunctions", "CreateActivity", name=name).parsed
    return {"value": parsed["activityArn"], "name": name}


@recipe("stepfunctions", "absent-state-machine")
def absent_state_machine(ctx: CaseContext) -> dict:
    """The ARN a namespaced state machine would have; no state machine has it."""
    name = ctx.name("absent", max_len=80)
    return {"value": _arn(ctx, "stateMachine", name), "name": name,
            "execution": _arn(ctx, "execution", f"{name}:none"), "account": identity(ctx)["Account"]}


@recipe("stepfunctions", "activity-name")
def activity_name(ctx: CaseContext, hint: str = "act", suffix: str = "") -> dict:
    """A namespaced activity name (+ `suffix`) the case's steps create; ledgered first, deleted at teardown."""
    name = ctx.name(hint, max_len=60) + suffix
    track_static(ctx, "stepfunctions", "activity", name, "CreateActivity", {"name": name},
                 [call("stepfunctions", "DeleteActivity", activityArn=_arn(ctx, "activity", name))])
    return {"value": name}
