"""The lean request path (issue 19, engine/prepared.py): the request it sends is botocore's, byte
for byte (apart from the date, the signature and the invocation ids), for a sample of operations of
every protocol; a run gives the same outcomes on both paths; what the lean path does not carry
goes through the SDK path; `--request-path` chooses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import servers
from awscompat.catalog import Selection, build_catalog
from awscompat.engine.events import Bus, CaseFinished
from awscompat.engine.evidence import Exchange
from awscompat.engine.namespace import Namespace
from awscompat.engine.prepared import prepare
from awscompat.engine.runner import Runner, RunOptions
from awscompat.engine.target import Credentials, Target
from awscompat.engine.transport import Transport, set_sink
from awscompat.families.values import ValueMaker
from awscompat.spec import get_spec

# One service per wire protocol (and S3's own rules): rest-xml, rest-json, json 1.0 and 1.1
# (SQS: JSON with query compatibility), query, ec2.
PROTOCOLS = {"s3": "rest-xml", "lambda": "rest-json", "dynamodb": "json", "kms": "json", "sqs": "json",
             "iam": "query", "sns": "query", "ec2": "ec2"}
PER_SERVICE = 12
# What differs from send to send by design.
PER_SEND = {"x-amz-date", "authorization", "amz-sdk-invocation-id", "amz-sdk-request", "x-amz-security-token"}


@pytest.fixture(scope="module")
def moto(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Running]:
    with servers.moto(tmp_path_factory.mktemp("moto-lean")) as running:
        yield running


def _target(url: str) -> Target:
    return Target(name="moto", endpoint=url, region="us-east-1", addressing="path", disposable=True,
                  credentials=Credentials("testing", "testing", None, "test"))


def _sample() -> list[tuple[str, str]]:
    spec = get_spec()
    out = []
    for service in PROTOCOLS:
        ops = spec.service(service).operation_names
        step = max(1, len(ops) // PER_SERVICE)
        out += [(service, op) for op in ops[::step][:PER_SERVICE]]
    return out


def _sent(transport: Transport, service: str, op: str, params: dict, lean: bool) -> Exchange:
    sink: list[Exchange] = []
    set_sink(sink)
    try:
        transport.call(service, op, params, lean=lean, retry=False)
    finally:
        set_sink(None)
    assert sink, f"{service}.{op}: nothing recorded"
    return sink[-1]


def test_protocols_of_the_sample_are_what_they_claim():
    spec = get_spec()
    for service, protocol in PROTOCOLS.items():
        assert spec.service(service).model.protocol == protocol, service


def test_lean_request_is_botocores_byte_for_byte(moto):
    transport = Transport(_target(moto.url), timeout=30.0, retries=0)
    spec, ns = get_spec(), Namespace()
    compared = 0
    for service, op in _sample():
        model = spec.service(service).operation(op)
        params = ValueMaker(ns, "us-east-1", endpoint=moto.url).required_params(model, service)
        client = transport.client(service)
        shape = client.meta.service_model.operation_model(op).input_shape
        for name, member in (shape.members.items() if shape is not None else ()):
            if member.metadata.get("idempotencyToken"):  # botocore fills a fresh UUID per call otherwise
                params.setdefault(name, "awscompat-idempotency-token")
        if prepare(client, op, dict(params)) is None:
            continue  # not for the lean path (streaming answer, bearer auth...): sent by the SDK
        sdk = _sent(transport, service, op, dict(params), lean=False)
        lean = _sent(transport, service, op, dict(params), lean=True)
        where = f"{service}.{op}"
        assert (lean.method, lean.url) == (sdk.method, sdk.url), where
        body = lean.request_body.encode() if isinstance(lean.request_body, str) else lean.request_body
        sdk_body = sdk.request_body.encode() if isinstance(sdk.request_body, str) else sdk.request_body
        assert body == sdk_body, where
        strip = {k.lower(): v for k, v in lean.request_headers.items() if k.lower() not in PER_SEND}
        sdk_strip = {k.lower(): v for k, v in sdk.request_headers.items() if k.lower() not in PER_SEND}
        assert strip == sdk_strip, where
        # signed both times, over the same headers
        assert ("authorization" in {k.lower() for k in lean.request_headers}) == (
            "authorization" in {k.lower() for k in sdk.request_headers}), where
        compared += 1
    assert compared >= len(PROTOCOLS) * PER_SERVICE * 0.8, compared


def test_lean_reply_parses_as_botocore_does(moto):
    transport = Transport(_target(moto.url), timeout=30.0, retries=0)
    queue = Namespace().name("lean")
    made = transport.call("sqs", "CreateQueue", {"QueueName": queue}, lean=True)
    assert made.ok and made.get("QueueUrl", "").endswith(queue)
    missing = transport.call("sqs", "GetQueueUrl", {"QueueName": queue + "-absent"}, lean=True)
    sdk_missing = transport.call("sqs", "GetQueueUrl", {"QueueName": queue + "-absent"}, lean=False)
    assert not missing.ok
    assert (missing.status, missing.code) == (sdk_missing.status, sdk_missing.code) != (200, "")
    transport.call("sqs", "DeleteQueue", {"QueueUrl": made["QueueUrl"]}, lean=False)


def test_streaming_answers_and_off_switch_use_the_sdk_path(moto):
    transport = Transport(_target(moto.url), timeout=30.0, retries=0)
    assert prepare(transport.client("s3"), "GetObject", {"Bucket": "b", "Key": "k"}) is None  # streaming answer
    off = Transport(_target(moto.url), timeout=30.0, retries=0, lean=False)
    received: list[int] = []  # botocore emits response-received on the SDK path only
    off.client("sqs").meta.events.register("response-received", lambda **kw: received.append(1))
    assert off.call("sqs", "ListQueues", {}, lean=True).ok and received == [1]
    transport.client("sqs").meta.events.register("response-received", lambda **kw: received.append(2))
    assert transport.call("sqs", "ListQueues", {}, lean=True).ok and received == [1]


def _outcomes(url: str, path: str, out: Path) -> dict[str, str]:
    cases = list(build_catalog(Selection(services=("s3", "sqs", "dynamodb"), families=("recognised", "notfound"))))
    seen: dict[str, str] = {}

    class Collect:
        def handle(self, event) -> None:
            if isinstance(event, CaseFinished):
                seen[event.result.id] = event.result.outcome

    Runner(_target(url), cases, out, RunOptions(concurrency=8, request_path=path), Bus([Collect()])).run("lean-test")
    assert len(seen) == len(cases)
    return seen


def test_outcomes_are_the_same_on_both_paths(tmp_path: Path):
    # a fresh server per path: generated probes create what they name
    results = {}
    for path in ("lean", "sdk"):
        with servers.moto(tmp_path / f"moto-{path}") as running:
            results[path] = _outcomes(running.url, path, tmp_path / path)
    differ = {k: (v, results["sdk"][k]) for k, v in results["lean"].items() if results["sdk"][k] != v}
    assert differ == {}
    assert set(results["lean"].values()) >= {"pass"}


def test_endpoint_memo_agrees_with_botocores_rules():
    """The memo (endpoints.EndpointMemo) answers what botocore's rules answer, for calls that share
    what an evaluation read and for calls that do not (S3 buckets of every kind, ARNs, regions)."""
    import botocore.session

    from awscompat.engine.endpoints import EndpointMemo, memoise_endpoints

    spec, ns = get_spec(), Namespace()
    session = botocore.session.Session()
    session.set_credentials("testing", "testing")
    checked = hits = 0
    for url in ("http://127.0.0.1:4566", "https://s3.example.test:8443/base"):
        for service in ("s3", "dynamodb", "kinesis", "sqs", "iam", "ec2"):
            memo_client = session.create_client(service, region_name="eu-west-1", endpoint_url=url)
            plain = session.create_client(service, region_name="eu-west-1", endpoint_url=url)
            memoise_endpoints(memo_client)
            memo = memo_client._ruleset_resolver._provider.resolve_endpoint
            assert isinstance(memo, EndpointMemo)
            ops = spec.service(service).operation_names[:40]
            extra = [{}, {"Bucket": "a.b.c"}, {"Bucket": "UPPER"}, {"Bucket": "x--x-s3"},
                     {"StreamARN": "arn:aws:kinesis:eu-west-1:123456789012:stream/s"}] if service in ("s3", "kinesis") else [{}]
            for op in ops:
                model = memo_client.meta.service_model.operation_model(op)
                base = ValueMaker(ns, "eu-west-1", endpoint=url).required_params(spec.service(service).operation(op),
                                                                                service)
                for more in extra:
                    params = {**base, **{k: v for k, v in more.items() if model.input_shape and k in model.input_shape.members}}
                    got = _resolved(memo_client, model, params)
                    want = _resolved(plain, model, params)
                    assert got == want, (service, op, params)
                    checked += 1
            hits += memo.hits
    assert checked > 300 and hits > 100, (checked, hits)


def _resolved(client, model, params) -> tuple:
    from test_exact_shortcuts import _resolve

    return _resolve(client, model.name, params)
