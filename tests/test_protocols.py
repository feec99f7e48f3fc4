"""spec/protocols.py: one class per wire protocol, checked against botocore's real service models,
its own serializers and parsers, and the Smithy protocol tests' answers vendored in the package."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from botocore.awsrequest import HeadersDict
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

from awscompat.engine import transport
from awscompat.spec import get_spec
from awscompat.spec.protocols import (
    ANY_NOT_IMPLEMENTED,
    ANY_RETRY_LATER,
    ANY_THROTTLING,
    PROTOCOLS,
    AwsJson10,
    AwsJson11,
    Ec2Query,
    Query,
    RestJson,
    RestXml,
    RpcV2Cbor,
    by_name,
    protocol_for,
)


def _smithy_answer(test_id: str) -> tuple[int, dict, bytes]:
    data = json.loads((resources.files("awscompat") / "data" / "smithy_protocol_tests.json").read_text("utf-8"))
    test = next(t for t in data["tests"] if t["id"] == test_id)
    return test["code"], dict(test.get("headers") or {}), test.get("body", "").encode()


# Each class, a real service of its protocol, and a Smithy protocol test's own error answer.
CASES = [
    (RestXml, "route53", "InvalidGreetingError"),
    (RestXml, "s3", "S3OperationNoErrorWrappingResponse"),
    (RestJson, "lambda", "RestJsonInvalidGreetingError"),
    (AwsJson10, "dynamodb", "AwsJson10InvalidGreetingError"),
    (AwsJson11, "kinesis", "AwsJson11InvalidGreetingError"),
    (Query, "iam", "QueryInvalidGreetingError"),
    (Ec2Query, "ec2", "Ec2InvalidGreetingError"),
]


def test_every_botocore_model_has_its_class():
    spec = get_spec()
    seen = set()
    for name in spec.service_names:
        svc = spec.service(name)
        proto = protocol_for(svc)
        assert proto.name == svc.protocol, name
        if svc.protocol == "json":
            assert proto.version == svc.raw["metadata"].get("jsonVersion", "1.0"), name
        seen.add(type(proto))
    assert seen == {type(p) for p in PROTOCOLS}  # every class serves real services
    assert isinstance(protocol_for(spec.service("cloudwatchomni")), RpcV2Cbor)


@pytest.mark.parametrize("cls, service, test_id", CASES)
def test_smithy_answer_meets_its_protocol(cls, service, test_id):
    proto = protocol_for(get_spec().service(service))
    assert type(proto) is cls
    status, headers, body = _smithy_answer(test_id)
    wrapped = {"wrapped": test_id != "S3OperationNoErrorWrappingResponse"} if cls is RestXml else {}
    assert proto.strict_error_problems(headers, body, **wrapped) == []
    assert proto.envelope_problems("POST", {**headers, "x-amzn-RequestId": "r"}, body) == []
    # the code is where botocore's own parser for the protocol finds it
    parsed = create_parser(proto.name).parse({"status_code": status, "headers": HeadersDict(headers), "body": body},
                                             None)
    expected = "NoSuchBucket" if test_id.startswith("S3") else "InvalidGreeting"
    assert proto.error_code(headers, body) == parsed["Error"]["Code"] == expected


@pytest.mark.parametrize("cls, service, test_id", CASES)
def test_other_protocols_refuse_the_answer(cls, service, test_id):
    """An answer in one protocol's envelope is not another's (restXml services that wrap errors
    use the query protocol's document: those two accept each other's)."""
    status, headers, body = _smithy_answer(test_id)
    same_document = {RestXml, Query} if cls in (RestXml, Query) and test_id != "S3OperationNoErrorWrappingResponse" \
        else {cls}
    for other in PROTOCOLS:
        if type(other) in same_document:
            continue
        assert other.strict_error_problems(headers, body), (other, test_id)


def test_cbor_error_code_and_envelope():
    proto = protocol_for(get_spec().service("cloudwatchomni"))
    kind, message = b"com.amazonaws#ValidationException", b"m"
    body = (b"\xa2" + b"\x66__type" + b"\x78" + bytes([len(kind)]) + kind
            + b"\x67message" + bytes([0x60 + len(message)]) + message)  # {"__type": ..., "message": "m"}
    assert proto.error_code({}, body) == "ValidationException"
    assert proto.envelope_problems("POST", {"smithy-protocol": "rpc-v2-cbor", "x-amzn-requestid": "r"}, body) == []
    assert proto.envelope_problems("POST", {"x-amzn-requestid": "r"}, body) == ["no smithy-protocol: rpc-v2-cbor header"]
    assert proto.binary and proto.document is None and not proto.mutable_body


def test_documents_and_body_mutation():
    assert {p.name: p.document for p in PROTOCOLS} == {
        "rest-xml": "xml", "rest-json": "json", "json": "json", "query": "xml", "ec2": "xml",
        "smithy-rpc-v2-cbor": None}
    assert [p.name for p in PROTOCOLS if not p.mutable_body] == ["rest-xml", "smithy-rpc-v2-cbor"]
    assert [p.name for p in PROTOCOLS if p.binary] == ["smithy-rpc-v2-cbor"]


@pytest.mark.parametrize("service, operation", [("ec2", "RunInstances"), ("ec2", "DescribeVpcs"),
                                                ("iam", "CreateUser"), ("sns", "Publish")])
def test_form_names_are_what_botocore_sends(service, operation):
    """form_name gives the form field botocore's own serializer writes for each scalar member."""
    op = get_spec().service(service).operation(operation)
    proto = protocol_for(op.service_model)
    serializer = create_serializer(proto.name, include_validation=False)
    checked = 0
    for member, shape in op.input_shape.members.items():
        if shape.type_name not in ("string", "integer", "boolean"):
            continue
        value = {"string": "v", "integer": 1, "boolean": True}[shape.type_name]
        body = serializer.serialize_to_request({member: value}, op)["body"]
        ser = shape.serialization
        name = proto.form_name(ser.get("name", member), ser)
        assert name in body, (member, name, body)
        checked += 1
    assert checked
    assert RestJson().form_name("a", {}) is None and AwsJson10().form_name("a", {}) is None


