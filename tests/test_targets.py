"""`awscompat run` against real servers on loopback: the run completes, the run folder keeps its
contract (DESIGN 7), no case ends in `error`, and nothing the run created is left behind."""

from __future__ import annotations

import socket
from pathlib import Path

import boto3
import pytest

import servers
from awscompat.catalog import Selection, build_catalog
from awscompat.engine.embedded import free_port
from clirun import (
    CliResult,
    awscompat,
    check_run_folder,
    clean_env,
    cli_env,
    exit_code_for,
)

S3_SUITE = ("--service", "s3", "--family", "recognised", "--family", "scenario")
S3_SMALL = ("--service", "s3", "--select", "s3/List*/recognised")


def recognised_s3() -> set[str]:
    return {c.id for c in build_catalog(Selection(services=["s3"], families=["recognised"]))}


def assert_suite_ran(results: list[dict]) -> None:
    """Every recognised case ran, and the scenarios too (their number changes as they are written)."""
    ran = {x["id"] for x in results}
    assert recognised_s3() <= ran, f"recognised cases not run: {sorted(recognised_s3() - ran)[:10]}"
    assert {x["family"] for x in results} <= {"recognised", "scenario"}
    if any(build_catalog(Selection(services=["s3"], families=["scenario"]))):
        assert any(x["family"] == "scenario" for x in results), "no scenario ran"


def assert_completed(r: CliResult, out: Path) -> tuple[dict, list[dict]]:
    """Exit 0 or 1, a valid run folder, no `error` outcome, and an exit code that matches the counts."""
    assert "Traceback" not in r.output, r
    assert r.code in (0, 1), r
    meta, results = check_run_folder(out)
    errors = [f"{x['id']}: {x['message']}" for x in results if x["outcome"] == "error"]
    assert not errors, f"{len(errors)} error outcome(s):\n" + "\n".join(errors[:20])
    assert r.code == exit_code_for(meta["counts"]), (meta["counts"], r)
    assert meta["status"] == "complete"
    for x in results:
        if x["outcome"] in ("fail", "unsupported"):
            assert x["evidence"], f"{x['id']} is {x['outcome']} without evidence"
    return meta, results


def leftover_buckets(url: str, run_id: str, key: str = "testing", secret: str = "testing") -> list[str]:
    client = boto3.client("s3", endpoint_url=url, region_name="us-east-1", aws_access_key_id=key,
                          aws_secret_access_key=secret)
    try:
        names = [b["Name"] for b in client.list_buckets().get("Buckets", [])]
    finally:
        client.close()
    return [n for n in names if run_id in n]


