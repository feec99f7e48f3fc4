"""AWS examples (botocore examples-1.json) as the request of `recognised` and `shape` cases:
which example is used, that identifiers are always the run's own, and that a real operation
moto supports is now rated as routed (s3 PutBucketVersioning was `unsupported` with the empty
dummy configuration)."""

from __future__ import annotations

from awscompat.catalog import Selection, build_catalog
from awscompat.engine.events import Bus, CaseFinished
from awscompat.engine.namespace import Namespace
from awscompat.engine.runner import Runner, RunOptions
from awscompat.engine.target import Credentials, Target
from awscompat.families.common import IDENTIFIER
from awscompat.families.examples import example_for, example_params
from awscompat.families.values import ValueMaker
from awscompat.spec import get_spec


def test_example_chosen_and_identifiers_replaced():
    found = example_for("s3", "PutBucketVersioning")
    assert found is not None
    example_id, data = found
    assert data["VersioningConfiguration"]["Status"] == "Enabled" and data["Bucket"] == "examplebucket"
    ns = Namespace()
    maker = ValueMaker(ns, "us-east-1")
    op = get_spec().service("s3").operation("PutBucketVersioning")
    base = maker.required_params(op, "s3")
    params = example_params(data, base, op)
    assert params["Bucket"] == base["Bucket"] and params["Bucket"].startswith(ns.prefix)
    assert params["VersioningConfiguration"] == data["VersioningConfiguration"]
    case = next(iter(build_catalog(Selection(globs=["s3/PutBucketVersioning/recognised"]))))
    assert case.revision == 2 and example_id in case.provenance.note and case.payload == example_id


def test_no_example_identifier_reaches_a_target():
    """Over every example of the core services: each top-level identifier sent is the baseline's
    run-owned value; an optional one the baseline does not fill is not sent at all."""
    spec = get_spec()
    ns = Namespace()
    checked = 0
    for service in ("s3", "dynamodb", "iam", "kms", "secretsmanager", "sts", "ec2", "sns"):
        svc = spec.service(service)
        for operation in svc.examples:
            found = example_for(service, operation)
            if found is None:
                continue
            op = svc.operation(operation)
            maker = ValueMaker(ns, "us-east-1")
            base = maker.required_params(op, service)
            params = example_params(found[1], base, op)
            for name, value in params.items():
                if IDENTIFIER.search(name):
                    assert name in base and value == base[name], (service, operation, name, value)
            assert set(base) <= set(params)
            checked += 1
    assert checked > 300


def test_put_bucket_versioning_recognised_on_moto(moto_server, tmp_path):
    cases = list(build_catalog(Selection(globs=["s3/PutBucketVersioning/recognised", "s3/PutBucketVersioning/shape"])))
    target = Target(name="moto", endpoint=moto_server.url, credentials=Credentials("testing", "testing"),
                    disposable=True)
    results = []

    class Collect:
        def handle(self, event):
            if isinstance(event, CaseFinished):
                results.append(event.result)

    Runner(target, cases, tmp_path, RunOptions(concurrency=2, timeout=10), Bus([Collect()])).run("d")
    by_id = {r.id: r for r in results}
    rec = by_id["s3/PutBucketVersioning/recognised"]
    # routed: moto answers NoSuchBucket in S3's envelope for the run's (absent) bucket
    assert rec.outcome == "pass", rec
    assert by_id["s3/PutBucketVersioning/shape"].outcome in ("pass", "skip")
