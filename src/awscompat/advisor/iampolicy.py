"""IAM policy documents: the actions an Allow statement grants, wildcards expanded against the
models, recorded as `permitted` (a permission is not a use). Deny statements grant nothing;
NotAction and `"*"` are reported as unresolved rather than expanded to everything."""

from __future__ import annotations

from typing import Any

from awscompat.advisor.footprint import LOW, MEDIUM, Footprint
from awscompat.advisor.names import Names


def policy_document(doc: Any) -> dict[str, Any] | None:
    """The policy inside a document: a bare policy, or the shapes IAM's API and CLI print
    (`{"PolicyDocument": ...}`, `{"PolicyVersion": {"Document": ...}}`)."""
    if not isinstance(doc, dict):
        return None
    if "Statement" in doc:
        return doc
    inner = doc.get("PolicyDocument") or (doc.get("PolicyVersion") or {}).get("Document")
    if isinstance(inner, dict) and "Statement" in inner:
        return inner
    return None


def extract_policy(doc: dict[str, Any], path: str, fp: Footprint, names: Names) -> None:
    statements = doc["Statement"]
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        fp.problem(path, "IAM policy: Statement is neither an object nor an array")
        return
    fp.files["iam-policy"] += 1
    for index, st in enumerate(statements):
        if not isinstance(st, dict):
            fp.problem(path, f"IAM policy statement {index}: not an object: skipped")
            continue
        where = {"source": "iam-policy", "file": path, "statement": index}
        if st.get("Sid"):
            where["sid"] = st["Sid"]
        if st.get("Effect") != "Allow":
            continue
        if "NotAction" in st:
            fp.unresolved.append({**where, "reason": "NotAction grants every action but the listed ones: "
                                                     "not expanded"})
        actions = st.get("Action", [])
        for action in [actions] if isinstance(actions, str) else actions:
            _action(action, where, path, fp, names)


def _action(action: Any, where: dict[str, Any], path: str, fp: Footprint, names: Names) -> None:
    label = f"IAM policy statement {where['statement']}"
    if not isinstance(action, str) or (action != "*" and ":" not in action):
        fp.problem(path, f"{label}: invalid action {action!r} (expected service:Action)")
        return
    if action == "*":
        fp.unresolved.append({**where, "action": action,
                              "reason": "Action \"*\" grants every operation of every service: not expanded"})
        return
    prefix, name = action.split(":", 1)
    prefix = prefix.lower()
    if not names.known_prefix(prefix):
        fp.problem(path, f"{label}: invalid action {action!r}: unknown service prefix {prefix!r}")
        return
    if "*" in name or "?" in name:
        matched, any_match = names.expand_action(prefix, name)
        if not any_match:
            fp.problem(path, f"{label}: invalid action {action!r}: the pattern matches no action")
            return
        operations: dict[tuple[str, str], None] = {}
        for one in matched:
            operations.update(dict.fromkeys(names.resolve_action(prefix, one).operations))
        confidence = LOW
    else:
        resolved = names.resolve_action(prefix, name)
        if not resolved.known_action:
            fp.problem(path, f"{label}: invalid action {action!r}: no such action")
            return
        operations = dict.fromkeys(resolved.operations)
        confidence = MEDIUM
    if not operations:
        fp.unmapped.append({**where, "action": action, "reason": "a valid action that authorises no operation "
                                                                 "of the models"})
    for service, operation in operations:
        fp.add(service, operation, confidence=confidence, usage="permitted", where={**where, "action": action})


def extract_embedded(document: dict[str, Any], where: dict[str, Any], path: str, fp: Footprint,
                     names: Names) -> None:
    """A policy inside a template (a role's inline policy, an AWS::IAM::Policy, a SAM policy
    template once expanded): read as a policy file is, each sighting and unresolved entry carrying
    `where` (resource, policy name)."""
    if "Statement" not in document:
        fp.unresolved.append({**where, "reason": "policy document without a literal Statement (an intrinsic "
                                                 "function builds it): not read"})
        return
    scratch = Footprint()
    extract_policy(document, path, scratch, names)
    for (service, operation), entry in scratch.ops.items():
        for seen in entry["seen"]:
            fp.add(service, operation, confidence=seen["confidence"], usage="permitted",
                   where={**where, "statement": seen["statement"], "action": seen["action"]})
    fp.unresolved.extend({**u, **where} for u in scratch.unresolved)
    fp.unmapped.extend({**u, **where} for u in scratch.unmapped)
    for problem in scratch.problems:
        fp.problem(path, f"{where.get('resource')} ({where.get('policy')}): {problem['reason']}")