def test_ministack_s3_suite(ministack_server: servers.Running, home: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    r = awscompat("run", "--endpoint", ministack_server.url, *S3_SUITE, "-q", "--out", out, env=cli_env(home),
                  cwd=tmp_path)
    meta, results = assert_completed(r, out)
    assert meta["target"]["endpoint"] == ministack_server.url
    assert_suite_ran(results)
    assert meta["leftovers"] == []
    assert leftover_buckets(ministack_server.url, meta["run_id"]) == []


def test_seaweedfs_s3_suite(seaweedfs_server: servers.Running, home: Path, tmp_path: Path) -> None:
    creds = seaweedfs_server.credentials
    out = tmp_path / "run"
    r = awscompat("run", "--endpoint", seaweedfs_server.url, *S3_SUITE, "-q", "--out", out,
                  env=cli_env(home, creds["AWS_ACCESS_KEY_ID"], creds["AWS_SECRET_ACCESS_KEY"]), cwd=tmp_path)
    meta, results = assert_completed(r, out)
    assert_suite_ran(results)
    assert meta["target"]["access_key_id"] != creds["AWS_ACCESS_KEY_ID"], "the access key is not masked"
    assert meta["leftovers"] == []
    assert leftover_buckets(seaweedfs_server.url, meta["run_id"], creds["AWS_ACCESS_KEY_ID"],
                            creds["AWS_SECRET_ACCESS_KEY"]) == []
    # Secrets never appear in the run folder, in evidence or anywhere else (DESIGN 4).
    for path in out.iterdir():
        assert creds["AWS_SECRET_ACCESS_KEY"] not in path.read_text(errors="replace"), f"secret in {path.name}"


def _port_open(url: str) -> bool:
    host, port = url.rsplit("/", 1)[-1].rsplit(":", 1)
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((host, int(port))) == 0


def test_embedded_moto_without_endpoint(home: Path, tmp_path: Path) -> None:
    """No --endpoint and no credentials at all: awscompat starts moto itself, and stops it."""
    out = tmp_path / "run"
    r = awscompat("run", *S3_SMALL, "-q", "--out", out, env=clean_env(home), cwd=tmp_path)
    meta, results = assert_completed(r, out)
    assert meta["target"]["name"] == "moto"
    endpoint = meta["target"]["endpoint"]
    assert endpoint.startswith("http://127.0.0.1:"), endpoint
    assert len(results) == meta["cases"] == len([c for c in recognised_s3() if c.startswith("s3/List")])
    assert (out / "moto.log").is_file()
    assert not _port_open(endpoint), f"the embedded moto server still answers on {endpoint}"


def test_embedded_default_run_folder(home: Path, tmp_path: Path) -> None:
    """Without --out, the run folder goes under ./awscompat-runs/."""
    r = awscompat("run", "--service", "sts", "--select", "sts/GetCallerIdentity/recognised", "-q",
                  env=clean_env(home), cwd=tmp_path)
    assert r.code in (0, 1), r
    folders = list((tmp_path / "awscompat-runs").iterdir())
    assert len(folders) == 1, folders
    meta, results = check_run_folder(folders[0])
    assert [x["id"] for x in results] == ["sts/GetCallerIdentity/recognised"]


def test_endpoint_for_overrides_one_service(ministack_server: servers.Running, html_endpoint: str, home: Path,
                                            tmp_path: Path) -> None:
    """s3 goes to ministack although --endpoint is a web server that speaks no AWS protocol."""
    out = tmp_path / "run"
    r = awscompat("run", "--endpoint", html_endpoint, "--endpoint-for", f"s3={ministack_server.url}", *S3_SMALL,
                  "-q", "--out", out, env=cli_env(home), cwd=tmp_path)
    meta, results = assert_completed(r, out)
    assert meta["target"]["endpoint"] == html_endpoint
    assert meta["target"]["endpoints"] == {"s3": ministack_server.url}
    assert meta["counts"]["pass"] > 0


def test_endpoint_for_is_where_the_calls_go(ministack_server: servers.Running, home: Path, tmp_path: Path) -> None:
    """The reverse: a good --endpoint, and s3 sent to a port where nothing listens."""
    nowhere = f"http://127.0.0.1:{free_port()}"
    out = tmp_path / "run"
    r = awscompat("run", "--endpoint", ministack_server.url, "--endpoint-for", f"s3={nowhere}", *S3_SMALL,
                  "-q", "--out", out, env=cli_env(home), cwd=tmp_path)
    assert r.code == 3, r
    meta, results = check_run_folder(out)
    assert {x["outcome"] for x in results} == {"error"}
    urls = {x["evidence"]["request"]["url"] for x in results}
    assert urls and all(u.startswith(nowhere) for u in urls), urls


@pytest.mark.parametrize("value", ["s3", "s3=", "nosuchservice=http://127.0.0.1:9000", "s3=not-a-url"])
def test_endpoint_for_malformed(value: str, home: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    r = awscompat("run", "--endpoint", "http://127.0.0.1:9", "--endpoint-for", value, *S3_SMALL, "-q",
                  "--out", out, env=cli_env(home), cwd=tmp_path)
    assert r.code == 2, r
    assert "Traceback" not in r.output, r
    assert any("--endpoint-for" in line or "endpoint" in line for line in r.stderr.splitlines()), r
    assert not (out / "results.jsonl").exists()

