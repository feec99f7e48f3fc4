"""Requests the SDK cannot send to the target (engine/sendable.py) end as `skip` with the reason,
and nothing leaves for another host: found by the full catalog run against moto (signin went
to signin.us-east-1.api.aws; s3control prefixed the account to the loopback address)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

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
