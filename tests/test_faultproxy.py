"""The fault proxy (awscompat.faults.proxy) and the rule it checks: a target behind the proxy rates
the same as without it, apart from `error` outcomes. No fault becomes a `fail` (or an
`unsupported`, or a `pass`), and the run always completes.

The moto tests run S3 scenarios and the S3 `recognised` family once directly against moto
and once through the proxy per fault type (a few runs at once, in a module fixture: they mostly
wait), then compare case by case.
"""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import servers
from awscompat.faults.proxy import FaultProxy, FaultSpecError, parse_faults
from clirun import CliResult, awscompat, cli_env
from faultruns import Faults, assert_rated_alike, outcomes, run_each_fault

# The recognised family and the S3 scenario features that exercise the wire most (payloads read
# whole and checked, ranges, multipart with 5 MiB parts and 200-with-<Error> answers, conditional
# requests, versions, bulk deletes), pinned so that the file's run time does not grow with every
# new feature.
FEATURES = ("contract", "objects", "ranges", "multipart", "conditional", "versioning", "delete-objects")
SUITE = ("--service", "s3", "--family", "scenario", "--family", "recognised",
         *(arg for f in FEATURES for arg in ("--feature", f"s3/{f}")))
# fault type -> (specs, the proxy counter that must show it fired, how often at least)
FAULTS: Faults = {
    "hang": (("hang=0.01",), "hang", 3),
    "500": (("500=0.1:burst=2",), "500", 30),
    "latency": (("latency=20ms:jitter=20ms",), "requests", 500),
    "reset": (("reset=0.1",), "reset", 30),
    "503": (("503=0.1:burst=2",), "503", 30),
    "truncate": (("truncate=0.15",), "truncate", 20),
    "garbage": (("garbage=0.15",), "garbage", 20),
}


# -- the grammar ------------------------------------------------------------------------------
def test_grammar() -> None:
    plan = parse_faults(["latency=50ms:jitter=0.01s", "reset=5%", "503=0.1:burst=2", "hang=0", "seed=7"])
    assert (plan.latency_ms, plan.jitter_ms, plan.seed) == (50.0, 10.0, 7)
    assert [(f.name, f.rate, f.burst) for f in plan.faults] == [("hang", 0.0, 1), ("reset", 0.05, 1),
                                                               ("503", 0.1, 2)]
    assert plan.to_dict()["specs"][0] == "latency=50ms:jitter=0.01s"
    for bad in ["reset", "reset=2", "reset=-0.1", "nosuch=0.1", "latency=fast", "503=0.1:burst=0",
                "503=0.1:bust=2", "seed=x", "latency=1ms:burst=2"]:
        with pytest.raises(FaultSpecError):
            parse_faults([bad])
    with pytest.raises(FaultSpecError, match="twice"):
        parse_faults(["reset=0.1", "reset=0.2"])


def test_bad_spec_is_a_usage_error(home: Path, tmp_path: Path) -> None:
    r = awscompat("run", "--endpoint", "http://127.0.0.1:9", "-s", "s3", "--fault", "reset=lots", "-q",
                  "--out", tmp_path / "run", env=cli_env(home), cwd=tmp_path)
    assert r.code == 2, r
    assert "Traceback" not in r.output and "reset=lots" in r.stderr, r
    assert not (tmp_path / "run" / "results.jsonl").exists()


