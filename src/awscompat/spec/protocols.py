"""The AWS wire protocols, one class each: what the rest of awscompat asks of a protocol.

Contract:
- `protocol_for(model)` gives the protocol of a botocore ServiceModel (or a spec.ServiceSpec, or
  anything with `.model`), by its resolved protocol and, for JSON, its `jsonVersion` (default
  1.0). `by_name(name)` gives it by botocore's protocol name alone (JSON: 1.0). Instances are
  stateless singletons; the classes are RestXml, RestJson, AwsJson10, AwsJson11, Query, Ec2Query,
  RpcV2Cbor (botocore's rest-xml, rest-json, json, query, ec2, smithy-rpc-v2-cbor).
- Each protocol says:
  - `name` (botocore's), `envelope_spec` (the Smithy specification of its error serialisation:
    the provenance of the `envelope` family; the JSON versions cite the 1.0 page, whose error
    rules 1.1 shares), `document` ('xml' / 'json': the text format of its bodies, None for CBOR),
    `binary` (bodies are bytes, not text: noise cannot be told from content), `content_type`
    (the media type of its answers' documents);
  - `validation_codes`: the codes its services use for a malformed request (from each
    protocol's common-errors pages, cited on the class); `not_implemented_codes`: "this endpoint
    does not know the operation" in its own envelope; `throttling_codes`: "slow down";
    `retry_later_codes`: with a 5xx, "internal error, try again";
  - `envelope_problems(method, headers, body)`: what an error answer lacks by the protocol's
    rules (the error code where the protocol puts it, and a request id in a header or the
    body); `strict_error_problems(headers, body)`: the stricter rule of the Smithy protocol
    tests (content type, every element the test's answer has); `error_code(headers, body)`: the
    error code where the protocol puts it ('' when there is none);
  - `form_name(member, serialization)`: the form field a body member is sent as (query, ec2),
    None where bodies are documents; `mutable_body`: whether families/wire.py can put a wrong
    value in a body member of this protocol (JSON bodies and forms; not XML documents or CBOR).
- The code sets are assigned to the protocol whose services use them (AWS's common-errors
  pages, or error shapes in botocore's models); codes only emulators are known to answer with
  sit on the base class, shared by all. The engine accepts any protocol's not-implemented and
  throttling code on any answer (ANY_NOT_IMPLEMENTED, ANY_THROTTLING, ANY_RETRY_LATER): an
  emulator may answer in another protocol's dialect, and it is still saying "not implemented".
- Imports nothing of awscompat (spec layer).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any, ClassVar

REQUEST_ID_HEADERS = ("x-amzn-requestid", "x-amz-request-id", "x-amzn-request-id")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(node: ET.Element | None, name: str) -> ET.Element | None:
    return next((c for c in node if _local(c.tag) == name), None) if node is not None else None


def _find(root: ET.Element | None, *path: str) -> ET.Element | None:
    node = root
    for name in path:
        node = _child(node, name)
    return node


def _text(node: ET.Element | None) -> str:
    return (node.text or "").strip() if node is not None else ""


def _xml(body: bytes) -> ET.Element | None:
    try:
        return ET.fromstring(body)
    except ET.ParseError:
        return None


def media_type(headers: dict) -> str:
    """The media type of headers' Content-Type (lower case, no parameters)."""
    ctype = next((str(v) for k, v in headers.items() if k.lower() == "content-type"), "")
    return ctype.split(";", 1)[0].strip().lower()


def _lower(headers: dict) -> dict[str, str]:
    return {k.lower(): str(v) for k, v in headers.items()}


