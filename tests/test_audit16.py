"""Issue 16 audit findings: each corrected expectation, its evidence in the provenance, its new
revision, and how the corrected case decides on moto (one run of the affected cases on the
embedded moto, through the command line)."""

from __future__ import annotations

import pytest

from awscompat.catalog import Selection, build_catalog
from clirun import awscompat, clean_env, read_results

AFFECTED = ["sqs/*/auth/unsigned", "sqs/*Batch/required/Entries", "kms/*Alias/not-found", "kms/GenerateMac/not-found",
            "kms/scenario/keys/pending-deletion-described", "s3/scenario/tagging/refuse-object-eleven-tags",
            "s3/scenario/listing/v1-encoding-type-url", "s3/scenario/listing/v2-no-owner-by-default"]


def _cases(*globs: str) -> dict:
    return {c.id: c for c in build_catalog(Selection(globs=list(globs)))}


@pytest.fixture(scope="module")
def moto_run(tmp_path_factory) -> dict[str, dict]:
    tmp = tmp_path_factory.mktemp("audit16")
    (tmp / "home").mkdir()
    args = [a for glob in AFFECTED for a in ("--select", glob)]
    result = awscompat("run", *args, "-q", "--out", str(tmp / "run"), env=clean_env(tmp / "home"), cwd=tmp)
    assert result.code in (0, 1), result
    return {r["id"]: r for r in read_results(tmp / "run")}


def test_sqs_unsigned_cases_advisory_with_reason_and_query_error_code(moto_run):
    cases = _cases("sqs/*/auth/unsigned")
    assert len(cases) == 23
    for case in cases.values():
        assert (case.severity, case.revision, case.provenance.kind) == ("advisory", 2, "aws-docs")
        assert "anonymous" in case.provenance.note
    # the other auth variants stay required
    assert _cases("sqs/SendMessage/auth/bad-signature")["sqs/SendMessage/auth/bad-signature"].severity == "required"
    # moto 5.2 answers unsigned SQS requests with 500 (no envelope): still a fail, never a pass
    assert {moto_run[i]["outcome"] for i in cases} <= {"fail", "pass"}


def test_sqs_batch_without_entries_accepts_empty_batch_request(moto_run):
    cases = _cases("sqs/*Batch/required/Entries")
    assert sorted(cases) == ["sqs/ChangeMessageVisibilityBatch/required/Entries",
                             "sqs/DeleteMessageBatch/required/Entries", "sqs/SendMessageBatch/required/Entries"]
    for case in cases.values():
        assert case.revision == 2 and case.provenance.ref.endswith(f"API_{case.operations[0]}.html")
    # moto answers DeleteMessageBatch without Entries with EmptyBatchRequest: accepted now
    record = moto_run["sqs/DeleteMessageBatch/required/Entries"]
    assert record["outcome"] == "pass", record


def test_kms_alias_not_found_sends_alias_prefix(moto_run):
    for op in ("DeleteAlias", "UpdateAlias"):
        record = moto_run[f"kms/{op}/not-found"]
        assert record["revision"] == 2
        # moto refuses a name without alias/ with ValidationException; with the prefix it looks it up
        assert record["outcome"] == "pass", record


def test_generate_operations_have_not_found_cases(moto_run):
    ids = set(_cases("kms/Generate*/not-found"))
    assert {"kms/GenerateMac/not-found", "kms/GenerateDataKey/not-found"} <= ids
    assert moto_run["kms/GenerateMac/not-found"]["outcome"] == "pass"


def test_kms_pending_deletion_does_not_require_window(moto_run):
    case = _cases("kms/scenario/keys/pending-deletion-described")["kms/scenario/keys/pending-deletion-described"]
    assert case.revision == 2 and case.provenance.ref.endswith("API_KeyMetadata.html")
    assert moto_run[case.id]["outcome"] == "pass"


