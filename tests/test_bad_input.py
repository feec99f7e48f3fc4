"""What a user gets for a target or an input that cannot work: one clear line on stderr, `error`
outcomes with evidence (never `fail`, which would count against the provider), exit code 2
(usage/configuration) or 3 (incomplete run), and never a Python traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import servers
from awscompat.engine.embedded import free_port
from clirun import CliResult, awscompat, check_run_folder, clean_env, cli_env

SMALL = ("--service", "s3", "--select", "s3/List*/recognised", "-q")


def assert_one_clear_line(r: CliResult, *phrases: str) -> str:
    """No traceback anywhere, and one stderr line that says all of phrases."""
    assert "Traceback (most recent call last)" not in r.output, r
    lines = [line for line in r.stderr.splitlines() if all(p.lower() in line.lower() for p in phrases)]
    assert lines, f"no stderr line says {phrases}:\n{r}"
    return lines[0]


def assert_error_outcomes(out: Path) -> list[dict]:
    """Every case is an `error` that carries evidence of what the harness saw."""
    meta, results = check_run_folder(out)
    assert meta["counts"]["error"] == len(results), meta["counts"]
    assert meta["status"] == "incomplete"
    for x in results:
        assert x["outcome"] == "error", x
        assert x["message"], x
        ev = x["evidence"]
        assert ev and ev.get("request") and ev.get("operation"), x
        assert ev.get("fault") or ev.get("response"), x
    return results


def run_broken(endpoint: str, env: dict[str, str], tmp_path: Path, *extra: str) -> tuple[CliResult, Path]:
    out = tmp_path / "run"
    return awscompat("run", "--endpoint", endpoint, *SMALL, *extra, "--out", out, env=env, cwd=tmp_path), out


# -- targets that cannot be tested: exit 3, `error` outcomes ------------------------------
def test_unreachable_endpoint(home: Path, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    r, out = run_broken(url, cli_env(home), tmp_path)
    assert r.code == 3, r
    assert_one_clear_line(r, url, "connection refused")
    results = assert_error_outcomes(out)
    assert {x["evidence"]["fault"] for x in results} == {"connection-refused"}


def test_wrong_port_answers_html(html_endpoint: str, home: Path, tmp_path: Path) -> None:
    r, out = run_broken(html_endpoint, cli_env(home), tmp_path)
    assert r.code in (2, 3), r
    assert_one_clear_line(r, html_endpoint, "web page")
    results = assert_error_outcomes(out)
    response = results[0]["evidence"]["response"]
    assert response["status"] == 200, "the evidence must show the status that came off the wire"
    assert "<html" in response["body"]


def test_tls_to_a_plain_http_server(moto_server: servers.Running, home: Path, tmp_path: Path) -> None:
    url = moto_server.url.replace("http://", "https://")
    r, out = run_broken(url, cli_env(home), tmp_path)
    assert r.code == 3, r
    assert_one_clear_line(r, url, "TLS")
    results = assert_error_outcomes(out)
    assert {x["evidence"]["fault"] for x in results} == {"tls"}


@pytest.mark.parametrize("which", ["secret", "key"])
def test_bad_credentials(which: str, seaweedfs_server: servers.Running, home: Path, tmp_path: Path) -> None:
    """SeaweedFS enforces its credentials: a wrong secret (or an unknown key) is rejected."""
    good = seaweedfs_server.credentials
    key = good["AWS_ACCESS_KEY_ID"] if which == "secret" else "AKIAUNKNOWNKEY000000"
    wrong = "wrong-secret-" + "x" * 20
    r, out = run_broken(seaweedfs_server.url, cli_env(home, key, wrong), tmp_path)
    assert r.code == 3, r
    assert_one_clear_line(r, seaweedfs_server.url, "rejected the credentials")
    results = assert_error_outcomes(out)
    assert {x["evidence"]["response"]["status"] for x in results} == {403}
    for path in out.iterdir():
        assert wrong not in path.read_text(errors="replace"), f"the secret appears in {path.name}"


def test_endpoint_that_never_answers(silent_endpoint: str, home: Path, tmp_path: Path) -> None:
    timeout = 2
    start = time.monotonic()
    r, out = run_broken(silent_endpoint, cli_env(home), tmp_path, "--timeout", str(timeout))
    elapsed = time.monotonic() - start
    assert r.code == 3, r
    # Roughly the timeout: one probe that times out, not one per case (12 here) or per retry.
    assert elapsed < 20, f"took {elapsed:.1f}s with --timeout {timeout}"
    assert_one_clear_line(r, silent_endpoint, "did not answer")
    results = assert_error_outcomes(out)
    assert {x["evidence"]["fault"] for x in results} == {"timeout"}


# -- usage and configuration errors: exit 2, nothing run ----------------------------------
@pytest.mark.parametrize("endpoint", [
    "not a url", "127.0.0.1:9000", "ftp://127.0.0.1:9000", "http://", "http://not a host:9000",
    "http://[::1", "http://127.0.0.1:99999", "http://127.0.0.1:9000?x=1",
])
def test_malformed_endpoint(endpoint: str, home: Path, tmp_path: Path) -> None:
    r, out = run_broken(endpoint, cli_env(home), tmp_path)
    assert r.code == 2, r
    assert_one_clear_line(r, "endpoint")
    assert not (out / "results.jsonl").exists()


def test_endpoint_with_credentials_in_it(home: Path, tmp_path: Path) -> None:
    r, out = run_broken("http://someone:hunter2secret@127.0.0.1:9000", cli_env(home), tmp_path)
    assert r.code == 2, r
    assert_one_clear_line(r, "credentials")
    assert "hunter2secret" not in r.output


def test_unknown_service(home: Path, tmp_path: Path) -> None:
    r = awscompat("run", "--endpoint", "http://127.0.0.1:9", "--service", "nosuchservice", "-q",
                  "--out", tmp_path / "run", env=cli_env(home), cwd=tmp_path)
    assert r.code == 2, r
    assert_one_clear_line(r, "nosuchservice")


def test_endpoint_and_target_together(home: Path, tmp_path: Path) -> None:
    r = awscompat("run", "--endpoint", "http://127.0.0.1:9", "--target", "moto", *SMALL,
                  "--out", tmp_path / "run", env=cli_env(home), cwd=tmp_path)
    assert r.code == 2, r
    assert_one_clear_line(r, "--endpoint", "--target")


def test_no_credentials_with_endpoint(home: Path, tmp_path: Path) -> None:
    """No AWS_* variable, an empty HOME, and config files that do not exist."""
    env = clean_env(home)
    assert not [k for k in env if k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE")]
    r, out = run_broken("http://127.0.0.1:9", env, tmp_path)
    assert r.code == 2, r
    assert_one_clear_line(r, "credentials", "AWS_ACCESS_KEY_ID")
    assert not (out / "results.jsonl").exists()


def test_bad_region(home: Path, tmp_path: Path) -> None:
    r, out = run_broken("http://127.0.0.1:9", cli_env(home), tmp_path, "--region", "us east 1")
    assert r.code == 2, r
    assert_one_clear_line(r, "region", "us east 1")
