"""Issue 14, finding 1: no credential in any evidence.

A real CLI run against moto, behind a proxy that refuses every presigned request and POST form
upload with an answer echoing the request (tests/security/echoproxy.py), with distinctive fake
credentials including a session token. Then every byte written is scanned: the run folder,
junit.xml, `awscompat report --html/--markdown/--junit`, and the command's own output. The
credentials are looked for as they are, URL-encoded, and inside base64 at every alignment (the
POST policy embeds the token), and so are the signatures."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from echoproxy import echo_proxy

import servers
from awscompat.engine.evidence import REDACTED, Exchange, redact
from clirun import awscompat, clean_env, read_results

KEY = "AKIAFAKE14SECRETKEY9"
SECRET = "fAkE/sEcReT+14aWsCoMpAt0123456789abcdEF"
TOKEN = "FwoGZXIvFAKE14SessionToken/awscompat+Issue14=TokenTailXYZ0123456789"
SIGNATURE = re.compile(r"(?i)signature[^0-9a-f\n]{1,24}[0-9a-f]{64}")


def needles(secret: str) -> set[str]:
    """secret as it may appear in anything written: as is, URL-encoded, and the part of its
    base64 encoding that does not depend on what surrounds it, at each of the 3 alignments."""
    out = {secret, quote(secret, safe=""), quote(secret, safe="/"), quote_plus(secret)}
    for pad in range(3):
        encoded = base64.b64encode(b"\0" * pad + secret.encode()).decode()
        out.add(encoded[4:-4])
    return out


NEEDLES = {n: name for name, secret in (("access key id", KEY), ("secret key", SECRET), ("session token", TOKEN))
           for n in needles(secret)} | {"FAKE14SECRETKEY": "access key id (part)", "sEcReT+14": "secret key (part)",
                                        "Issue14=Token": "session token (part)"}


def leaks(data: bytes | str) -> list[str]:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    found = [f"{what}: {needle!r}" for needle, what in NEEDLES.items() if needle in text]
    found += [f"signature: {m.group(0)[:40]}…" for m in SIGNATURE.finditer(text)]
    return found


def scan(paths: list[Path]) -> dict[str, list[str]]:
    bad: dict[str, list[str]] = {}
    for root in paths:
        for path in [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()):
            found = leaks(path.read_bytes())
            if found:
                bad[str(path)] = found
    return bad


def creds_env(home: Path) -> dict[str, str]:
    return clean_env(home, AWS_ACCESS_KEY_ID=KEY, AWS_SECRET_ACCESS_KEY=SECRET, AWS_SESSION_TOKEN=TOKEN,
                     AWS_DEFAULT_REGION="us-east-1")


@pytest.fixture(scope="module")
def proxied_moto(tmp_path_factory):
    with servers.moto(tmp_path_factory.mktemp("moto")) as running, echo_proxy(running.url) as url:
        yield url


def test_every_byte_a_cli_run_writes_is_free_of_credentials(proxied_moto: str, tmp_path: Path, home: Path) -> None:
    run_dir, out = tmp_path / "run", tmp_path / "out"
    out.mkdir()
    env = creds_env(home)
    done = awscompat("run", "--endpoint", proxied_moto, "-s", "s3", "-k", "s3/scenario/presigned/*", "--out",
                     str(run_dir), "--junit", str(out / "run-junit.xml"), env=env, cwd=home, timeout=300)
    assert done.code in (1, 3), done
    report = awscompat("report", str(run_dir), "--html", str(out / "r.html"), "--markdown", str(out / "r.md"),
                       "--junit", str(out / "report-junit.xml"), env=env, cwd=home, timeout=120)
    assert report.code in (0, 1), report
    # awscompat record keeps every exchange of every case (passes too) for diff
    snap = tmp_path / "snapshots"
    recorded = awscompat("record", "--endpoint", proxied_moto, "-s", "s3", "-k", "s3/scenario/presigned/post-*",
                         "--out", str(snap), env=env, cwd=home, timeout=300)
    assert recorded.code in (0, 3), recorded
    kept = [json.loads(p.read_text()) for p in (snap / "cases").glob("*.json")]
    assert any("PostObject" in json.dumps(k) for k in kept)
    (out / "stdout.txt").write_text(done.stdout + done.stderr + report.stdout + report.stderr + recorded.stdout
                                    + recorded.stderr)

    # the evidence paths of the finding were really exercised
    results = {r["id"]: r for r in read_results(run_dir)}
    post = results["s3/scenario/presigned/post-upload"]
    assert post["outcome"] == "fail", post
    request = post["evidence"]["request"]
    assert 'name="policy"' in request["body"] and 'name="x-amz-security-token"' in request["body"]
    assert "CanonicalRequest" in post["evidence"]["response"]["body"]
    assert "--data-binary" in post["evidence"]["reproduce"]["curl"]
    url_case = results["s3/scenario/presigned/get-url"]
    assert url_case["outcome"] == "fail" and "x-amz-security-token=" in url_case["evidence"]["request"]["url"].lower()
    for name in ("r.html", "r.md", "report-junit.xml", "run-junit.xml"):
        assert (out / name).stat().st_size > 0

    assert scan([run_dir, out, snap]) == {}


def test_the_policy_keeps_its_conditions_without_the_secrets() -> None:
    """The base64 policy is decoded, its secrets redacted, and re-encoded: still readable evidence."""
    policy = base64.b64encode(json.dumps({"expiration": "2030-01-01T00:00:00Z", "conditions": [
        {"bucket": "b"}, {"x-amz-credential": f"{KEY}/20300101/us-east-1/s3/aws4_request"},
        {"x-amz-security-token": TOKEN}, ["starts-with", "$key", "k"]]}).encode()).decode()
    body = (f'--xx\r\nContent-Disposition: form-data; name="policy"\r\n\r\n{policy}\r\n'
            f'--xx\r\nContent-Disposition: form-data; name="AWSAccessKeyId"\r\n\r\n{KEY}\r\n--xx--\r\n')
    ex = Exchange(service="s3", operation="PostObject", method="POST", url="http://h/b", request_body=body.encode(),
                  request_headers={"Content-Type": "multipart/form-data; boundary=xx"})
    red = redact({"evidence": ex.to_dict("us-east-1", "s3")})  # idempotent on what is already redacted
    assert leaks(json.dumps(red)) == []
    shown = red["evidence"]["request"]["body"]
    kept = json.loads(base64.b64decode(shown.split('name="policy"\r\n\r\n')[1].split("\r\n")[0]))
    assert {"bucket": "b"} in kept["conditions"] and {"x-amz-security-token": REDACTED} in kept["conditions"]


# -- the service ---------------------------------------------------------------------------------
ADMIN = "acs_security-admin-token-0123456789abcdef"
PROFILE = "s3-extended-2026.12"  # the profile with the presigned URL and POST cases


def test_the_service_stores_and_serves_no_credentials(proxied_moto: str, tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    """A provider's run executed by the service (SQLite, WAL): the database file, its WAL, the
    data folder, the API's answers about the run and the service's log (INFO) hold none of the
    target's credentials."""
    import logging

    caplog.set_level(logging.INFO)
    from cryptography.fernet import Fernet
    from fastapi.testclient import TestClient

    from awscompat.service.app import create_app
    from awscompat.service.config import ServiceConfig
    from awscompat.service.core import Service

    port = proxied_moto.rsplit(":", 1)[1]
    data = tmp_path / "data"
    cfg = ServiceConfig(db_url=f"sqlite:///{tmp_path / 'service.db'}", data_dir=data,
                        secret_keys=[Fernet.generate_key().decode()], allow_networks=[f"127.0.0.1:{port}"],
                        workers=1, concurrency=16, rerate_interval=0, stale_after=5, poll_interval=0.1,
                        admin_token=ADMIN)
    admin = {"Authorization": f"Bearer {ADMIN}"}
    answers: list[str] = []
    with TestClient(create_app(Service(cfg)), raise_server_exceptions=False) as client:
        r = client.post("/api/v1/accounts", json={"name": "sec-owner", "role": "owner"}, headers=admin)
        owner = {"Authorization": f"Bearer {r.json()['token']}"}
        assert client.post("/api/v1/providers", json={"name": "acme"}, headers=owner).status_code == 201
        target = {"name": "main", "endpoint": proxied_moto, "profiles": [PROFILE],
                  "credentials": {"access_key_id": KEY, "secret_access_key": SECRET, "session_token": TOKEN}}
        r = client.post("/api/v1/providers/acme/targets", json=target, headers=owner)
        assert r.status_code == 201, r.text
        r = client.post("/api/v1/providers/acme/targets/main/runs", headers=owner)
        assert r.status_code == 202, r.text
        run_id = r.json()["id"]
        run = client.get(f"/api/v1/runs/{run_id}").json()
        for _ in range(3000):
            if run["status"] in ("finished", "failed", "cancelled"):
                break
            import time

            time.sleep(0.1)
            run = client.get(f"/api/v1/runs/{run_id}").json()
        assert run["status"] == "finished", run
        offset, items = 0, []
        while True:  # anonymous, as anyone may read them
            page = client.get(f"/api/v1/runs/{run_id}/results", params={"limit": 500, "offset": offset})
            assert page.status_code == 200, page.text
            answers.append(page.text)
            items += page.json()["items"]
            offset += 500
            if offset >= page.json()["total"]:
                break
        for path in (f"/api/v1/runs/{run_id}", f"/runs/{run_id}", "/api/v1/providers/acme/targets/main"):
            answers.append(client.get(path, headers=owner).text)
        wal = Path(str(tmp_path / "service.db") + "-wal")
        assert wal.exists() and wal.stat().st_size > 0  # scanned while the service still holds it open
        in_files = scan([tmp_path / "service.db", wal, data])
    post = next(i for i in items if i["case_id"] == "s3/scenario/presigned/post-upload")
    assert post["outcome"] == "fail" and 'name="policy"' in post["evidence"]["request"]["body"], post
    assert in_files == {}
    assert [leaks(a) for a in answers if leaks(a)] == []
    assert scan([tmp_path]) == {}  # after the service closed: the database and whatever else is there
    assert caplog.records and leaks(caplog.text) == []