class WireProtocol:
    """The base: rules every protocol shares, and codes known only from emulators."""

    name: ClassVar[str] = ""
    envelope_spec: ClassVar[str] = ""
    document: ClassVar[str | None] = None
    binary: ClassVar[bool] = False
    content_type: ClassVar[str] = ""
    mutable_body: ClassVar[bool] = False
    validation_codes: ClassVar[frozenset[str]] = frozenset()
    # Emulators' spellings of "unknown operation" that no AWS protocol's documentation names.
    not_implemented_codes: ClassVar[frozenset[str]] = frozenset({
        "UnknownOperation", "InvalidOperation", "NotImplementedException", "NotSupportedException",
        "UnrecognizedActionException"})
    throttling_codes: ClassVar[frozenset[str]] = frozenset()
    retry_later_codes: ClassVar[frozenset[str]] = frozenset()

    def envelope_problems(self, method: str, headers: dict, body: bytes | None) -> list[str]:
        """What is missing from an error answer, by the protocol's rules (empty list: fine). A
        HEAD answer has no body: only its request id header is checked."""
        h = _lower(headers)
        has_header_id = any(h.get(name) for name in REQUEST_ID_HEADERS)
        if method == "HEAD":
            return [] if has_header_id else ["no request id header (x-amzn-RequestId / x-amz-request-id)"]
        problems, body_id = self._envelope(h, body or b"")
        if body_id is None:  # the body is not in the protocol's format: nothing more to look for
            return problems
        if not (has_header_id or body_id):
            problems.append("no request id (header x-amzn-RequestId / x-amz-request-id, or RequestId in the body)")
        return problems

    def _envelope(self, h: dict[str, str], body: bytes) -> tuple[list[str], bool | None]:
        """(problems with the error code's place, whether the body carries a request id; None
        when the body is not in the protocol's format at all)."""
        return [], False

    def strict_error_problems(self, headers: dict, body: bytes) -> list[str]:
        """The Smithy protocol tests' rule for an error answer (families/smithy_checks.py)."""
        return self.envelope_problems("POST", headers, body)

    def error_code(self, headers: dict, body: bytes | None) -> str:
        return ""

    def form_name(self, member: str, serialization: dict) -> str | None:
        return None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class _XmlProtocol(WireProtocol):
    document = "xml"
    content_type = "text/xml"

    def _xml_type(self, headers: dict) -> list[str]:
        h = _lower(headers)
        return [] if "xml" in media_type(h) else [f"Content-Type {h.get('content-type')!r} is not XML"]

    def _envelope(self, h: dict[str, str], body: bytes) -> tuple[list[str], bool | None]:
        root = _xml(body)
        if root is None:
            return ["the error body is not XML"], None
        return self._xml_envelope(root)

    def _xml_envelope(self, root: ET.Element) -> tuple[list[str], bool]:
        raise NotImplementedError

    def error_code(self, headers: dict, body: bytes | None) -> str:
        root = _xml(body or b"")
        return _text(self._code_node(root)) if root is not None else ""

    def _code_node(self, root: ET.Element) -> ET.Element | None:
        raise NotImplementedError

    @staticmethod
    def wrapped_problems(root: ET.Element | None) -> list[str]:
        """<ErrorResponse><Error><Type>Sender, <Code>, <Message></Error><RequestId>: the query
        protocol's error document, which rest-xml services that wrap errors also use."""
        if root is None or _local(root.tag) != "ErrorResponse":
            return ["the body is not <ErrorResponse>"]
        error = _child(root, "Error")
        problems = []
        if _text(_child(error, "Type")) != "Sender":
            problems.append("<Error><Type> is not Sender")
        if not _text(_child(error, "Code")):
            problems.append("no <Error><Code>")
        if _child(error, "Message") is None:
            problems.append("no <Error><Message>")
        if not _text(_child(root, "RequestId")):
            problems.append("no <RequestId> under <ErrorResponse>")
        return problems


