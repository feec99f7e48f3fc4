"""The client matrix (issue 18, docs/clients.md): `--client` parsing, the AWS SDK for JavaScript v3
driver sending real cases to moto (the answers judged by the engine's rules, the request as the JS
SDK sent it in the evidence), results and run.json naming the client and its version, and a
rating profile that requires a client.

Needs the pinned JS SDK (`bash scripts/install.sh --test` installs it in .providers/js-sdk) and node."""

from __future__ import annotations

import io
import json
import os
import re

import pytest

from awscompat.catalog import Selection, build_catalog
from awscompat.engine import clients
from awscompat.engine.events import Bus, CaseFinished
from awscompat.engine.namespace import Namespace
from awscompat.engine.runner import Runner, RunOptions
from awscompat.engine.target import Credentials, Target
from awscompat.engine.transport import Transport, set_sink
from awscompat.ratings import load_profile
from awscompat.ratings.profiles import ProfileError
from awscompat.ratings.score import score_run
from clirun import awscompat as cli
from clirun import check_run_folder, cli_env


@pytest.fixture(scope="module", autouse=True)
def installed_clients():
    """The JS SDK and the AWS CLI must be installed (a missing one fails, as a missing server does)."""
    try:
        clients.describe("js-v3")
        clients.describe("awscli")
    except clients.ClientUnavailable as exc:
        pytest.fail(f"{exc}; or run `bash scripts/install.sh --test`", pytrace=False)


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
           "s3/scenario/integrity/streamed-put-trailing-crc32", "s3/scenario/integrity/crc64nvme-wrong-value-refused"]
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
    moto_wrong = "s3/scenario/integrity/crc64nvme-wrong-value-refused"  # moto stores it: no BadDigest
    assert outcomes["js-v3"].pop(moto_wrong)[0] == "fail"
    assert all(o == "pass" for o, _ in outcomes["js-v3"].values()), outcomes["js-v3"]


@pytest.fixture(scope="module")
def js_run(moto_server, tmp_path_factory):
    """`awscompat run --client js-v3` of the bucket scenarios on moto: the run folder."""
    home = tmp_path_factory.mktemp("home")
    out = home / "run"
    result = cli("run", "--client", "js-v3", "--endpoint-url", moto_server.url, "-k", "s3/scenario/buckets/*",
                 "--out", out, "-q", env=cli_env(home), cwd=home)
    assert result.code in (0, 1), result
    return out


def test_cli_run_with_js_client_records_client_and_version(js_run):
    meta, results = check_run_folder(js_run)
    assert meta["client"]["name"] == "js-v3" and meta["client"]["version"].startswith("3.")
    assert meta["client"]["versions"]["@aws-sdk/client-s3"] == meta["client"]["version"]
    assert {json.dumps(r["client"], sort_keys=True) for r in results} == {
        json.dumps({"name": "js-v3", "version": meta["client"]["version"]}, sort_keys=True)}
    assert 'property name="client" value="js-v3@' in (js_run / "junit.xml").read_text()


def test_cli_rejects_an_unknown_client(home):
    result = cli("run", "--client", "boto2", "-k", "s3/scenario/buckets/*", "--out", home / "r",
                 env=cli_env(home), cwd=home)
    assert result.code == 2 and "unknown client" in result.output, result
    assert not (home / "r" / "run.json").exists()


PROFILE = """\
name: s3-buckets-js
version: "2026.12"
title: S3 buckets with the JS SDK
client: {client}
capabilities:
  - id: buckets
    title: Buckets
    status: required
    select: ["s3/scenario/buckets/*"]
"""


def _score(tmp_path, run, requirement: str):
    path = tmp_path / f"profile-{abs(hash(requirement))}.yaml"
    path.write_text(PROFILE.format(client=requirement))
    return score_run(load_profile(str(path)), run)


def test_a_profile_requires_a_client(js_run, tmp_path):
    """`client: {name: js-v3, min_version: "3.729"}` rates a run by the JS SDK 3.729 or later; a run
    by an older JS SDK or another client is `not rated` and not compliant, with the reason."""
    rated = _score(tmp_path, js_run, '{name: js-v3, min_version: "3.729"}')
    assert rated.rated is True and rated.grade != "not rated", rated
    too_old = _score(tmp_path, js_run, '{name: js-v3, min_version: "99.0"}')
    assert too_old.rated is False and too_old.compliant is False and too_old.grade == "not rated"
    assert any("requires js-v3 >= 99.0" in r for r in too_old.reasons), too_old.reasons
    other = _score(tmp_path, js_run, "{name: botocore}")
    assert other.rated is False and any("requires the botocore client" in r for r in other.reasons)
    bad = tmp_path / "bad.yaml"
    bad.write_text(PROFILE.format(client="{name: js-v2}"))
    with pytest.raises(ProfileError, match="bad.yaml"):
        load_profile(str(bad))


