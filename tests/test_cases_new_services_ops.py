"""Issue 16's behaviour cases for services new to the catalog (ssm, logs, events, cloudwatch,
stepfunctions), written as data: a fixed sample of them runs on moto through the interpreter, each
with the outcome moto is known to give (pass, or fail where moto departs from what AWS documents,
listed with the reason), and the run leaves nothing behind (the recipes' ledger and teardown work).

The whole set and its moto/ministack outcomes: docs/cases-new-services-ops.md.
"""

from __future__ import annotations

from pathlib import Path

import awscompat.scenarios._cases  # noqa: F401 - registers the recipes and the shipped cases
from awscompat.catalog.registry import load_scenarios
from awscompat.engine.events import Bus, CaseFinished
from awscompat.engine.namespace import Namespace
from awscompat.engine.runner import Runner, RunOptions
from awscompat.engine.target import Credentials, Target

SERVICES = ("ssm", "logs", "events", "cloudwatch", "stepfunctions")
EVERY = 4  # every 4th case of each service, in id order

# Cases moto (5.2) answers unlike AWS documents (each a `fail` on moto), one per line with what moto
# answered: tests/data/new-services-moto-wrong.txt. Left out of the sample: cases whose outcome on
# moto depends on what else is on the server, and moto failures found only after a step has polled
# for its whole `eventually` window (they would make this test slow, not stronger).
WRONG_FILE = Path(__file__).parent / "data" / "new-services-moto-wrong.txt"
LEFT_OUT = {
    "logs/scenario/streams/describe-by-identifier-arn": "moto resolves the group ARN to another group",
    "logs/scenario/streams/describe-by-identifier-name": "moto resolves the group identifier to another group",
    "cloudwatch/scenario/alarms/history-after-state-change": "moto answers 500 for 30 s of polling",
    "logs/scenario/events/filter-limit-one": "moto gives no nextToken: 15 s of polling",
    "logs/scenario/events/too-old-not-stored": "moto keeps the too-old event: 15 s of polling",
    "logs/scenario/events/get-time-window": "moto includes endTime: 15 s of polling",
    # moto 5.2.6 leaves an empty entry for the missing name, after which every DescribeParameters
    # of the account answers 500: the DescribeParameters cases would depend on the order of cases.
    "ssm/scenario/versions/label-absent-parameter": "poisons moto's DescribeParameters",
}
# moto never runs a Step Functions execution (it stays RUNNING): each of its failures there polls 45 s.
POLLED_ON_MOTO = "stepfunctions/scenario/executions/"


def moto_wrong() -> dict[str, str]:
    lines = [line.split("#", 1) for line in WRONG_FILE.read_text().splitlines() if line.strip()]
    return {case.strip(): why.strip() for case, why in lines}


def _sample(wrong: dict[str, str]) -> list:
    cases = [c for c in load_scenarios() if c.service in SERVICES]
    picked = []
    for service in SERVICES:
        own = sorted((c for c in cases if c.service == service), key=lambda c: c.id)
        picked += [c for i, c in enumerate(own) if i % EVERY == 0 and c.id not in LEFT_OUT
                   and not (c.id.startswith(POLLED_ON_MOTO) and c.id in wrong)]
    return picked


def test_new_service_cases_on_moto(moto_server, tmp_path: Path):
    wrong = moto_wrong()
    cases = _sample(wrong)
    assert {c.service for c in cases} == set(SERVICES)
    assert all(c.source.split(":")[0].endswith(".yaml") for c in cases)
    results: dict[str, dict] = {}

    class Collect:
        def handle(self, event):
            if isinstance(event, CaseFinished):
                results[event.result.id] = event.result.to_dict()

    target = Target(name="moto", endpoint=moto_server.url, credentials=Credentials("testing", "testing"))
    summary = Runner(target, cases, tmp_path, RunOptions(concurrency=8, timeout=20), Bus([Collect()]),
                     Namespace()).run("new-services")
    observed = {k: (r["outcome"], r.get("message")) for k, r in results.items()}
    expected = {c.id: "fail" if c.id in wrong else "pass" for c in cases}
    assert "fail" in expected.values()  # the sample holds cases moto gets wrong
    assert {k: o for k, (o, _) in observed.items()} == expected, {
        k: v for k, v in observed.items() if v[0] != expected.get(k)}
    assert summary.leftovers == []
