"""Finding 3 (SSRF): every host a run contacts is checked at connection time, through the
engine's connection hook, and wrapped IPv4 addresses are unwrapped.

The connection tests run a real moto on loopback. Names are resolved by a table (the guard's
resolver), so the test needs no DNS: the base host maps to the allow-listed loopback moto, the
virtual-hosted `<bucket>.<host>` names to internal addresses. Because the engine connects only to
the addresses the guard returned, the base host works although no real DNS knows it.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import botocore.session
import pytest

from awscompat.engine import connguard, rawhttp
from awscompat.engine.target import Credentials, Target
from awscompat.engine.transport import Transport, TransportFault
from awscompat.service.netguard import ConnectionGuard, Refused, address_problem, check_url, parse_allow_list


def table_resolver(table: dict[str, list[str]], calls: list[str] | None = None):
    """getaddrinfo over a table; a '*.' key matches any sub-domain. calls records each lookup."""
    def resolve(host, port, family=0, type_=0, *args):
        if calls is not None:
            calls.append(host)
        addrs = table.get(host)
        if addrs is None:
            addrs = next((v for k, v in table.items() if k.startswith("*.") and host.endswith(k[1:])), None)
        if addrs is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in addrs]
    return resolve


# -- wrapped IPv4 forms -------------------------------------------------------------------------
WRAPPED = [
    ("2002:7f00:1::", "loopback", "6to4"),  # 6to4 of 127.0.0.1
    ("2002:a9fe:a9fe::1", "metadata", "6to4"),  # 169.254.169.254
    ("2002:a00:1::", "private", "6to4"),  # 10.0.0.1
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback", "Teredo"),  # Teredo client 127.0.0.1
    ("64:ff9b::7f00:1", "loopback", "NAT64"),
    ("64:ff9b::a9fe:a9fe", "metadata", "NAT64"),
    ("64:ff9b::a00:1", "private", "NAT64"),
    ("::7f00:1", "loopback", "IPv4-compatible"),
    ("::a00:1", "private", "IPv4-compatible"),
]


@pytest.mark.parametrize("addr,problem,form", WRAPPED)
def test_wrapped_internal_addresses_are_refused(addr: str, problem: str, form: str) -> None:
    said = address_problem(ipaddress.ip_address(addr)) or ""
    assert problem in said and form in said, said
    with pytest.raises(Refused, match=form):
        check_url(f"http://[{addr}]:9000/", [])


def test_local_use_nat64_and_mapped_forms() -> None:
    assert "NAT64" in (address_problem(ipaddress.ip_address("64:ff9b:1::a00:1")) or "")
    assert "loopback" in (address_problem(ipaddress.ip_address("::ffff:127.0.0.1")) or "")
    # a wrapper of a public address is not refused for the wrapper's sake
    assert address_problem(ipaddress.ip_address("2002:808:808::1")) is None
    assert address_problem(ipaddress.ip_address("::ffff:8.8.8.8")) is None


def test_a_resolver_answering_a_6to4_loopback_is_refused() -> None:
    resolve = table_resolver({"sneaky.example": ["2002:7f00:1::1"]})
    with pytest.raises(Refused, match="wrapped in 6to4"):
        check_url("https://sneaky.example/", [], resolve)


# -- at connection time -------------------------------------------------------------------------
def _target(endpoint: str, guard, addressing: str = "virtual") -> Target:
    return Target(name="t", endpoint=endpoint, region="us-east-1", addressing=addressing,
                  credentials=Credentials("testing", "testing"), connect_guard=guard)


def _moto_buckets(url: str) -> list[str]:
    client = botocore.session.get_session().create_client(
        "s3", region_name="us-east-1", endpoint_url=url, aws_access_key_id="testing", aws_secret_access_key="testing")
    return [b["Name"] for b in client.list_buckets().get("Buckets", [])]


def test_virtual_hosted_bucket_host_is_checked_when_connecting(moto_server) -> None:
    port = urlsplit(moto_server.url).port
    calls: list[str] = []
    resolve = table_resolver({"vh.example": ["127.0.0.1"], "*.vh.example": ["169.254.169.254"]}, calls)
    guard = ConnectionGuard(tuple(parse_allow_list([f"127.0.0.1:{port}"])), resolve)
    endpoint = f"http://vh.example:{port}"
    check_url(endpoint, list(guard.allow), resolve)  # what the service checks when a target is saved: fine
    transport = Transport(_target(endpoint, guard), timeout=10, retries=0)

    listed = transport.call("s3", "ListBuckets")  # the base host: resolved by the guard, allow-listed
    assert listed.status >= 200  # moto answered on the allow-listed address (it reads vh.example as a bucket host)
    with pytest.raises(TransportFault, match="metadata") as refused:
        transport.call("s3", "CreateBucket", {"Bucket": "ssrf-vh-bucket"})
    assert "ssrf-vh-bucket.vh.example" in str(refused.value)
    assert "ssrf-vh-bucket.vh.example" in calls  # the bucket host itself was resolved and checked
    # a scenario calling the client directly is guarded too
    with pytest.raises(Exception, match="metadata"):
        transport.client("s3").head_bucket(Bucket="ssrf-vh-bucket")
    # and raw HTTP (presigned URLs, POST forms)
    with pytest.raises(connguard.GuardRefused, match="metadata"):
        rawhttp.request(transport, "GET", f"http://ssrf-vh-bucket.vh.example:{port}/", service="s3",
                        operation="ListObjects", retry=False)
    assert "ssrf-vh-bucket" not in _moto_buckets(moto_server.url)


def test_dns_rebinding_between_check_and_connect_is_refused(moto_server) -> None:
    """The name resolves to a public address when the target is saved, to loopback when the run
    connects: the connection is refused, and nothing reaches the loopback server."""
    port = urlsplit(moto_server.url).port
    answers = iter([["93.184.216.34"]])
    table: dict[str, list[str]] = {}

    def flipping(host, port_, *args):
        table["rebind.example"] = next(answers, ["127.0.0.1"])
        return table_resolver(table)(host, port_, *args)

    guard = ConnectionGuard((), flipping)
    endpoint = f"http://rebind.example:{port}"
    check_url(endpoint, [], flipping)  # public when checked at save time
    transport = Transport(_target(endpoint, guard, "path"), timeout=10, retries=0)
    with pytest.raises(TransportFault, match="loopback"):
        transport.call("s3", "CreateBucket", {"Bucket": "ssrf-rebind-bucket"})
    assert "ssrf-rebind-bucket" not in _moto_buckets(moto_server.url)


def test_service_targets_carry_the_guard(tmp_path) -> None:
    from cryptography.fernet import Fernet

    from awscompat.service.config import ServiceConfig
    from awscompat.service.core import Service
    from awscompat.service.models import Target as Row

    svc = Service(ServiceConfig(data_dir=tmp_path, secret_keys=[Fernet.generate_key().decode()],
                                allow_networks=["127.0.0.1:9"]))
    try:
        row = Row(name="t", endpoint="http://127.0.0.1:9", endpoints={}, region="us-east-1", addressing="virtual",
                  verify_tls=True, disposable=True, secret=None)
        target = svc.engine_target(row)
        assert isinstance(target.connect_guard, ConnectionGuard)
        assert target.connect_guard("127.0.0.1", 9) == ["127.0.0.1"]
        with pytest.raises(Refused, match="loopback"):
            target.connect_guard("127.0.0.1", 10)  # another port: not allow-listed
    finally:
        svc.stop()


def test_a_service_run_with_virtual_hosted_buckets_is_guarded(moto_server, tmp_path) -> None:
    """End to end: a target whose base host is an allow-listed moto but whose bucket hosts
    (a wildcard record) resolve to the metadata address. The run's bucket-host requests are
    refused at connection time and end as `error` naming the address; no bucket is created."""
    import sys
    from pathlib import Path

    from fastapi.testclient import TestClient

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "service"))
    from service_helpers import make_config, make_owner, wait_run

    from awscompat.service.app import create_app
    from awscompat.service.core import Service

    port = urlsplit(moto_server.url).port
    resolve = table_resolver({"vh.example": ["127.0.0.1"], "*.vh.example": ["169.254.169.254"]})
    before = set(_moto_buckets(moto_server.url))
    cfg = make_config(f"sqlite:///{tmp_path / 'service.db'}", tmp_path / "data", allow_networks=[f"127.0.0.1:{port}"])
    with TestClient(create_app(Service(cfg, resolver=resolve)), raise_server_exceptions=False) as client:
        owner = make_owner(client, "vh-owner")
        assert client.post("/api/v1/providers", json={"name": "vh"}, headers=owner).status_code == 201
        body = {"name": "main", "endpoint": f"http://vh.example:{port}", "addressing": "virtual",
                "profiles": ["s3-core-2026.11"],
                "credentials": {"access_key_id": "testing", "secret_access_key": "testing-secret"}}
        assert client.post("/api/v1/providers/vh/targets", json=body, headers=owner).status_code == 201
        r = client.post("/api/v1/providers/vh/targets/main/runs", headers=owner)
        assert r.status_code == 202, r.text
        run = wait_run(client, r.json()["id"], timeout=300)
        results = client.get(f"/api/v1/runs/{run['id']}/results", params={"outcome": "failed", "limit": 1000}).json()
    refused = [x for x in results["items"] if "169.254.169.254" in x["message"] and "metadata" in x["message"]]
    assert refused, results["items"][:3]
    assert all(x["outcome"] == "error" for x in refused)
    assert set(_moto_buckets(moto_server.url)) <= before


def test_per_service_endpoints_are_guarded_too(moto_server) -> None:
    port = urlsplit(moto_server.url).port
    resolve = table_resolver({"s3.example": ["127.0.0.1"], "sqs.example": ["2002:a00:1::1"]})
    guard = ConnectionGuard(tuple(parse_allow_list([f"127.0.0.1:{port}"])), resolve)
    target = Target(name="t", endpoint=f"http://s3.example:{port}", endpoints={"sqs": f"http://sqs.example:{port}"},
                    credentials=Credentials("testing", "testing"), connect_guard=guard)
    transport = Transport(target, timeout=10, retries=0)
    assert transport.call("s3", "ListBuckets").status >= 200  # answered on the allow-listed address
    with pytest.raises(TransportFault, match="wrapped in 6to4") as refused:
        transport.call("sqs", "ListQueues")
    assert refused.value.kind == "refused"
