"""CloudWatch (metrics and alarms) setup recipes for behaviour cases as data (docs/cases.md). Each
ledgers what it creates before creating it (DeleteAlarms / DeleteDashboards at teardown). Outputs:
a dict whose `value` is what `${<as>}` means in a case file.

- `alarm`: PutMetricAlarm on a metric of the case's own namespace (value = name, `arn`).
- `alarm-name`: a namespaced alarm name, ledgered, not created (the case's steps create it).
- `dashboard-name`: a namespaced dashboard name, ledgered, not created.
- `metric-namespace`: a namespace of the case's own for PutMetricData (metric data cannot be deleted
  and expires on its own; nothing is ledgered).
- `clock`: times (epoch seconds) from the harness clock, for data points and statistics windows.
"""

from __future__ import annotations

import time

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe
from awscompat.scenarios.sqs._resources import call, track_static


def _ledger(ctx: CaseContext, name: str, params: dict) -> None:
    track_static(ctx, "cloudwatch", "cloudwatch-alarm", name, "PutMetricAlarm", params,
                 [call("cloudwatch", "DeleteAlarms", AlarmNames=[name])])


@recipe("cloudwatch", "alarm")
def alarm(ctx: CaseContext, hint: str = "alarm", threshold: float = 10.0, metric: str = "m",
          comparison: str = "GreaterThanThreshold", tags: dict | None = None, actions_enabled: bool = True,
          namespace: str = "") -> dict:
    """A metric alarm of the case's own (Sum over 60 s, one evaluation period)."""
    name = ctx.name(hint, max_len=200)
    params: dict = {
        "AlarmName": name, "MetricName": metric, "Namespace": namespace or ctx.name("ns", max_len=200),
        "Statistic": "Sum", "Period": 60, "EvaluationPeriods": 1, "Threshold": float(threshold),
        "ComparisonOperator": comparison, "ActionsEnabled": actions_enabled,
    }
    if tags:
        params["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
    _ledger(ctx, name, params)
    ctx.fixture("cloudwatch", "PutMetricAlarm", **params)
    found = ctx.fixture("cloudwatch", "DescribeAlarms", AlarmNames=[name]).parsed.get("MetricAlarms") or []
    return {"value": name, "arn": found[0].get("AlarmArn") if found else "", "namespace": params["Namespace"]}


@recipe("cloudwatch", "alarm-name")
def alarm_name(ctx: CaseContext, hint: str = "alarm") -> dict:
    """A namespaced alarm name the case's steps create; ledgered first, deleted at teardown."""
    name = ctx.name(hint, max_len=200)
    _ledger(ctx, name, {"AlarmName": name})
    return {"value": name}


@recipe("cloudwatch", "dashboard-name")
def dashboard_name(ctx: CaseContext, hint: str = "dash", suffix: str = "") -> dict:
    """A namespaced dashboard name (+ `suffix`, e.g. an invalid one a lenient server may accept) the
    case's steps create; ledgered first, deleted at teardown."""
    name = ctx.name(hint, max_len=200) + suffix
    track_static(ctx, "cloudwatch", "cloudwatch-dashboard", name, "PutDashboard", {"DashboardName": name},
                 [call("cloudwatch", "DeleteDashboards", DashboardNames=[name])])
    return {"value": name}


@recipe("cloudwatch", "metric-namespace")
def metric_namespace(ctx: CaseContext, hint: str = "ns") -> dict:
    """A metric namespace of the case's own (PutMetricData creates nothing deletable)."""
    return {"value": ctx.name(hint, max_len=200)}


@recipe("cloudwatch", "clock")
def clock(ctx: CaseContext) -> dict:
    """Times from the harness clock, in seconds since the epoch, on a whole minute: value = now
    rounded down to the minute minus 2 minutes (a time to put data at), `start` = 1 h before,
    `end` = 10 min after, `old` = 20 days before."""
    now = int(time.time()) // 60 * 60
    at = now - 120
    return {"value": at, "start": at - 3600, "end": now + 600, "old": at - 20 * 86400}