class RestXml(_XmlProtocol):
    """restXml (S3, Route 53, CloudFront): <Error><Code> (S3: unwrapped) or
    <ErrorResponse><Error><Code>. Codes: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html,
    https://docs.aws.amazon.com/Route53/latest/APIReference/CommonErrors.html."""

    name = "rest-xml"
    envelope_spec = "https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html#error-response-serialization"
    content_type = "application/xml"
    validation_codes = frozenset({"InvalidArgument", "InvalidRequest", "MalformedXML", "MissingRequestBodyError",
                                  "InvalidBucketName", "InvalidInput", "MissingBody", "InvalidDigest", "BadDigest",
                                  "MethodNotAllowed", "InvalidURI", "KeyTooLongError", "MissingContentLength"})
    not_implemented_codes = WireProtocol.not_implemented_codes | {"NotImplemented"}
    throttling_codes = frozenset({"SlowDown", "ServiceUnavailable", "Throttling", "PriorRequestNotComplete"})
    retry_later_codes = frozenset({"InternalError", "ServiceUnavailable", "SlowDown"})

    def _code_node(self, root: ET.Element) -> ET.Element | None:
        return _child(root, "Code") if _local(root.tag) == "Error" else _find(root, "Error", "Code")

    def _xml_envelope(self, root: ET.Element) -> tuple[list[str], bool]:
        code = self._code_node(root)
        problems = [] if _text(code) else ["not <Error><Code> (or <ErrorResponse><Error><Code>)"]
        return problems, _child(root, "RequestId") is not None

    def strict_error_problems(self, headers: dict, body: bytes, *, wrapped: bool = True) -> list[str]:
        """wrapped: <ErrorResponse> (Route 53, CloudFront); not wrapped: S3's bare <Error><Code>."""
        root = _xml(body)
        if wrapped:
            return self._xml_type(headers) + self.wrapped_problems(root)
        ok = root is not None and _local(root.tag) == "Error" and _text(_child(root, "Code"))
        return self._xml_type(headers) + ([] if ok else ["the body is not an unwrapped <Error> with <Code>"])


class Query(_XmlProtocol):
    """awsQuery (IAM, STS, SNS, SQS before JSON, CloudWatch...): <ErrorResponse><Error><Code>.
    Codes: https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html."""

    name = "query"
    envelope_spec = "https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#operation-error-serialization"
    mutable_body = True
    validation_codes = frozenset({"ValidationError", "MissingParameter", "InvalidParameterValue", "InvalidParameter",
                                  "InvalidParameterCombination", "MalformedInput", "InvalidInput",
                                  "InvalidQueryParameter", "MalformedQueryString", "InvalidParameterException"})
    not_implemented_codes = WireProtocol.not_implemented_codes | {"InvalidAction"}
    throttling_codes = frozenset({"Throttling", "RequestThrottled", "ServiceUnavailable"})
    retry_later_codes = frozenset({"InternalFailure", "InternalError", "ServiceUnavailable"})

    def _code_node(self, root: ET.Element) -> ET.Element | None:
        return _find(root, "Error", "Code")

    def _xml_envelope(self, root: ET.Element) -> tuple[list[str], bool]:
        ok = _local(root.tag) == "ErrorResponse" and _text(self._code_node(root))
        return ([] if ok else ["not <ErrorResponse><Error><Code>"]), _child(root, "RequestId") is not None

    def strict_error_problems(self, headers: dict, body: bytes) -> list[str]:
        return self._xml_type(headers) + self.wrapped_problems(_xml(body))

    def form_name(self, member: str, serialization: dict) -> str | None:
        return serialization.get("queryName") or member


class Ec2Query(_XmlProtocol):
    """ec2Query (EC2): <Response><Errors><Error><Code>, <RequestID>. Codes:
    https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html."""

    name = "ec2"
    envelope_spec = "https://smithy.io/2.0/aws/protocols/aws-ec2-query-protocol.html#operation-error-serialization"
    mutable_body = True
    validation_codes = frozenset({"MissingParameter", "InvalidParameterValue", "InvalidParameter",
                                  "InvalidParameterCombination", "UnknownParameter", "InvalidRequest",
                                  "MalformedQueryString", "ValidationError"})
    not_implemented_codes = WireProtocol.not_implemented_codes | {"InvalidAction", "UnsupportedOperation"}
    throttling_codes = frozenset({"RequestLimitExceeded", "BandwidthLimitExceeded"})
    retry_later_codes = frozenset({"InternalError", "ServiceUnavailable"})

    def _code_node(self, root: ET.Element) -> ET.Element | None:
        return _find(root, "Errors", "Error", "Code")

    def _xml_envelope(self, root: ET.Element) -> tuple[list[str], bool]:
        ok = _local(root.tag) == "Response" and _text(self._code_node(root))
        body_id = _child(root, "RequestID") is not None or _child(root, "RequestId") is not None
        return ([] if ok else ["not <Response><Errors><Error><Code>"]), body_id

    def strict_error_problems(self, headers: dict, body: bytes) -> list[str]:
        root = _xml(body)
        if root is None or _local(root.tag) != "Response":
            return [*self._xml_type(headers), "the body is not <Response>"]
        error = _find(root, "Errors", "Error")
        problems = [] if _text(_child(error, "Code")) else ["no <Errors><Error><Code>"]
        if _child(error, "Message") is None:
            problems.append("no <Errors><Error><Message>")
        if not _text(_child(root, "RequestID")):
            problems.append("no <RequestID> under <Response>")
        return self._xml_type(headers) + problems

    def form_name(self, member: str, serialization: dict) -> str | None:
        return serialization.get("queryName") or (member[0].upper() + member[1:])


