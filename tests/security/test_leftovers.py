"""Issue 14, finding 4: nothing left behind unreported.

A create probe answered 5xx may have created what it named; the sweep undoes it by the
identifiers the probe named, and the end-of-run survey lists the run's namespace and names in
run.json `leftovers` whatever is still there. Each test runs against a fresh moto of its own."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import boto3
import pytest

import servers
from awscompat.engine.namespace import Namespace
from awscompat.engine.survey import survey
from awscompat.engine.target import Credentials, Target
from awscompat.engine.transport import Transport
from clirun import awscompat, cli_env


@pytest.fixture
def fresh_moto(tmp_path: Path):
    with servers.moto(tmp_path / "moto") as running:
        yield running


def _s3(url: str):
    return boto3.client("s3", endpoint_url=url, region_name="us-east-1", aws_access_key_id="testing",
                        aws_secret_access_key="testing")


def _buckets(url: str) -> list[str]:
    return sorted(b["Name"] for b in _s3(url).list_buckets()["Buckets"])


def _run(url: str, out: Path, home: Path, *select: str):
    args = ["run", "--endpoint", url, "-s", "s3", "--out", str(out), "-q"]
    for glob in select:
        args += ["-k", glob]
    return awscompat(*args, env=cli_env(home), cwd=home, timeout=300)


def test_a_5xx_create_probe_is_undone(fresh_moto, tmp_path: Path, home: Path) -> None:
    """moto answers CreateBucket with an unknown ACL with HTTP 500, having created the bucket.
    The old code marked the probe `rejected` (no undo) and reported `"leftovers": []`."""
    out = tmp_path / "run"
    done = _run(fresh_moto.url, out, home, "s3/CreateBucket/*")
    assert done.code in (0, 1, 3), done
    results = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    enum = next(r for r in results if r["id"] == "s3/CreateBucket/constraint/ACL/enum")
    assert "500" in enum["message"], enum  # the situation of the finding is really exercised
    left = json.loads((out / "run.json").read_text())["leftovers"]
    assert _buckets(fresh_moto.url) == [], (left, done)
    assert left == []


def test_ledger_carries_the_undo_of_a_probe(fresh_moto, tmp_path: Path, home: Path) -> None:
    """The probe's ledger entry names its undo (DeleteBucket of the bucket it named) before it is sent."""
    out = tmp_path / "run"
    _run(fresh_moto.url, out, home, "s3/CreateBucket/constraint/ACL/enum")
    entries = [json.loads(line) for line in (out / "ledger.jsonl").read_text().splitlines()]
    probe = next(e for e in entries if e.get("kind") == "probe")
    bucket = probe["create"]["params"]["Bucket"]
    assert probe["delete"] == [{"service": "s3", "operation": "DeleteBucket", "params": {"Bucket": bucket}}]
    done = {e["done"]: e["how"] for e in entries if "done" in e}
    assert done[probe["seq"]] == "deleted"


def test_survey_names_what_is_left_and_only_the_runs_own(fresh_moto) -> None:
    """What survives the sweep is named; another run's bucket and a foreign bucket are not."""
    ns, other = Namespace(), Namespace()
    mine, theirs = ns.name("left"), other.name("left")
    s3 = _s3(fresh_moto.url)
    for name in (mine, theirs, "someone-elses-bucket"):
        s3.create_bucket(Bucket=name)
    creds = Credentials("testing", "testing")
    transport = Transport(Target(endpoint=fresh_moto.url, region="us-east-1", credentials=creds), timeout=10)
    lines = survey(transport, ns, ["s3", "sqs"])
    assert lines == [f"s3: {mine} is still there (seen in ListBuckets)"]
    assert _buckets(fresh_moto.url) == sorted([mine, theirs, "someone-elses-bucket"])  # survey deletes nothing


