"""Issue 16's behaviour cases for services new to the catalog (ssm, logs, events, cloudwatch,
stepfunctions), written as data: a fixed sample of them runs on moto through the interpreter, each
with the outcome moto is known to give (pass, or fail where moto departs from what AWS documents,
listed with the reason), and the run leaves nothing behind (the recipes' ledger and teardown work).

The whole set and its moto/ministack outcomes: docs/cases-new-services.md.
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
EVERY = 4  # every 4th case of each service, in id order, plus every case moto is known to get wrong

# Cases moto (5.2) answers unlike AWS documents it; each is a `fail` on moto.
MOTO_WRONG = {
    "ssm/scenario/hierarchy/by-path-max-results-zero": "moto does not check MaxResults' minimum of 1",
    "ssm/scenario/hierarchy/path-depth-16-refused": "moto accepts a name deeper than 15 levels",
    "ssm/scenario/versions/label-starting-with-ssm-invalid": "moto accepts a label beginning with 'SSM'",
    "ssm/scenario/versions/selector-version-1": "moto answers no Parameter.Selector",
    "ssm/scenario/versions/selector-version-2": "moto answers no Parameter.Selector",
    "ssm/scenario/tags/too-many-tags": "moto accepts a 51st tag (advisory case)",
}


def _sample() -> list:
    cases = [c for c in load_scenarios() if c.service in SERVICES]
    picked = []
    for service in SERVICES:
        own = sorted((c for c in cases if c.service == service), key=lambda c: c.id)
        picked += [c for i, c in enumerate(own) if i % EVERY == 0 or c.id in MOTO_WRONG]
    return picked


def test_new_service_cases_on_moto(moto_server, tmp_path: Path):
    cases = _sample()
    assert {c.service for c in cases} >= {"ssm"}
    assert all(c.source.split(":")[0].endswith(".yaml") for c in cases)
    results: dict[str, dict] = {}

    class Collect:
        def handle(self, event):
            if isinstance(event, CaseFinished):
                results[event.result.id] = event.result.to_dict()

    target = Target(name="moto", endpoint=moto_server.url, credentials=Credentials("testing", "testing"))
    summary = Runner(target, cases, tmp_path, RunOptions(concurrency=4, timeout=20), Bus([Collect()]),
                     Namespace()).run("new-services")
    observed = {k: (r["outcome"], r.get("message")) for k, r in results.items()}
    expected = {c.id: "fail" if c.id in MOTO_WRONG else "pass" for c in cases}
    assert {k: o for k, (o, _) in observed.items()} == expected, {
        k: v for k, v in observed.items() if v[0] != expected.get(k)}
    assert summary.leftovers == []
