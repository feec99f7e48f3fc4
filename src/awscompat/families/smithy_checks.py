"""How the `smithy` family's cases run (families/smithy.py says what each case claims).

Contract:
- Error-response cases ask a real operation for a resource that does not exist (ABSENT) and
  judge the error answer's envelope by the test's rule (_ERROR_RULES). An answer that is not an
  error (the server found something under a run-owned name that does not exist) decides nothing:
  `skip`; a 5xx is a `fail` (the tests' errors are client errors).
- Malformed-request cases take the real operation's well-formed request (families/common.baseline),
  botocore serializes it, and the malformed value of the test (every one of its testParameters
  values, each in its own request) replaces the member at the test's location before the request
  is signed (families/wire.mutating): in the JSON body (spliced in as the test's own text, which
  need not be JSON at all), a header, the query string or a URI label; Content-Type and Accept
  tests set or drop those headers. Each answer must have the status the test names and an error
  type in the restJson1 envelope; the first answer that does not is the `fail`, with the value
  that was sent. A not-found error is never the answer the test asks for, whatever its status
  (moto answers some not-found errors with 400): the server took the value and looked the
  resource up.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from urllib.parse import quote

from awscompat.engine.context import CaseContext, screen
from awscompat.engine.outcomes import no_route
from awscompat.engine.transport import Reply
from awscompat.families import wire
from awscompat.families.common import NOT_FOUND, account_id, baseline, send
from awscompat.spec import get_spec
from awscompat.spec.protocols import (  # the XML readers the envelope rules use
    _child,
    _text,
    _xml,
    by_name,
    media_type,
    protocol_for,
)

SENTINEL = 7654321  # a URI label's placeholder (integer and long labels), replaced on the wire


def absent_params(ctx: CaseContext, service: str, operation: str) -> dict:
    """A request of operation naming a resource that does not exist (run-owned names)."""
    name = ctx.name("absent")
    return {
        ("dynamodb", "DescribeTable"): {"TableName": name},
        ("sqs", "GetQueueUrl"): {"QueueName": name},
        ("kms", "DescribeKey"): {"KeyId": "alias/" + name},
        ("secretsmanager", "DescribeSecret"): {"SecretId": name},
        ("iam", "GetUser"): {"UserName": name},
        ("sns", "GetTopicAttributes"): {"TopicArn": f"arn:aws:sns:{ctx.region}:{account_id(ctx)}:{name}"},
        ("ec2", "DescribeVpcs"): {"VpcIds": ["vpc-0a1b2c3d4e5f60789"]},
        ("route53", "GetHostedZone"): {"Id": "Z0AWSCOMPAT0ABSENT"},
        ("cloudfront", "GetDistribution"): {"Id": "EAWSCOMPATABSENT"},
        ("s3", "GetBucketAcl"): {"Bucket": name},
        ("lambda", "GetFunction"): {"FunctionName": name},
        ("apigateway", "GetRestApi"): {"restApiId": "awscompatabsent"},
        ("logs", "DescribeLogStreams"): {"logGroupName": name},
        ("ssm", "GetParameter"): {"Name": name},
        ("kinesis", "DescribeStream"): {"StreamName": name},
        ("events", "DescribeRule"): {"Name": name},
        ("rds", "DescribeDBInstances"): {"DBInstanceIdentifier": name},
        ("elasticache", "DescribeCacheClusters"): {"CacheClusterId": name[:50]},
        ("ec2", "DescribeInstances"): {"InstanceIds": ["i-0a1b2c3d4e5f60789"]},
        ("iot", "DescribeThing"): {"thingName": name},
        ("eks", "DescribeCluster"): {"name": name},
    }[(service, operation)]


def _routed(reply: Reply) -> None:
    """A 404/405 outside the protocol's envelope (a router's page) says the operation has no
    route: `unsupported`, not a judgement of the test (engine/outcomes.py screen and no_route)."""
    screen(reply)
    no_route(reply)


def run_smithy(ctx: CaseContext) -> None:
    test, payload = ctx.case.payload
    if payload[0] == "error":
        run_error(ctx, test, payload[1], payload[2])
    elif payload[0] == "accept":
        run_accept(ctx, test)
    else:
        run_malformed(ctx, test, payload[1], payload[2])


# -- error responses -----------------------------------------------------------------------------
# A test's rule: the protocol whose envelope it checks (spec/protocols.py), and the test's variant
# of it (an awsQueryError custom code, an awsQueryCompatible JSON answer, S3's unwrapped <Error>).
_RULES = {"json": ("json", ""), "json-query-compatible": ("json", "query-compatible"), "query": ("query", ""),
          "query-custom-code": ("query", "custom-code"), "ec2": ("ec2", ""), "rest-xml": ("rest-xml", ""),
          "rest-xml-unwrapped": ("rest-xml", "unwrapped"), "rest-json": ("rest-json", "")}


def _custom_code(ctx: CaseContext, reply: Reply, root: ET.Element | None, error: str) -> list[str]:
    """The real error declares an awsQueryError code and status: the answer must use both."""
    declared = get_spec().service(ctx.case.service).raw["shapes"].get(error, {}).get("error") or {}
    code = _text(_child(_child(root, "Error"), "Code")) if root is not None else ""
    if code == error and declared.get("code") not in (None, error):
        return [f"<Code> is the shape name {error}, not its awsQueryError code {declared['code']}"]
    if code != declared.get("code"):
        ctx.skip(f"answered {code or reply.describe()}, not {error}: the claim concerns that error's custom code")
    if reply.status != declared.get("httpStatusCode", reply.status):
        return [f"HTTP {reply.status}, not the awsQueryError status {declared['httpStatusCode']} of {code}"]
    return []


def run_error(ctx: CaseContext, test: dict, rule: str, error: str) -> None:
    service, operation = ctx.case.service, ctx.case.operations[0]
    reply = ctx.call_with(service, operation, absent_params(ctx, service, operation))
    screen(reply)
    if "html" in media_type(reply.exchange.response_headers):
        _routed(reply)  # a router's page, not an error envelope to judge
    if reply.ok:
        ctx.skip(f"{operation} of a resource that does not exist succeeded: no error answer to inspect")
    if reply.status >= 500:
        ctx.fail(f"server error where the test's error is a client error: {reply.describe()}",
                 expected="4xx", observed=reply.describe(), reply=reply)
    ex = reply.exchange
    headers = {k.lower(): str(v) for k, v in ex.response_headers.items()}
    body = ex.response_body or b""
    name, variant = _RULES.get(rule, ("rest-json", ""))
    proto = protocol_for(get_spec().service(service)) if name == "json" else by_name(name)
    problems: list[str]
    if variant == "custom-code":
        problems = proto.wrapped_problems(_xml(body)) or _custom_code(ctx, reply, _xml(body), error)
    elif variant == "unwrapped":
        problems = proto.strict_error_problems(headers, body, wrapped=False)
    else:
        problems = proto.strict_error_problems(headers, body)
    if variant == "query-compatible" and not re.fullmatch(r"[^;]+;Sender", headers.get("x-amzn-query-error", "")):
        problems.append(f"x-amzn-query-error is {headers.get('x-amzn-query-error')!r}, not '<query code>;Sender'")
    if problems:
        ctx.fail(f"Smithy test {test['id']}: " + "; ".join(problems),
                 expected=f"the error envelope of {test['id']} ({rule})", observed=reply.describe(), reply=reply)


# -- requests a server must accept ---------------------------------------------------------------
def run_accept(ctx: CaseContext, test: dict) -> None:
    """The real operation's well-formed request with the test's one change: its Content-Type or
    Accept header, or no payload at all (the test's body is empty)."""
    service, operation = ctx.case.service, ctx.case.operations[0]
    _, params, maker = baseline(ctx, operation)
    headers = {k: v for k, v in (test.get("headers") or {}).items() if k.lower() in ("content-type", "accept")}

    def fn(req: dict) -> None:
        for name, value in headers.items():
            _set_header(req, name, value)
        if test.get("body") == "" and "NoPayload" in test["id"]:
            req["body"] = b""

    client = ctx.client(service)
    with wire.mutating(client, fn):
        reply = send(ctx, maker, params, client=client)
    _routed(reply)
    change = ", ".join(f"{k}: {v}" for k, v in headers.items()) or "no payload"
    ctx.expect_ok(reply, f"Smithy test {test['id']}: a request with {change} must be accepted")


# -- malformed requests --------------------------------------------------------------------------
def expansions(test: dict) -> list[dict[str, str]]:
    """One {parameter: value} per request: the i-th value of every testParameters list."""
    params = test.get("testParameters") or {}
    if not params:
        return [{}]
    n = min(len(v) for v in params.values())
    return [{k: v[i] for k, v in params.items()} for i in range(n)]


def render(text: str, values: dict[str, str]) -> str:
    """$name:L is the value as is, $name:S the value as a JSON string (smithy.test's rules)."""
    for name, value in values.items():
        text = text.replace(f"${name}:L", value).replace(f"${name}:S", json.dumps(value))
    return text


def _set_header(request: dict, name: str, value: str | None) -> None:
    headers = request.setdefault("headers", {})
    for key in [k for k in headers if k.lower() == name.lower()]:
        del headers[key]
    if value is not None:
        headers[name] = value


def _spliced(text: str, wire_name: str, rest: dict) -> str:
    """The test's body text with its member renamed to the real member and the real request's
    other body members added (the text stays as malformed as the test made it)."""
    if not wire_name:
        return text
    renamed, n = re.subn(r'^(\s*\{\s*)"[^"]*"(\s*:)', lambda m: f'{m.group(1)}"{wire_name}"{m.group(2)}', text,
                         count=1)
    if n and rest and renamed.rstrip().endswith("}"):
        renamed = renamed.rstrip()[:-1].rstrip() + ", " + json.dumps(rest)[1:]
    return renamed


def mutator(test: dict, location: str, wire_name: str, values: dict[str, str]) -> tuple[Callable[[dict], None], str]:
    """(the request change, what was sent) for one expansion of a malformed-request test."""
    request = test.get("request") or {}
    headers = request.get("headers") or {}

    def fn(req: dict) -> None:
        if location in ("body", "content") and "body" in request:
            try:
                rest = json.loads(req.get("body") or b"{}")
            except ValueError:
                rest = {}
            rest = {k: v for k, v in rest.items() if k != wire_name} if isinstance(rest, dict) else {}
            req["body"] = _spliced(render(request["body"], values), wire_name, rest).encode()
        for name, value in headers.items():
            if "$" in value and location == "header":
                _set_header(req, wire_name, render(value, values))
            elif name.lower() in ("content-type", "accept"):
                _set_header(req, name, value)
        if location == "content" and test["id"].endswith("NoHeaders"):
            _set_header(req, "Content-Type", None)
        if location == "querystring":
            param = next(p for p in request.get("queryParams", []) if "$" in p)
            wire.set_query_param(req, wire_name, render(param.split("=", 1)[1], values))
        if location == "uri":
            label = next(s for s in request["uri"].split("/") if "$" in s)
            wire.replace_in_path(req, str(SENTINEL), quote(render(label, values), safe=""))

    sent = (_spliced(render(request.get("body", ""), values), wire_name, {}) if location == "body" else
            ", ".join(f"{k}={v}" for k, v in values.items()) or json.dumps(headers))
    return fn, sent


def run_malformed(ctx: CaseContext, test: dict, member: str, location: str) -> None:
    service, operation = ctx.case.service, ctx.case.operations[0]
    op, params, maker = baseline(ctx, operation)
    wire_name = ""
    if member:
        shape = op.input_shape.members[member]
        wire_name = shape.serialization.get("name", member)
        if location == "uri":
            params[member] = SENTINEL
        elif location != "body" and member not in params:  # a well-formed value the test's replaces
            params[member] = maker.value(shape, member, service, 1)
    expected = int(test["response"]["code"])
    client = ctx.client(service)
    for values in expansions(test):
        fn, sent = mutator(test, location, wire_name, values)
        with wire.mutating(client, fn):
            reply = send(ctx, maker, dict(params), client=client)
        _routed(reply)
        looked_up = bool(reply.code and NOT_FOUND.search(reply.code))  # the value was taken: the lookup ran
        if reply.status != expected or not reply.code or looked_up:
            what = "accepted" if reply.ok else f"answered {reply.describe()}"
            if looked_up:
                what += " (a not-found answer: the malformed value was not refused)"
            ctx.fail(f"Smithy test {test['id']}: {sent[:120]!r} was {what}; the test expects HTTP {expected} "
                     "with an error type", expected=f"HTTP {expected}, an error in the restJson1 envelope",
                     observed=reply.describe(), reply=reply)
