"""SAM templates (`Transform: AWS::Serverless-2016-10-31`): expanded with AWS's own transform
(`aws-sam-translator`, the code CloudFormation runs) into plain CloudFormation, then read as a
CloudFormation template (cfn.py). Nothing is sent anywhere:

- the transform runs with a fixed region, account and partition (us-east-1, 123456789012, aws),
  a boto3 session that is never used to call, managed policy names resolved from the map the
  translator ships, and a Serverless Application Repository client that refuses to be made;
- local artifact paths (`CodeUri: src/`, `DefinitionUri: api.yaml`, `ContentUri`, an
  application's `Location`, an image function's local `ImageUri`) are replaced by placeholder S3
  or ECR locations, as `sam package` would; a function without any code property gets
  `CodeUri: .` (what `sam build` assumes); a local `AWS::Include` (`Fn::Transform` of an OpenAPI
  file next to the template) is replaced by the file's content;
- an application from the Serverless Application Repository (`Location: {ApplicationId, ...}`)
  becomes the nested stack it deploys as, plus `serverlessrepo:CreateCloudFormationTemplate` and
  `GetCloudFormationTemplate` (what the transform calls for it).

A transformed resource is attributed to the SAM resource it came from (`sam_resource`,
`sam_type`, and that resource's line): the transform names what it generates after the SAM
resource's logical id (`FnRole`, `FnGetPermissionProd`); the implicit APIs (`ServerlessRestApi`,
`ServerlessHttpApi`) belong to the functions whose `Api` / `HttpApi` events made them.

Policies: the IAM policies the transform writes for a SAM function or state machine (policy
templates such as `S3ReadPolicy` or `DynamoDBCrudPolicy` expanded from the templates the
translator ships, inline statements, connectors) are read as IAM policies: usage `permitted`,
each sighting naming the SAM resource and the policy template. Managed policies the template
names by name or ARN are listed in `unresolved` (no package ships their documents); those the
transform adds by itself (`AWSLambdaBasicExecutionRole`, the event-source execution roles) are
left out: they are what Lambda needs to run the function, not calls of the workload.

A SAM resource the transform rejects (an invalid property) is reported in `unresolved` with the
transform's message; the rest of the template is still expanded and read.
"""

from __future__ import annotations

import copy
import logging
import re
from pathlib import Path
from typing import Any

import yaml

from awscompat.advisor import cfn, iampolicy
from awscompat.advisor.footprint import MEDIUM, Footprint
from awscompat.advisor.names import Names

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"
PARAMETERS = {"AWS::Region": "us-east-1", "AWS::AccountId": "123456789012", "AWS::Partition": "aws"}
PLACEHOLDER_BUCKET = "awscompat-offline-artifacts"
_LOCAL_URI_KEYS = {
    "AWS::Serverless::Function": ("CodeUri",),
    "AWS::Serverless::LayerVersion": ("ContentUri",),
    "AWS::Serverless::Api": ("DefinitionUri",),
    "AWS::Serverless::HttpApi": ("DefinitionUri",),
    "AWS::Serverless::StateMachine": ("DefinitionUri",),
    "AWS::Serverless::GraphQLApi": ("SchemaUri",),
}
_POLICY_OWNERS = ("AWS::Serverless::Function", "AWS::Serverless::StateMachine", "AWS::Serverless::Connector")
_IMPLICIT_APIS = {"ServerlessRestApi": "Api", "ServerlessHttpApi": "HttpApi"}
_POLICY_INDEX = re.compile(r"Policy(\d+)$")
_RESOURCE_ID = re.compile(r"Resource with id \[([^\]]+)\]")
SAR_OPERATIONS = ("CreateCloudFormationTemplate", "GetCloudFormationTemplate")


def is_sam(doc: dict[str, Any]) -> bool:
    transform = doc.get("Transform")
    transforms = transform if isinstance(transform, list) else [transform]
    return SAM_TRANSFORM in transforms or any(
        isinstance(r, dict) and str(r.get("Type", "")).startswith("AWS::Serverless::")
        for r in doc["Resources"].values())


# -- preparing the template for an offline transform ----------------------------------------------
def _local(value: Any) -> bool:
    return isinstance(value, str) and not value.startswith(("s3://", "https://", "http://"))


def _placeholder(value: str) -> str:
    return f"s3://{PLACEHOLDER_BUCKET}/{value.strip('/') or '.'}"


def _includes(value: Any, base: Path | None) -> Any:
    """`Fn::Transform: {Name: AWS::Include, Parameters: {Location: api.yaml}}` with a local file is
    replaced by that file's content, as `sam package` uploads it (an OpenAPI body, most often)."""
    if isinstance(value, list):
        return [_includes(v, base) for v in value]
    if not isinstance(value, dict):
        return value
    include = value.get("Fn::Transform") if len(value) == 1 else None
    if isinstance(include, dict) and include.get("Name") == "AWS::Include" and base is not None:
        location = (include.get("Parameters") or {}).get("Location")
        if _local(location):
            try:
                loaded, _ = cfn.load_yaml((base / location).read_text("utf-8"))
                return loaded
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                return value
    return {k: _includes(v, base) for k, v in value.items()}