def test_the_ledger_keeps_ids_for_undo_and_no_secret(tmp_path: Path) -> None:
    """The cleanup ledger is written to disk too: what a create answered (an IAM access key's
    secret, a login profile's password) is redacted, the ids the undo needs are kept."""
    from awscompat.engine.ledger import Ledger, read_ledger
    from awscompat.engine.namespace import Namespace
    from awscompat.engine.sweep import undo_calls

    ns = Namespace()
    user = ns.name("user")
    ledger = Ledger(tmp_path / "ledger.jsonl", ns)
    entry = ledger.record("iam/scenario/x", "iam", "probe", user, {"service": "iam", "operation": "CreateAccessKey",
                                                                   "params": {"UserName": user}}, [])
    ledger.annotate(entry, {"AccessKey": {"UserName": user, "AccessKeyId": "AKIAEXAMPLECREATED01",
                                          "SecretAccessKey": SECRET, "SessionToken": TOKEN}})
    ledger.record("iam/scenario/y", "iam", "probe", ns.name("login"),
                  {"service": "iam", "operation": "CreateLoginProfile", "params": {"UserName": user, "Password": SECRET}},
                  [])
    ledger.close()
    assert leaks((tmp_path / "ledger.jsonl").read_bytes()) == []
    _, entries = read_ledger(tmp_path / "ledger.jsonl")
    c = entries[0].create
    assert undo_calls("iam", "CreateAccessKey", c["params"], c["response"]) == [
        {"service": "iam", "operation": "DeleteAccessKey", "params": {"AccessKeyId": "AKIAEXAMPLECREATED01"}}]