def test_aws_cli_cases_on_moto(moto_server, tmp_path):
    """With --client awscli, `aws s3 cp` over the multipart threshold and `aws s3 ls` run against moto
    and are judged by what it stored and listed; every other case is `skip`, and the CLI cases are
    `skip` with the other clients."""
    ids = ["s3/scenario/multipart/awscli-cp-above-threshold", "s3/scenario/listing/awscli-ls-keys-and-prefixes",
           "s3/scenario/buckets/head-missing-bucket"]
    cases = list(build_catalog(Selection(globs=ids)))
    assert {c.id for c in cases} == set(ids)
    outcomes = {}
    for client in ("awscli", "botocore"):
        collect = Collect()
        Runner(Target(name="moto", endpoint=moto_server.url, credentials=Credentials("testing", "testing")),
               cases, tmp_path / client, RunOptions(concurrency=3, timeout=60, client=client), Bus([collect]),
               Namespace()).run("d")
        outcomes[client] = {k: (r["outcome"], r["message"]) for k, r in collect.results.items()}
    assert outcomes["awscli"][ids[0]] == ("pass", ""), outcomes["awscli"]
    assert outcomes["awscli"][ids[1]] == ("pass", ""), outcomes["awscli"]
    assert outcomes["awscli"][ids[2]][0] == "skip" and "awscli" in outcomes["awscli"][ids[2]][1]
    assert outcomes["botocore"][ids[2]][0] == "pass"
    assert all(outcomes["botocore"][i][0] == "skip" for i in ids[:2])


def test_single_run_report_names_the_client(js_run, tmp_path):
    page = tmp_path / "report.html"
    result = cli("report", js_run, "--html", page, env=cli_env(tmp_path), cwd=tmp_path)
    assert result.code == 0, result
    assert re.search(r"<dt>Client</dt><dd>js-v3 3\.\d+", page.read_text()), "no Client row"


def test_client_list_gives_one_run_folder_per_client_and_a_column_each(moto_server, home):
    """`--client botocore,js-v3` (as `all` does with the three) writes one run folder per client and
    clients.json; `report` of that folder shows a column per client and the cases whose outcome
    differs, with the reason (here: the presigned-URL case the JS SDK cannot express)."""
    out = home / "both"
    result = cli("run", "--client", "botocore,js-v3", "--endpoint-url", moto_server.url, "-q", "--out", out,
                 "-k", "s3/scenario/buckets/head-missing-bucket", "-k", "s3/scenario/presigned/get-url",
                 env=cli_env(home), cwd=home)
    assert result.code == 0, result
    assert json.loads((out / "clients.json").read_text())["clients"] == [
        {"client": "botocore", "run": "botocore", "exit_code": 0}, {"client": "js-v3", "run": "js-v3", "exit_code": 0}]
    for client in ("botocore", "js-v3"):
        meta, _ = check_run_folder(out / client)
        assert meta["client"]["name"] == client
    page, md = home / "clients.html", home / "clients.md"
    result = cli("report", out, "--html", page, "--markdown", md, env=cli_env(home), cwd=home)
    assert result.code == 0, result
    html = page.read_text()
    assert "<th>botocore</th><th>js-v3</th>" in html.replace("\n", "")
    assert "<td>js-v3</td><td>1</td><td>the js-v3 client cannot express this case</td>" in html
    text = md.read_text()
    assert "| js-v3 | 1 | the js-v3 client cannot express this case |" in text, text
    assert "s3/scenario/buckets/head-missing-bucket" not in text  # the same outcome for both


def test_cases_the_js_sdk_cannot_express_exist():
    """The ids of jsdriver.CANNOT_EXPRESS name shipped cases (a renamed case must be renamed there)."""
    from awscompat.engine.jsdriver import CANNOT_EXPRESS

    ids = {c.id for c in build_catalog(Selection(globs=list(CANNOT_EXPRESS)))}
    assert ids == set(CANNOT_EXPRESS)


