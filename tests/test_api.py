"""The Python API (docs/api.md): awscompat.run / score / load_results against a real moto,
usage errors as exceptions, and a cheap `import awscompat`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import awscompat
from clirun import clean_env

DEAD = "http://127.0.0.1:9"


@pytest.fixture
def aws_env(monkeypatch, home):
    for key in [k for k in list(__import__("os").environ) if k.startswith("AWS_")]:
        monkeypatch.delenv(key)
    for key, value in clean_env(home, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                                AWS_DEFAULT_REGION="us-east-1").items():
        if key.startswith("AWS_"):
            monkeypatch.setenv(key, value)


def test_import_is_cheap(home, tmp_path):
    code = ("import sys, awscompat; heavy = [m for m in ('botocore', 'rich', 'click', 'jinja2', 'awscompat.catalog', "
            "'awscompat.engine') if m in sys.modules]; print(heavy); print(callable(awscompat.run))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=clean_env(home),
                          cwd=tmp_path, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["[]", "True"]
    assert set(awscompat.__all__) >= {"run", "score", "load_results", "RunResult", "UsageError"}


def test_run_score_and_load_results(moto_server, aws_env, tmp_path):
    out = tmp_path / "run"
    result = awscompat.run(endpoint_url=moto_server.url, services=["sqs"], select=["sqs/*/recognised"], out_dir=out)
    assert isinstance(result, awscompat.RunResult)
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert result.meta == meta and meta["target"]["endpoint"] == moto_server.url
    assert result.counts == meta["counts"] and sum(result.counts.values()) == meta["cases"] > 0
    assert result.exit_code == (1 if result.counts["fail"] + result.counts["unsupported"] else 0)
    assert result.status == "complete" and result.warning is None
    assert "cases in" in result.output  # the summary the command line prints, captured

    loaded = awscompat.load_results(out)
    assert [r["id"] for r in loaded.results] == [r["id"] for r in result.results]
    failures = loaded.failures()
    assert all(r["outcome"] in ("fail", "unsupported") for r in failures)
    assert len(failures) == result.counts["fail"] + result.counts["unsupported"]

    rating = awscompat.score(out, "sqs-core-2026.11")
    assert rating.profile.startswith("sqs-core") and rating.grade and isinstance(rating.compliant, bool)
    assert rating.to_dict()["cases"] == sum(1 for r in loaded.results if r["id"].startswith("sqs/"))


def test_the_api_follows_aws_endpoint_url(moto_server, aws_env, monkeypatch, tmp_path):
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server.url)
    result = awscompat.run(services=["s3"], select=["s3/List*/recognised"], out_dir=tmp_path / "run")
    assert result.meta["target"]["endpoint"] == moto_server.url
    assert result.meta["endpoint_source"] == {"*": "AWS_ENDPOINT_URL"}


def test_usage_errors_raise(aws_env, tmp_path):
    with pytest.raises(awscompat.UsageError, match="nosuchservice"):
        awscompat.run(endpoint_url=DEAD, services=["nosuchservice"], out_dir=tmp_path / "a")
    with pytest.raises(awscompat.UsageError, match="nosuch-2026.11"):
        awscompat.run(endpoint_url=DEAD, rating="nosuch-2026.11", out_dir=tmp_path / "b")
    with pytest.raises(awscompat.UsageError, match="not a run folder"):
        awscompat.load_results(tmp_path)
    with pytest.raises(awscompat.UsageError, match="not a run folder"):
        awscompat.score(tmp_path, "sqs-core-2026.11")
    # an unreachable endpoint is not a usage error: a run folder with errors, exit 3
    result = awscompat.run(endpoint_url=DEAD, services=["sqs"], select=["sqs/List*"], out_dir=tmp_path / "c")
    assert result.exit_code == 3 and result.status == "incomplete" and "harness error" in result.warning