# JSON protocols: validation codes of https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html
# and the JSON and REST-JSON services' own validation errors.
_JSON_VALIDATION = frozenset({"ValidationException", "SerializationException", "InvalidParameterException",
                              "InvalidParameterValueException", "InvalidRequestException", "InvalidInputException",
                              "InvalidArgumentException", "BadRequestException", "MissingParameter",
                              "InvalidParameterValue", "ValidationError", "InvalidParameterCombination"})
_JSON_THROTTLING = frozenset({"ThrottlingException", "ThrottledException", "TooManyRequestsException",
                              "LimitExceededException"})
_JSON_RETRY_LATER = frozenset({"InternalFailure", "InternalServerError", "InternalServerException",
                               "InternalServiceError", "ServiceUnavailableException"})


def _json_doc(body: bytes) -> tuple[Any, str]:
    """(the document, '' or the problem: not JSON / not an object)."""
    if not body.strip():
        return {}, ""
    try:
        doc = json.loads(body)
    except ValueError:
        return None, "the error body is not JSON"
    return (doc, "") if isinstance(doc, dict) else (None, "the error body is not a JSON object")


class AwsJson(WireProtocol):
    """awsJson 1.0/1.1 (DynamoDB, SQS, KMS, Kinesis...): the error type is __type in the body
    (a shape id: anything before '#' and after ':' is not the code), or X-Amzn-ErrorType."""

    name = "json"
    version: ClassVar[str] = "1.0"
    content_type = "application/x-amz-json-1.0"
    envelope_spec = "https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html#operation-error-serialization"
    document = "json"
    mutable_body = True
    validation_codes = _JSON_VALIDATION
    not_implemented_codes = WireProtocol.not_implemented_codes | {
        "UnknownOperationException", "UnsupportedOperation", "UnsupportedOperationException"}
    throttling_codes = _JSON_THROTTLING | {"ProvisionedThroughputExceededException", "TransactionInProgressException",
                                           "RequestLimitExceeded", "RequestThrottled"}
    retry_later_codes = _JSON_RETRY_LATER

    def _type(self, h: dict[str, str], doc: dict) -> Any:
        return h.get("x-amzn-errortype") or doc.get("__type")

    def _envelope(self, h: dict[str, str], body: bytes) -> tuple[list[str], bool | None]:
        doc, problem = _json_doc(body)
        if problem:
            return [problem], None
        return ([] if self._type(h, doc) else [self._no_type]), False

    _no_type = "no error type (__type in the body)"

    def error_code(self, headers: dict, body: bytes | None) -> str:
        doc, problem = _json_doc(body or b"")
        kind = self._type(_lower(headers), doc) if not problem else None
        return str(kind).split(":", 1)[0].rsplit("#", 1)[-1] if kind else ""

    def strict_error_problems(self, headers: dict, body: bytes) -> list[str]:
        problems = []
        if media_type(headers) != self.content_type:
            ctype = _lower(headers).get("content-type")
            problems.append(f"Content-Type is {ctype!r}, not {self.content_type}")
        try:
            doc = json.loads(body or b"")
        except ValueError:
            return [*problems, "the body is not JSON"]
        kind = doc.get("__type") if isinstance(doc, dict) else None
        if not isinstance(kind, str) or not kind.rsplit("#", 1)[-1].split(":", 1)[0]:
            problems.append("the body has no __type naming the error")
        return problems


class AwsJson10(AwsJson):
    version = "1.0"
    content_type = "application/x-amz-json-1.0"


class AwsJson11(AwsJson):
    version = "1.1"
    content_type = "application/x-amz-json-1.1"


