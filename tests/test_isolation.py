"""Isolation: a scenario whose teardown fails turns no other scenario into an error, and the
run's final sweep still removes what that teardown left behind."""

from __future__ import annotations

import boto3
import pytest

from awscompat.catalog.case import Case, docs
from awscompat.engine.embedded import start_moto
from awscompat.engine.events import Bus, CaseFinished
from awscompat.engine.namespace import Namespace
from awscompat.engine.runner import Runner, RunOptions
from awscompat.engine.target import Credentials, Target
from awscompat.scenarios.s3._fixtures import make_bucket, put

PROV = docs("https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html")


@pytest.fixture(scope="module")
def moto():
    server = start_moto()
    yield server.url
    server.stop()


def roundtrip(ctx):
    bucket = make_bucket(ctx)
    put(ctx, bucket, "k", b"v")
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="k"))
    ctx.equal(reply["Body"].read(), b"v", "body")


def broken_teardown(ctx):
    bucket = make_bucket(ctx)
    put(ctx, bucket, "left-behind", b"x")
    # This scenario's own teardown fails in two ways: a deferred step raises, and its bucket's
    # removal reports failure, so the bucket stays in the ledger for the final sweep.
    ctx.entries[-1] = (ctx.entries[-1][0], lambda: False)
    ctx.defer("a step that breaks", lambda: (_ for _ in ()).throw(RuntimeError("teardown exploded")))


def case(name, fn):
    return Case(f"s3/scenario/buckets/{name}", "s3", ("CreateBucket",), "scenario", "s3/buckets", "required",
                PROV, True, fn)


class Collect:
    def __init__(self):
        self.results = []

    def handle(self, event):
        if isinstance(event, CaseFinished):
            self.results.append(event.result)


def test_failed_teardown_does_not_cascade(moto, tmp_path):
    cases = [case("broken-teardown", broken_teardown)] + [case(f"roundtrip-{i}", roundtrip) for i in range(24)]
    target = Target(name="moto", endpoint=moto, credentials=Credentials("testing", "testing"))
    collect = Collect()
    ns = Namespace()
    summary = Runner(target, cases, tmp_path, RunOptions(concurrency=8, timeout=10), Bus([collect]), ns).run("d")
    by_id = {r.id: r for r in collect.results}
    assert len(by_id) == 25
    broken = by_id["s3/scenario/buckets/broken-teardown"]
    assert broken.outcome == "pass"
    assert any("teardown exploded" in t for t in broken.teardown)
    assert any("did not succeed" in t for t in broken.teardown)
    others = [r for r in collect.results if r.id != broken.id]
    assert {r.outcome for r in others} == {"pass"}
    assert summary.exit_code == 0 and summary.leftovers == []
    client = boto3.client("s3", endpoint_url=moto, region_name="us-east-1", aws_access_key_id="t",
                          aws_secret_access_key="t")
    assert not [b["Name"] for b in client.list_buckets()["Buckets"] if b["Name"].startswith(ns.prefix)]