def test_validation_codes_are_the_protocols():
    assert "MalformedXML" in by_name("rest-xml").validation_codes
    assert "ValidationError" in by_name("query").validation_codes
    assert "UnknownParameter" in by_name("ec2").validation_codes
    assert by_name("json").validation_codes == by_name("rest-json").validation_codes \
        == by_name("smithy-rpc-v2-cbor").validation_codes


def test_engine_codes_are_every_protocols():
    """The transport's sets are the union of the classes' (and, so that outcomes did not move,
    the very sets the transport held before the classes existed)."""
    assert transport.NOT_IMPLEMENTED_CODES == set(ANY_NOT_IMPLEMENTED) == {
        "NotImplemented", "InvalidAction", "UnknownOperationException", "UnknownOperation", "UnsupportedOperation",
        "UnsupportedOperationException", "NotImplementedException", "InvalidOperation", "NotSupportedException",
        "UnrecognizedActionException"}
    assert transport.THROTTLING_CODES == set(ANY_THROTTLING) == {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "EC2ThrottledException", "ServiceUnavailable", "PriorRequestNotComplete"}
    assert transport.RETRY_LATER_CODES == set(ANY_RETRY_LATER) == {
        "InternalError", "InternalFailure", "InternalServerError", "InternalServiceError", "InternalServerException",
        "ServiceUnavailable", "ServiceUnavailableException", "SlowDown"}
    assert "NotImplemented" in by_name("rest-xml").not_implemented_codes
    assert "InvalidAction" in by_name("query").not_implemented_codes
    assert "UnknownOperationException" in by_name("json").not_implemented_codes
    assert "SlowDown" in by_name("rest-xml").throttling_codes
    assert "RequestLimitExceeded" in by_name("ec2").throttling_codes


def test_declared_throttling_errors_are_known_to_their_protocol():
    """Error shapes named like throttling in real models are in that protocol's throttling set."""
    spec = get_spec()
    for name in ("dynamodb", "kinesis", "lambda", "sqs", "kms"):
        svc = spec.service(name)
        proto = protocol_for(svc)
        for shape_name, shape in svc.raw["shapes"].items():
            if shape.get("exception") and shape_name in ("ThrottlingException", "ProvisionedThroughputExceededException",
                                                         "TooManyRequestsException", "LimitExceededException"):
                assert shape_name in proto.throttling_codes, (name, shape_name)
