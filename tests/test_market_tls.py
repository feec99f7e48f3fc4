"""What the market gives a rated provider so that s3-extended can be judged (docs/methodology.md):
HTTPS on loopback (a throwaway CA and a TLS-terminating front, providers/tls.py), trusted by the run
through its CA bundle, and a second principal (moto: credentials of another account from STS
AssumeRole). Real moto server; about 10 s."""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request
from pathlib import Path

import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import SSLError

from awscompat.catalog import Selection
from awscompat.cli.runcmd import RunRequest, execute
from awscompat.market.runner import aws_env, handle_env, serve_https
from awscompat.providers import port_open
from awscompat.providers.python import SECOND_ACCOUNT
from awscompat.providers.tls import answers_tls, make_ca
from servers import moto


def _client(service: str, url: str, verify, key: str = "testing", secret: str = "testing", token: str | None = None):
    return botocore.session.Session().create_client(
        service, region_name="us-east-1", endpoint_url=url, verify=verify, aws_access_key_id=key,
        aws_secret_access_key=secret, aws_session_token=token,
        config=Config(retries={"total_max_attempts": 1}, s3={"addressing_style": "path"}))


def test_throwaway_ca_signs_a_loopback_certificate_and_keeps_its_own_key(tmp_path: Path) -> None:
    from cryptography import x509

    files = make_ca(tmp_path)
    ca = x509.load_pem_x509_certificate(files.ca.read_bytes())
    leaf = x509.load_pem_x509_certificates(files.cert.read_bytes())[0]
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert leaf.issuer == ca.subject
    sans = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "localhost" in sans.get_values_for_type(x509.DNSName)
    assert [str(ip) for ip in sans.get_values_for_type(x509.IPAddress)] == ["127.0.0.1", "::1"]
    assert files.key.stat().st_mode & 0o077 == 0  # the server key is private
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ca.pem", "server-key.pem", "server.pem"]  # no CA key


def test_moto_over_https_with_a_second_account_judges_sse_c_and_cross_account(tmp_path: Path) -> None:
    with moto(tmp_path / "srv") as srv:
        plain = srv.url
        served = serve_https(srv, tmp_path / "srv")
        assert served.url.startswith("https://127.0.0.1:") and served.backend_url == plain
        # the run's CA bundle vouches for the front; the system trust store does not
        assert answers_tls(served.url, served.ca_bundle)
        with pytest.raises(SSLError):
            _client("s3", served.url, True).list_buckets()
        assert _client("s3", served.url, served.ca_bundle).list_buckets()["ResponseMetadata"]["HTTPStatusCode"] == 200
        # plain HTTP to the TLS port gets no HTTP answer
        with pytest.raises((urllib.error.URLError, ConnectionError, OSError)):
            urllib.request.urlopen(served.url.replace("https", "http") + "/", timeout=5)  # noqa: S310
        # moto maps STS AssumeRole credentials of another account's role to that account
        second = served.second_credentials
        assert second and second["AWS_SECOND_SESSION_TOKEN"]
        who = _client("sts", served.url, served.ca_bundle, second["AWS_SECOND_ACCESS_KEY_ID"],
                      second["AWS_SECOND_SECRET_ACCESS_KEY"], second["AWS_SECOND_SESSION_TOKEN"]).get_caller_identity()
        assert who["Account"] == SECOND_ACCOUNT
        assert _client("sts", served.url, served.ca_bundle).get_caller_identity()["Account"] != SECOND_ACCOUNT
        globs = ["s3/scenario/encryption/sse-c-*", "s3/scenario/cross-account/*"]
        with aws_env(handle_env(served)):
            execute(RunRequest(endpoint=served.url, region="us-east-1", selection=Selection(["s3"], globs=globs),
                               concurrency=4, timeout=30, disposable=True, verify_tls=served.ca_bundle,
                               out_dir=tmp_path / "run", quiet=True), [])
        results = [json.loads(line) for line in (tmp_path / "run" / "results.jsonl").read_text().splitlines()]
        pids, ports = served.pids, served.ports
    assert len(results) >= 25
    unjudged = [(r["id"], r["outcome"], r["message"]) for r in results if r["outcome"] not in ("pass", "fail")]
    assert unjudged == []  # none skipped for want of HTTPS or of a second principal
    meta = json.loads((tmp_path / "run" / "run.json").read_text())
    assert meta["target"]["endpoint"].startswith("https://")
    assert len(pids) == 2 and not any(port_open(p) for p in ports)  # moto and its front, both stopped


def test_the_front_refuses_a_client_that_does_not_trust_its_ca(tmp_path: Path) -> None:
    with moto(tmp_path / "srv") as srv:
        served = serve_https(srv, tmp_path / "srv")
        other = make_ca(tmp_path / "other")
        assert not answers_tls(served.url, other.ca)
        context = ssl.create_default_context(cafile=str(other.ca))
        with pytest.raises(urllib.error.URLError) as refused:
            urllib.request.urlopen(served.url + "/", timeout=5, context=context)  # noqa: S310
        assert isinstance(refused.value.reason, ssl.SSLCertVerificationError)
