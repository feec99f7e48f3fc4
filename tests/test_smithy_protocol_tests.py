"""Smithy's AWS protocol compliance tests as the `smithy` family (families/smithy.py): the
extractor reads the Smithy IDL from a local clone (no network), the vendored data names its
source and keeps only server tests, every case maps onto a real operation with a literal id and
`smithy-protocol-test` provenance, and the cases run against moto with the outcomes moto earns."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import botocore.session
import pytest

from awscompat.catalog import Selection, build_catalog
from awscompat.families.smithy import KIND, malformed_target, smithy_data, unmapped
from awscompat.families.smithy_checks import SENTINEL, expansions, mutator
from awscompat.ratings.pinned import AWS_AUTHORED
from awscompat.spec import get_spec
from clirun import awscompat, cli_env, read_results

ROOT = Path(__file__).resolve().parent.parent


def _extractor():
    spec = importlib.util.spec_from_file_location("extract_smithy", ROOT / "scripts/extract_smithy_protocol_tests.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


IDL = '''$version: "2.0"
namespace aws.protocoltests.restjson
use smithy.test#httpMalformedRequestTests

/// Docs are comments.
@http(uri: "/Thing/{n}", method: "POST")
operation Thing { input: ThingInput }

apply Thing @httpMalformedRequestTests([
    {
        id: "FirstTest"
        documentation: """
            Two lines, \\
            one value."""
        protocol: restJson1
        request: { method: "POST", uri: "/Thing/1", body: """
            { "n" : $value:S }""", headers: { "content-type": "application/json" } }
        response: { code: 400, headers: { "x-amzn-errortype": "SerializationException" } }
        testParameters: { value: ["a", "b\\"c"] }
    }
])

apply Thing @httpMalformedRequestTests([{ id: "SecondApply", protocol: restJson1,
    request: { method: "POST", uri: "/Thing/x" }, response: { code: 400 } }])

@error("client")
@httpError(400)
structure Bad { Message: String }

apply Bad @httpResponseTests([
    { id: "ServerSends", protocol: restJson1, code: 400, headers: { "X-Amzn-Errortype": "Bad" } }
    { id: "ClientOnly", protocol: restJson1, code: 400, appliesTo: "client" }
])
'''


def test_extractor_reads_the_idl_from_a_local_clone(tmp_path: Path) -> None:
    repo = tmp_path / "smithy"
    model = repo / "smithy-aws-protocol-tests/model/restJson1"
    model.mkdir(parents=True)
    (model / "thing.smithy").write_text(IDL, encoding="utf-8")
    (repo / "NOTICE").write_text("Smithy\nCopyright Amazon.com\n", encoding="utf-8")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "model"], check=True)
    data = _extractor().extract(repo)
    commit = subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    assert data["source"]["commit"] == commit and data["source"]["notice"].startswith("Smithy")
    by_id = {t["id"]: t for t in data["tests"]}
    # Both `apply` statements on one shape count; the client-only response test is dropped.
    assert set(by_id) == {"FirstTest", "SecondApply", "ServerSends"}
    assert data["dropped"] == {"httpResponseTests": 1}
    first = by_id["FirstTest"]
    assert first["documentation"] == "Two lines, one value."  # text block: indentation and `\` newline removed
    assert first["request"]["body"] == '{ "n" : $value:S }'
    assert first["testParameters"] == {"value": ["a", 'b"c']}
    assert first["shape"] == "Thing" and first["shapeTraits"]["http"] == {"uri": "/Thing/{n}", "method": "POST"}
    assert by_id["ServerSends"]["shapeTraits"] == {"error": "client", "httpError": 400}


def test_vendored_data_names_its_source_and_holds_only_server_tests() -> None:
    data = smithy_data()
    source = data["source"]
    assert source["repo"] == "https://github.com/smithy-lang/smithy"
    assert re.fullmatch(r"[0-9a-f]{40}", source["commit"])
    assert source["licence"].startswith("Apache-2.0") and "Amazon.com" in source["notice"]
    tests = data["tests"]
    assert {t["protocolDir"] for t in tests} == {"restJson1", "awsJson1_0", "awsJson1_1", "awsQuery", "ec2Query",
                                                 "restXml"}
    assert all(t.get("appliesTo", "server") == "server" for t in tests)
    assert all("client-only" not in (t["shapeTraits"].get("tags") or []) for t in tests)
    counts = Counter(t["trait"] for t in tests)
    assert counts["httpMalformedRequestTests"] >= 150 and counts["httpResponseTests"] >= 200
    assert len({(t["trait"], t["id"]) for t in tests}) == len(tests)
    for test in tests:
        assert test["id"] and test["file"].endswith(".smithy") and test["shape"]
        if test["trait"] == "httpMalformedRequestTests":
            assert int(test["response"]["code"]) in (400, 406, 415)


def test_every_case_is_a_real_operation_with_literal_id_and_provenance() -> None:
    cases = list(build_catalog(Selection(families=["smithy"])))
    spec = get_spec()
    commit = smithy_data()["source"]["commit"]
    assert len(cases) >= 60
    by_test: Counter = Counter()
    for case in cases:
        assert case.id == f"{case.service}/{case.operations[0]}/smithy/{case.provenance.key}"
        assert case.operations[0] in spec.service(case.service).operation_names
        assert case.provenance.kind == KIND
        assert case.provenance.ref.startswith(f"smithy-lang/smithy@{commit}:smithy-aws-protocol-tests/model/")
        assert case.provenance.note
        if case.severity == "advisory":
            assert case.provenance.note.startswith("advisory:")
        by_test[case.provenance.key] += 1
    assert KIND in AWS_AUTHORED  # counts as AWS-authored evidence on the confidence axis (ratings/method.py)
    by_id = {c.id: c for c in cases}
    assert by_id["iam/GetUser/smithy/QueryInvalidGreetingError"].severity == "required"
    assert by_id["sqs/GetQueueUrl/smithy/QueryCompatibleAwsJson10CustomCodeError"].severity == "required"
    assert by_id["lambda/UpdateFunctionConfiguration/smithy/RestJsonInvalidJsonBody"].severity == "advisory"
    assert {c.protocol for c in cases} >= {"rest-json", "json", "query", "ec2", "rest-xml"}
    # Every server test is either a case or listed with the reason it is not one.
    tests = smithy_data()["tests"]
    skipped = unmapped()
    for test in tests:
        key = test["id"] if test["trait"] == "httpMalformedRequestTests" else f"{test['trait']}:{test['id']}"
        assert (test["id"] in by_test) != (key in skipped), test["id"]
    assert "validation" in skipped["RestJsonMalformedEnumString"]


def _request(service: str, operation: str, params: dict) -> dict:
    client = botocore.session.get_session().create_client(service, region_name="us-east-1", aws_access_key_id="a",
                                                          aws_secret_access_key="b")
    from botocore.awsrequest import prepare_request_dict

    request = client._serializer.serialize_to_request(params, client.meta.service_model.operation_model(operation))
    prepare_request_dict(request, client.meta.endpoint_url)  # as botocore does before before-call: request["url"]
    return request


@pytest.mark.parametrize(("test_id", "params", "where", "expected"), [
    ("RestJsonPathLongMalformedValueRejected", {"LayerName": "l", "VersionNumber": SENTINEL}, "url_path",
     "/2018-10-31/layers/l/versions/1.001"),
    ("RestJsonPathLongMalformedValueRejected", {"LayerName": "l", "VersionNumber": SENTINEL}, "url",
     "https://lambda.us-east-1.amazonaws.com/2018-10-31/layers/l/versions/1.001"),
    ("RestJsonQueryIntegerMalformedValueRejected", {"MaxItems": 5}, "query_string", {"MaxItems": "1.001"}),
    ("RestJsonQueryIntegerMalformedValueRejected", {"MaxItems": 5}, "url",
     "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions?MaxItems=1.001"),
    ("RestJsonBodyIntegerMalformedValueRejected", {"FunctionName": "f", "Description": "d"}, "body",
     b'{ "Timeout" : true, "Description": "d"}'),
    ("RestJsonBodyMalformedMapNullValue", {"Resource": "r", "Tags": {"a": "b"}}, "body", b'{ "Tags" : { "abc": null }  }'),
])
def test_malformed_values_land_where_the_test_puts_them(test_id, params, where, expected) -> None:
    test = next(t for t in smithy_data()["tests"] if t["id"] == test_id and t["trait"] == "httpMalformedRequestTests")
    (service, operation, member), location = malformed_target(test)
    request = _request(service, operation, params)
    values = expansions(test)
    fn, _ = mutator(test, location, member, values[1] if len(values) > 1 else values[0])
    fn(request)
    assert request[where] == expected


def test_content_type_test_drops_the_header() -> None:
    test = next(t for t in smithy_data()["tests"]
                if t["id"] == "RestJsonWithBodyExpectsApplicationJsonContentTypeNoHeaders")
    request = _request("lambda", "UpdateFunctionConfiguration", {"FunctionName": "f", "Timeout": 3})
    assert any(k.lower() == "content-type" for k in request["headers"])
    mutator(test, "content", "", {})[0](request)
    assert not any(k.lower() == "content-type" for k in request["headers"]) and request["body"] == b"{}"


def test_accept_tests_send_only_the_change_the_test_makes() -> None:
    from awscompat.families.smithy_checks import _set_header

    tests = {t["id"]: t for t in smithy_data()["tests"] if t["trait"] == "httpRequestTests"}
    charset = tests["AwsJson11MustSupportParametersInContentType"]["headers"]["Content-Type"]
    request = _sent("kms", "ListKeys", {}, lambda r: _set_header(r, "Content-Type", charset))
    assert request.headers["Content-Type"] == b"application/x-amz-json-1.1; charset=utf-8"
    assert request.headers["X-Amz-Target"] == b"TrentService.ListKeys" and request.body == b"{}"
    request = _sent("dynamodb", "DescribeLimits", {}, lambda r: r.update(body=b""))
    assert not request.body and request.headers["Content-Type"] == b"application/x-amz-json-1.0"


PASS_ON_MOTO = {
    "iam/GetUser/smithy/QueryInvalidGreetingError", "iam/GetUser/smithy/QueryCustomizedError",
    "sns/GetTopicAttributes/smithy/QueryCustomizedError", "sqs/GetQueueUrl/smithy/AwsJson10InvalidGreetingError",
    "sqs/GetQueueUrl/smithy/QueryCompatibleAwsJson10CustomCodeError", "lambda/GetFunction/smithy/RestJsonInvalidGreetingError",
    "ec2/DescribeVpcs/smithy/Ec2InvalidGreetingError", "s3/GetBucketAcl/smithy/S3OperationNoErrorWrappingResponse",
    "dynamodb/DescribeLimits/smithy/AwsJson10ServiceSupportsNoPayloadForNoInput",
    "kms/ListKeys/smithy/AwsJson11MustSupportParametersInContentType",
}


def test_smithy_cases_on_moto(moto_server, home: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    wrong_type = "dynamodb/DescribeTable/smithy/AwsJson10InvalidGreetingError"
    lenient = "lambda/UpdateFunctionConfiguration/smithy/RestJsonBodyIntegerMalformedValueRejected"
    label = "appconfig/GetHostedConfigurationVersion/smithy/RestJsonPathIntegerMalformedValueRejected"
    unrouted = "appconfig/StopDeployment/smithy/RestJsonHeaderBooleanStringCoercion"
    others = {wrong_type, lenient, label, unrouted}
    selects = [a for i in sorted(PASS_ON_MOTO | others) for a in ("--select", i)]
    res = awscompat("run", "--endpoint", moto_server.url, "--family", "smithy", *selects, "--out", str(out),
                    env=cli_env(home), cwd=tmp_path)
    assert res.code in (0, 1), res
    results = {r["id"]: r for r in read_results(out)}
    assert set(results) == PASS_ON_MOTO | others, res
    assert {i for i, r in results.items() if r["outcome"] == "pass"} == PASS_ON_MOTO, res
    # moto answers DynamoDB's errors as application/json; the awsJson1_0 test (and AWS) say
    # application/x-amz-json-1.0.
    typed = results[wrong_type]
    assert typed["outcome"] == "fail" and "not application/x-amz-json-1.0" in typed["message"], typed
    assert typed["evidence"]["response"]["headers"]["Content-Type"] == "application/json"
    assert typed["provenance"]["kind"] == KIND and typed["severity"] == "required"
    # moto does not deserialize Lambda's body strictly: "Timeout": "123" reaches the lookup.
    loose = results[lenient]
    assert loose["outcome"] == "fail" and loose["severity"] == "advisory", loose
    assert json.loads(loose["evidence"]["request"]["body"]) == {"Timeout": "123"}
    assert "ResourceNotFoundException" in loose["message"]
    # The malformed label reaches the wire; moto does not refuse it with a 400 of its own (it
    # fails on it, or looks the resource up and answers its not-found with HTTP 400, which is
    # not a refusal of the value either).
    looked_up = results[label]
    assert looked_up["outcome"] == "fail", looked_up
    assert looked_up["evidence"]["request"]["url"].endswith("/hostedconfigurationversions/true")
    status = looked_up["evidence"]["response"]["status"]
    assert status != 400 or "not-found answer" in looked_up["message"], looked_up
    # moto has no route for appconfig's StopDeployment (an HTML 404): unsupported, not judged.
    assert results[unrouted]["outcome"] == "unsupported", results[unrouted]


CASE_FILE = '''service: sqs
feature: sqs/queues
cases:
  - id: sqs/scenario/queues/absent-queue-url
    summary: GetQueueUrl of a queue that does not exist is refused.
    operations: [GetQueueUrl]
    mutating: false
    provenance: {kind: KIND, ref: "REF", key: "KEY"}
    steps:
      - call: GetQueueUrl
        params: {QueueName: awscompat-absent}
        expect: {error: QueueDoesNotExist}
'''


@pytest.mark.parametrize(("kind", "ref", "key"), [
    ("aws-smoke-test", "aws/api-models-aws@56c8953e:models/sqs/service/2012-11-05/sqs-2012-11-05.json#GetQueueUrl",
     "GetQueueUrlFailure"),
    (KIND, "smithy-lang/smithy@0f73231:smithy-aws-protocol-tests/model/awsJson1_0/query-compatible.smithy"
     "#CustomCodeError", "QueryCompatibleAwsJson10CustomCodeError"),
])
def test_case_files_accept_the_aws_authored_provenance_kinds(tmp_path: Path, kind: str, ref: str, key: str) -> None:
    from awscompat.catalog.casefile import load_case_file
    from awscompat.userfiles import UserFileError

    path = tmp_path / "queues.yaml"
    path.write_text(CASE_FILE.replace("KIND", kind).replace("REF", ref).replace("KEY", key), encoding="utf-8")
    (decl,) = load_case_file(path)
    assert (decl.provenance.kind, decl.provenance.ref, decl.provenance.key) == (kind, ref, key)
    path.write_text(CASE_FILE.replace("KIND", "aws-rumour").replace("REF", ref).replace("KEY", key), encoding="utf-8")
    with pytest.raises(UserFileError, match="provenance"):
        load_case_file(path)


def test_contract_evidence_judges_smithy_tests_by_the_family_making_the_same_claim() -> None:
    spec = importlib.util.spec_from_file_location("contract_evidence", ROOT / "scripts/contract_evidence.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    tests = {(t["trait"], t["id"]): t for t in smithy_data()["tests"]}
    malformed = "httpMalformedRequestTests"
    assert module.smithy_counterpart(tests[malformed, "RestJsonBodyBooleanStringCoercion"]) == "type"
    assert module.smithy_counterpart(tests[malformed, "RestJsonPathBooleanStringCoercion"]) is None  # URI: no `type`
    assert module.smithy_counterpart(tests[malformed, "RestJsonMalformedEnumString"]) == "constraint"
    assert module.smithy_counterpart(tests[malformed, "RestJsonWithBodyExpectsApplicationJsonContentType"]) is None
    lines = module.smithy_section()
    summary = next(line for line in lines if line.startswith("**"))
    agree, disagree = map(int, re.search(r"(\d+) agree, (\d+) disagree", summary).groups())
    table = [line.split("|") for line in lines if line.startswith("| ") and "agree" not in line]
    assert agree == sum(int(r[2]) for r in table) and disagree == sum(int(r[3]) for r in table)
    errors = sum(1 for t in tests.values() if t["trait"] == "httpResponseTests" and "error" in t["shapeTraits"])
    assert sum(int(r[2]) + int(r[3]) for r in table if r[1].strip().startswith("envelope")) == errors


class _Captured(Exception):
    pass


def _sent(service: str, operation: str, params: dict, fn):
    """The request botocore sends after a before-call mutation (captured at before-send; nothing sent)."""
    from awscompat.families import wire

    client = botocore.session.get_session().create_client(service, region_name="us-east-1", aws_access_key_id="a",
                                                          aws_secret_access_key="b",
                                                          endpoint_url="http://127.0.0.1:9")

    def capture(request, **kwargs):
        raise _Captured(request)

    client.meta.events.register("before-send", capture)
    with wire.mutating(client, fn), pytest.raises(_Captured) as sent:
        getattr(client, botocore.xform_name(operation))(**params)
    return sent.value.args[0]


def _sent_url(service: str, operation: str, params: dict, fn) -> str:
    return _sent(service, operation, params, fn).url


def test_query_and_path_mutations_reach_the_wire() -> None:
    """botocore builds request['url'] before before-call: a query or path change must rebuild it
    (this is what the `type` family's query-string cases rely on too)."""
    from awscompat.families import wire

    url = _sent_url("lambda", "ListFunctions", {"MaxItems": 5},
                    wire.set_location_member("querystring", "MaxItems", "awscompat-not-a-number"))
    assert url.endswith("/2015-03-31/functions?MaxItems=awscompat-not-a-number")
    url = _sent_url("lambda", "GetLayerVersion", {"LayerName": "l", "VersionNumber": SENTINEL},
                    lambda r: wire.replace_in_path(r, str(SENTINEL), "1.001"))
    assert url.endswith("/2018-10-31/layers/l/versions/1.001")


def test_list_stats_count_the_family_and_its_provenance_kind(home: Path, tmp_path: Path) -> None:
    res = awscompat("list", "--family", "smithy", "--stats", "--json", env=cli_env(home), cwd=tmp_path)
    assert res.code == 0, res
    stats = json.loads(res.stdout)
    cases = list(build_catalog(Selection(families=["smithy"])))
    assert stats["by_family"] == {"smithy": len(cases)} and stats["by_provenance"] == {KIND: len(cases)}
    assert set(stats["by_protocol"]) == {"rest-json", "json", "query", "ec2", "rest-xml"}
