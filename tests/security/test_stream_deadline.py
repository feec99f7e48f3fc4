"""A streamed body that a check reads after the call (engine/bodies.py) is still under a total
deadline: a provider that answers its headers at once and then trickles the body one byte a second
cannot stall the case. The cut is `HarnessError` (the case's `error`, never `fail`) with the
request's exchange marked `timeout`. A body that arrives promptly reads as before.

The read runs on a thread joined with a guard only so that the old code's endless wait fails the
test instead of hanging it; nothing here asserts a duration."""

from __future__ import annotations

import threading

import boto3
import pytest
from trickle import trickle_server

import servers
from awscompat.engine import transport as transport_module
from awscompat.engine.bodies import DeadlineBody
from awscompat.engine.namespace import Namespace
from awscompat.engine.outcomes import HarnessError
from awscompat.engine.target import Credentials, Target
from awscompat.engine.transport import PAYLOAD_LIMIT, Transport

GUARD = 60  # seconds


def _read_on_thread(body) -> list[BaseException | bytes]:
    outcome: list[BaseException | bytes] = []

    def read() -> None:
        try:
            outcome.append(body.read())
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    thread.join(GUARD)
    return list(outcome)


def test_a_trickled_body_read_after_the_call_is_cut() -> None:
    # Content-Length over PAYLOAD_LIMIT: the call returns with the body unread (as for a big object)
    with trickle_server(1.0, body_length=PAYLOAD_LIMIT + 1) as server:
        target = Target(endpoint=server.url, region="us-east-1", credentials=Credentials("testing", "testing"))
        transport = Transport(target, timeout=2, retries=0)
        reply = transport.call("s3", "GetObject", {"Bucket": "b", "Key": "k"})
        assert reply.status == 200 and isinstance(reply.get("Body"), DeadlineBody)
        cut = _read_on_thread(reply["Body"])
        assert server.trickled == 1
    assert cut, "the body read was never cut"
    err = cut[0]
    assert isinstance(err, HarnessError), err
    assert "total deadline of 2s" in err.message, err
    assert reply.exchange.fault == "timeout"
    with pytest.raises(HarnessError):  # once cut, always cut: never a partial body taken as the answer
        reply["Body"].read(1)


def test_a_trickled_event_stream_is_cut() -> None:
    """An event stream (S3 SelectObjectContent) is iterated after the call: under the same deadline."""
    params = {"Bucket": "b", "Key": "k", "Expression": "select * from s3object", "ExpressionType": "SQL",
              "InputSerialization": {"CSV": {}}, "OutputSerialization": {"CSV": {}}}
    with trickle_server(1.0, body_length=1 << 20) as server:
        target = Target(endpoint=server.url, region="us-east-1", credentials=Credentials("testing", "testing"))
        reply = Transport(target, timeout=2, retries=0).call("s3", "SelectObjectContent", params)
        assert reply.status == 200, reply
        cut = _read_on_thread(type("Events", (), {"read": lambda _self: list(reply["Payload"])})())
    assert cut and isinstance(cut[0], HarnessError), cut
    assert reply.exchange.fault == "timeout"


def test_a_prompt_streamed_body_reads_whole(moto_server: servers.Running, monkeypatch) -> None:
    """The same path on a real server: the body left streamed (PAYLOAD_LIMIT 0) reads whole, in parts."""
    ns = Namespace()
    bucket, data = ns.name("sb"), bytes(range(256)) * 40
    s3 = boto3.client("s3", endpoint_url=moto_server.url, region_name="us-east-1", aws_access_key_id="testing",
                      aws_secret_access_key="testing")
    s3.create_bucket(Bucket=bucket)
    try:
        s3.put_object(Bucket=bucket, Key="k", Body=data)
        monkeypatch.setattr(transport_module, "PAYLOAD_LIMIT", 0)
        target = Target(endpoint=moto_server.url, region="us-east-1", credentials=Credentials("testing", "testing"))
        reply = Transport(target, timeout=5, retries=0).call("s3", "GetObject", {"Bucket": bucket, "Key": "k"})
        body = reply["Body"]
        assert isinstance(body, DeadlineBody)
        assert body.read(100) + b"".join(body.iter_chunks(1000)) == data
        assert reply.exchange.fault in (None, "")
    finally:
        s3.delete_object(Bucket=bucket, Key="k")
        s3.delete_bucket(Bucket=bucket)