def test_js_sdk_without_a_server_is_a_transport_fault():
    """No server on the port: the JS SDK's connection failure is the engine's `connection-refused`
    fault (an `error`, never a `fail`), with the request the JS SDK tried to send."""
    import socket

    from awscompat.engine.transport import TransportFault

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    transport, sink = _transport(f"http://127.0.0.1:{port}", "js-v3"), []
    set_sink(sink)
    try:
        with pytest.raises(TransportFault) as fault:
            transport.call("s3", "HeadBucket", {"Bucket": "nothing-here"}, retry=False)
    finally:
        set_sink(None)
    assert fault.value.kind == "connection-refused"
    assert "ECONNREFUSED" in str(fault.value)
    assert sink[-1].wire["client"].startswith("js-v3@") and sink[-1].method == "HEAD"


def test_js_sdk_connection_closed_before_an_answer_is_a_reset():
    """A server that reads the request and closes the connection: the engine's `connection-reset`
    (retried like any reset, then `error`), whichever client sent the request."""
    import socket
    import threading

    from awscompat.engine.transport import TransportFault

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted = []

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            accepted.append(conn)
            conn.recv(65536)
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    transport, sink = _transport(f"http://127.0.0.1:{server.getsockname()[1]}", "js-v3"), []
    set_sink(sink)
    try:
        with pytest.raises(TransportFault) as fault:
            transport.call("s3", "ListBuckets", {})
    finally:
        set_sink(None)
        server.close()
    assert fault.value.kind == "connection-reset", fault.value
    assert len(accepted) == 1 + transport.retries  # retried as a reset is


def test_js_sdk_silent_server_is_a_timeout(silent_endpoint):
    """A server that never answers: the JS SDK's request is cut at the transport's deadline and is
    the engine's `timeout` fault (`error`), not a hang."""
    from awscompat.engine.transport import TransportFault

    transport = Transport(Target(name="x", endpoint=silent_endpoint, credentials=Credentials("testing", "testing")),
                          timeout=2, client="js-v3")
    set_sink([])
    try:
        with pytest.raises(TransportFault) as fault:
            transport.call("s3", "ListBuckets", {}, retry=False)
    finally:
        set_sink(None)
    assert fault.value.kind == "timeout", fault.value


def test_botocore_only_tricks_are_skipped_through_the_js_sdk(moto_server, tmp_path):
    """A tampered signature (auth family: botocore's signer replaced) and a value of the wrong type
    written into the serialised request (wire mutations) cannot be sent by the JS SDK, which signs
    and serialises on its own: `skip` with the reason, never a pass or fail it did not send. An
    unsigned request it can send."""
    ids = ["s3/GetObject/auth/bad-signature", "s3/GetObject/auth/unsigned", "sqs/SendMessage/type/DelaySeconds"]
    cases = list(build_catalog(Selection(globs=ids)))
    assert {c.id for c in cases} == set(ids)
    collect = Collect()
    Runner(Target(name="moto", endpoint=moto_server.url, credentials=Credentials("testing", "testing")), cases,
           tmp_path, RunOptions(concurrency=3, timeout=20, client="js-v3"), Bus([collect]), Namespace()).run("d")
    got = {k: (r["outcome"], r["message"]) for k, r in collect.results.items()}
    assert got[ids[0]][0] == "skip" and "botocore-only signer" in got[ids[0]][1], got[ids[0]]
    assert got[ids[2]][0] == "skip" and "changes the serialised request" in got[ids[2]][1], got[ids[2]]
    assert got[ids[1]][0] in ("pass", "fail"), got[ids[1]]  # moto accepts anonymous requests: fail


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("AWSCOMPAT_SLOW") != "1", reason="the whole S3 scenario set is opt-in: AWSCOMPAT_SLOW=1")
@pytest.mark.parametrize("server", ["moto_server", "ministack_server"])
def test_s3_scenarios_through_the_js_sdk(server, request, home):
    """`awscompat run --client js-v3 -s s3 -f scenario` judges at least 400 S3 cases through the JS SDK
    (issue 18), every skip says why, and no case ends in a harness error."""
    running = request.getfixturevalue(server)
    out = home / "s3-js"
    result = cli("run", "--client", "js-v3", "-s", "s3", "-f", "scenario", "--endpoint-url", running.url, "-q",
                 "-c", "8", "--out", out, env=cli_env(home), cwd=home, timeout=1800)
    assert result.code in (0, 1), result
    meta, results = check_run_folder(out)
    judged = [r for r in results if r["outcome"] in ("pass", "fail", "unsupported")]
    assert len(judged) >= 400, meta["counts"]
    assert all(r["message"] for r in results if r["outcome"] == "skip")
    assert meta["counts"]["error"] == 0, [r["id"] for r in results if r["outcome"] == "error"]
