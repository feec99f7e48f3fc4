"""Named normalisers: plain functions that replace a volatile value (one that differs on every
run or every server even when both behave the same) with a stable token, so that two runs can be
compared member by member.

Each normaliser gets one value and where it was found (`Where`: the member's name and path, the
operation, the other members of the same answer, and the case's `Scope`) and returns the value
to compare. Values that identify something keep their identity within a case: the first version
id a case sees becomes `<id-1>`, the second `<id-2>`, and the same value is the same token
wherever it appears again (a later request's query string, a listing), so "the version id that
PutObject returned is the one ListObjectVersions lists" is still compared.

The grounding of each normaliser is the AWS documentation URL in its registration: a value is
normalised only where AWS documents it as generated, per request, per account or free text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote


@dataclass
class Scope:
    """What a case has seen so far: ordinal tokens per kind, and MD5s of request payloads."""

    tokens: dict[tuple[str, str], str] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    md5s: dict[str, int] = field(default_factory=dict)  # md5 hex of a payload sent -> its ordinal

    def token(self, kind: str, raw: str) -> str:
        key = (kind, raw)
        if key not in self.tokens:
            self.counters[kind] = self.counters.get(kind, 0) + 1
            self.tokens[key] = f"<{kind}-{self.counters[kind]}>"
        return self.tokens[key]

    def known(self, kind: str) -> list[tuple[str, str]]:
        """(raw, token) of a kind, longest raw value first (so no token splits another)."""
        return sorted(((raw, tok) for (k, raw), tok in self.tokens.items() if k == kind),
                      key=lambda item: -len(item[0]))

    def payload(self, md5: str) -> None:
        self.md5s.setdefault(md5.lower(), len(self.md5s) + 1)


@dataclass
class Where:
    key: str | None  # the member's own name (None for a request path/query)
    path: str  # the flattened member path, e.g. "Contents[0].ETag"
    service: str
    operation: str
    members: dict[str, Any]  # every member of the same answer, flattened (before normalising)
    scope: Scope


@dataclass(frozen=True)
class Normaliser:
    name: str
    summary: str
    grounding: tuple[str, ...]
    fn: Callable[[Any, Where], Any]


NORMALISERS: dict[str, Normaliser] = {}


def normaliser(name: str, summary: str, *grounding: str):
    """Register fn as the normaliser `name` (applied in registration order)."""

    def register(fn: Callable[[Any, Where], Any]) -> Callable[[Any, Where], Any]:
        NORMALISERS[name] = Normaliser(name, summary, grounding, fn)
        return fn

    return register


def resolve(disabled: list[str] | tuple[str, ...] = ()) -> list[Normaliser]:
    """The normalisers to apply, without those named in disabled (KeyError for an unknown name)."""
    for name in disabled:
        if name not in NORMALISERS:
            raise KeyError(f"unknown normaliser {name!r}; known: {', '.join(NORMALISERS)}")
    return [n for n in NORMALISERS.values() if n.name not in disabled]


def apply(value: Any, where: Where, normalisers: list[Normaliser]) -> Any:
    for n in normalisers:
        value = n.fn(value, where)
    return value


def _sub_text(value: Any, rx: re.Pattern, repl) -> Any:
    return rx.sub(repl, value) if isinstance(value, str) else value


# -- endpoints ------------------------------------------------------------------------------
_URL_BASE = re.compile(r"https?://(?:[A-Za-z0-9.\-]+|\[[0-9a-fA-F:]+\])(?::\d+)?")


@normaliser("endpoint", "scheme and host of URLs in answers (QueueUrl, Location) -> <endpoint>",
            "https://docs.aws.amazon.com/general/latest/gr/rande.html")
def endpoint(value: Any, where: Where) -> Any:
    # An answer names the endpoint that served it; the path after it is compared.
    return _sub_text(value, _URL_BASE, "<endpoint>")


# -- awscompat's own run names --------------------------------------------------------------
# Not AWS: every resource a run creates is named awscompat-<run id>-<counter> (docs/architecture.md,
# "Safety"), so the same case names its bucket differently in each run.
_RUN_NAME = re.compile(r"awscompat-[0-9a-f]{8}-[0-9a-f]{5}")


@normaliser("run-names", "names awscompat gives what a run creates (awscompat-<run id>-<n>) -> <name-N>",
            "docs/architecture.md#safety (awscompat's namespace, not an AWS value)")
def run_names(value: Any, where: Where) -> Any:
    return _sub_text(value, _RUN_NAME, lambda m: where.scope.token("name", m.group(0)))


# -- request ids ----------------------------------------------------------------------------
REQUEST_ID_KEYS = {"RequestId", "RequestID", "HostId", "x-amz-request-id", "x-amz-id-2", "x-amzn-RequestId"}


@normaliser("request-id", "request ids and host ids of answers and error bodies -> <request-id>",
            "https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#RESTErrorResponses",
            "https://docs.aws.amazon.com/AmazonS3/latest/API/RESTCommonResponseHeaders.html")
def request_id(value: Any, where: Where) -> Any:
    # "RequestId: ID of the request associated with the error"; "HostId: ... an encrypted
    # token": a fresh value for every request.
    return "<request-id>" if where.key in REQUEST_ID_KEYS and value not in (None, "") else value


# -- dates and times ------------------------------------------------------------------------
_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?")
_RFC1123 = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
                      r" \d{4} \d{2}:\d{2}:\d{2} (?:GMT|UTC|[+-]\d{4})")


@normaliser("timestamp", "timestamps (LastModified, CreationDate, Initiated, dates inside strings) -> <timestamp>",
            "https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html",
            "https://docs.aws.amazon.com/AmazonS3/latest/API/RESTCommonResponseHeaders.html")
def timestamp(value: Any, where: Where) -> Any:
    # LastModified is "the date the object was last modified" and Date "the date and time Amazon
    # S3 responded": wall-clock values. Every member whose model type is a timestamp is parsed by
    # botocore into a datetime; dates inside strings (an Expiration header) are replaced too.
    if isinstance(value, dt.datetime | dt.date):
        return "<timestamp>"
    if isinstance(value, str):
        return _RFC1123.sub("<timestamp>", _ISO.sub("<timestamp>", value))
    return value


# -- owners and accounts --------------------------------------------------------------------
_OWNER_PARENTS = ("Owner", "Initiator", "Grantee")
_ACCOUNT_KEYS = {"AccountId", "OwnerId", "Account", "ExpectedBucketOwner", "OwnerAccountId"}
_CANONICAL = re.compile(r"\b[0-9a-f]{64}\b")
_ARN_ACCOUNT = re.compile(r"(arn:aws[a-z\-]*:[a-z0-9\-]*:[a-z0-9\-]*:)(\d{12})(?=:)")
_URL_ACCOUNT = re.compile(r"(?<=/)(\d{12})(?=/)")


@normaliser("owner-id", "account ids (in ARNs, queue URLs, Account members), S3 canonical user ids and "
            "owner display names -> <account-N> / <owner-N> / <owner-name-N>",
            "https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/finding-canonical-user-id.html",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html")
def owner_id(value: Any, where: Where) -> Any:
    # The account running the case and its S3 canonical user id are properties of the account,
    # not of the behaviour: each server (and each AWS account) has its own.
    if not isinstance(value, str) or not value:
        return value
    parent = where.path.rsplit(".", 1)[0].rsplit(".", 1)[-1].split("[")[0] if "." in where.path else ""
    if where.key in ("ID", "DisplayName") and parent in _OWNER_PARENTS:
        return where.scope.token("owner" if where.key == "ID" else "owner-name", value)
    if where.key in _ACCOUNT_KEYS and re.fullmatch(r"\d{12}", value):
        return where.scope.token("account", value)
    value = _CANONICAL.sub(lambda m: where.scope.token("owner", m.group(0)), value)
    value = _ARN_ACCOUNT.sub(lambda m: m.group(1) + where.scope.token("account", m.group(2)), value)
    return _URL_ACCOUNT.sub(lambda m: where.scope.token("account", m.group(1)), value)


# -- generated ids --------------------------------------------------------------------------
GENERATED_KEYS = {
    "VersionId", "UploadId", "MessageId", "ReceiptHandle", "SequenceNumber", "ContinuationToken",
    "NextContinuationToken", "NextToken", "VersionIdMarker", "NextVersionIdMarker", "UploadIdMarker",
    "NextUploadIdMarker", "CopySourceVersionId", "DeleteMarkerVersionId", "MessageDeduplicationId",
    "x-amz-version-id",
}
_UUID = re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")


@normaliser("generated-id", "ids the server generates (version ids, upload ids, message ids, receipt handles, "
            "continuation tokens, UUIDs) -> <id-N>, the same token wherever the same id appears again",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/versioning-workflows.html",
            "https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateMultipartUpload.html",
            "https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html",
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html")
def generated_id(value: Any, where: Where) -> Any:
    # "Amazon S3 generates a unique version ID"; CreateMultipartUpload returns "ID for the
    # initiated multipart upload"; NextContinuationToken "is obfuscated and is not a real key";
    # SendMessage's MessageId is "an attribute containing the MessageId of the message sent".
    # The literal "null" version id of an unversioned object is documented and kept.
    if not isinstance(value, str) or not value:
        return value
    scope = where.scope
    if where.key in GENERATED_KEYS and value != "null":
        return scope.token("id", value)
    value = _UUID.sub(lambda m: scope.token("id", m.group(0)), value)
    for raw, tok in scope.known("id"):  # an id seen before, inside a URL or another member
        if len(raw) >= 8:
            value = value.replace(raw, tok)
            encoded = quote(raw, safe="")
            if encoded != raw:
                value = value.replace(encoded, tok)
    return value


# -- ETags ----------------------------------------------------------------------------------
_MD5 = re.compile(r"[0-9a-fA-F]{32}")
_MULTIPART = re.compile(r"[0-9a-fA-F]{32}-(\d+)")
_NOT_MD5_SSE = ("aws:kms", "aws:kms:dsse")


@normaliser("etag", "S3 ETags: the MD5 of a payload the case sent -> <md5-of-body-N>; a multipart ETag -> "
            "<multipart>-<parts>; SSE-KMS/SSE-C and non-S3 ETags (opaque) -> <etag>; any other value kept",
            "https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html")
def etag(value: Any, where: Where) -> Any:
    # API_Object: "Objects created by the PUT Object, POST Object, or Copy operation ... encrypted
    # by SSE-S3 or plaintext, have ETags that are an MD5 digest of their object data. Objects ...
    # encrypted by SSE-C or SSE-KMS, have ETags that are not an MD5 digest ... If an object is
    # created by either the Multipart Upload or Part Copy operation, the ETag is not an MD5
    # digest". So the MD5 is compared (as "the MD5 of the k-th payload the case sent", which
    # holds whatever the payload), the multipart form only by its part count, the rest not at all.
    if not isinstance(value, str) or not (where.key or "").lower().endswith("etag"):
        return value
    if where.service != "s3":
        return "<etag>"
    bare = value.removeprefix("W/").strip('"')
    members = where.members
    sse = any(str(v) in _NOT_MD5_SSE for k, v in members.items() if k.endswith("ServerSideEncryption"))
    if sse or any(k.endswith("SSECustomerAlgorithm") and v for k, v in members.items()):
        return "<etag>"
    if _MD5.fullmatch(bare):
        n = where.scope.md5s.get(bare.lower())
        return f'"<md5-of-body-{n}>"' if n else value
    m = _MULTIPART.fullmatch(bare)
    if m:
        return f'"<multipart>-{m.group(1)}"'
    return value


# -- free text ------------------------------------------------------------------------------
@normaliser("error-message", "the human-readable Message of an error -> <message> (its Code is compared)",
            "https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#RESTErrorResponses")
def error_message(value: Any, where: Where) -> Any:
    # "Message: The error message contains a generic description of the error condition in
    # English. It is intended for a human audience." Programs act on the Code.
    if where.path in ("Error.Message", "Error.message") and isinstance(value, str):
        return "<message>"
    return value