def test_sse_c_cases_unblock_sse_c_first():
    cases = _cases("s3/scenario/encryption/sse-c-*")
    revised = [c for c in cases.values() if "block" not in c.id]
    assert revised and all(c.revision == 2 for c in revised)
    assert cases["s3/scenario/encryption/sse-c-blocked-on-new-bucket"].severity == "advisory"
    # The SSE-C cases are data: each sets its bucket up with the sse-c-bucket recipe, which unblocks
    # SSE-C (BlockedEncryptionTypes NONE) unless the case says unblock: false.
    import inspect

    from awscompat.catalog.casefile import load_case_file, shipped_case_files
    from awscompat.scenarios.s3._recipes import sse_c_bucket

    decls = {d.id: d for f in shipped_case_files() if f.name == "encryption.yaml" for d in load_case_file(f)}
    for case_id in cases:
        setup = {s["recipe"]: s.get("with") or {} for s in decls[case_id].setup}
        if case_id.endswith("block-setting-roundtrip"):
            continue
        assert setup["sse-c-bucket"].get("unblock", True) is ("block" not in case_id), case_id
    assert '"BlockedEncryptionTypes": {"EncryptionType": ["NONE"]}' in inspect.getsource(sse_c_bucket)


def test_stronger_checks_decide_on_what_they_name(moto_run):
    tags = moto_run["s3/scenario/tagging/refuse-object-eleven-tags"]
    assert tags["revision"] == 2 and tags["outcome"] == "pass", tags
    owner = moto_run["s3/scenario/listing/v2-no-owner-by-default"]
    assert owner["revision"] == 2
    if owner["outcome"] == "fail":  # moto 5.2 reads fetch-owner=false as true
        # the evidence shows the request asked for no owner; the message names the member judged
        assert "fetch-owner=false" in owner["evidence"]["request"]["url"] and "Owner: expected no value" in owner["message"]
    encoded = moto_run["s3/scenario/listing/v1-encoding-type-url"]
    assert encoded["revision"] == 2
    if encoded["outcome"] == "fail":  # moto 5.2 leaves CommonPrefixes decoded
        assert "CommonPrefixes" in encoded["message"]


def test_no_case_requires_display_name():
    """AWS stopped returning DisplayName in ACL grants and owners (November 2025): no scenario
    compares it (the S3 ACL checks keep ID, Type and URI only)."""
    import inspect

    import awscompat.scenarios.s3 as s3pkg
    from awscompat.catalog.registry import load_scenarios

    load_scenarios()
    from pathlib import Path

    for path in Path(inspect.getfile(s3pkg)).parent.glob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "DisplayName" in line:
                assert line.lstrip().startswith(("#", '"""')) or "no DisplayName" in line, (path.name, line)


def test_sqs_unsigned_accepts_the_queues_own_error_on_ministack(ministack_server, tmp_path):
    """ministack answers an unsigned request naming a missing queue with the queue's error (JSON
    type in QueryErrorCode, legacy code in Code): accepted now for queue-addressed operations; an
    unsigned ListQueues/CreateQueue that is executed still fails."""
    from awscompat.engine.events import Bus, CaseFinished
    from awscompat.engine.runner import Runner, RunOptions
    from awscompat.engine.target import Credentials, Target

    cases = list(build_catalog(Selection(globs=["sqs/*/auth/unsigned"])))
    results = []

    class Collect:
        def handle(self, event):
            if isinstance(event, CaseFinished):
                results.append(event.result)

    target = Target(name="ministack", endpoint=ministack_server.url, credentials=Credentials("testing", "testing"),
                    disposable=True)
    Runner(target, cases, tmp_path, RunOptions(concurrency=8, timeout=10), Bus([Collect()])).run("d")
    by_op = {r.operations[0]: r for r in results}
    for op in ("SendMessage", "ReceiveMessage", "DeleteQueue", "GetQueueAttributes"):
        assert by_op[op].outcome == "pass", by_op[op]
    for op in ("ListQueues", "CreateQueue"):
        assert by_op[op].outcome in ("pass", "fail"), by_op[op]  # no queue named: the queue's error is no excuse
        if by_op[op].outcome == "fail":
            assert "NonExistentQueue" not in by_op[op].message