class RestJson(AwsJson):
    """restJson1 (Lambda, API Gateway...): X-Amzn-ErrorType, else __type or code in the body."""

    name = "rest-json"
    envelope_spec = "https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html#operation-error-serialization"
    not_implemented_codes = WireProtocol.not_implemented_codes | {
        "UnknownOperationException", "UnsupportedOperationException"}
    throttling_codes = _JSON_THROTTLING | {"RequestThrottledException", "EC2ThrottledException", "ServiceUnavailable"}
    retry_later_codes = _JSON_RETRY_LATER | {"ServiceUnavailable"}
    content_type = "application/json"
    _no_type = "no error type (__type in the body or x-amzn-ErrorType header)"

    def _type(self, h: dict[str, str], doc: dict) -> Any:
        return h.get("x-amzn-errortype") or doc.get("__type") or doc.get("code")

    def strict_error_problems(self, headers: dict, body: bytes) -> list[str]:
        h = _lower(headers)
        kind = h.get("x-amzn-errortype", "").split(":", 1)[0]
        problems = [] if kind else ["no X-Amzn-Errortype header naming the error"]
        if media_type(h) != "application/json":
            problems.append(f"Content-Type is {h.get('content-type')!r}, not application/json")
        if body.strip():
            try:
                if not isinstance(json.loads(body), dict):
                    problems.append("the body is not a JSON object")
            except ValueError:
                problems.append("the body is not JSON")
        return problems


class RpcV2Cbor(WireProtocol):
    """Smithy RPC v2 CBOR: a binary protocol; an answer says `smithy-protocol: rpc-v2-cbor`."""

    name = "smithy-rpc-v2-cbor"
    envelope_spec = "https://smithy.io/2.0/additional-specs/protocols/smithy-rpc-v2.html"
    binary = True
    content_type = "application/cbor"
    validation_codes = _JSON_VALIDATION
    not_implemented_codes = WireProtocol.not_implemented_codes | {"UnknownOperationException"}
    throttling_codes = frozenset({"ThrottlingException", "LimitExceededException"})
    retry_later_codes = frozenset({"InternalServerException", "InternalFailure", "ServiceUnavailableException"})

    def _envelope(self, h: dict[str, str], body: bytes) -> tuple[list[str], bool | None]:
        ok = h.get("smithy-protocol") == "rpc-v2-cbor"
        return ([] if ok else ["no smithy-protocol: rpc-v2-cbor header"]), False

    def error_code(self, headers: dict, body: bytes | None) -> str:
        """__type in the CBOR body, decoded by botocore's own RPC v2 CBOR parser."""
        from botocore.parsers import create_parser

        try:
            parsed = create_parser(self.name).parse({"status_code": 400, "headers": dict(headers),
                                                     "body": body or b""}, None)
        except Exception:  # noqa: BLE001 - not CBOR: no code
            return ""
        code = str(parsed.get("Error", {}).get("Code", ""))
        return "" if code == "400" else code


PROTOCOLS: tuple[WireProtocol, ...] = (RestXml(), RestJson(), AwsJson10(), AwsJson11(), Query(), Ec2Query(),
                                       RpcV2Cbor())
_BY_NAME = {p.name: p for p in PROTOCOLS if not isinstance(p, AwsJson11)}
_JSON = {"1.0": PROTOCOLS[2], "1.1": PROTOCOLS[3]}

ANY_NOT_IMPLEMENTED: frozenset[str] = frozenset().union(*(p.not_implemented_codes for p in PROTOCOLS))
ANY_THROTTLING: frozenset[str] = frozenset().union(*(p.throttling_codes for p in PROTOCOLS))
ANY_RETRY_LATER: frozenset[str] = frozenset().union(*(p.retry_later_codes for p in PROTOCOLS))


def by_name(name: str) -> WireProtocol:
    """The protocol called name by botocore (JSON: 1.0); KeyError for an unknown name."""
    return _BY_NAME[name]


def protocol_for(model: Any) -> WireProtocol:
    """The protocol of a botocore ServiceModel (or a ServiceSpec / anything with `.model`)."""
    model = getattr(model, "model", model)
    name = model.resolved_protocol
    if name == "json":
        return _JSON.get(str(model.metadata.get("jsonVersion", "1.0")), _JSON["1.0"])
    return by_name(name)