# -- HTTP through the proxy, against a small upstream -------------------------------------------
class Upstream(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for piece in (b"hello ", b"chunked ", b"world"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
            return
        body = b"x" * 100_000
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_HEAD = do_GET  # noqa: N815

    def do_PUT(self) -> None:  # noqa: N802
        if "chunked" in self.headers.get("Transfer-Encoding", ""):
            data = b""
            while size := int(self.rfile.readline().strip(), 16):
                data += self.rfile.read(size + 2)[:-2]
            self.rfile.readline()
        else:
            data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = str(len(data)).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def upstream() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _conn(proxy: FaultProxy, timeout: float = 5) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=timeout)


def test_keep_alive_chunked_head_and_bodies(upstream: str) -> None:
    with FaultProxy(upstream, parse_faults([])) as proxy:
        assert proxy.url.startswith("http://127.0.0.1:")
        conn = _conn(proxy)  # one connection for everything: keep-alive on both sides
        conn.request("GET", "/chunked")
        assert conn.getresponse().read() == b"hello chunked world"
        conn.request("HEAD", "/")
        head = conn.getresponse()
        assert head.getheader("Content-Length") == "100000" and head.read() == b""
        conn.request("GET", "/")
        assert len(conn.getresponse().read()) == 100_000
        conn.request("PUT", "/", body=b"y" * 3_000_000, headers={"Expect": "100-continue"})
        assert conn.getresponse().read() == b"3000000"
        conn.request("PUT", "/", body=iter([b"ab", b"cde"]), encode_chunked=True)
        assert conn.getresponse().read() == b"5"
        conn.close()
        assert proxy.stats["requests"] == 5


def test_each_fault_on_the_wire(upstream: str) -> None:
    with FaultProxy(upstream, parse_faults(["truncate=1"])) as proxy:
        conn = _conn(proxy)
        conn.request("GET", "/")
        answer = conn.getresponse()
        assert answer.getheader("Content-Length") == "100000"
        with pytest.raises(http.client.IncompleteRead):
            answer.read()
    with FaultProxy(upstream, parse_faults(["garbage=1", "seed=3"])) as proxy:
        conn = _conn(proxy)
        conn.request("GET", "/")
        data = conn.getresponse().read()
        assert len(data) == 100_000 and data != b"x" * 100_000
    with FaultProxy(upstream, parse_faults(["503=1"])) as proxy:
        conn = _conn(proxy)
        conn.request("GET", "/bucket/key")
        answer = conn.getresponse()
        assert answer.status == 503 and b"<Code>SlowDown</Code>" in answer.read()
        conn.request("POST", "/", body=b"Action=ListUsers", headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert b"<Code>ServiceUnavailable</Code>" in conn.getresponse().read()  # same connection: kept alive
    with FaultProxy(upstream, parse_faults(["500=1"])) as proxy:
        conn = _conn(proxy)
        conn.request("POST", "/", body=b"{}", headers={"X-Amz-Target": "DynamoDB_20120810.ListTables"})
        answer = conn.getresponse()
        assert answer.status == 500 and json.loads(answer.read())["__type"] == "InternalFailure"
    with FaultProxy(upstream, parse_faults(["reset=1"])) as proxy:
        conn = _conn(proxy)
        conn.request("GET", "/")
        with pytest.raises((ConnectionError, http.client.RemoteDisconnected)):
            conn.getresponse()
    with FaultProxy(upstream, parse_faults(["hang=1"])) as proxy:
        conn = _conn(proxy, timeout=0.5)
        conn.request("GET", "/")
        with pytest.raises(TimeoutError):
            conn.getresponse()
        conn.close()
        assert proxy.stats["hang"] == 1


def test_bursts_and_seed_are_reproducible(upstream: str) -> None:
    def statuses(seed: int) -> list[int]:
        with FaultProxy(upstream, parse_faults(["503=0.2:burst=3", f"seed={seed}"])) as proxy:
            conn = _conn(proxy)
            out = []
            for _ in range(40):
                conn.request("HEAD", "/")
                answer = conn.getresponse()
                answer.read()
                out.append(answer.status)
            return out

    first = statuses(11)
    assert first == statuses(11) and first != statuses(12)
    bursts = [r for r in "".join("x" if s == 503 else "." for s in first).split(".") if r]
    if first[-1] == 503:
        bursts.pop()  # the last one may be cut short by the end of the test
    assert bursts and {len(b) % 3 for b in bursts} == {0}, f"503s come in bursts of 3: {first}"


# -- the rule, against moto ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def runs(moto_server: servers.Running, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[CliResult, Path]]:
    return run_each_fault(moto_server.url, tmp_path_factory.mktemp("faults"), SUITE, FAULTS, seed=5, timeout=600)


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_fault_never_changes_a_rating(fault: str, runs: dict[str, tuple[CliResult, Path]],
                                        moto_server: servers.Running) -> None:
    _, clean = outcomes(*runs["clean"])
    assert not [i for i, x in clean.items() if x["outcome"] == "error"], "the clean run has errors"
    meta, faulted = outcomes(*runs[fault])
    assert meta["faults"]["specs"] == [*FAULTS[fault][0], "seed=5"]
    assert meta["target"]["endpoint"] == moto_server.url, "run.json names the real target, not the proxy"
    assert meta["faults"]["proxies"][0]["upstream"] == moto_server.url
    # The same cases (compared by ID: a catalog edited between two runs must not fail this test).
    common = faulted.keys() & clean.keys()
    assert len(common) >= 0.9 * len(clean), (len(common), len(clean), len(faulted))
    assert_rated_alike(fault, FAULTS, clean, faulted, meta, common)
    assert sum(x["outcome"] == "pass" for x in faulted.values()) > len(faulted) // 2, meta["counts"]
