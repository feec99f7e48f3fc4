"""Flake control (`--rerun-failures N`): a non-passing case is re-run; one whose outcome changes
between attempts is marked flaky and keeps its first outcome (never `pass`); a case that fails
every time lists its attempts and is not flaky; a passing case is run once. Against moto."""

from __future__ import annotations

import json

import boto3

from awscompat.catalog.case import Case, docs
from awscompat.engine.events import Bus, CaseFinished
from awscompat.engine.runner import Runner, RunOptions
from awscompat.engine.target import Credentials, Target
from awscompat.reports.runfolder import RunFolderWriter
from clirun import awscompat, clean_env, read_results

PROV = docs("https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html")


class Collect:
    def __init__(self):
        self.results = []

    def handle(self, event):
        if isinstance(event, CaseFinished):
            self.results.append(event.result)


def _case(name, fn):
    return Case(f"s3/scenario/buckets/{name}", "s3", ("HeadBucket",), "scenario", "s3/buckets", "required",
                PROV, True, fn)


def _s3(url):
    return boto3.client("s3", endpoint_url=url, region_name="us-east-1", aws_access_key_id="testing",
                        aws_secret_access_key="testing")


def test_rerun_marks_changed_outcome_flaky_never_pass(moto_server, tmp_path):
    url = moto_server.url
    marker = f"awscompat-flaky-{tmp_path.name[-8:].lower().replace('_', '-')}"
    attempts_seen = []

    def appears_later(ctx):
        """Fails while a bucket is absent, creating it: the second attempt finds it and passes."""
        reply = ctx.call("s3", "HeadBucket", Bucket=marker)
        attempts_seen.append(reply.status)
        if reply.status == 404:
            _s3(url).create_bucket(Bucket=marker)
            ctx.fail("the bucket is not there yet", expected="200", observed=reply.status, reply=reply)

    def always_fails(ctx):
        reply = ctx.call("s3", "HeadBucket", Bucket=marker + "-never")
        ctx.check(reply.ok, "no such bucket", expected=200, observed=reply.status, reply=reply)

    def passes(ctx):
        ctx.expect_ok(ctx.call("s3", "ListBuckets"))

    cases = [_case("appears-later", appears_later), _case("always-fails", always_fails), _case("passes", passes)]
    target = Target(name="moto", endpoint=url, credentials=Credentials("testing", "testing"))
    collect = Collect()
    writer = RunFolderWriter(tmp_path, {})
    try:
        summary = Runner(target, cases, tmp_path, RunOptions(concurrency=2, timeout=10, rerun_failures=2),
                         Bus([writer, collect])).run("d")
    finally:
        _s3(url).delete_bucket(Bucket=marker)
    by_id = {r.id.rsplit("/", 1)[1]: r for r in collect.results}
    flaky = by_id["appears-later"]
    assert attempts_seen == [404, 200]  # reruns stop at the first changed outcome
    assert (flaky.outcome, flaky.flaky, flaky.attempts) == ("fail", True, ["fail", "pass"])
    assert flaky.message.startswith("flaky: outcomes fail -> pass")
    stable = by_id["always-fails"]
    assert (stable.outcome, stable.flaky, stable.attempts) == ("fail", False, ["fail", "fail", "fail"])
    ok = by_id["passes"]
    assert (ok.outcome, ok.attempts) == ("pass", None) and "attempts" not in ok.to_dict()
    assert summary.counts["pass"] == 1 and summary.counts["fail"] == 2  # flaky counts as its first outcome
    meta = json.loads((tmp_path / "run.json").read_text())
    assert meta["flaky"] == ["s3/scenario/buckets/appears-later"]
    records = {json.loads(line)["id"]: json.loads(line) for line in (tmp_path / "results.jsonl").open()}
    assert records["s3/scenario/buckets/appears-later"]["flaky"] is True
    assert records["s3/scenario/buckets/always-fails"]["flaky"] is False


def test_cli_rerun_fifo_sequence_case_is_deterministic(home, tmp_path):
    """The SQS FIFO case that flipped between identical runs on moto (random SequenceNumbers,
    two sends) now decides the same way on every attempt: three attempts, one outcome. Run with
    worker processes, so the reruns also happen there."""
    out = tmp_path / "run"
    result = awscompat("run", "--select", "sqs/scenario/fifo/send-answers-sequence-number", "--rerun-failures", "2",
                       "--workers", "2", "-q", "--out", str(out), env=clean_env(home), cwd=tmp_path)
    records = read_results(out)
    (record,) = records
    assert record.get("flaky", False) is False, result
    attempts = record.get("attempts") or [record["outcome"]]
    assert len(set(attempts)) == 1, result
    assert record["outcome"] == "pass" or len(attempts) == 3, record  # a non-pass was run three times
    assert result.code == (0 if record["outcome"] == "pass" else 1), result
