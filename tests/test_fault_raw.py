"""Raw HTTP (engine/rawhttp.py: S3 presigned URLs, POST uploads, hand-signed and virtual-hosted
requests, CORS preflights) under the fault rule of tests/test_faultproxy.py: a target behind the
fault proxy rates the same as without it, apart from `error` outcomes.

The unit tests send rawhttp.request() through the real FaultProxy in front of moto, one fault at
a time (fixed seeds, one request at a time: the same faults every run). The run tests run the S3
scenario features that make raw requests (addressing, presigned, sigv4, cors) once directly and
once per fault type through `awscompat run --fault`, then compare case by case.
"""

from __future__ import annotations

import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from botocore import xform_name

import servers
from awscompat.catalog.case import Case, docs
from awscompat.engine import rawhttp
from awscompat.engine.context import CaseContext
from awscompat.engine.evidence import Exchange
from awscompat.engine.ledger import Ledger
from awscompat.engine.namespace import Namespace
from awscompat.engine.outcomes import HarnessError
from awscompat.engine.target import Credentials, Target
from awscompat.engine.transport import CONFIRM, Reply, Transport, TransportFault
from awscompat.faults.proxy import FaultProxy, parse_faults
from clirun import CliResult
from faultruns import Faults, assert_rated_alike, outcomes, run_each_fault

RETRIES = 2
ATTEMPTS = 1 + RETRIES
BODY = b"awscompat raw payload " * 64  # long enough for a cut to land inside it
BUCKET = "awscompat-rawfault-unit"
ABSENT = "awscompat-rawfault-absent"


# -- rawhttp.request() through the proxy ----------------------------------------------------------
def _transport(url: str, timeout: float = 10.0) -> Transport:
    target = Target(endpoint=url, credentials=Credentials("testing", "testing"))
    return Transport(target, timeout=timeout, retries=RETRIES, backoff=0.01)


@pytest.fixture(scope="module")
def moto_url(moto_server: servers.Running) -> str:
    """moto with a bucket holding one object (made directly, not through the proxy)."""
    transport = _transport(moto_server.url)
    for operation, params in (("CreateBucket", {"Bucket": BUCKET}),
                              ("PutObject", {"Bucket": BUCKET, "Key": "k", "Body": BODY})):
        reply = transport.call("s3", operation, params)
        assert reply.ok or reply.code == "BucketAlreadyOwnedByYou", reply.describe()
    return moto_server.url


@contextmanager
def proxied(url: str, *specs: str, timeout: float = 10.0) -> Iterator[tuple[FaultProxy, Transport]]:
    with FaultProxy(url, parse_faults([*specs, "seed=3"])) as proxy:
        yield proxy, _transport(proxy.url, timeout)


METHODS = {"GetObject": "GET", "HeadObject": "HEAD", "ListObjects": "GET", "PutObject": "PUT"}


def url_for(transport: Transport, operation: str, bucket: str, key: str) -> str:
    """A presigned URL (moto checks signatures) for operation, through transport's endpoint."""
    params = {"Bucket": bucket, **({"Key": key} if operation != "ListObjects" else {})}
    return transport.client("s3").generate_presigned_url(xform_name(operation), Params=params, ExpiresIn=300)


def send(transport: Transport, operation: str = "GetObject", bucket: str = BUCKET, key: str = "k",
         data: bytes | None = None) -> tuple[Reply | TransportFault, list[Exchange]]:
    """One rawhttp.request; (its Reply or TransportFault, its attempts)."""
    record: list[Exchange] = []
    try:
        result: Reply | TransportFault = rawhttp.request(
            transport, METHODS[operation], url_for(transport, operation, bucket, key), data=data, service="s3",
            operation=operation, record=record)
    except TransportFault as fault:
        result = fault
    return result, record


def case_send(transport: Transport, operation: str = "GetObject", bucket: str = BUCKET, key: str = "k",
              data: bytes | None = None) -> Reply:
    """CaseContext.raw as a scenario calls it."""
    case = Case(id="s3/scenario/raw/probe", service="s3", operations=(operation,), family="scenario",
                feature="s3/raw", severity="required", provenance=docs("https://docs.aws.amazon.com/AmazonS3/"),
                mutating=False, run=lambda ctx: None)
    folder = Path(tempfile.mkdtemp(prefix="awscompat-raw-"))
    ns = Namespace()
    ctx = CaseContext(case, transport, Ledger(folder / "ledger.jsonl", ns), ns, timeout=60)
    return ctx.raw(METHODS[operation], url_for(transport, operation, bucket, key), data=data, service="s3",
                   operation=operation)


