"""The client matrix (issue 18, docs/clients.md): `--client` parsing, the AWS SDK for JavaScript v3
driver sending real cases to moto (the answers judged by the engine's rules, the request as the JS
SDK sent it in the evidence), results and run.json naming the client and its version, and a
rating profile that requires a client.

Needs the pinned JS SDK (`bash scripts/install.sh --test` installs it in .providers/js-sdk) and node."""

from __future__ import annotations

import io
import json

import pytest

from awscompat.catalog import Selection, build_catalog
from awscompat.engine import clients
from awscompat.engine.events import Bus, CaseFinished
from awscompat.engine.namespace import Namespace
from awscompat.engine.runner import Runner, RunOptions
from awscompat.engine.target import Credentials, Target
from awscompat.engine.transport import Transport, set_sink
from clirun import awscompat as cli
from clirun import check_run_folder, cli_env


def test_client_option_parsing():
    assert clients.parse(None) == ["botocore"]
    assert clients.parse("js-v3") == ["js-v3"]
    assert clients.parse("all") == ["botocore", "js-v3", "awscli"]
    assert clients.parse("js-v3,botocore,js-v3") == ["js-v3", "botocore"]
    for bad in ("boto", "js", "all,botocore", ","):
        with pytest.raises(ValueError, match="unknown client"):
            clients.parse(bad)


def test_client_requirement():
    need = {"name": "js-v3", "min_version": "3.729"}
    assert clients.satisfies({"name": "js-v3", "version": "3.1178.0"}, need) == ""
    assert clients.satisfies({"name": "js-v3", "version": "3.729.0"}, need) == ""
    assert "3.729" in clients.satisfies({"name": "js-v3", "version": "3.728.2"}, need)
    assert "this run used botocore" in clients.satisfies({"name": "botocore", "version": "1.43.0"}, need)
    assert "does not say" in clients.satisfies(None, need)
    assert clients.satisfies(None, None) == ""


def _transport(url: str, client: str) -> Transport:
    return Transport(Target(name="moto", endpoint=url, credentials=Credentials("testing", "testing")),
                     timeout=20, client=client)


def test_js_sdk_sends_and_botocore_judges(moto_server):
    """The same calls through both clients: equal judgements, different wire forms (the JS SDK
    sends its default CRC32 checksum, and a streamed body as aws-chunked with a trailer)."""
    seen: dict[str, list] = {}
    for client in ("botocore", "js-v3"):
        transport, sink = _transport(moto_server.url, client), []
        set_sink(sink)
        try:
            bucket = f"clients-{client.replace('.', '')}-{id(sink) % 10_000}"
            assert transport.call("s3", "CreateBucket", {"Bucket": bucket}).ok
            put = transport.call("s3", "PutObject", {"Bucket": bucket, "Key": "k", "Body": b"hello"})
            streamed = transport.call("s3", "PutObject", {"Bucket": bucket, "Key": "s", "Body": io.BytesIO(b"stream")})
            got = transport.call("s3", "GetObject", {"Bucket": bucket, "Key": "s"})
            missing = transport.call("s3", "GetObject", {"Bucket": bucket, "Key": "absent"})
            listed = transport.call("s3", "ListObjectsV2", {"Bucket": bucket})
            for key in ("k", "s"):
                transport.call("s3", "DeleteObject", {"Bucket": bucket, "Key": key})
            transport.call("s3", "DeleteBucket", {"Bucket": bucket})
        finally:
            set_sink(None)
        assert put.ok and streamed.ok and got.ok
        assert got["Body"].read() == b"stream"
        assert (missing.status, missing.code) == (404, "NoSuchKey")
        assert [o["Key"] for o in listed["Contents"]] == ["k", "s"]
        seen[client] = sink
    js_put = next(e for e in seen["js-v3"] if e.operation == "PutObject" and e.url.split("?")[0].endswith("/k"))
    bc_put = next(e for e in seen["botocore"] if e.operation == "PutObject" and e.url.split("?")[0].endswith("/k"))
    assert js_put.wire["client"].startswith("js-v3@3.")
    assert "aws-sdk-js" in js_put.request_headers["user-agent"]
    assert js_put.request_headers.get("x-amz-checksum-crc32") == "NhCmhg=="  # CRC32 of b"hello", base64
    assert "x-amz-checksum-crc32" not in {k.lower() for k in bc_put.request_headers}  # when_required
    js_stream = next(e for e in seen["js-v3"] if e.operation == "PutObject" and e.url.split("?")[0].endswith("/s"))
    assert js_stream.request_headers["content-encoding"] == "aws-chunked"
    assert js_stream.request_headers["x-amz-trailer"] == "x-amz-checksum-crc32"
    assert js_stream.request_headers["x-amz-content-sha256"] == "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
    assert js_stream.wire["streamed"] is True and js_stream.wire["body_length"] > len(b"stream")


