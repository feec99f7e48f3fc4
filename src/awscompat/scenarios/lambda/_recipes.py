"""Lambda setup recipes for behaviour cases as data (docs/cases.md). Each ledgers what it creates
before creating it; teardown deletes it (DeleteFunction removes a function with its versions,
aliases and permissions; the execution role is deleted after it). Outputs: a dict whose `value` is
what `${<as>}` means in a case file.

No recipe invokes a function (Invoke needs a container runtime on some emulators)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe
from awscompat.engine.outcomes import FixtureError, Unsupported
from awscompat.engine.transport import Reply
from awscompat.scenarios.iam._fixtures import make_role
from awscompat.scenarios.sqs._resources import call, track_static

SVC = "lambda"
LAMBDA_TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
HANDLER = "def handler(event, context):\n    return event\n"


def code_zip(text: str = HANDLER) -> bytes:
    """A deployment package: one file, index.py."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("index.py", date_time=(2026, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        z.writestr(info, text)
    return buf.getvalue()


@recipe(SVC, "role")
def role(ctx: CaseContext, hint: str = "fnrole") -> dict:
    """An IAM role Lambda may assume (trust lambda.amazonaws.com). value = its ARN."""
    made = make_role(ctx, hint, LAMBDA_TRUST)
    return {"value": made["Arn"], "name": made["RoleName"]}


@recipe(SVC, "zip")
def zip_(ctx: CaseContext, text: str = HANDLER) -> dict:
    """A zip deployment package (creates nothing). value = its bytes."""
    return {"value": code_zip(text)}


def _create(ctx: CaseContext, params: dict) -> Reply:
    """CreateFunction as set-up; a role just created may not yet be assumable by Lambda (IAM is
    eventually consistent): that one refusal is retried for a bounded time."""
    def send() -> Reply:
        return ctx.call_with(SVC, "CreateFunction", params)

    def settled(reply: Reply) -> bool:
        message = str(reply.error.get("Message", "")).lower()
        return not (reply.code == "InvalidParameterValueException" and "assume" in message)

    reply = ctx.poll(send, settled, within=20.0, margin=2.0, first_wait=1.0, cap=2.0)
    if reply.not_implemented:
        raise Unsupported(f"setup CreateFunction is not implemented: {reply.describe()}", exchange=reply.exchange)
    if not reply.ok:
        raise FixtureError(f"setup CreateFunction failed: {reply.describe()}", exchange=reply.exchange)
    return reply


@recipe(SVC, "function")
def function(ctx: CaseContext, hint: str = "fn", role: str = "", runtime: str = "python3.12",
             description: str = "", memory: int = 0, timeout: int = 0, environment: dict | None = None,
             tags: dict | None = None, publish: bool = False) -> dict:
    """A zip function of the case's own (python, handler index.handler), waited Active. role: an
    execution role ARN (default: a role made for it). value = the function name; outputs arn,
    version (the version published when publish is true, else $LATEST), sha (CodeSha256 as
    answered), role, revision (RevisionId), zip_sha / zip_size (base64 SHA-256 and size of the
    package sent, computed here)."""
    role_arn = role or make_role(ctx, hint + "-role", LAMBDA_TRUST)["Arn"]
    name = ctx.name(hint, max_len=64)
    params: dict = {"FunctionName": name, "Runtime": runtime, "Role": role_arn, "Handler": "index.handler",
                    "Code": {"ZipFile": code_zip()}, "Publish": publish,
                    "Tags": {**ctx.ns.tags, **(tags or {})}}
    if description:
        params["Description"] = description
    if memory:
        params["MemorySize"] = memory
    if timeout:
        params["Timeout"] = timeout
    if environment:
        params["Environment"] = {"Variables": environment}
    track_static(ctx, SVC, "lambda-function", name, "CreateFunction", {k: v for k, v in params.items() if k != "Code"},
                 [call(SVC, "DeleteFunction", FunctionName=name)])
    _create(ctx, params)
    ctx.poll(lambda: ctx.call(SVC, "GetFunctionConfiguration", FunctionName=name),
             lambda r: not r.ok or r.get("State") in (None, "Active", "Failed"), within=30.0, margin=2.0,
             first_wait=0.5, cap=1.0)
    config = ctx.fixture(SVC, "GetFunctionConfiguration", FunctionName=name)
    version = "$LATEST"
    if publish:
        listed = ctx.fixture(SVC, "ListVersionsByFunction", FunctionName=name)
        numbered = [v["Version"] for v in listed.get("Versions") or [] if v["Version"] != "$LATEST"]
        version = numbered[-1] if numbered else "$LATEST"
    package = params["Code"]["ZipFile"]
    return {"value": name, "arn": config["FunctionArn"], "version": version, "sha": config.get("CodeSha256"),
            "role": role_arn, "revision": config.get("RevisionId"),
            "zip_sha": base64.b64encode(hashlib.sha256(package).digest()).decode(), "zip_size": len(package)}


@recipe(SVC, "absent-function")
def absent_function(ctx: CaseContext, length: int = 0) -> dict:
    """A function name in the run's namespace that no function has (only read or deleted, or sent
    in a create that must be refused); `length` pads it with x to exactly that many characters."""
    name = ctx.name("absent-fn", max_len=64)
    return {"value": name.ljust(length, "x") if length else name}


@recipe(SVC, "policy-text")
def policy_text(ctx: CaseContext, document: dict) -> dict:
    """A JSON document as text (creates nothing). value = json.dumps(document)."""
    return {"value": json.dumps(document)}


@recipe(SVC, "account")
def account(ctx: CaseContext) -> dict:
    """This target's account id (STS GetCallerIdentity; creates nothing)."""
    return {"value": ctx.fixture("sts", "GetCallerIdentity")["Account"]}


@recipe(SVC, "many-tags")
def many_tags(ctx: CaseContext, count: int) -> dict:
    """A tag map of `count` tags k0..k<count-1> (creates nothing). With the run's own tag on every
    resource, `count` tags added make count + 1."""
    return {"value": {f"k{i}": f"v{i}" for i in range(count)}}