def intact(result: Reply | TransportFault) -> bool:
    return isinstance(result, Reply) and result.ok and result.exchange.response_body == BODY


def test_no_fault_and_latency(moto_url: str) -> None:
    with proxied(moto_url, "latency=30ms:jitter=10ms") as (proxy, transport):
        result, record = send(transport)
        assert intact(result) and len(record) == 1
        listed, _ = send(transport, "ListObjects")
        assert isinstance(listed, Reply) and listed.ok and b"<Key>k</Key>" in (listed.exchange.response_body or b"")
        missing, _ = send(transport, key="absent")
        assert isinstance(missing, Reply) and (missing.status, missing.code) == (404, "NoSuchKey")
        head, _ = send(transport, "HeadObject")
        assert isinstance(head, Reply) and head.ok and head.exchange.response_body == b""
        assert proxy.stats["requests"] == 4


def test_reset_is_retried_then_a_transport_fault(moto_url: str) -> None:
    with proxied(moto_url, "reset=1") as (proxy, transport):
        for operation, data in (("GetObject", None), ("PutObject", b"x")):  # never forwarded: retried too
            result, record = send(transport, operation, data=data)
            assert isinstance(result, TransportFault) and result.kind == "connection-reset", result
            assert len(record) == ATTEMPTS and all(ex.fault == "connection-reset" for ex in record)
        assert proxy.stats["reset"] == 2 * ATTEMPTS
        with pytest.raises(HarnessError, match="connection-reset"):
            case_send(transport)
    with proxied(moto_url, "reset=0.5") as (proxy, transport):
        results = [send(transport) for _ in range(12)]
        assert all(intact(r) or (isinstance(r, TransportFault) and r.kind == "connection-reset")
                   for r, _ in results), results
        assert any(intact(r) and len(rec) > 1 for r, rec in results), "no read recovered by a retry"
        assert proxy.stats["reset"] >= 6


def test_500_is_retried_and_confirmed(moto_url: str) -> None:
    with proxied(moto_url, "500=1") as (proxy, transport):
        result, record = send(transport)
        # Transport.call's rule: a "try again" 5xx is judged only after the confirmation round.
        assert isinstance(result, Reply) and (result.status, result.code) == (500, "InternalError")
        assert len(record) == ATTEMPTS + CONFIRM and result.retry_later
    with proxied(moto_url, "500=0.4:burst=2") as (proxy, transport):
        results = [send(transport) for _ in range(10)]
        assert all(intact(r) for r, _ in results), [r.describe() for r, _ in results if isinstance(r, Reply)]
        assert any(len(rec) > 1 for _, rec in results) and proxy.stats["500"] >= 4


def test_503_slowdown_is_retried_then_error(moto_url: str) -> None:
    with proxied(moto_url, "503=1") as (proxy, transport):
        result, record = send(transport)
        assert isinstance(result, Reply) and (result.status, result.code) == (503, "SlowDown")
        assert len(record) == ATTEMPTS and result.inconclusive
        with pytest.raises(HarnessError, match="throttled or unavailable"):
            case_send(transport, "PutObject", data=b"x")
        assert proxy.stats["503"] == 2 * ATTEMPTS
    with proxied(moto_url, "503=0.4:burst=2") as (proxy, transport):
        results = [send(transport) for _ in range(10)]
        assert all(intact(r) or (isinstance(r, Reply) and r.inconclusive) for r, _ in results)
        assert any(intact(r) and len(rec) > 1 for r, rec in results) and proxy.stats["503"] >= 4


def test_truncated_body_is_retried_for_reads_only(moto_url: str) -> None:
    with proxied(moto_url, "truncate=1") as (proxy, transport):
        for operation, key in (("GetObject", "k"), ("ListObjects", ""), ("GetObject", "absent")):
            result, record = send(transport, operation, key=key)
            assert isinstance(result, TransportFault) and result.kind == "truncated", (operation, result)
            assert len(record) == ATTEMPTS
        # A write whose (error) answer is cut short: the provider acted, so no repeat.
        result, record = send(transport, "PutObject", ABSENT, data=b"x")
        assert isinstance(result, TransportFault) and result.kind == "truncated" and len(record) == 1
        with pytest.raises(HarnessError, match="truncated"):
            case_send(transport)
    with proxied(moto_url, "truncate=0.5") as (proxy, transport):
        results = [send(transport) for _ in range(10)]
        assert all(intact(r) or (isinstance(r, TransportFault) and r.kind == "truncated") for r, _ in results)
        assert any(intact(r) and len(rec) > 1 for r, rec in results) and proxy.stats["truncate"] >= 4


