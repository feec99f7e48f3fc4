"""The `envelope` case inspects an error response; when the generated request succeeds (a request
AWS also answers 200), it sends the operation made invalid by its model (a required member left out,
else a declared constraint broken), which AWS answers with a validation error, and inspects that.
Real moto server: it accepts a well-formed sts AssumeRole and answers 500 without RoleArn."""

from __future__ import annotations

import json
from pathlib import Path

from awscompat.catalog import Selection
from awscompat.cli.runcmd import RunRequest, execute
from awscompat.market.runner import aws_env, handle_env


def _run(srv, tmp: Path, globs: list[str]) -> dict[str, dict]:
    with aws_env(handle_env(srv)):
        execute(RunRequest(endpoint=srv.url, region="us-east-1", selection=Selection(["sts", "iam"], globs=globs),
                           concurrency=2, timeout=30, disposable=True, out_dir=tmp, quiet=True), [])
    return {r["id"]: r for r in map(json.loads, (tmp / "results.jsonl").read_text().splitlines())}


def test_a_succeeding_request_is_made_invalid_and_its_error_inspected(moto_server, tmp_path: Path) -> None:
    got = _run(moto_server, tmp_path, ["sts/AssumeRole/envelope", "sts/GetCallerIdentity/envelope"])
    assume = got["sts/AssumeRole/envelope"]
    # judged now (it was skipped: "the generated request succeeded"): moto answers 500 without RoleArn
    assert assume["outcome"] == "fail", assume
    assert "server error" in assume["message"]
    body = assume["evidence"]["request"]["body"]  # the request inspected: the one without RoleArn
    assert "Action=AssumeRole" in body and "RoleSessionName=" in body and "RoleArn" not in body, body
    # an operation with no member at all has nothing to make invalid: still nothing to inspect
    caller = got["sts/GetCallerIdentity/envelope"]
    assert caller["outcome"] == "skip" and "no member to make invalid" in caller["message"], caller
