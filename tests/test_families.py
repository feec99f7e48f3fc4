"""Generators and checkers of the contract families, on small synthetic models (no network)."""

from __future__ import annotations

import datetime as dt

import botocore
import botocore.session
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.model import ServiceModel

from awscompat.families import GENERATORS, auth, wire
from awscompat.families.envelope import envelope_problems
from awscompat.families.invalid import _pattern_violation, _violations, violating_value
from awscompat.families.shape import shape_problems
from awscompat.spec.model import ServiceSpec

RAW = {
    "version": "2.0",
    "metadata": {"protocol": "json", "jsonVersion": "1.0", "targetPrefix": "Thing", "serviceId": "Thing",
                 "signatureVersion": "v4", "endpointPrefix": "thing", "apiVersion": "2026-01-01",
                 "uid": "thing-2026-01-01"},
    "operations": {
        "CreateThing": {"name": "CreateThing", "http": {"method": "POST", "requestUri": "/"},
                        "input": {"shape": "CreateThingInput"}, "output": {"shape": "Thing"}},
        "GetThing": {"name": "GetThing", "http": {"method": "POST", "requestUri": "/"},
                     "input": {"shape": "GetThingInput"}, "output": {"shape": "Thing"},
                     "errors": [{"shape": "ResourceNotFoundException"}]},
        "ListThings": {"name": "ListThings", "http": {"method": "POST", "requestUri": "/"},
                       "input": {"shape": "ListThingsInput"}, "output": {"shape": "ListThingsOutput"}},
        "Ping": {"name": "Ping", "http": {"method": "POST", "requestUri": "/"}, "auth": ["smithy.api#noAuth"]},
    },
    "shapes": {
        "CreateThingInput": {"type": "structure", "required": ["Name"], "members": {
            "Name": {"shape": "Name"}, "Count": {"shape": "Count"}, "Mode": {"shape": "Mode"},
            "Tags": {"shape": "Tags"}}},
        "GetThingInput": {"type": "structure", "required": ["ThingId"], "members": {"ThingId": {"shape": "Id"}}},
        "ListThingsInput": {"type": "structure", "members": {"MaxResults": {"shape": "Count"},
                                                             "NextToken": {"shape": "Id"}}},
        "ListThingsOutput": {"type": "structure", "members": {"Things": {"shape": "ThingList"},
                                                              "NextToken": {"shape": "Id"}}},
        "ThingList": {"type": "list", "member": {"shape": "Thing"}},
        "Thing": {"type": "structure", "required": ["Name"], "members": {
            "Name": {"shape": "Name"}, "Count": {"shape": "Count"}, "Mode": {"shape": "Mode"},
            "Created": {"shape": "Time"}}},
        "Name": {"type": "string", "min": 3, "max": 10, "pattern": "^[a-z]+$"},
        "Id": {"type": "string"},
        "Count": {"type": "integer", "min": 1, "max": 5},
        "Mode": {"type": "string", "enum": ["FAST", "SLOW"]},
        "Tags": {"type": "list", "member": {"shape": "Id"}, "max": 2},
        "Time": {"type": "timestamp"},
        "ResourceNotFoundException": {"type": "structure", "members": {}, "exception": True},
    },
}
PAGINATORS = {"pagination": {"ListThings": {"input_token": "NextToken", "output_token": "NextToken",
                                            "limit_key": "MaxResults", "result_key": "Things"}}}


class FakeSpec:
    def load_raw(self, name, kind):
        return PAGINATORS


def thing() -> ServiceSpec:
    return ServiceSpec("thing", ServiceModel(RAW, service_name="thing"), FakeSpec())


def ids(family: str) -> list[str]:
    return sorted(c.id for c in GENERATORS[family](thing()))