class Collect:
    def __init__(self) -> None:
        self.results: dict[str, dict] = {}

    def handle(self, event) -> None:
        if isinstance(event, CaseFinished):
            self.results[event.result.id] = event.result.to_dict()


def test_real_cases_through_the_js_sdk_on_moto(moto_server, tmp_path):
    """A handful of shipped cases (data cases and Python scenarios) run through the JS SDK with
    the same outcomes as through botocore (one a fail: moto's), though the streamed upload goes
    out in another wire form (aws-chunked with a trailer); a raw-HTTP case is `skip` with the reason."""
    ids = ["s3/scenario/buckets/delete-non-empty-bucket", "s3/scenario/buckets/head-missing-bucket",
           "s3/scenario/versioning/delete-creates-delete-marker", "s3/scenario/multipart/complete-two-parts",
           "sqs/scenario/tags/tag-queue-adds", "s3/scenario/presigned/get-url",
           "s3/scenario/checksums/streamed-put-trailing-crc32", "s3/scenario/checksums/crc64nvme-wrong-value-refused"]
    cases = [c for c in build_catalog(Selection(globs=ids))]
    assert {c.id for c in cases} == set(ids), "a case this test names is gone from the catalog"
    outcomes = {}
    for client in ("botocore", "js-v3"):
        collect = Collect()
        summary = Runner(Target(name="moto", endpoint=moto_server.url, credentials=Credentials("testing", "testing")),
                         cases, tmp_path / client, RunOptions(concurrency=3, timeout=20, client=client),
                         Bus([collect]), Namespace()).run("d")
        assert summary.leftovers == []
        outcomes[client] = {k: (r["outcome"], r["message"]) for k, r in collect.results.items()}
    raw_case = "s3/scenario/presigned/get-url"
    outcome, message = outcomes["js-v3"].pop(raw_case)
    assert outcome == "skip" and "raw HTTP" in message, message
    assert outcomes["botocore"].pop(raw_case)[0] == "pass"
    assert {k: o for k, (o, _) in outcomes["js-v3"].items()} == {k: o for k, (o, _) in outcomes["botocore"].items()}
    moto_wrong = "s3/scenario/checksums/crc64nvme-wrong-value-refused"  # moto stores it: no BadDigest
    assert outcomes["js-v3"].pop(moto_wrong)[0] == "fail"
    assert all(o == "pass" for o, _ in outcomes["js-v3"].values()), outcomes["js-v3"]


def test_cli_run_with_js_client_records_client_and_version(moto_server, home):
    out = home / "run"
    result = cli("run", "--client", "js-v3", "--endpoint-url", moto_server.url, "-k", "s3/scenario/buckets/*",
                 "--out", out, "-q", env=cli_env(home), cwd=home)
    assert result.code in (0, 1), result
    meta, results = check_run_folder(out)
    assert meta["client"]["name"] == "js-v3" and meta["client"]["version"].startswith("3.")
    assert meta["client"]["versions"]["@aws-sdk/client-s3"] == meta["client"]["version"]
    assert {json.dumps(r["client"], sort_keys=True) for r in results} == {
        json.dumps({"name": "js-v3", "version": meta["client"]["version"]}, sort_keys=True)}
    assert 'property name="client" value="js-v3@' in (out / "junit.xml").read_text()


def test_cli_rejects_an_unknown_client(home):
    result = cli("run", "--client", "boto2", "-k", "s3/scenario/buckets/*", "--out", home / "r",
                 env=cli_env(home), cwd=home)
    assert result.code == 2 and "unknown client" in result.output, result
    assert not (home / "r" / "run.json").exists()
