"""--workers: the cases of one run spread over several processes (engine/workers.py), against a
real moto on loopback. Same outcomes as one process; one ledger; a killed worker's cases become
errors, never verdicts; a run killed with SIGKILL takes its workers with it and can be swept."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from awscompat.engine.embedded import start_moto
from awscompat.engine.ledger import read_ledger
from awscompat.engine.workers import shares

ENV = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
       "AWS_DEFAULT_REGION": "us-east-1"}
SELECTION = ("-k", "s3/*/recognised", "-k", "s3/scenario/multipart/*", "-k", "sqs/*/recognised")


@pytest.fixture()
def moto(tmp_path):
    server = start_moto(log=tmp_path / "moto.log")
    yield server.url
    server.stop()


def awscompat(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "awscompat.cli", *args], env=ENV, capture_output=True, text=True,
                          timeout=400, **kw)


def outcomes(run: Path) -> dict[str, str]:
    return {r["id"]: r["outcome"] for r in map(json.loads, (run / "results.jsonl").read_text().splitlines())}


def worker_pids(parent: int) -> list[int]:
    """The worker processes of a run (multiprocessing's spawned children, not its resource tracker)."""
    pids = []
    for task in Path(f"/proc/{parent}/task").iterdir():
        for pid in (task / "children").read_text().split():
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            if b"spawn_main" in cmdline:
                pids.append(int(pid))
    return pids


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def test_shares_split_the_concurrency():
    assert shares(16, 2) == [8, 8]
    assert shares(5, 2) == [3, 2]
    assert shares(2, 4) == [1, 1]  # never a worker with nothing to do
    assert sum(shares(33, 4)) == 33


def test_workers_give_the_same_outcomes_as_one_process(moto, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    first = awscompat("run", "--endpoint", moto, *SELECTION, "--out", str(one), "-q")
    second = awscompat("run", "--endpoint", moto, *SELECTION, "-w", "2", "-c", "8", "--out", str(two), "-q")
    assert first.returncode in (0, 1), first.stderr
    assert second.returncode == first.returncode, second.stderr
    a, b = outcomes(one), outcomes(two)
    assert len(a) > 100 and a == b
    header, pending = read_ledger(two / "ledger.jsonl")
    assert header["run_id"] == json.loads((two / "run.json").read_text())["run_id"]
    assert pending == []  # every resource of both workers was removed
    entries = [json.loads(line) for line in (two / "ledger.jsonl").read_text().splitlines()]
    seqs = [e["seq"] for e in entries if "seq" in e]
    names = [e["name"] for e in entries if "seq" in e]
    assert len(seqs) > 20 and len(set(seqs)) == len(seqs) and len(set(names)) == len(names)
    assert {s % 2 for s in seqs} == {0, 1}  # both workers created resources


def test_a_killed_worker_turns_its_cases_into_errors_not_verdicts(moto, tmp_path):
    base, run = tmp_path / "base", tmp_path / "run"
    selection = SELECTION
    fresh = start_moto(log=tmp_path / "moto-base.log")  # the baseline on its own server: no state shared
    try:
        assert awscompat("run", "--endpoint", fresh.url, *selection, "--out", str(base), "-q").returncode in (0, 1)
    finally:
        fresh.stop()
    proc = subprocess.Popen([sys.executable, "-m", "awscompat.cli", "run", "--endpoint", moto, *selection,
                             "-w", "2", "-c", "2", "--out", str(run), "-q"],
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    victims: list[int] = []
    while time.monotonic() < deadline and not victims:
        results = run / "results.jsonl"
        if results.exists() and len(results.read_text().splitlines()) >= 10:
            victims = worker_pids(proc.pid)[:1]
        assert proc.poll() is None, "the run ended before a worker could be killed"
        time.sleep(0.05)
    assert victims, "no worker process found"
    os.kill(victims[0], signal.SIGKILL)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 3, stdout + stderr  # incomplete: harness errors
    expected, got = outcomes(base), outcomes(run)
    assert set(got) == set(expected)  # every case reported once
    lost = {k for k, v in got.items() if v != expected[k]}
    assert lost and all(got[k] == "error" for k in lost)
    messages = [r["message"] for r in map(json.loads, (run / "results.jsonl").read_text().splitlines())
                if r["id"] in lost]
    assert all("worker process died" in m for m in messages), messages[:3]
    assert awscompat("cleanup", str(run)).returncode == 0  # what the dead worker held is swept


def test_sigkill_of_the_run_takes_its_workers_and_cleanup_sweeps(moto, tmp_path):
    out = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "awscompat.cli", "run", "--endpoint", moto, "-s", "s3",
                             "-f", "recognised", "-f", "scenario", "-w", "2", "-c", "2", "--out", str(out), "-q"],
                            env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ledger = out / "ledger.jsonl"
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while time.monotonic() < deadline:
        if ledger.exists() and '"response":' in ledger.read_text():
            workers = worker_pids(proc.pid)
            break
        assert proc.poll() is None, "the run finished before it could be killed"
        time.sleep(0.01)
    assert len(workers) == 2
    os.kill(proc.pid, signal.SIGKILL)  # the parent only: the kernel kills its workers (PR_SET_PDEATHSIG)
    proc.wait(10)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in workers)
    _, pending = read_ledger(ledger)
    assert pending, "the killed run left resources of its own (the ledger knows them)"
    done = awscompat("cleanup", str(out))
    assert done.returncode == 0, done.stderr
    assert read_ledger(ledger)[1] == []