def prepare(doc: dict[str, Any], base: Path | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """A copy of the template the transform can expand offline, and {logical id: SAR application
    id} for the applications from the Serverless Application Repository. `base`: the template's
    folder, for local `AWS::Include` files."""
    doc = _includes(copy.deepcopy(doc), base)
    if "Transform" not in doc:
        doc["Transform"] = SAM_TRANSFORM
    function_globals = ((doc.get("Globals") or {}).get("Function") or {}) if isinstance(doc.get("Globals"), dict) else {}
    if isinstance(function_globals, dict) and _local(function_globals.get("CodeUri")):
        function_globals["CodeUri"] = _placeholder(function_globals["CodeUri"])
    sar: dict[str, str] = {}
    for lid, res in doc["Resources"].items():
        if not isinstance(res, dict):
            continue
        rtype, props = res.get("Type"), res.get("Properties")
        if not isinstance(props, dict):
            props = res["Properties"] = {} if props is None else props
            if not isinstance(props, dict):
                continue
        for key in _LOCAL_URI_KEYS.get(rtype, ()):
            if _local(props.get(key)):
                props[key] = _placeholder(props[key])
        if rtype == "AWS::Serverless::Function":
            image = props.get("ImageUri")
            if isinstance(image, str) and "/" not in image:  # `sam build` builds it from a local Dockerfile
                props["ImageUri"] = "123456789012.dkr.ecr.us-east-1.amazonaws.com/offline:latest"
            code = ("CodeUri", "InlineCode", "ImageUri")
            if not any(k in props or k in function_globals for k in code):
                if props.get("PackageType", function_globals.get("PackageType")) == "Image":
                    props["ImageUri"] = "123456789012.dkr.ecr.us-east-1.amazonaws.com/offline:latest"
                else:
                    props["CodeUri"] = _placeholder(".")
        elif rtype == "AWS::Serverless::Application":
            location = props.get("Location")
            if isinstance(location, dict) and "ApplicationId" in location:
                app = location.get("ApplicationId")
                sar[lid] = app if isinstance(app, str) else "(not a literal)"
                props["Location"] = f"https://{PLACEHOLDER_BUCKET}.s3.amazonaws.com/sar/{lid}.yaml"
            elif _local(location):
                props["Location"] = f"https://{PLACEHOLDER_BUCKET}.s3.amazonaws.com/{location}"
    return doc, sar


def _refuse_sar() -> Any:
    raise RuntimeError("the advisor never calls the Serverless Application Repository")


def transform(doc: dict[str, Any]) -> dict[str, Any]:
    """The transformed template; raises samtranslator's InvalidDocumentException."""
    import boto3.session
    from samtranslator.parser.parser import Parser
    from samtranslator.plugins.application.serverless_app_plugin import ServerlessAppPlugin
    from samtranslator.translator.translator import Translator

    logging.getLogger("samtranslator").setLevel(logging.ERROR)
    params = dict(PARAMETERS)
    plugin = ServerlessAppPlugin(sar_client_creator=_refuse_sar, parameters=params)
    session = boto3.session.Session(region_name=PARAMETERS["AWS::Region"])  # for its region only
    translator = Translator(None, Parser(), plugins=[plugin], boto_session=session)
    return translator.translate(copy.deepcopy(doc), parameter_values=params, get_managed_policy_map=dict)


def expand(doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(transformed template, {SAM logical id: why the transform rejected it}). Rejected resources
    are removed and the rest transformed again (up to the number of SAM resources)."""
    from samtranslator.model.exceptions import InvalidDocumentException

    rejected: dict[str, str] = {}
    work = copy.deepcopy(doc)
    for _ in range(len(work["Resources"]) + 1):
        if not work["Resources"]:
            return {"Resources": {}}, rejected
        try:
            return transform(work), rejected
        except InvalidDocumentException as exc:
            found = False
            for cause in exc.causes:
                ids = getattr(cause, "_logical_id", None) or _RESOURCE_ID.findall(cause.message)
                for lid in [ids] if isinstance(ids, str) else ids:
                    # an event's or a generated resource's id starts with its SAM resource's id
                    owner = lid if lid in work["Resources"] else max(
                        (k for k in work["Resources"] if isinstance(lid, str) and lid.startswith(k)), key=len,
                        default=None)
                    if owner is not None:
                        rejected[owner] = cause.message
                        del work["Resources"][owner]
                        found = True
            if not found:
                raise
    raise RuntimeError("the SAM transform kept rejecting resources")


# -- reading the expanded template ----------------------------------------------------------------
def extract_sam(doc: dict[str, Any], lines: dict[str, int], path: str, fp: Footprint, names: Names) -> None:
    fp.files["sam"] += 1
    prepared, sar = prepare(doc, Path(path).parent)
    original = {lid: r for lid, r in doc["Resources"].items() if isinstance(r, dict)}
    serverless = {lid for lid, r in original.items() if str(r.get("Type", "")).startswith("AWS::Serverless::")}
    try:
        out, rejected = expand(prepared)
    except Exception as exc:  # noqa: BLE001 - the transform's own failures are reported, never raised
        message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
        fp.problem(path, f"the SAM transform failed: {message}")
        for lid in serverless:
            fp.unresolved.append({"source": "cloudformation", "file": path, "line": lines.get(lid), "resource": lid,
                                  "type": original[lid].get("Type"),
                                  "reason": f"SAM resource: the SAM transform failed: {message}"})
        out, rejected = {"Resources": {k: v for k, v in original.items() if k not in serverless}}, {}
    for lid, reason in sorted(rejected.items()):
        fp.unresolved.append({"source": "cloudformation", "file": path, "line": lines.get(lid), "resource": lid,
                              "type": original.get(lid, {}).get("Type"),
                              "reason": f"SAM resource rejected by the SAM transform: {reason}"})
    cfn.stack_operations(path, fp)
    owners = _implicit_api_owners(original)
    for lid, res in (out.get("Resources") or {}).items():
        # a resource the template declares itself is its own, whatever its name starts with
        origin = None if lid in original and lid not in serverless else _origin(lid, serverless, owners)
        extra = ({"sam_resource": origin, "sam_type": original[origin]["Type"]} if origin else {})
        line = lines.get(lid) or lines.get(origin or "")
        cfn.extract_resource(lid, res, line, path, fp, names, extra)
        if origin and original[origin].get("Type") in _POLICY_OWNERS and isinstance(res, dict):
            _policies(lid, res, origin, original[origin], line, path, fp, names)
    for lid, app in sorted(sar.items()):
        for op in SAR_OPERATIONS:
            fp.add("serverlessrepo", op, confidence=MEDIUM,
                   where={"source": "cloudformation", "file": path, "line": lines.get(lid), "resource": lid,
                          "type": "AWS::Serverless::Application", "application": app,
                          "reason": "the SAM transform fetches the application's template"})


def _implicit_api_owners(original: dict[str, dict[str, Any]]) -> dict[str, str]:
    """{implicit API logical id: the first function (by logical id) whose events create it}."""
    owners: dict[str, str] = {}
    for lid in sorted(original):
        res = original[lid]
        events = (res.get("Properties") or {}).get("Events") if isinstance(res.get("Properties"), dict) else None
        if res.get("Type") != "AWS::Serverless::Function" or not isinstance(events, dict):
            continue
        for event in events.values():
            kind = event.get("Type") if isinstance(event, dict) else None
            for api, event_type in _IMPLICIT_APIS.items():
                if kind == event_type and api not in original:
                    owners.setdefault(api, lid)
    return owners


def _origin(lid: str, serverless: set[str], implicit: dict[str, str]) -> str | None:
    if lid in serverless:
        return lid
    for api, owner in implicit.items():
        if lid.startswith(api):
            return owner
    best = max((s for s in serverless if lid.startswith(s)), key=len, default=None)
    return best


def _policies(lid: str, res: dict[str, Any], origin: str, sam: dict[str, Any], line: int | None, path: str,
              fp: Footprint, names: Names) -> None:
    """The policies the transform wrote into a SAM function's or state machine's role."""
    props = res.get("Properties") or {}
    listed = (sam.get("Properties") or {}).get("Policies")
    listed = listed if isinstance(listed, list) else [listed] if listed is not None else []
    base = {"source": "iam-policy", "file": path, "line": line, "resource": lid, "sam_resource": origin}
    if res.get("Type") == "AWS::IAM::Role":
        for policy in props.get("Policies") or []:
            if not isinstance(policy, dict) or not isinstance(policy.get("PolicyDocument"), dict):
                continue
            name = str(policy.get("PolicyName", ""))
            m = _POLICY_INDEX.search(name)
            template = _policy_label(listed[int(m.group(1))]) if m and int(m.group(1)) < len(listed) else name
            iampolicy.extract_embedded(policy["PolicyDocument"], {**base, "policy": template}, path, fp, names)
        named = {p for p in listed if isinstance(p, str)}
        for arn in props.get("ManagedPolicyArns") or []:
            short = arn.rsplit("/", 1)[-1] if isinstance(arn, str) else None
            if short is None or (arn not in named and short not in named):
                continue  # added by the transform itself, or an intrinsic it resolved
            fp.unresolved.append({**base, "policy": arn,
                                  "reason": "managed policy: its document ships with no package, not expanded"})
    elif res.get("Type") in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy") and isinstance(
            props.get("PolicyDocument"), dict):
        iampolicy.extract_embedded(props["PolicyDocument"], {**base, "policy": lid}, path, fp, names)


def _policy_label(item: Any) -> str:
    if isinstance(item, dict) and len(item) == 1 and "Statement" not in item:
        return next(iter(item))  # a policy template: {"S3ReadPolicy": {...}}
    return "inline statements" if isinstance(item, dict) else str(item)
