"""Distributed runs (issue 17) against real parts: redis-server as the Celery broker, two
`awscompat worker` processes, one moto. The union of the workers' results is the local run's
case set with no duplicate; a worker SIGKILLed mid-shard and a broker restart mid-run lose no
case and duplicate none."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from awscompat.engine.distributed.shards import CaseRef, CostModel, plan_shards
from awscompat.engine.distributed.store import Store
from brokers import RedisServer, Worker

BIN = Path(sys.executable).parent
SELECT = ["--service", "sqs", "--service", "dynamodb", "--family", "recognised", "--family", "scenario"]
SMALL = ["--service", "sqs", "--family", "recognised", "--family", "scenario"]
VISIBILITY = 10.0


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def env(home: Path) -> dict[str, str]:
    return {**os.environ, "HOME": str(home), "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1", "AWSCOMPAT_SECRET_KEY": Fernet.generate_key().decode()}


@pytest.fixture
def workers(broker: RedisServer, env: dict[str, str], tmp_path: Path) -> Iterator[list[Worker]]:
    started = [Worker(broker.url, tmp_path / f"w{i}", env, visibility=VISIBILITY) for i in range(2)]
    try:
        for w in started:
            w.wait_ready()
        yield started
    finally:
        for w in started:
            w.stop()


def _run_argv(endpoint: str, out: Path, selection: list[str], broker: str | None = None) -> list[str]:
    argv = [str(BIN / "awscompat"), "run", "--endpoint", endpoint, *selection, "--concurrency", "8", "--quiet",
            "--out", str(out)]
    if broker:
        argv += ["--broker", broker, "--shards", "8", "--visibility-timeout", str(VISIBILITY)]
    return argv


def _ids(run: Path) -> list[str]:
    return [json.loads(line)["id"] for line in (run / "results.jsonl").read_text().splitlines() if line.strip()]


def _listed(selection: list[str], env: dict[str, str]) -> set[str]:
    out = subprocess.run([str(BIN / "awscompat"), "list", *selection, "--json"], env=env, capture_output=True,
                         text=True, check=True, timeout=120).stdout
    return {c["id"] for c in json.loads(out)}


def _check_merged(run: Path, expected: set[str]) -> dict:
    ids = _ids(run)
    dupes = [cid for cid, n in Counter(ids).items() if n > 1]
    assert not dupes, f"recorded more than once: {dupes[:5]}"
    assert set(ids) == expected, (sorted(expected - set(ids))[:5], sorted(set(ids) - expected)[:5])
    meta = json.loads((run / "run.json").read_text())
    assert meta["cases"] == len(expected)
    assert meta["leftovers"] == []
    headers = [ln for ln in (run / "ledger.jsonl").read_text().splitlines() if '"ledger": 1' in ln]
    assert len(headers) == 1  # one ledger, the workers' entries merged into it
    return meta


def test_two_workers_union_equals_local_run(moto_server, broker, workers, env, tmp_path):
    local = subprocess.run(_run_argv(moto_server.url, tmp_path / "local", SELECT), env=env, capture_output=True,
                           text=True, timeout=300)
    assert local.returncode in (0, 1), local.stderr[-2000:]
    dist = subprocess.run(_run_argv(moto_server.url, tmp_path / "dist", SELECT, broker.url), env=env,
                          capture_output=True, text=True, timeout=300)
    assert dist.returncode in (0, 1), dist.stderr[-2000:]
    local_ids = _ids(tmp_path / "local")
    meta = _check_merged(tmp_path / "dist", set(local_ids))
    assert len(local_ids) == len(set(local_ids)) > 300
    assert meta["suite_digest"] == json.loads((tmp_path / "local" / "run.json").read_text())["suite_digest"]
    assert meta["status"] == "complete"
    by = Counter(broker.client().hvals(f"awscompat:run:{meta['run_id']}:by"))
    assert len(by) == 2 and sum(by.values()) == len(local_ids), by  # both workers recorded results
    # every ledgered entry was made in the run's one namespace, with unique entry numbers
    entries = [json.loads(ln) for ln in (tmp_path / "dist" / "ledger.jsonl").read_text().splitlines() if '"seq"' in ln]
    assert entries and all(e["name"].startswith(f"awscompat-{meta['run_id']}-") for e in entries)
    assert len({e["seq"] for e in entries}) == len(entries)


def _start_dist(moto_url: str, out: Path, broker: str, env: dict[str, str]) -> subprocess.Popen:
    log = open(out.parent / f"{out.name}.log", "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(_run_argv(moto_url, out, SMALL, broker), env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def _run_id(out: Path, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return json.loads((out / "run.json").read_text())["run_id"]
        except (OSError, ValueError, KeyError):
            time.sleep(0.1)
    pytest.fail("the run did not start")


def _wait(proc: subprocess.Popen, timeout: float = 240) -> int:
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("the distributed run did not finish")


def test_worker_sigkilled_mid_shard_loses_and_duplicates_nothing(moto_server, broker, workers, env, tmp_path):
    out = tmp_path / "killed"
    proc = _start_dist(moto_server.url, out, broker.url, env)
    run = _run_id(out)
    r = broker.client()
    victim, survivor = workers
    held: list[str] = []
    deadline = time.monotonic() + 120
    while not held:  # wait until the victim holds cases it has not finished
        assert time.monotonic() < deadline and proc.poll() is None, "the victim never held a case"
        claims = r.hgetall(f"awscompat:run:{run}:claims")
        done = set(r.hkeys(f"awscompat:run:{run}:results"))
        held = [c for c, tok in claims.items() if tok.startswith(victim.token_prefix) and c not in done]
        time.sleep(0.02)
    victim.kill()
    assert _wait(proc) in (0, 1, 3)
    expected = _listed(SMALL, env)
    _check_merged(out, expected)
    starts = r.hgetall(f"awscompat:run:{run}:starts")
    by = r.hgetall(f"awscompat:run:{run}:by")
    results = {cid: json.loads(v) for cid, v in r.hgetall(f"awscompat:run:{run}:results").items()}
    for cid in held:  # each case the victim died holding: run once more elsewhere, or an error saying why
        assert not by[cid].startswith(victim.token_prefix)
        if results[cid]["outcome"] == "error" and int(starts[cid]) >= 2:
            assert "started twice" in results[cid]["message"] or "harness error" in results[cid]["message"]
        else:
            assert int(starts[cid]) == 2, (cid, starts[cid])
    assert max(int(v) for v in starts.values()) <= 2


def test_broker_restart_mid_run_loses_and_duplicates_nothing(moto_server, broker, workers, env, tmp_path):
    out = tmp_path / "restarted"
    proc = _start_dist(moto_server.url, out, broker.url, env)
    run = _run_id(out)
    r = broker.client()
    deadline = time.monotonic() + 120
    while r.llen(f"awscompat:run:{run}:done") < 20:
        assert time.monotonic() < deadline and proc.poll() is None, "no results before the restart"
        time.sleep(0.05)
    broker.stop()
    time.sleep(2.0)
    broker.start()
    assert _wait(proc) in (0, 1, 3)
    _check_merged(out, _listed(SMALL, env))
    assert broker.client().llen(f"awscompat:run:{run}:done") == len(_ids(out))


def test_shards_group_by_service_and_feature_and_balance_recorded_costs():
    refs = [CaseRef(f"s3/Op{i}/recognised", 1, "s3", f"s3/f{i % 3}", "recognised") for i in range(90)]
    refs += [CaseRef(f"sqs/scenario/x/{i}", 1, "sqs", "sqs/x", "scenario") for i in range(10)]
    cost = CostModel(per_case={r.id: 1000.0 for r in refs[90:]}, per_family={"recognised": 10.0})
    shards = plan_shards(refs, cost, count=4)
    assert sorted(r.id for s in shards for r in s.refs) == sorted(r.id for r in refs)  # each case exactly once
    assert len(shards) == 4
    heaviest, lightest = max(s.estimate_ms for s in shards), min(s.estimate_ms for s in shards)
    assert heaviest <= 2 * lightest  # the 10 slow scenarios are spread, not lumped into one shard
    for s in shards:  # a shard holds whole (service, feature) runs in catalog order
        order = [refs.index(r) for r in s.refs]
        assert order == sorted(order)
    auto = plan_shards(refs, cost, max_shard_s=1.0)
    assert all(s.estimate_ms <= 1000.0 + 1000.0 for s in auto) and len(auto) >= 10


def test_per_target_slots_never_exceed_the_limit(broker):
    store = Store(broker.url)
    key = Store.slots_key("t")
    got = [store.try_slot(key, f"m{i}", 3, 30.0) for i in range(5)]
    assert got == [True, True, True, False, False]
    store.release_slot(key, "m0")
    assert store.try_slot(key, "m3", 3, 30.0) and not store.try_slot(key, "m4", 3, 30.0)
    assert store.try_slot(Store.slots_key("other"), "m9", 3, 30.0)  # another target has its own limit
    lapsed = Store.slots_key("lapsed")
    assert store.try_slot(lapsed, "dead", 1, 0.2)
    time.sleep(0.3)  # a dead worker's slot expires with its lease
    assert store.try_slot(lapsed, "next", 1, 30.0)
    assert store.lock_target("t", "run-a", 30) is None
    assert store.lock_target("t", "run-b", 30) == "run-a"  # one run per target at a time
    store.unlock_target("t", "run-a")
    assert store.lock_target("t", "run-b", 30) is None


def test_credentials_cross_the_broker_sealed(monkeypatch):
    from awscompat.engine.distributed.store import BrokerError, open_target, seal_target
    from awscompat.engine.target import Credentials, Target

    monkeypatch.setenv("AWSCOMPAT_SECRET_KEY", Fernet.generate_key().decode())
    target = Target(endpoint="http://127.0.0.1:1", credentials=Credentials("AKIDEXAMPLE", "s3cr3t-value", "tok-en"),
                    second_credentials=Credentials("AKIDSECOND", "second-s3cr3t"))
    sealed = json.dumps(seal_target(target))
    for secret in ("s3cr3t-value", "tok-en", "second-s3cr3t", "AKIDEXAMPLE"):
        assert secret not in sealed
    opened = open_target(json.loads(sealed))
    assert opened.credentials.secret_key == "s3cr3t-value" and opened.second_credentials.access_key == "AKIDSECOND"
    monkeypatch.setenv("AWSCOMPAT_SECRET_KEY", Fernet.generate_key().decode())  # a worker with another key
    with pytest.raises(BrokerError, match="cannot open"):
        open_target(json.loads(sealed))
    monkeypatch.delenv("AWSCOMPAT_SECRET_KEY")
    with pytest.raises(BrokerError, match="AWSCOMPAT_SECRET_KEY"):
        seal_target(target)