def test_garbage_is_never_an_answer(moto_url: str) -> None:
    with proxied(moto_url, "garbage=1") as (proxy, transport):
        payload, record = send(transport)  # an object: not vouched by its ETag, read until two reads agree
        assert isinstance(payload, Reply) and not payload.ok and "differed" in payload.corrupt
        assert len(record) == ATTEMPTS
        for operation, key in (("ListObjects", ""), ("GetObject", "absent")):
            result, record = send(transport, operation, key=key)  # XML documents (a list, an <Error>)
            assert isinstance(result, Reply) and result.corrupt and not result.ok and result.code == ""
            assert len(record) == ATTEMPTS, operation
        result, record = send(transport, "PutObject", ABSENT, data=b"x")
        assert isinstance(result, Reply) and result.corrupt and len(record) == 1  # a write: not repeated
        with pytest.raises(HarnessError, match="damaged on its way"):
            case_send(transport, "ListObjects")
    with proxied(moto_url, "garbage=0.5") as (proxy, transport):
        results = [send(transport) for _ in range(10)]
        assert all(intact(r) or (isinstance(r, Reply) and r.corrupt) for r, _ in results)
        assert any(intact(r) and len(rec) > 1 for r, rec in results) and proxy.stats["garbage"] >= 4


def test_hang_is_a_timeout_not_retried(moto_url: str) -> None:
    with proxied(moto_url, "hang=1", timeout=0.5) as (proxy, transport):
        result, record = send(transport)
        assert isinstance(result, TransportFault) and result.kind == "timeout" and len(record) == 1
        assert proxy.stats["hang"] == 1


def test_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result, record = send(_transport(f"http://127.0.0.1:{port}"))
    assert isinstance(result, TransportFault) and result.kind == "connection-refused" and len(record) == 1


@pytest.mark.parametrize(("status", "ctype", "body", "corrupt", "code"), [
    (400, "application/xml", b"<Error><Code>InvalidRequest</Code><Message>cut", True, ""),
    (403, "application/xml", b"<Error><Code>AccessDenied</Code></Error>", False, "AccessDenied"),
    (404, "text/plain", b"no route", False, ""),  # text, not an XML document: judged (a router's 404)
    (200, "application/xml", b"<ListBucketResult", True, ""),
])
def test_a_body_that_must_be_xml(status: int, ctype: str, body: bytes, corrupt: bool, code: str) -> None:
    with servers.canned_server(status, ctype, body) as url:
        result, record = send(_transport(url), "ListObjects", "b")
    assert isinstance(result, Reply) and result.status == status, result
    assert bool(result.corrupt) == corrupt and result.code == code
    assert len(record) == (ATTEMPTS if corrupt else 1)  # a damaged answer to a read is read again


# -- the rule, on the raw-HTTP scenarios ------------------------------------------------------------
FEATURES = ("addressing", "presigned", "sigv4", "cors")
# Every case of the features whose scenarios call raw(); of s3/cors, the preflights (the rest of
# it is botocore calls, which tests/test_faultproxy.py covers).
GLOBS = ("addressing/*", "presigned/*", "sigv4/*", "cors/preflight*")
SUITE = ("--service", "s3", "--family", "scenario", *(a for g in GLOBS for a in ("--select", f"s3/scenario/{g}")))
# fault type -> (specs, proxy counter that must show it fired, how often at least)
FAULTS: Faults = {
    "reset": (("reset=0.15",), "reset", 15),
    "500": (("500=0.15:burst=2",), "500", 15),
    "503": (("503=0.15:burst=2",), "503", 15),
    "truncate": (("truncate=0.25",), "truncate", 10),
    "garbage": (("garbage=0.25",), "garbage", 10),
    "hang": (("hang=0.02",), "hang", 2),
    "latency": (("latency=20ms:jitter=20ms",), "requests", 150),
}


@pytest.fixture(scope="module")
def runs(moto_server: servers.Running, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[CliResult, Path]]:
    return run_each_fault(moto_server.url, tmp_path_factory.mktemp("rawfaults"), SUITE, FAULTS, seed=9, timeout=300)


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_fault_never_turns_a_raw_scenario_into_a_verdict(fault: str, runs: dict[str, tuple[CliResult, Path]]) -> None:
    _, clean = outcomes(*runs["clean"])
    assert not [i for i, x in clean.items() if x["outcome"] == "error"], "the clean run has errors"
    assert {x["feature"] for x in clean.values()} == {f"s3/{f}" for f in FEATURES}
    meta, faulted = outcomes(*runs[fault])
    assert faulted.keys() == clean.keys()
    assert_rated_alike(fault, FAULTS, clean, faulted, meta, set(clean))
