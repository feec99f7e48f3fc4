"""CloudFormation templates (JSON or YAML with the short-form intrinsic tags): each resource type
is mapped to the operations its create, update and delete handlers call, from the resource
provider schemas cfn-lint ships (`handlers.<create|update|delete>.permissions`). Deploying the
template itself needs CloudFormation's stack operations on the provider.

Confidence: an operation named after its handler and resource type (CreateBucket for
AWS::S3::Bucket's create handler), or the first permission of a create or delete handler in the
resource type's own namespace (sns:Subscribe for AWS::SNS::Subscription), is `medium`; the others
are what a handler *may* call depending on the properties set: `low`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from awscompat.advisor import iampolicy
from awscompat.advisor.footprint import LOW, MEDIUM, Footprint
from awscompat.advisor.names import Names, cfnlint_data

HANDLERS = ("create", "update", "delete")
STACK_OPERATIONS = ("CreateStack", "UpdateStack", "DeleteStack", "DescribeStacks")
_VERBS = {"create": "Create", "update": "Update", "delete": "Delete"}
_INTRINSICS = ("And", "Base64", "Cidr", "Equals", "FindInMap", "GetAtt", "GetAZs", "If", "ImportValue", "Join",
               "Length", "Not", "Or", "Select", "Split", "Sub", "ToJsonString", "Transform")


class CfnLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short forms (`!Ref x` -> {"Ref": "x"}, `!Sub s` -> {"Fn::Sub": s}).
    Any other tag fails the load (yaml.constructor.ConstructorError)."""


def _tag(key: str) -> Callable[[yaml.SafeLoader, yaml.Node], dict[str, Any]]:
    def construct(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, Any]:
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
            if key == "Fn::GetAtt" and isinstance(value, str):
                value = value.split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return {key: value}
    return construct


CfnLoader.add_constructor("!Ref", _tag("Ref"))
CfnLoader.add_constructor("!Condition", _tag("Condition"))
for _name in _INTRINSICS:
    CfnLoader.add_constructor(f"!{_name}", _tag(f"Fn::{_name}"))
# Dates stay strings (AWSTemplateFormatVersion: 2010-09-09 must not become a date).
CfnLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def load_yaml(text: str) -> tuple[Any, dict[str, int]]:
    """(document, {logical id: line}) — raises yaml.YAMLError."""
    loader = CfnLoader(text)
    try:
        node = loader.get_single_node()
        doc = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "Resources" and isinstance(value, yaml.MappingNode):
                lines = {k.value: k.start_mark.line + 1 for k, _ in value.value}
    return doc, lines


def json_lines(text: str, logical_ids: list[str]) -> dict[str, int]:
    """Line of each resource's key in a JSON template (the json module keeps no positions)."""
    out: dict[str, int] = {}
    start = text.find('"Resources"')
    for lid in logical_ids:
        m = re.compile(r'"' + re.escape(lid) + r'"\s*:\s*\{').search(text, max(start, 0))
        if m:
            out[lid] = text.count("\n", 0, m.start()) + 1
    return out


def is_template(doc: Any) -> bool:
    return isinstance(doc, dict) and isinstance(doc.get("Resources"), dict) and (
        "AWSTemplateFormatVersion" in doc or any(isinstance(r, dict) and "Type" in r for r in doc["Resources"].values()))


# -- the resource provider schemas ---------------------------------------------------------------
def _schemas_dir() -> Path:
    data = cfnlint_data()
    if data is None:
        raise FileNotFoundError("cfn-lint is not installed: its resource provider schemas are needed")
    return data / "schemas"


@cache
def _provider_index() -> dict[str, str]:
    """{resource type: schema file name} from cfn-lint's us-east-1 provider list."""
    base = _schemas_dir()
    flat = base / "providers" / "us-east-1.json"
    if flat.is_file():  # cfn-lint >= 1.40: providers/<region>.json -> resources/<hash>.json
        index = json.loads(flat.read_text("utf-8"))
        return {t: f"resources/{h}.json" for t, h in index.items()}
    out = {}  # older 1.x: providers/us_east_1/aws-s3-bucket.json
    for entry in (base / "providers" / "us_east_1").iterdir():
        if entry.name.endswith(".json"):
            out[entry.name[:-5]] = f"providers/us_east_1/{entry.name}"
    return out


@cache
def handler_permissions(rtype: str, handlers_wanted: tuple[str, ...] = HANDLERS) -> dict[str, tuple[str, ...]] | None:
    """{handler: permissions} for a resource type; None when cfn-lint has no schema for it."""
    index = _provider_index()
    rel = index.get(rtype) or index.get(rtype.lower().replace("::", "-"))
    if rel is None:
        return None
    schema = json.loads((_schemas_dir() / rel).read_text("utf-8"))
    handlers = schema.get("handlers") or {}
    return {h: tuple(handlers[h].get("permissions", [])) for h in handlers_wanted if h in handlers}


def resource_types() -> list[str]:
    """Every resource type with a provider schema in cfn-lint (us-east-1)."""
    return sorted(_provider_index())


def schemas_version() -> str:
    try:
        return json.loads((_schemas_dir() / "version.json").read_text("utf-8")).get("schema_date", "")
    except (OSError, ValueError):
        return ""


# -- extraction ----------------------------------------------------------------------------------
def extract_template(doc: dict[str, Any], lines: dict[str, int], path: str, fp: Footprint, names: Names) -> None:
    fp.files["cloudformation"] += 1
    stack_operations(path, fp)
    for lid, res in doc["Resources"].items():
        extract_resource(lid, res, lines.get(lid), path, fp, names)
        if isinstance(res, dict):
            embedded_policies(lid, res, lines.get(lid), path, fp, names)


