"""Behaviour cases as data for services new to the catalog (issue 16: Lambda, Route 53, ECR, ACM, API
Gateway; docs/cases-new-services.md): how many there are and what they cite, a sample judged on a
real moto server through the interpreter (passes where moto behaves as AWS, fails with the evidence
where it does not), and the probe steps: a create under test that a lenient server accepts is
ledgered and undone, so nothing is left behind."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from awscompat.catalog.registry import load_scenarios
from awscompat.engine.events import Bus, CaseFinished
from awscompat.engine.namespace import Namespace
from awscompat.engine.runner import Runner, RunOptions
from awscompat.engine.sweep import undo_calls
from awscompat.engine.target import Credentials, Target

NEW = ("lambda", "route53", "ecr", "acm", "apigateway")

# What moto 5.2 does with a sample of the new cases (one or more per service and feature): `pass`
# where it behaves as AWS is recorded or documented to, `fail` where it does not.
SAMPLE = {
    "lambda/scenario/functions/create-then-get": "pass",
    "lambda/scenario/functions/code-sha256-is-package-digest": "pass",
    "lambda/scenario/functions/create-timeout-zero": "fail",  # moto creates it: the probe is undone
    "lambda/scenario/versions/publish-unchanged-is-idempotent": "pass",
    "lambda/scenario/aliases/routing-valid": "pass",
    "lambda/scenario/permissions/remove-one-of-two": "pass",
    "lambda/scenario/configuration/reserved-concurrency-one": "pass",
    "lambda/scenario/tags/lifecycle": "fail",  # moto answers TagResource 200, AWS 204 (recorded)
    "route53/scenario/hosted-zones/create-status-201-and-location": "pass",
    "route53/scenario/hosted-zones/duplicate-caller-reference": "fail",  # moto makes a second zone
    "route53/scenario/record-sets/upsert-replaces": "pass",
    "route53/scenario/record-sets/batch-is-atomic": "fail",  # InvalidInput, not InvalidChangeBatch
    "route53/scenario/tags/remove": "pass",
    "ecr/scenario/repositories/create-answer": "pass",
    "ecr/scenario/images/batch-get-returns-manifest": "pass",
    "ecr/scenario/images/digest-is-manifest-sha256": "fail",  # moto's digest is not the manifest's
    "ecr/scenario/policies/set-then-get": "pass",
    "ecr/scenario/lifecycle/get-none": "pass",
    "acm/scenario/certificates/imported-type": "pass",
    "acm/scenario/certificates/imported-serial": "fail",  # decimal, AWS answers colon-separated hex
    "acm/scenario/tags/remove-value-must-match": "pass",
    "apigateway/scenario/deployments/create-with-stage": "pass",
    "apigateway/scenario/resources/put-method-twice": "fail",  # moto replaces the method
    "apigateway/scenario/rest-apis/names-not-unique": "fail",  # 200, not 201; the probe is undone
}


def test_new_services_hold_at_least_420_cases_with_evidence():
    new = [c for c in load_scenarios() if c.service in NEW]
    per_service = Counter(c.service for c in new)
    assert sum(per_service.values()) >= 420, per_service
    assert set(per_service) == set(NEW)
    for case in new:
        assert case.source.split(":")[0].endswith(".yaml"), case.id  # written as data
        assert case.provenance.kind in ("aws-docs", "recorded-aws"), case.id
        assert case.provenance.ref.startswith(("https://docs.aws.amazon.com/", f"{case.service}/")), case.id
        if case.provenance.kind == "recorded-aws":
            assert case.provenance.key and case.provenance.step, case.id


def test_undo_of_a_create_answered_with_an_id():
    """API Gateway names what it created `id`, its delete takes it as restApiId; ACM's Request is
    undone by Delete (engine/sweep.py)."""
    assert undo_calls("apigateway", "CreateRestApi", {"name": "n"}, {"id": "a1b2c3d4e5"}) == [
        {"service": "apigateway", "operation": "DeleteRestApi", "params": {"restApiId": "a1b2c3d4e5"}}]
    arn = "arn:aws:acm:us-east-1:123456789012:certificate/1"
    assert undo_calls("acm", "RequestCertificate", {"DomainName": "d"}, {"CertificateArn": arn}) == [
        {"service": "acm", "operation": "DeleteCertificate", "params": {"CertificateArn": arn}}]


def test_sample_of_new_cases_on_moto(moto_server, tmp_path: Path):
    cases = [c for c in load_scenarios() if c.id in SAMPLE]
    assert len(cases) == len(SAMPLE)
    results: dict[str, dict] = {}

    class Collect:
        def handle(self, event):
            if isinstance(event, CaseFinished):
                results[event.result.id] = event.result.to_dict()

    target = Target(name="moto", endpoint=moto_server.url, credentials=Credentials("testing", "testing"))
    summary = Runner(target, cases, tmp_path, RunOptions(concurrency=4, timeout=30), Bus([Collect()]),
                     Namespace()).run("d")
    assert {k: r["outcome"] for k, r in results.items()} == SAMPLE, {
        k: r.get("message") for k, r in results.items() if r["outcome"] != SAMPLE.get(k)}
    # Failures carry what was expected and what was observed.
    assert "ImageNotFound" not in results["ecr/scenario/images/digest-is-manifest-sha256"]["message"]
    assert "image.imageId.imageDigest" in results["ecr/scenario/images/digest-is-manifest-sha256"]["message"]
    assert "InvalidInput" in results["route53/scenario/record-sets/batch-is-atomic"]["message"]
    # The creates moto accepted where AWS refuses were ledgered as probes and undone; every recipe's
    # resource was removed: the namespace is empty on every service the run touched.
    ledger = (tmp_path / "ledger.jsonl").read_text()
    assert ledger.count('"probe"') >= 2
    assert summary.leftovers == []