def test_survey_never_reports_clean_what_it_could_not_list(silent_endpoint: str) -> None:
    target = Target(endpoint=silent_endpoint, region="us-east-1", credentials=Credentials("testing", "testing"))
    transport = Transport(target, timeout=1, retries=0)
    lines = survey(transport, Namespace(), ["s3"])
    assert len(lines) == 1 and "what is left there is unknown" in lines[0], lines


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("AWSCOMPAT_SLOW"), reason="opt-in: AWSCOMPAT_SLOW=1")
def test_whole_s3_run_leaves_nothing_or_names_it(fresh_moto, tmp_path: Path, home: Path) -> None:
    out = tmp_path / "run"
    done = _run(fresh_moto.url, out, home)
    left = json.loads((out / "run.json").read_text())["leftovers"]
    buckets = _buckets(fresh_moto.url)
    assert all(any(b in line for line in left) for b in buckets), (buckets, left, done)
    assert bool(buckets) == bool(left)


def test_what_cannot_be_removed_is_named_in_run_json_and_the_closing_lines(fresh_moto, tmp_path: Path,
                                                                            home: Path) -> None:
    """A provider that refuses every DeleteBucket: run.json `leftovers` names exactly the buckets
    left on it, and so does the command's closing output."""
    from echoproxy import echo_proxy

    out = tmp_path / "run"
    with echo_proxy(fresh_moto.url, keep_buckets=True) as url:
        done = _run(url, out, home, "s3/CreateBucket/*", "s3/scenario/presigned/get-url")
    left = json.loads((out / "run.json").read_text())["leftovers"]
    buckets = _buckets(fresh_moto.url)
    assert buckets, done  # the situation is really made
    named = {b for b in buckets if any(b in line for line in left)}
    assert named == set(buckets), (buckets, left)
    assert all(any(b in line for b in buckets) for line in left), left  # nothing else is claimed
    assert "left on the target" in done.output and all(b in done.output for b in buckets), done


def test_survey_reads_every_page(moto_server) -> None:
    """More of the run's resources than one page holds (page size 2, 5 each of queues, IAM roles and
    DynamoDB tables): every one is named, through SQS's NextToken, IAM's Marker/IsTruncated and
    DynamoDB's LastEvaluatedTableName pagination alike."""
    ns = Namespace()
    kw = {"endpoint_url": moto_server.url, "region_name": "us-east-1", "aws_access_key_id": "testing",
          "aws_secret_access_key": "testing"}
    sqs, iam, ddb = boto3.client("sqs", **kw), boto3.client("iam", **kw), boto3.client("dynamodb", **kw)
    queues, roles, tables = ([ns.name(f"{k}{i}") for i in range(5)] for k in ("q", "r", "t"))
    try:
        for q, r, t in zip(queues, roles, tables, strict=True):
            sqs.create_queue(QueueName=q)
            iam.create_role(RoleName=r, AssumeRolePolicyDocument="{}")
            ddb.create_table(TableName=t, KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                             AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
                             BillingMode="PAY_PER_REQUEST")
        # the situation is real: one page of 2 does not hold them all
        assert sqs.list_queues(MaxResults=2).get("NextToken")
        assert iam.list_roles(MaxItems=2)["IsTruncated"] is True
        assert ddb.list_tables(Limit=2).get("LastEvaluatedTableName")
        transport = Transport(Target(endpoint=moto_server.url, region="us-east-1",
                                     credentials=Credentials("testing", "testing")), timeout=10)
        lines = survey(transport, ns, ["dynamodb", "iam", "sqs"], page_size=2)
        assert not [line for line in lines if "unknown" in line], lines
        named = {line.split(": ", 1)[1].split(" ", 1)[0] for line in lines}
        assert set(queues) | set(roles) | set(tables) <= named, lines
        # the page bound is never taken as "clean": stopping early says so
        bounded = survey(transport, ns, ["sqs"], page_size=2, max_pages=1)
        assert any("still had more after 1 pages" in line and "unknown" in line for line in bounded), bounded
    finally:
        for q in queues:
            with contextlib.suppress(Exception):
                sqs.delete_queue(QueueUrl=sqs.get_queue_url(QueueName=q)["QueueUrl"])
        for r in roles:
            with contextlib.suppress(Exception):
                iam.delete_role(RoleName=r)
        for t in tables:
            with contextlib.suppress(Exception):
                ddb.delete_table(TableName=t)
