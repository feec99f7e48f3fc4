"""S3 behaviour cases as data (issue 15, docs/cases.md): the interpreter pieces the S3 conversion
needs (`fixture: true` set-up steps, `body` checks) decide by the outcome rules on a real server (moto), and the
converted S3 case files run there with the outcomes the Python scenarios had."""

from __future__ import annotations

import pytest

import awscompat.scenarios._cases  # noqa: F401 - registers the recipes and the shipped cases
from awscompat.catalog.casefile import check_case_file
from awscompat.engine.interpret import known_recipes
from awscompat.scenarios._cases import to_case
from awscompat.spec import Spec
from awscompat.userfiles import UserFileError
from test_cases_data import _run

FIXTURE_STEPS = """\
service: s3
feature: s3/tagging
cases:
  - id: s3/scenario/tagging/data-fixture-step-then-check
    summary: A set-up step between two checked steps; a later step reads its answer.
    operations: [GetObjectTagging]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectTagging.html"}
    setup:
      - {recipe: bucket, as: bucket}
      - {recipe: object, as: obj, with: {bucket: "${bucket}", key: k, tag_set: {a: "1"}}}
    steps:
      - call: GetObjectTagging
        params: {Bucket: "${bucket}", Key: k}
        expect: {members: [{path: "TagSet[0].Value", equals: "1"}]}
      - name: tagged
        fixture: true
        call: PutObjectTagging
        params: {Bucket: "${bucket}", Key: k, Tagging: {TagSet: [{Key: b, Value: "2"}]}}
      - call: GetObjectTagging
        params: {Bucket: "${bucket}", Key: k}
        expect: {members: [{path: TagSet, equals: [{Key: b, Value: "2"}]}, {path: VersionId, equals: "${steps.tagged.VersionId}"}]}
  - id: s3/scenario/tagging/data-fixture-step-refused
    summary: A set-up step the server refuses makes the case an error, not a fail.
    operations: [GetObjectTagging]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectTagging.html"}
    setup: [{recipe: bucket, as: bucket}]
    steps:
      - fixture: true
        call: DeleteObjectTagging
        params: {Bucket: "${bucket}", Key: missing}
      - call: GetObjectTagging
        params: {Bucket: "${bucket}", Key: missing}
  - rows:
      - {id: s3/scenario/tagging/data-body-matches, vars: {want: hello}}
      - {id: s3/scenario/tagging/data-body-differs, vars: {want: goodbye}}
    summary: The payload of an object is checked as text (`body`), and stays readable for the next check.
    operations: [GetObject]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html"}
    setup:
      - {recipe: bucket, as: bucket}
      - {recipe: object, as: obj, with: {bucket: "${bucket}", key: k, body: hello}}
    steps:
      - call: GetObject
        params: {Bucket: "${bucket}", Key: k}
        expect: {members: [{body: true, equals: "${row.want}"}, {body: true, pattern: "h.*"}]}
"""


def test_fixture_steps_and_body_checks_on_moto(moto_server, tmp_path):
    path = tmp_path / "fixture.yaml"
    path.write_text(FIXTURE_STEPS)
    decls, problems = check_case_file(path, known_recipes(), Spec())
    assert problems == []  # fixture calls need not be listed in operations
    results = _run([to_case(d) for d in decls], moto_server.url, tmp_path / "run")
    first, second = (results[d.id] for d in decls[:2])
    assert first["outcome"] == "pass", first.get("message")
    assert second["outcome"] == "error", second
    assert "setup DeleteObjectTagging failed" in second["message"]
    assert results["s3/scenario/tagging/data-body-matches"]["outcome"] == "pass"
    differs = results["s3/scenario/tagging/data-body-differs"]
    assert differs["outcome"] == "fail" and differs["message"] == (
        "step 1 (GetObject): body: expected 'goodbye', observed 'hello'")


def test_a_fixture_step_has_no_expectation(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(FIXTURE_STEPS.replace("        call: DeleteObjectTagging",
                                          "        call: DeleteObjectTagging\n        expect: {status: 204}"))
    with pytest.raises(UserFileError):
        check_case_file(path, known_recipes(), Spec())


def test_a_member_names_one_of_path_header_body(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(FIXTURE_STEPS.replace("{body: true, pattern:", "{body: true, path: Body, pattern:"))
    with pytest.raises(UserFileError, match="one of `path`, `header`, `body`"):
        check_case_file(path, known_recipes(), Spec())
