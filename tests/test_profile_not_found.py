"""An AWS profile the shared config files do not hold (AWS_PROFILE or --profile) is bad input for
every command that reads the botocore configuration: one line naming the profile and the known
ones, exit code 2, never botocore's ProfileNotFound traceback. A profile that does exist still
works (the check is not a blanket refusal)."""

from __future__ import annotations

from pathlib import Path

import pytest

import servers
from clirun import CliResult, awscompat, cli_env


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A HOME whose ~/.aws/config holds one profile, `real`."""
    h = tmp_path / "home"
    (h / ".aws").mkdir(parents=True)
    (h / ".aws" / "config").write_text("[profile real]\nregion = us-east-1\n", encoding="utf-8")
    return h


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = cli_env(home, **extra)
    env["AWS_CONFIG_FILE"] = str(home / ".aws" / "config")
    return env


def _assert_clean_refusal(r: CliResult) -> None:
    assert r.code == 2, r
    assert "Traceback" not in r.output and "ProfileNotFound" not in r.output, r
    lines = [x for x in r.stderr.splitlines() if "'nope'" in x and "not found" in x]
    assert len(lines) == 1, r
    assert "known: real" in lines[0], r


def _workload(tmp_path: Path) -> Path:
    src = tmp_path / "app.py"
    src.write_text("import boto3\nboto3.client('s3').list_buckets()\n", encoding="utf-8")
    return src


COMMANDS = {
    "list": lambda t: ["list", "--service", "sqs", "--stats"],
    "footprint": lambda t: ["footprint", _workload(t), "--out", t / "fp.json"],
    "run": lambda t: ["run", "--select", "sqs/ListQueues/recognised", "-q", "--out", t / "run"],
    "score": lambda t: ["score", t, "--rating", "sqs-core-2026.11"],
    "diff": lambda t: ["diff", "--reference", "moto", "--candidate", "moto", "--select", "sqs/ListQueues/recognised"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_unknown_aws_profile_env(command: str, home: Path, tmp_path: Path) -> None:
    r = awscompat(*COMMANDS[command](tmp_path), env=_env(home, AWS_PROFILE="nope"), cwd=tmp_path)
    _assert_clean_refusal(r)
    assert "AWS_PROFILE" in r.stderr
    assert not (tmp_path / "run" / "results.jsonl").exists()


def test_unknown_aws_profile_flag(home: Path, tmp_path: Path) -> None:
    r = awscompat(*COMMANDS["run"](tmp_path), "--profile", "nope", env=_env(home), cwd=tmp_path)
    _assert_clean_refusal(r)


def test_known_profile_still_runs(home: Path, tmp_path: Path, moto_server: servers.Running) -> None:
    """The same commands with a profile that exists go on and do their work."""
    env = _env(home, AWS_PROFILE="real")
    listed = awscompat(*COMMANDS["list"](tmp_path), env=env, cwd=tmp_path)
    assert listed.code == 0 and "services: 1" in listed.stdout, listed
    ran = awscompat("run", "--endpoint", moto_server.url, "--select", "sqs/ListQueues/recognised", "-q",
                    "--out", tmp_path / "run", env=env, cwd=tmp_path)
    assert ran.code == 0, ran
    assert (tmp_path / "run" / "results.jsonl").read_text(encoding="utf-8").count('"outcome": "pass"') == 1, ran