def embedded_policies(lid: str, res: dict[str, Any], line: int | None, path: str, fp: Footprint,
                      names: Names) -> None:
    """The IAM policies a template writes (AWS::IAM::Policy and ManagedPolicy documents, the inline
    policies of roles, users and groups): what the workload is permitted to call."""
    props = res.get("Properties")
    if not isinstance(props, dict):
        return
    base = {"source": "iam-policy", "file": path, "line": line, "resource": lid}
    if res.get("Type") in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy",
                           "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy") and isinstance(props.get("PolicyDocument"), dict):
        name = props.get("PolicyName") or props.get("ManagedPolicyName") or lid
        iampolicy.extract_embedded(props["PolicyDocument"], {**base, "policy": str(name)}, path, fp, names)
    elif res.get("Type") in ("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"):
        for policy in props.get("Policies") or []:
            if isinstance(policy, dict) and isinstance(policy.get("PolicyDocument"), dict):
                iampolicy.extract_embedded(policy["PolicyDocument"],
                                           {**base, "policy": str(policy.get("PolicyName", ""))}, path, fp, names)


def stack_operations(path: str, fp: Footprint) -> None:
    for op in STACK_OPERATIONS:
        fp.add("cloudformation", op, confidence=MEDIUM,
               where={"source": "cloudformation", "file": path, "line": 1, "resource": "(stack)",
                      "reason": "deploying the template as a stack"})


def extract_resource(lid: str, res: Any, line: int | None, path: str, fp: Footprint, names: Names,
                     extra: dict[str, Any] | None = None) -> None:
    """One resource: its handlers' operations; `extra` is added to every sighting (the SAM
    resource a transformed resource came from)."""
    if not isinstance(res, dict) or not isinstance(res.get("Type"), str):
        fp.problem(path, f"resource {lid}: no Type: skipped")
        return
    rtype = res["Type"]
    base = {"source": "cloudformation", "file": path, "line": line, "resource": lid, "type": rtype, **(extra or {})}
    if rtype == "AWS::CDK::Metadata":
        return  # the CDK's usage report: CloudFormation records it, no API of a provider is called
    if rtype.startswith("Custom::") or rtype == "AWS::CloudFormation::CustomResource":
        fp.unresolved.append({**base, "reason": "custom resource: its provider's calls are not known"})
        return
    try:
        perms = handler_permissions(rtype)
    except (OSError, ValueError) as exc:
        fp.problem(path, f"resource {lid} ({rtype}): cannot read its provider schema: {exc}")
        return
    if not perms:
        reason = ("SAM resource: the AWS::Serverless transform expands it at deploy time; footprint the "
                  "transformed template" if rtype.startswith("AWS::Serverless::")
                  else f"no resource provider schema with handlers for {rtype} in cfn-lint")
        fp.unresolved.append({**base, "reason": reason})
        return
    map_handlers(rtype, perms, base, path, fp, names)


# API Gateway's IAM actions are HTTP verbs on resource paths (apigateway:POST on /restapis is
# CreateRestApi): a handler's own verb names the handler's operation on the type.
_APIGATEWAY_VERBS = {"create": ("POST", "Create"), "read": ("GET", "Get"), "update": ("PATCH", "Update"),
                     "delete": ("DELETE", "Delete")}


def _apigateway_verb(rtype: str, handler: str, verb: str, names: Names) -> list[tuple[str, str]]:
    parts = rtype.split("::")
    expected = _APIGATEWAY_VERBS.get(handler)
    if len(parts) != 3 or parts[1] not in ("ApiGateway", "ApiGatewayV2") or expected is None or verb != expected[0]:
        return []
    service = parts[1].lower()
    op = f"{expected[1]}{parts[2]}"
    return [(service, op)] if op in names.operation_names(service) else []


def map_handlers(rtype: str, perms: dict[str, tuple[str, ...]], base: dict[str, Any], path: str,
                 fp: Footprint, names: Names) -> None:
    """The operations of a resource type's handlers (permissions as IAM actions)."""
    parts = rtype.split("::")
    short, namespace = parts[-1], parts[1].lower() if len(parts) == 3 else ""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for handler, permissions in perms.items():
        own = [p for p in permissions if p.lower().startswith(f"{namespace}:")]
        first = own[0] if own and handler in ("create", "read", "delete") else None
        for perm in permissions:
            prefix, _, action = perm.partition(":")
            if "*" in action:
                matched, _ = names.expand_action(prefix.lower(), action)
            else:
                matched = [action]
            ops = [o for a in matched for o in names.resolve_action(prefix.lower(), a).operations]
            if not ops and prefix.lower() == "apigateway":
                ops = _apigateway_verb(rtype, handler, action, names)
            if not ops:
                fp.unmapped.append({**base, "action": perm, "handler": handler,
                                    "reason": "handler permission that names no operation of the models"})
            for service, op in ops:
                hit = found.setdefault((service, op), {"handlers": [], "permissions": [], "primary": False})
                if handler not in hit["handlers"]:
                    hit["handlers"].append(handler)
                if perm not in hit["permissions"]:
                    hit["permissions"].append(perm)
                hit["primary"] |= perm == first or op == f"{_VERBS.get(handler, '-')}{short}"
    for (service, op), hit in sorted(found.items()):
        where = {**base, "handlers": hit["handlers"], "permissions": hit["permissions"]}
        fp.add(service, op, confidence=MEDIUM if hit["primary"] else LOW, where=where)
