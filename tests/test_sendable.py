"""Requests the SDK cannot send to the target (engine/sendable.py) end as `skip` with the reason,
and nothing leaves for another host: found by the full catalog run against moto (signin went
to signin.us-east-1.api.aws; s3control prefixed the account to the loopback address)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import botocore
import pytest

from awscompat.engine.sendable import NotSendable, _check
from clirun import awscompat, check_run_folder, cli_env


def request(url: str) -> SimpleNamespace:
    return SimpleNamespace(url=url)


def test_only_the_target_host_passes():
    _check("127.0.0.1", request("http://127.0.0.1:5000/bucket"))
    _check("s3.example.com", request("https://bucket.s3.example.com/key"))  # virtual-hosted under a named host
    with pytest.raises(NotSendable, match="signin.us-east-1.api.aws"):
        _check("127.0.0.1", request("https://signin.us-east-1.api.aws/v1/token"))
    with pytest.raises(NotSendable):  # a label under an IP address cannot be reached
        _check("127.0.0.1", request("http://123456789012.127.0.0.1:5000/v20180820/configuration"))
    with pytest.raises(NotSendable):
        _check("example.com", request("https://example.com.evil.test/"))


def test_unsendable_cases_skip_with_the_reason(tmp_path: Path):
    out = tmp_path / "run"
    run = awscompat("run", "-k", "signin/GetResourcePolicy/recognised", "-k", "s3control/ListAccessGrants/recognised",
                    "-k", "connecthealth/StartMedicalScribeListeningSession/recognised",
                    "-k", "dynamodb/BatchWriteItem/required/RequestItems", "-k", "codecatalyst/ListSpaces/recognised",
                    "--out", out, "-q", env=cli_env(tmp_path), cwd=tmp_path, timeout=180)
    assert run.code in (0, 1), run
    _, results = check_run_folder(out)
    by_id = {r["id"]: r for r in results}
    assert by_id["signin/GetResourcePolicy/recognised"]["outcome"] == "skip"
    assert "signin.us-east-1.api.aws" in by_id["signin/GetResourcePolicy/recognised"]["message"]
    assert by_id["s3control/ListAccessGrants/recognised"]["outcome"] == "skip"
    assert "has no method" in by_id["connecthealth/StartMedicalScribeListeningSession/recognised"]["message"]
    assert "refuses to build" in by_id["dynamodb/BatchWriteItem/required/RequestItems"]["message"]
    # a bearer-token service gets a test token on a custom endpoint: the request is sent and judged,
    # unless the SDK refuses bearer auth over plain HTTP (botocore >= 1.44): then skip, with that reason
    bearer = by_id["codecatalyst/ListSpaces/recognised"]
    assert bearer["outcome"] in ("pass", "fail", "unsupported") or (
        bearer["outcome"] == "skip" and "HTTPS" in bearer["message"]), bearer
    assert not [r for r in results if r["outcome"] == "error"], run


def test_bearer_service_alone_is_skip_not_a_preflight_error(tmp_path: Path):
    """A run of only a bearer-auth service on the embedded moto (http://): botocore >= 1.44 will
    not send bearer auth over plain HTTP, so the preflight probe cannot be sent either. That says
    nothing about the provider: every case is `skip` with the SDK's reason, the run is complete."""
    out = tmp_path / "run"
    run = awscompat("run", "-k", "codecatalyst/ListSpaces/recognised", "-k", "codecatalyst/GetUserDetails/recognised",
                    "--out", out, "-q", env=cli_env(tmp_path), cwd=tmp_path, timeout=180)
    meta, results = check_run_folder(out)
    if tuple(int(x) for x in botocore.__version__.split(".")[:2]) < (1, 44):
        pytest.skip("botocore < 1.44 sends bearer auth over http://: nothing to refuse")
    assert run.code == 0, run
    assert meta["status"] == "complete", meta
    assert [r["outcome"] for r in results] == ["skip", "skip"], results
    assert all("HTTPS" in r["message"] and "preflight" not in r["message"] for r in results), results


def test_unprobed_bearer_service_does_not_vouch_for_its_endpoint(tmp_path: Path):
    """On a dead endpoint, the service whose probe cannot be sent must not stand in for the others:
    iam is still probed (connection refused: `error`), codecatalyst still ends as `skip`."""
    from awscompat.engine.embedded import free_port

    out = tmp_path / "run"
    run = awscompat("run", "--endpoint", f"http://127.0.0.1:{free_port()}", "-k", "codecatalyst/ListSpaces/recognised",
                    "-k", "iam/ListUsers/recognised", "--out", out, "-q", env=cli_env(tmp_path), cwd=tmp_path,
                    timeout=180)
    assert run.code == 3, run
    _, results = check_run_folder(out)
    by_id = {r["id"]: r for r in results}
    iam = by_id["iam/ListUsers/recognised"]
    assert iam["outcome"] == "error" and iam["message"].startswith("preflight:"), iam
    assert "connection refused" in iam["message"], iam
    if tuple(int(x) for x in botocore.__version__.split(".")[:2]) >= (1, 44):
        bearer = by_id["codecatalyst/ListSpaces/recognised"]
        assert bearer["outcome"] == "skip" and "HTTPS" in bearer["message"], bearer