def test_credentials_the_run_never_registered_are_found_by_their_shape() -> None:
    """Credentials that are not the run's own (temporary ones a provider hands out, another
    signer's) are found by where they stand: query, form field, policy condition, echoed header
    line, XML/JSON member, aws-chunked signature."""
    key, token, sig = "ASIAOTHERKEY00000042", "OtherToken/with+chars=42end", "ab" * 32
    policy = base64.b64encode(json.dumps({"conditions": [["eq", "$x-amz-security-token", token],
                                                         {"AWSAccessKeyId": key}]}).encode()).decode()
    texts = [
        f"GET /b/k?X-Amz-Credential={key}%2F20300101&X-Amz-Security-Token={quote(token, safe='')}"
        f"&X-Amz-Signature={sig}",
        f'--b\r\nContent-Disposition: form-data; name="x-amz-security-token"\r\n\r\n{token}\r\n'
        f'--b\r\nContent-Disposition: form-data; name="policy"\r\n\r\n{policy}\r\n--b--\r\n',
        f"AWSAccessKeyId={key}&policy={quote(policy, safe='')}&Signature={quote(token, safe='')}",
        f"<CanonicalRequest>PUT /b\nx-amz-security-token:{token}\n</CanonicalRequest><AWSAccessKeyId>{key}"
        f"</AWSAccessKeyId><SignatureProvided>{sig}</SignatureProvided>",
        json.dumps({"Credentials": {"AccessKeyId": key, "SessionToken": token}}),
        f"96;chunk-signature={sig}\r\ndata\r\n",
        f"0;chunk-signature={sig}\r\nx-amz-checksum-crc32:AAAAAA==\r\nx-amz-trailer-signature:{sig}\r\n\r\n",
    ]
    for text in texts:
        red = redact(text)
        assert key not in red and token not in red and quote(token, safe="") not in red and sig not in red, red
    shown = redact(texts[1]).split('name="policy"\r\n\r\n')[1].split("\r\n")[0]
    decoded = base64.b64decode(shown).decode()  # still a readable policy, without the secrets
    assert "x-amz-security-token" in decoded and token not in decoded and key not in decoded
