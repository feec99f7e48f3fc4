"""Issue 14, finding 2 (engine): a provider that trickles its answer one byte every 2 s is cut at
`--timeout` (a total deadline per request: connect, send, the whole answer), in the preflight,
in botocore calls and in raw HTTP; `--budget` bounds the run's wall clock.

The subprocess timeout is only a guard (on the old code the run never ends); nothing here
asserts a duration."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from trickle import trickle_server

from awscompat.engine.rawhttp import request
from awscompat.engine.target import Credentials, Target
from awscompat.engine.transport import Transport, TransportFault
from clirun import awscompat, cli_env, read_results

GUARD = 150  # seconds: only so that the old code's endless wait fails the test instead of hanging it


def _run(url: str, out: Path, home: Path, *extra: str):
    return awscompat("run", "--endpoint", url, "-s", "s3", "--out", str(out), "-q", "--timeout", "3", *extra,
                     env=cli_env(home), cwd=home, timeout=GUARD)


def test_preflight_is_cut_at_timeout(tmp_path: Path, home: Path) -> None:
    with trickle_server(2.0) as server:
        done = _run(server.url, tmp_path / "run", home, "-k", "s3/ListBuckets/recognised", "-k", "s3/HeadBucket/recognised")
    assert done.code == 3, done
    results = read_results(tmp_path / "run")
    assert len(results) == 2 and {r["outcome"] for r in results} == {"error"}, results
    assert all("preflight" in r["message"] and "did not answer within 3s" in r["message"] for r in results), results
    assert json.loads((tmp_path / "run" / "run.json").read_text()).get("finished"), "the run did not finish"


def test_cases_are_cut_at_timeout(tmp_path: Path, home: Path) -> None:
    """The preflight is answered; every request of the cases trickles (botocore path)."""
    with trickle_server(2.0, answer_preflight=True) as server:
        done = _run(server.url, tmp_path / "run", home, "-k", "s3/ListObjects/recognised",
                    "-k", "s3/GetBucketTagging/recognised", "--retries", "0")
        trickled = server.trickled
    assert done.code == 3, done
    results = read_results(tmp_path / "run")
    assert trickled >= 2
    assert len(results) == 2 and {r["outcome"] for r in results} == {"error"}, results
    assert all("total deadline of 3s" in r["message"] for r in results), results


def test_raw_http_is_cut_at_timeout() -> None:
    target = Target(endpoint="http://unused", credentials=Credentials("testing", "testing"))
    transport = Transport(target, timeout=3, retries=0)
    outcome: list[BaseException | None] = []

    def fetch() -> None:
        try:
            request(transport, "GET", f"{server.url}/bucket/key", service="s3", operation="GetObject")
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)

    with trickle_server(2.0) as server:
        thread = threading.Thread(target=fetch, daemon=True)
        thread.start()
        thread.join(GUARD)
        cut = list(outcome)  # taken before the server closes (closing ends the request another way)
    assert cut, "the raw request was never cut"
    outcome = cut
    fault = outcome[0]
    assert isinstance(fault, TransportFault) and fault.kind == "timeout", fault
    assert fault.exchange.fault == "timeout"


def test_budget_turns_the_rest_into_errors(tmp_path: Path, home: Path) -> None:
    """--budget 1 with cases that each wait out a 3 s deadline: the cases not started are
    `error` naming the budget, the run ends with exit 3, and run.json is written."""
    selects = ["s3/ListObjects/recognised", "s3/GetBucketTagging/recognised", "s3/GetBucketAcl/recognised",
               "s3/GetBucketCors/recognised", "s3/GetBucketPolicy/recognised"]
    args = [a for s in selects for a in ("-k", s)]
    with trickle_server(2.0, answer_preflight=True) as server:
        done = _run(server.url, tmp_path / "run", home, *args, "--retries", "0", "--budget", "1",
                    "--concurrency", "1")
    assert done.code == 3, done
    results = read_results(tmp_path / "run")
    assert len(results) == len(selects)
    budget = [r for r in results if "budget" in r["message"]]
    assert budget and all(r["outcome"] == "error" for r in budget), results
    assert len(budget) < len(results)  # the first case ran (and met the trickle)
    assert json.loads((tmp_path / "run" / "run.json").read_text()).get("finished")