def test_generators_on_a_synthetic_model():
    assert ids("recognised") == ["thing/CreateThing/recognised", "thing/GetThing/recognised",
                                 "thing/ListThings/recognised", "thing/Ping/recognised"]
    assert ids("required") == ["thing/CreateThing/required/Name", "thing/GetThing/required/ThingId"]
    assert ids("constraint") == sorted([
        "thing/CreateThing/constraint/Name/min-length", "thing/CreateThing/constraint/Name/max-length",
        "thing/CreateThing/constraint/Name/pattern", "thing/CreateThing/constraint/Count/min-value",
        "thing/CreateThing/constraint/Count/max-value", "thing/CreateThing/constraint/Mode/enum",
        "thing/CreateThing/constraint/Tags/max-length", "thing/ListThings/constraint/MaxResults/min-value",
        "thing/ListThings/constraint/MaxResults/max-value"])
    assert ids("type") == ["thing/CreateThing/type/Count", "thing/CreateThing/type/Tags",
                           "thing/ListThings/type/MaxResults"]
    assert ids("not-found") == ["thing/GetThing/not-found"]
    assert ids("paginate") == ["thing/ListThings/paginate/limit-and-token"]
    assert ids("envelope") == [f"thing/{op}/envelope" for op in ("CreateThing", "GetThing", "ListThings", "Ping")]
    assert ids("shape") == [f"thing/{op}/shape" for op in ("CreateThing", "GetThing", "ListThings", "Ping")]
    # Ping is declared callable without SigV4: no auth cases for it.
    assert ids("auth") == sorted(f"thing/{op}/auth/{v}" for op in ("CreateThing", "GetThing", "ListThings")
                                 for v in ("unsigned", "bad-signature", "unknown-key", "clock-skew"))
    for family, gen in GENERATORS.items():
        for case in gen(thing()):
            assert case.family.split("/")[0] == family and case.feature == "thing/contract"
            assert case.provenance.kind in ("model", "protocol")
    severities = {c.family.split("/")[0]: c.severity for f in GENERATORS for c in GENERATORS[f](thing())}
    assert severities["auth"] == severities["recognised"] == severities["envelope"] == "required"
    assert severities["constraint"] == severities["required"] == severities["type"] == "advisory"


def test_violating_values_violate():
    model = ServiceModel(RAW, service_name="thing").shape_for("CreateThingInput").members
    from awscompat.engine.namespace import Namespace
    from awscompat.families.values import ValueMaker

    maker = ValueMaker(Namespace(), "us-east-1")
    assert violating_value(model["Name"], "min-length", maker, "Name", "thing") == "xx"
    assert len(violating_value(model["Name"], "max-length", maker, "Name", "thing")) == 11
    assert violating_value(model["Count"], "min-value", maker, "Count", "thing") == 0
    assert violating_value(model["Count"], "max-value", maker, "Count", "thing") == 6
    assert violating_value(model["Mode"], "enum", maker, "Mode", "thing") not in ("FAST", "SLOW")
    assert len(violating_value(model["Tags"], "max-length", maker, "Tags", "thing")) == 3
    bad = violating_value(model["Name"], "pattern", maker, "Name", "thing")
    assert 3 <= len(bad) <= 10 or bad == ""  # within the length bounds, so only the pattern is violated


def test_pattern_violation_and_unreadable_patterns():
    assert _pattern_violation("^[a-z]+$", 0, 100) is not None
    assert _pattern_violation("^.*$", 0, 100) is None  # everything matches: nothing to send
    assert _pattern_violation("[\\p{L}]+", 0, 10) is None  # Java syntax: no claim made
    assert _violations({"type": "string", "min": 0}) == []  # min 0 cannot be violated


def test_envelope_rules_per_protocol():
    rid = {"x-amzn-RequestId": "r"}
    assert envelope_problems("json", "POST", rid, b'{"__type": "ValidationException", "message": "m"}') == []
    assert envelope_problems("json", "POST", rid, b'{"message": "m"}')
    assert envelope_problems("json", "POST", {}, b'{"__type": "X"}')  # no request id
    assert envelope_problems("rest-json", "GET", {**rid, "x-amzn-ErrorType": "NotFound"}, b"{}") == []
    assert envelope_problems("rest-json", "GET", rid, b"<html></html>") == ["the error body is not JSON"]
    query = b"<ErrorResponse><Error><Code>ValidationError</Code></Error><RequestId>r</RequestId></ErrorResponse>"
    assert envelope_problems("query", "POST", {}, query) == []
    assert envelope_problems("query", "POST", {}, b"<Error><Code>X</Code></Error>")
    ec2 = b"<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code></Error></Errors><RequestID>r</RequestID></Response>"
    assert envelope_problems("ec2", "POST", {}, ec2) == []
    assert envelope_problems("ec2", "POST", {}, query)
    s3 = b'<?xml version="1.0"?><Error><Code>NoSuchKey</Code><RequestId>r</RequestId></Error>'
    assert envelope_problems("rest-xml", "GET", {}, s3) == []
    r53 = b'<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Code>NoSuchHostedZone</Code></Error></ErrorResponse>'
    assert envelope_problems("rest-xml", "GET", {"x-amzn-RequestId": "r"}, r53) == []
    assert envelope_problems("rest-xml", "GET", {}, b"not xml") == ["the error body is not XML"]
    assert envelope_problems("rest-xml", "HEAD", {"x-amz-request-id": "r"}, b"") == []
    assert envelope_problems("rest-xml", "HEAD", {}, b"")
    assert envelope_problems("smithy-rpc-v2-cbor", "POST", {"smithy-protocol": "rpc-v2-cbor", **rid}, b"\xa0") == []
    assert envelope_problems("smithy-rpc-v2-cbor", "POST", rid, b"\xa0")


