"""The S3 areas of issue 16 part B (s3/cors-requests, s3/sse-kms, ...): registered features,
grounded provenance, and real outcomes against moto (which encrypts with KMS keys but does not
check them, and adds CORS headers to actual requests whatever the rules say)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from awscompat.catalog import Selection, build_catalog
from clirun import awscompat, cli_env, read_results

NEW = ("s3/cross-account", "s3/policy-conditions", "s3/sse-kms", "s3/post-object", "s3/cors-requests",
       "s3/large-objects")


def test_new_features_are_listed_and_documented(home: Path, tmp_path: Path) -> None:
    res = awscompat("list", "-s", "s3", "--stats", "--json", env=cli_env(home), cwd=tmp_path)
    stats = json.loads(res.stdout)
    assert stats["by_feature"]["s3/cors-requests"] >= 12 and stats["by_feature"]["s3/sse-kms"] >= 10
    assert stats["by_feature"]["s3/post-object"] >= 12
    docs = (Path(__file__).resolve().parent.parent / "docs" / "features.md").read_text()
    assert all(f"`{feature}`" in docs for feature in NEW)
    for case in build_catalog(Selection(services=["s3"], features=["s3/cors-requests", "s3/sse-kms", "s3/post-object"])):
        assert case.provenance.kind in ("recorded-aws", "aws-docs"), case.id


def test_sse_kms_and_cors_requests_on_moto(moto_server, home: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    res = awscompat("run", "--endpoint", moto_server.url, "-s", "s3", "-s", "kms", "--feature", "s3/sse-kms",
                    "--feature", "s3/cors-requests", "--feature", "s3/post-object", "--out", str(out), env=cli_env(home), cwd=tmp_path)
    assert res.code == 1, res
    got = {r["id"].rsplit("/", 2)[-2] + "/" + r["id"].rsplit("/", 1)[-1]: r for r in read_results(out)}
    for name in ("put-names-key", "get-names-key", "head-names-key", "bucket-default-applies", "copy-into-kms"):
        assert got[f"sse-kms/{name}"]["outcome"] == "pass", got[f"sse-kms/{name}"]
    # moto accepts a key that does not exist, where AWS answers 400 KMS.NotFoundException
    missing = got["sse-kms/put-missing-key"]
    assert missing["outcome"] == "fail" and "HTTP 200 success" in missing["message"], missing
    # moto answers an actual GET without Origin with Access-Control-Allow-Origin; AWS adds none
    no_origin = got["cors-requests/get-no-origin"]
    assert no_origin["outcome"] == "fail" and "Access-Control-Allow-Origin" in no_origin["message"], no_origin
    # moto stores a POST whatever its policy says: the inclusive bound passes, an unnamed field is let through
    assert got["post-object/content-length-range-upper-bound"]["outcome"] == "pass"
    assert got["post-object/field-not-in-policy"]["outcome"] == "fail"
    assert not [r for r in got.values() if r["outcome"] == "error"]


def test_cross_account_needs_the_second_credential_set(moto_server, home: Path, tmp_path: Path) -> None:
    args = ("run", "--endpoint", moto_server.url, "-s", "s3", "-s", "sts", "--feature", "s3/cross-account")
    res = awscompat(*args, "--out", str(tmp_path / "none"), env=cli_env(home), cwd=tmp_path)
    skipped = read_results(tmp_path / "none")
    assert res.code == 0 and skipped and all(r["outcome"] == "skip" for r in skipped), res
    assert "AWS_SECOND_ACCESS_KEY_ID" in skipped[0]["message"]

    secret = "second-secret-never-written"
    env = cli_env(home, AWS_SECOND_ACCESS_KEY_ID="AKIASECONDPRINCIPAL1", AWS_SECOND_SECRET_ACCESS_KEY=secret)
    res = awscompat(*args, "--out", str(tmp_path / "two"), env=env, cwd=tmp_path)
    got = {r["id"].rsplit("/", 1)[-1]: r for r in read_results(tmp_path / "two")}
    # moto grants every key everything: the grant passes, the refusals fail
    assert got["policy-grants-get"]["outcome"] == "pass", res
    assert got["private-object-denied"]["outcome"] == "fail" and "HTTP 200" in got["private-object-denied"]["message"]
    for path in (tmp_path / "two").rglob("*"):
        if path.is_file():
            assert secret not in path.read_text(errors="replace"), path


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("AWSCOMPAT_SLOW") != "1", reason="100 MiB objects: opt-in with AWSCOMPAT_SLOW=1")
def test_large_objects_on_moto(moto_server, home: Path, tmp_path: Path) -> None:
    """Opt-in (AWSCOMPAT_SLOW=1): sends 100 MiB and 1,000-key batches."""
    out = tmp_path / "run"
    res = awscompat("run", "--endpoint", moto_server.url, "-s", "s3", "--feature", "s3/large-objects",
                    "--out", str(out), env=cli_env(home), cwd=tmp_path, timeout=900)
    got = {r["id"].rsplit("/", 1)[-1]: r for r in read_results(out)}
    for name in ("multipart-100mib", "concurrent-writers-one-key", "delete-objects-1000-keys", "presigned-expiry-max"):
        assert got[name]["outcome"] == "pass", (got[name], res)
    # moto takes 1,001 keys in one DeleteObjects and a presigned URL valid for more than 7 days
    assert got["delete-objects-1001-keys"]["outcome"] == "fail"
    assert got["presigned-expiry-over-max"]["outcome"] == "fail"
