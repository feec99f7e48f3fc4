"""Terraform: HCL source (`*.tf`, parsed with python-hcl2) and the JSON of `terraform show -json`
(a plan or a state; no Terraform binary is needed to read them). Each AWS resource becomes the
operations of its create, read, update and delete, each data source the operations of its read
(tfmap.py says how a type is mapped).

- HCL: `resource` and `data` blocks of the AWS providers (`aws_*`, `awscc_*`); other providers'
  types are counted apart and call nothing of AWS. A `module` block whose source is not a local
  folder (a registry or git module) is reported unresolved: its resources are read from a plan.
  When python-hcl2 cannot parse a file, the file is a problem (with the parser's message) and
  its blocks are still found by their headers (`resource "aws_s3_bucket" "b" {`).
- Plan and state JSON: every resource of `planned_values` / `values`, child modules included
  (addresses such as `module.api.aws_lambda_function.f`), and of `prior_state`; a plan's
  `resource_changes` actions are kept with the sighting.

IAM policies the configuration writes (`data "aws_iam_policy_document"` statements, the `policy`
of `aws_iam_policy` / `aws_iam_role_policy` / user and group policies, a role's `inline_policy`;
JSON heredocs, `jsonencode({...})`, `file()` / `templatefile()` of a JSON file next to the
configuration; in plan JSON, the rendered `policy` / `json` values) are
read as IAM policies: usage `permitted`, sightings `{"source": "iam-policy", "resource": address}`.
A policy built by another expression is unresolved; a reference to a policy document is read
where the document is defined.

Sightings: `{"source": "terraform", "file", "line", "resource": address, "type": tf type,
"cfn_type"}`; line is the block's header in HCL and the address's first line in JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from awscompat.advisor import cfn, iampolicy, tfmap
from awscompat.advisor.footprint import MEDIUM, Footprint
from awscompat.advisor.names import Names

CRUD = ("create", "read", "update", "delete")
_HEADER = re.compile(r'^[ \t]*(resource|data|module)[ \t]+"([^"]+)"(?:[ \t]+"([^"]+)")?[ \t]*\{', re.M)


def is_terraform_json(doc: Any) -> bool:
    """`terraform show -json` output, or a state file as Terraform writes it (`terraform.tfstate`)."""
    return isinstance(doc, dict) and (("format_version" in doc and any(
        isinstance(doc.get(k), dict) for k in ("planned_values", "values", "prior_state")))
        or ("terraform_version" in doc and isinstance(doc.get("resources"), list)))


# -- HCL -----------------------------------------------------------------------------------------
def extract_hcl(text: str, path: str, fp: Footprint, names: Names) -> None:
    import hcl2

    lines = {(m.group(1), m.group(2), m.group(3) or ""): text.count("\n", 0, m.start()) + 1
             for m in _HEADER.finditer(text)}
    try:
        doc = hcl2.loads(text, serialization_options=hcl2.SerializationOptions(
            with_comments=False, strip_string_quotes=True))
        blocks = list(_hcl_blocks(doc))
    except Exception as exc:  # noqa: BLE001 - lark raises many kinds; the file is reported
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        fp.problem(path, f"python-hcl2 cannot parse it ({first}); blocks found by their headers")
        blocks = [(kind, a, b, None) for (kind, a, b) in lines]
    fp.files["terraform"] += 1
    for kind, a, b, body in blocks:
        line = lines.get((kind, a, b))
        if kind == "module":
            source = str(body.get("source", "")) if isinstance(body, dict) else ""
            if body is None or not source.startswith(("./", "../")):
                fp.unresolved.append({"source": "terraform", "file": path, "line": line, "resource": f"module.{a}",
                                      "module_source": source or "(unknown)",
                                      "reason": "module not in this tree: its resources are not read; read the "
                                                "plan JSON (terraform show -json) instead"})
            continue
        address = f"{a}.{b}" if kind == "resource" else f"data.{a}.{b}"
        resource(a, address, kind == "data", {"file": path, "line": line}, path, fp, names)
        if isinstance(body, dict):
            for document in _hcl_policies(a, kind == "data", body):
                _policy(document, address, line, path, fp, names)


def _hcl_blocks(doc: dict[str, Any]) -> Iterator[tuple[str, str, str, Any]]:
    for kind in ("resource", "data"):
        for entry in doc.get(kind, []) or []:
            for rtype, named in (entry or {}).items():
                for name, body in (named or {}).items():
                    yield kind, rtype, name, body
    for entry in doc.get("module", []) or []:
        for name, body in (entry or {}).items():
            yield "module", name, "", body


# -- IAM policies ---------------------------------------------------------------------------------
# the resources whose `policy` attribute is an IAM policy the workload runs with
POLICY_RESOURCES = ("aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy")


def _hcl_policies(tf_type: str, data: bool, body: dict[str, Any]) -> Iterator[dict[str, Any] | str]:
    """The policy documents of a block: a `data "aws_iam_policy_document"`'s statements, the
    `policy` of an IAM policy resource and a role's `inline_policy` (a heredoc of JSON or
    `jsonencode({...})`; a reference such as `data.x.json` is read where it is defined)."""
    if data and tf_type == "aws_iam_policy_document":
        statements = []
        for st in body.get("statement") or []:
            # a statement with principals belongs to a trust or resource policy: not the workload's
            if isinstance(st, dict) and not st.get("principals") and not st.get("not_principals"):
                actions = st.get("actions")
                statements.append({"Effect": st.get("effect", "Allow"), "Action": actions if actions else []})
        if statements:
            yield {"Statement": statements}
    elif not data and tf_type in POLICY_RESOURCES and "policy" in body:
        yield body["policy"]
    elif not data and tf_type == "aws_iam_role":
        for inline in body.get("inline_policy") or []:
            if isinstance(inline, dict) and "policy" in inline:
                yield inline["policy"]


_FILE_CALL = re.compile(r'^\$\{(?:templatefile|file)\("([^"]+)"')


def _policy_value(value: Any, base: Path | None = None) -> dict[str, Any] | None:
    """A policy attribute's value as a document: JSON (heredoc or plain string), `jsonencode({...})`
    (parsed as HCL), `file("x.json")` / `templatefile("x.tftpl", ...)` next to the configuration
    (template placeholders read as strings); None for an expression that refers to something else."""
    import hcl2

    if isinstance(value, dict):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    called = _FILE_CALL.match(text)
    if called and base is not None:
        name = re.sub(r"\$\{path\.(module|root|cwd)\}/?", "", called.group(1))
        try:
            raw = (base / name).read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        text = re.sub(r"%\{[^}]*\}", "", re.sub(r"\$\{[^}]*\}", "x", raw)).strip()
    heredoc = re.match(r"<<-?(\w+)\n(.*)\n\s*\1$", text, re.S)
    if heredoc:
        text = heredoc.group(2).strip()
    if text.startswith("{"):
        try:
            doc = json.loads(text)
            return doc if isinstance(doc, dict) else None
        except ValueError:
            return None
    if text.startswith("${jsonencode(") and text.endswith(")}"):
        try:
            parsed = hcl2.loads("x = " + text[len("${jsonencode("):-2] + "\n",
                                serialization_options=hcl2.SerializationOptions(
                                    with_comments=False, strip_string_quotes=True))
        except Exception:  # noqa: BLE001 - lark raises many kinds
            return None
        doc = parsed.get("x")
        return doc if isinstance(doc, dict) else None
    return None


def _policy(value: Any, address: str, line: int | None, path: str, fp: Footprint, names: Names) -> None:
    document = _policy_value(value, Path(path).parent)
    if document is None:
        if isinstance(value, str) and not re.fullmatch(r"\$\{[\w.\[\]\-]+\}", value.strip()):
            fp.unresolved.append({"source": "iam-policy", "file": path, "line": line, "resource": address,
                                  "reason": "policy built by an expression: not read"})
        return  # a plain reference (data.aws_iam_policy_document.x.json) is read where it is defined
    where = {"source": "iam-policy", "file": path, "line": line, "resource": address, "policy": address}
    iampolicy.extract_embedded(document, where, path, fp, names)


# -- plan and state JSON -------------------------------------------------------------------------
def extract_json(doc: dict[str, Any], text: str, path: str, fp: Footprint, names: Names) -> None:
    kind = "plan" if "planned_values" in doc or "resource_changes" in doc else "state"
    fp.files[f"terraform {kind}"] += 1
    actions = {c.get("address"): c.get("change", {}).get("actions") for c in doc.get("resource_changes") or []
               if isinstance(c, dict)}
    seen: set[str] = set()
    for res in doc.get("resources") or []:  # a raw state file: module, mode, type, name
        if isinstance(res, dict) and isinstance(res.get("type"), str) and isinstance(res.get("name"), str):
            prefix = f"{res['module']}." if isinstance(res.get("module"), str) else ""
            data = res.get("mode") == "data"
            address = f"{prefix}{'data.' if data else ''}{res['type']}.{res['name']}"
            if address not in seen:
                seen.add(address)
                resource(res["type"], address, data, {"file": path, "line": None}, path, fp, names)
    for key in ("planned_values", "values", "prior_state"):
        part = doc.get(key)
        module = part.get("values", part) if isinstance(part, dict) and key == "prior_state" else part
        root = module.get("root_module") if isinstance(module, dict) else None
        for res in _json_resources(root):
            address = res.get("address")
            if not isinstance(address, str) or address in seen or not isinstance(res.get("type"), str):
                continue
            seen.add(address)
            m = re.search(r'"address"\s*:\s*"' + re.escape(address) + '"', text)
            where = {"file": path, "line": text.count("\n", 0, m.start()) + 1 if m else None}
            if actions.get(address):
                where["actions"] = actions[address]
            data = res.get("mode") == "data"
            resource(res["type"], address, data, where, path, fp, names)
            values = res.get("values") if isinstance(res.get("values"), dict) else {}
            if data and res["type"] == "aws_iam_policy_document" and isinstance(values.get("json"), str):
                _policy(values["json"], address, where["line"], path, fp, names)
            elif not data and res["type"] in POLICY_RESOURCES and isinstance(values.get("policy"), str):
                _policy(values["policy"], address, where["line"], path, fp, names)


def _json_resources(module: Any) -> Iterator[dict[str, Any]]:
    if not isinstance(module, dict):
        return
    for res in module.get("resources") or []:
        if isinstance(res, dict):
            yield res
    for child in module.get("child_modules") or []:
        yield from _json_resources(child)


# -- one resource --------------------------------------------------------------------------------
def resource(tf_type: str, address: str, data: bool, where: dict[str, Any], path: str, fp: Footprint,
             names: Names) -> None:
    if not tfmap.is_aws(tf_type):
        return  # another provider's type (random_, archive_, null_...): no AWS call
    base = {"source": "terraform", **where, "resource": address, "type": tf_type}
    if data and tf_type in tfmap.DATA_LOCAL:
        return
    table = tfmap.DATA_OPERATIONS if data else tfmap.TF_OPERATIONS
    if tf_type in table:
        for service, op in table[tf_type]:
            fp.add(service, op, confidence=MEDIUM, where={**base, "mapping": "advisor table (tfmap.py)"})
        return
    rtype = tfmap.cfn_type(tf_type)
    perms = cfn.handler_permissions(rtype, ("read",) if data else CRUD) if rtype else None
    if not perms:
        why = (f"{rtype} has no handler permissions in cfn-lint's schemas" if rtype
               else "no CloudFormation type corresponds and the advisor's table (tfmap.py) does not list it")
        fp.unresolved.append({**base, "reason": f"Terraform {'data source' if data else 'resource'} {tf_type}: {why}"})
        return
    cfn.map_handlers(rtype, perms, {**base, "cfn_type": rtype}, path, fp, names)
