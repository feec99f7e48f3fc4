"""Service integrations named by ARN: the operations Step Functions and EventBridge Scheduler call
for a workload, found as strings in any file the advisor reads (a state machine definition in a
template, an ASL file, Terraform, CDK code):

- AWS SDK integrations: `arn:aws:states:::aws-sdk:<service>:<apiAction>` (Step Functions) and
  `arn:aws:scheduler:::aws-sdk:<service>:<apiAction>` (Scheduler universal targets); `<service>`
  is the SDK's client name (`s3`, `dynamodb`, `sfn`, `eventbridge`), the action the operation in
  lower camel case (`putObject`, `disableRule`);
- optimized Step Functions integrations: `arn:aws:states:::<service>:<action>` with an optional
  `.sync` / `.waitForTaskToken` suffix (`dynamodb:putItem`, `sqs:sendMessage`, `lambda:invoke`,
  `states:startExecution.sync:2`); `http:invoke` and `apigateway:invoke` call the API Gateway or
  HTTP endpoint itself, not an AWS operation, and are skipped.

Confidence `medium`: the state machine or schedule calls it when it runs that state or fires.
An ARN whose service or action the models do not know is reported unresolved.
"""

from __future__ import annotations

import re
from typing import Any

from awscompat.advisor import jsnames as jn
from awscompat.advisor.footprint import MEDIUM, Footprint

_ARN = re.compile(r"arn:(?:aws[a-z-]*|\$\{AWS::Partition\}|\$\{[^}]*partition[^}]*\}):(states|scheduler):::"
                  r"(aws-sdk:)?([a-z0-9-]+):([a-zA-Z0-9]+)", re.I)
# optimized integrations whose service part is not the SDK client's name
_SERVICES = {"states": "stepfunctions", "bedrock": "bedrock-runtime", "events": "events", "sagemaker": "sagemaker",
             "elasticmapreduce": "emr", "emr-containers": "emr-containers", "emr-serverless": "emr-serverless",
             "mediaconvert": "mediaconvert", "databrew": "databrew", "eks": "eks"}
_NOT_OPERATIONS = {("http", "invoke"), ("apigateway", "invoke")}
# optimized integrations whose action is not the operation's name
_ACTIONS = {("bedrock", "invokeModel"): "InvokeModel", ("elasticmapreduce", "createCluster"): "RunJobFlow",
            ("elasticmapreduce", "terminateCluster"): "TerminateJobFlows", ("emr-containers", "startJobRun"):
            "StartJobRun", ("ecs", "runTask"): "RunTask"}


def _service(name: str, sdk: bool) -> str | None:
    if not sdk and name in _SERVICES:
        return _SERVICES[name]
    return jn.v2_class_service(name) or (name if name in jn.service_index()["v3"].values() else None)


def scan(text: str, path: str, fp: Footprint) -> int:
    """Record every integration ARN in a file's text; returns how many were found."""
    found = 0
    for m in _ARN.finditer(text):
        kind, sdk, name, action = m.group(1).lower(), bool(m.group(2)), m.group(3).lower(), m.group(4)
        line = text.count("\n", 0, m.start()) + 1
        where: dict[str, Any] = {"source": "integration", "file": path, "line": line,
                                 "arn": m.group(0), "via": "Step Functions" if kind == "states" else "Scheduler"}
        if (name, action) in _NOT_OPERATIONS:
            continue
        service = _service(name, sdk)
        op = _ACTIONS.get((name, action)) if not sdk else None
        if service is not None and op is None:
            op = jn.operation(service, action[:1].upper() + action[1:])
        if service is None or op is None:
            fp.unresolved.append({**where, "reason": f"integration of an unknown service or action: {name}:{action}"})
            continue
        fp.add(service, op, confidence=MEDIUM, where=where)
        found += 1
    return found


def is_state_machine(doc: Any) -> bool:
    """An Amazon States Language definition (`*.asl.json`)."""
    return isinstance(doc, dict) and isinstance(doc.get("States"), dict) and "StartAt" in doc