def test_shape_checker():
    out = ServiceModel(RAW, service_name="thing").operation_model("ListThings").output_shape
    good = {"Things": [{"Name": "abc", "Count": 2, "Mode": "FAST", "Created": dt.datetime.now()}], "NextToken": "t"}
    assert shape_problems(out, good) == []
    bad = {"Things": [{"Count": "2", "Mode": "MEDIUM", "Created": "yesterday"}], "NextToken": 5}
    problems = shape_problems(out, bad)
    assert any("Things[0].Name: required member missing" in p for p in problems)
    assert any("Things[0].Count: expected integer" in p for p in problems)
    assert any("MEDIUM" in p for p in problems)
    assert any("Created: expected timestamp" in p for p in problems)
    assert any("NextToken: expected string" in p for p in problems)
    assert shape_problems(out, {"Things": "x"}) == ["Things: expected list, got str 'x'"]


def _signed_headers(variant: str | None) -> dict:
    session = botocore.session.get_session()
    config = Config(signature_version=botocore.UNSIGNED) if variant == "unsigned" else None
    client = session.create_client("sts", region_name="us-east-1", aws_access_key_id="AKIAREALKEY000000000",
                                   aws_secret_access_key="secret", endpoint_url="http://127.0.0.1:9", config=config)
    seen = {}

    def capture(request, **kw):
        seen.update(request.headers)
        return AWSResponse(request.url, 200, {}, None)  # answers without a network

    client.meta.events.register("before-send", capture)
    auth.install(client)
    auth._tl.variant = variant
    try:
        client.get_caller_identity()
    except Exception:  # noqa: BLE001 - the empty fake answer does not parse; only the request matters
        pass
    finally:
        auth._tl.variant = None
    return {k: v.decode() if isinstance(v, bytes) else v for k, v in seen.items()}


def test_auth_signers_break_the_request_as_named():
    good = _signed_headers(None)
    assert "AKIAREALKEY000000000" in good["Authorization"]
    assert "Authorization" not in _signed_headers("unsigned")
    bad = _signed_headers("bad-signature")
    assert bad["Authorization"].split("Signature=")[1] != good["Authorization"].split("Signature=")[1]
    unknown = _signed_headers("unknown-key")
    assert "AKIAREALKEY000000000" not in unknown["Authorization"] and "Credential=AKIA" in unknown["Authorization"]
    skewed = _signed_headers("clock-skew")
    when = dt.datetime.strptime(skewed["X-Amz-Date"], "%Y%m%dT%H%M%SZ")
    assert abs((dt.datetime.utcnow() - when) - dt.timedelta(minutes=30)) < dt.timedelta(minutes=2)


def test_wire_mutators():
    req = {"body": b'{"Count": 2}'}
    wire.set_json_member("Count", "awscompat-not-a-number")(req)
    assert req["body"] == b'{"Count": "awscompat-not-a-number"}'
    form = {"body": {"Action": "X", "Tags.member.1": "a", "Tags.member.2": "b", "Other": "1"}}
    wire.set_form_member("Tags", "awscompat-scalar")(form)
    assert form["body"] == {"Action": "X", "Other": "1", "Tags": "awscompat-scalar"}
    rest = {"query_string": {}, "headers": {}}
    wire.set_location_member("querystring", "max-keys", "x")(rest)
    wire.set_location_member("header", "x-amz-n", "y")(rest)
    assert rest == {"query_string": {"max-keys": "x"}, "headers": {"x-amz-n": "y"}}
