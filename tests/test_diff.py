"""`awscompat record` and `awscompat diff`: the normalisers, the comparison, and both commands
against real servers (moto, ministack)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from awscompat.diffing.compare import compare_case, compare_snapshots
from awscompat.diffing.normalise import NORMALISERS, Scope, Where, apply, resolve
from awscompat.diffing.snapshot import case_record, parse_answer, plain_parse
from clirun import awscompat, cli_env

# -- normalisers ----------------------------------------------------------------------------


def norm(value, key=None, path=None, *, service="s3", operation="GetObject", members=None, scope=None,
         only=None):
    normalisers = [NORMALISERS[only]] if only else resolve()
    where = Where(key, path or key or "request", service, operation, members or {}, scope or Scope())
    return apply(value, where, normalisers)


def test_every_normaliser_is_grounded() -> None:
    assert list(NORMALISERS) == ["endpoint", "run-names", "request-id", "timestamp", "owner-id", "generated-id",
                                 "etag", "error-message"]
    for n in NORMALISERS.values():
        assert n.grounding and n.summary, n.name
        assert all(g.startswith(("https://docs.aws.amazon.com/", "docs/")) for g in n.grounding), n.name
    with pytest.raises(KeyError, match="unknown normaliser 'nope'"):
        resolve(["nope"])
    assert [n.name for n in resolve(["etag"])] == [n for n in NORMALISERS if n != "etag"]


def test_request_ids_and_timestamps() -> None:
    assert norm("4442587FB7D0A2F9", "RequestId", "Error.RequestId") == "<request-id>"
    assert norm("tj3QJxvd+Y1Yk3b3Hh+IZ4nlMZsvBTk=", "HostId", "Error.HostId") == "<request-id>"
    assert norm("4442587FB7D0A2F9", "Key") == "4442587FB7D0A2F9"
    assert norm(dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC), "LastModified") == "<timestamp>"
    assert norm('expiry-date="Fri, 23 Dec 2012 00:00:00 GMT", rule-id="r1"', "Expiration") == \
        'expiry-date="<timestamp>", rule-id="r1"'
    assert norm("made 2026-11-22T08:02:11.123Z", "Note") == "made <timestamp>"
    assert norm("Uploads[0] at http://[::1]:4566/b and https://b.s3.amazonaws.com/k", "Note") == \
        "Uploads[0] at <endpoint>/b and <endpoint>/k"


def test_owner_and_account_ids_keep_their_identity() -> None:
    scope = Scope()
    canonical = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a"
    assert norm(canonical, "ID", "Owner.ID", scope=scope) == "<owner-1>"
    assert norm("webfile", "DisplayName", "Owner.DisplayName", scope=scope) == "<owner-name-1>"
    assert norm(canonical, "ID", "Initiator.ID", scope=scope) == "<owner-1>"  # the same owner: the same token
    assert norm("000000000000", "ID", "Initiator.ID", scope=scope) == "<owner-2>"  # another: another token
    assert norm("arn:aws:iam::123456789012:user/bob", "Arn", scope=scope) == "arn:aws:iam::<account-1>:user/bob"
    assert norm("http://127.0.0.1:4566/123456789012/q1", "QueueUrl", scope=scope) == "<endpoint>/<account-1>/q1"
    assert norm("some-key", "ID", "Rules[0].ID", scope=scope) == "some-key"  # a rule id is the caller's


def test_generated_ids_are_ordinal_and_null_is_kept() -> None:
    scope = Scope()
    assert norm("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY", "VersionId", scope=scope) == "<id-1>"
    assert norm("null", "VersionId", scope=scope) == "null"  # the documented version of an unversioned object
    assert norm("upload.1/abc+def", "UploadId", scope=scope) == "<id-2>"
    # the same ids later, in a request's query string (raw and URL-encoded) and another member
    assert norm("PUT /b/k?uploadId=upload.1%2Fabc%2Bdef&partNumber=1", scope=scope) == \
        "PUT /b/k?uploadId=<id-2>&partNumber=1"
    assert norm("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY", "VersionIdMarker", scope=scope) == "<id-1>"
    assert norm("id 1b4e28ba-2fa1-11d2-883f-0016d3cca427", "Note", scope=scope) == "id <id-3>"
    assert norm("awscompat-48e4b7ad-00001/key", "Key", scope=scope) == "<name-1>/key"


def test_etag_only_where_aws_documents_an_md5() -> None:
    body = b"hello"
    md5 = hashlib.md5(body).hexdigest()  # noqa: S324
    scope = Scope()
    scope.payload(md5)
    assert norm(f'"{md5}"', "ETag", scope=scope) == '"<md5-of-body-1>"'
    assert norm('"0123456789abcdef0123456789abcdef"', "ETag", scope=scope) == '"0123456789abcdef0123456789abcdef"'
    assert norm('"0123456789abcdef0123456789abcdef-3"', "ETag", scope=scope) == '"<multipart>-3"'
    kms = {"ETag": f'"{md5}"', "ServerSideEncryption": "aws:kms"}
    assert norm(f'"{md5}"', "ETag", members=kms, scope=scope) == "<etag>"
    assert norm(f'"{md5}"', "ETag", service="cloudfront", scope=scope) == "<etag>"
    assert norm("Bad request", "Message", "Error.Message") == "<message>"
    assert norm("Bad request", "Message", "Error.Message", only="etag") == "Bad request"


def test_parse_answer_reads_members_headers_and_errors() -> None:
    ok = {"status": 200, "headers": {"ETag": '"abc"', "x-amz-version-id": "v1"}, "body": ""}
    assert parse_answer("s3", "PutObject", ok) == (None, {"ETag": '"abc"', "VersionId": "v1"}, None)
    err = {"status": 404, "headers": {}, "body": "<?xml version='1.0'?><Error><Code>NoSuchKey</Code>"
           "<Message>nope</Message><Key>k</Key><RequestId>R1</RequestId></Error>"}
    code, members, problem = parse_answer("s3", "GetObject", err)
    assert (code, problem) == ("NoSuchKey", None)
    assert members == {"Error.Message": "nope", "Error.Key": "k"}  # botocore keeps RequestId apart (dropped)
    assert plain_parse('{"a": [{"b": 1}]}') == {"a": [{"b": 1}]}
    assert plain_parse("<R><A>1</A><A>2</A></R>") == {"R": {"A": ["1", "2"]}}


def _result(outcome: str, *exchanges: dict, case_id: str = "s3/scenario/x/y") -> dict:
    return {"id": case_id, "outcome": outcome, "service": "s3", "feature": "s3/x", "message": "",
            "exchanges": list(exchanges)}


def _ex(op: str, status: int, body: str = "", headers: dict | None = None, url: str = "http://h:1/b/k") -> dict:
    return {"operation": f"s3:{op}", "request": {"method": "GET", "url": url, "headers": {}, "body": ""},
            "response": {"status": status, "headers": headers or {}, "body": body}}


def test_compare_pairs_calls_per_operation_and_reports_each_difference() -> None:
    normalisers = resolve()
    no_key = "<Error><Code>NoSuchKey</Code><Message>m</Message></Error>"
    ref = case_record(_result("pass", _ex("PutObject", 200, headers={"x-amz-version-id": "v1"}),
                              _ex("GetObject", 404, no_key), _ex("HeadObject", 200)), normalisers)
    cand = case_record(_result("fail", _ex("PutObject", 200, headers={"x-amz-version-id": "zz"}),
                               _ex("GetObject", 403, "<Error><Code>AccessDenied</Code><Message>x</Message></Error>")),
                       normalisers)
    kinds = {(d.kind, d.operation, d.path) for d in compare_case(ref, cand)}
    assert kinds == {("outcome", None, None), ("status", "s3:GetObject", None), ("error-code", "s3:GetObject", None),
                     ("calls-missing", None, None)}  # the version ids differ but are both "<id-1>"
    same = compare_snapshots({ref["id"]: ref}, {ref["id"]: json.loads(json.dumps(ref))})
    assert (same.compared, same.identical, same.differences) == (1, 1, [])
    other = compare_snapshots({ref["id"]: ref}, {"s3/scenario/x/z": cand | {"id": "s3/scenario/x/z"}})
    assert [d.kind for d in other.differences] == ["case-missing", "case-extra"]


# -- the commands, against real servers -----------------------------------------------------
VERSIONING = "s3/scenario/versioning/*"


def test_record_then_diff_the_same_server_finds_nothing(moto_server, home: Path, tmp_path: Path) -> None:
    env = cli_env(home)
    snaps = tmp_path / "snaps"
    rec = awscompat("record", "--endpoint", moto_server.url, "-s", "s3", "-k", VERSIONING, "-q", "--out", snaps,
                    env=env, cwd=tmp_path)
    assert rec.code == 0, rec
    manifest = json.loads((snaps / "manifest.json").read_text())
    assert manifest["format"] == "awscompat-snapshots/1" and manifest["botocore"] and manifest["suite_digest"]
    assert manifest["target"]["endpoint"] == moto_server.url and manifest["cases"] > 10
    assert (snaps / "run" / "results.jsonl").is_file()
    case = json.loads((snaps / "cases" / "s3__scenario__versioning__delete-creates-delete-marker.json").read_text())
    ops = [e["operation"] for e in case["exchanges"]]
    assert "s3:PutObject" in ops and "s3:DeleteObject" in ops
    put = case["exchanges"][ops.index("s3:PutObject")]
    assert put["members"]["VersionId"] == "<id-1>" and put["members"]["ETag"] == '"<md5-of-body-2>"'  # 1: versioning XML
    assert "awscompat-" not in json.dumps(case)  # run names are normalised

    again = awscompat("record", "--endpoint", moto_server.url, "-k", VERSIONING, "--out", snaps, env=env, cwd=tmp_path)
    assert again.code == 2 and "already holds" in again.stderr, again

    out = tmp_path / "diff"
    res = awscompat("diff", "--reference-snapshots", snaps, "--candidate", moto_server.url, "-q", "--out", out,
                    "--json", tmp_path / "d.json", env=env, cwd=tmp_path)
    assert res.code == 0, res
    data = json.loads((tmp_path / "d.json").read_text())
    assert data["compared"] == manifest["cases"] and data["differences"] == [], res
    assert "0 with differences" in res.stdout


def test_diff_moto_against_ministack_lists_real_differences(moto_server, ministack_server, home: Path,
                                                            tmp_path: Path) -> None:
    env = cli_env(home)
    res = awscompat("diff", "--reference", moto_server.url, "--candidate", ministack_server.url, "-s", "s3",
                    "-k", "s3/scenario/versioning/status-*", "-k", "s3/scenario/multipart/upload-part-copy-whole",
                    "-q", "--out", tmp_path / "d", "--json", tmp_path / "d.json", "--markdown", tmp_path / "d.md",
                    env=env, cwd=tmp_path)
    assert res.code == 1, res
    data = json.loads((tmp_path / "d.json").read_text())
    assert data["compared"] >= 5 and data["differences"], res
    kinds = {d["kind"] for d in data["differences"]}
    assert kinds & {"status", "error-code", "member-value", "member-missing", "member-extra"}, kinds
    report = (tmp_path / "d.md").read_text()
    assert report.startswith("# awscompat diff") and "## Cases" in report
    # the reference's snapshots are kept: the same diff again, from them
    again = awscompat("diff", "--reference-snapshots", tmp_path / "d" / "reference", "--candidate",
                      ministack_server.url, "-q", "--out", tmp_path / "d2", env=env, cwd=tmp_path)
    assert again.code == 1 and f"{data['compared']} cases compared" in again.stdout, again


def test_bad_input_is_a_usage_error(home: Path, tmp_path: Path) -> None:
    env = cli_env(home)
    url = "http://127.0.0.1:9"  # never reached: the input is refused first
    missing = awscompat("diff", "--reference-snapshots", tmp_path / "nope", "--candidate", url, env=env, cwd=tmp_path)
    assert missing.code == 2 and "no such directory" in missing.stderr, missing
    bad = tmp_path / "bad"
    bad.mkdir()
    no_manifest = awscompat("diff", "--reference-snapshots", bad, "--candidate", url, env=env, cwd=tmp_path)
    assert no_manifest.code == 2 and "no manifest.json" in no_manifest.stderr, no_manifest
    (bad / "manifest.json").write_text("{not json")
    malformed = awscompat("diff", "--reference-snapshots", bad, "--candidate", url, env=env, cwd=tmp_path)
    assert malformed.code == 2 and "not valid JSON" in malformed.stderr, malformed
    (bad / "manifest.json").write_text(json.dumps({"format": "something-else"}))
    other = awscompat("diff", "--reference-snapshots", bad, "--candidate", url, env=env, cwd=tmp_path)
    assert other.code == 2 and "not an awscompat snapshot manifest" in other.stderr, other
    both = awscompat("diff", "--reference", url, "--reference-snapshots", bad, "--candidate", url, env=env,
                     cwd=tmp_path)
    assert both.code == 2 and "one of them" in both.stderr, both
    unknown = awscompat("record", "--endpoint", url, "--no-normalise", "nope", "--out", tmp_path / "r", env=env,
                        cwd=tmp_path)
    assert unknown.code == 2 and "unknown normaliser" in unknown.stderr, unknown
    helped = awscompat("diff", "--help", env=env, cwd=tmp_path)
    assert helped.code == 0 and "--reference-snapshots" in helped.stdout and "Examples" in helped.stdout


def test_an_unreachable_reference_is_a_harness_error(home: Path, tmp_path: Path) -> None:
    res = awscompat("record", "--endpoint", "http://127.0.0.1:9", "-s", "s3", "-k", VERSIONING, "-q",
                    "--retries", "0", "--out", tmp_path / "r", env=cli_env(home), cwd=tmp_path)
    assert res.code == 3 and "could not be used" in res.stderr, res
