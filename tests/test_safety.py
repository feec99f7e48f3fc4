"""Safety (DESIGN 4): a run touches only what it created, leaves nothing behind, and a run
killed with SIGKILL can be swept from its ledger, removing its own resources and nothing else."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest

from awscompat.engine.embedded import start_moto

ENV = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
       "AWS_DEFAULT_REGION": "us-east-1"}
FOREIGN = {"awscompat-foreign-0001": {"a.txt": b"alpha", "dir/b.txt": b"beta"},
           "customer-data": {"keep.me": b"important"},
           "awscompat-deadbeef-00001": {"other-run.txt": b"not ours either"}}


@pytest.fixture()
def moto(tmp_path):
    server = start_moto(log=tmp_path / "moto.log")
    yield server.url
    server.stop()


def s3(url):
    return boto3.client("s3", endpoint_url=url, region_name="us-east-1", aws_access_key_id="testing",
                        aws_secret_access_key="testing")


def seed(url):
    client = s3(url)
    for bucket, objects in FOREIGN.items():
        client.create_bucket(Bucket=bucket)
        for key, body in objects.items():
            client.put_object(Bucket=bucket, Key=key, Body=body)


def snapshot(url) -> dict:
    client = s3(url)
    out = {}
    for b in client.list_buckets()["Buckets"]:
        objs = client.list_objects_v2(Bucket=b["Name"]).get("Contents", [])
        out[b["Name"]] = {o["Key"]: client.get_object(Bucket=b["Name"], Key=o["Key"])["Body"].read() for o in objs}
    return out


def awscompat(*args, **kw):
    return subprocess.run([sys.executable, "-m", "awscompat.cli", *args], env=ENV, capture_output=True,
                          text=True, timeout=300, **kw)


def test_run_touches_nothing_foreign_and_leaves_nothing(moto, tmp_path):
    seed(moto)
    before = snapshot(moto)
    out = tmp_path / "run"
    proc = awscompat("run", "--endpoint", moto, "-s", "s3", "-f", "scenario", "-f", "recognised",
                     "--out", str(out), "-q")
    assert proc.returncode in (0, 1), proc.stderr
    assert snapshot(moto) == before  # foreign buckets and objects untouched; nothing of ours left
    run_id = json.loads((out / "run.json").read_text())["run_id"]
    created = [json.loads(line) for line in (out / "ledger.jsonl").read_text().splitlines()]
    assert any(e.get("kind") == "s3-bucket" for e in created), "the run did create buckets"
    assert all(run_id in e["name"] for e in created if "seq" in e)


def test_sigkill_part_way_then_cleanup_from_the_ledger(moto, tmp_path):
    seed(moto)
    out = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "awscompat.cli", "run", "--endpoint", moto, "-s", "s3",
                             "-f", "recognised", "-f", "scenario", "-c", "1", "--out", str(out), "-q"],
                            env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    ledger = out / "ledger.jsonl"
    deadline = time.monotonic() + 120
    # A CreateBucket probe's bucket stays until the final sweep: kill once one is recorded.
    while time.monotonic() < deadline:
        if ledger.exists() and '"response":' in ledger.read_text():
            break
        assert proc.poll() is None, "the run finished before it could be killed"
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
    run_id = json.loads((out / "run.json").read_text())["run_id"]
    ours = [b for b in snapshot(moto) if run_id in b]
    assert ours, "the killed run left resources of its own (the ledger knows them)"
    done = awscompat("cleanup", str(out))
    assert done.returncode == 0, done.stderr
    after = snapshot(moto)
    assert not [b for b in after if run_id in b]
    assert {b: after[b] for b in FOREIGN} == FOREIGN
    again = awscompat("cleanup", str(out))
    assert again.returncode == 0 and "nothing to clean" in again.stderr


def test_cleanup_of_a_folder_that_is_not_a_run(tmp_path):
    proc = awscompat("cleanup", str(tmp_path))
    assert proc.returncode == 2 and "not a run folder" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_read_only_runs_no_mutating_case(moto, tmp_path):
    seed(moto)
    before = snapshot(moto)
    out = tmp_path / "ro"
    proc = awscompat("run", "--endpoint", moto, "-s", "s3", "--read-only", "--out", str(out), "-q")
    assert proc.returncode in (0, 1), proc.stderr
    results = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    ran = [r for r in results if r["outcome"] != "skip"]
    assert ran and all(not r["operations"][0].startswith(("Put", "Delete", "Create")) for r in ran
                       if r["family"] == "recognised")
    assert snapshot(moto) == before
    assert Path(out / "ledger.jsonl").read_text().count('"seq"') == 0
