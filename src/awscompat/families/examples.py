"""Valid baselines from AWS's own examples: the request examples that ship with botocore
(`examples-1.json`, about 1,670 in 46 services), used as the request of the `recognised` and
`shape` cases of an operation that has one.

Contract:
- `example_for(svc, op)` returns `(example id, input)` of the operation's first example whose
  input is valid for the current model (botocore's own parameter validation) and names at least
  one member, or None. Decided when the catalog is built, so a case's provenance names the
  example it sends.
- `example_params(example_input, baseline, op)` is the request sent: the example's members, with
  every top-level identifier (a member whose name ends like an Id/Name/Arn/Url/Bucket/Key, the
  same rule as the not-found family) replaced by the run-owned value of the generated baseline.
  An optional identifier the baseline does not fill is dropped: an example's `examplebucket`,
  `123456789012` or `i-1234567890abcdef0` never reaches a target, so a mutating example still
  changes only what the run owns (DESIGN 4), and `send()` still refuses a mutating request that
  names nothing run-owned on a shared target.
- Members the example sets that are not identifiers (a VersioningConfiguration, a
  MessageBody, a filter) are sent as the example has them: a well-formed request, so the case
  tests whether the operation is routed, not how invalid dummy input is refused.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from botocore.validate import ParamValidator

from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.families.common import IDENTIFIER, baseline
from awscompat.spec import get_spec

EXAMPLES_FILE = "botocore/data/<service>/<version>/examples-1.json"


@cache
def example_for(service: str, operation: str) -> tuple[str, dict] | None:
    try:
        svc = get_spec().service(service)
    except KeyError:  # a model that is not botocore's (tests' synthetic models): no examples
        return None
    examples = svc.examples.get(operation) or []
    if not examples:
        return None
    shape = svc.operation(operation).input_shape
    for i, example in enumerate(examples):
        data = example.get("input")
        if not isinstance(data, dict) or not data or shape is None:
            continue
        if ParamValidator().validate(data, shape).has_errors():
            continue  # written for an older model: botocore would refuse to send it
        return str(example.get("id") or f"{operation}-{i}"), data
    return None


def example_params(example_input: dict, baseline: dict, op: Any) -> dict:
    """The example's members with the run-owned identifiers of the baseline (see the module doc)."""
    members = op.input_shape.members if op.input_shape is not None else {}
    out: dict = {}
    for name, value in example_input.items():
        if name not in members:
            continue
        if _identifier(name, members[name]):
            if name in baseline:
                out[name] = baseline[name]
            continue  # an optional identifier of the example's own resources: not sent
        out[name] = value
    for name, value in baseline.items():  # required members the example leaves out
        out.setdefault(name, value)
    return out


def _identifier(name: str, shape: Any) -> bool:
    return bool(IDENTIFIER.search(name)) or name in ("ExpectedBucketOwner", "ExpectedSourceBucketOwner",
                                                     "AccountId", "QueueOwnerAWSAccountId", "SourceAccount")


def with_example(provenance: Provenance, example_id: str) -> Provenance:
    """The case's provenance, saying its request is the AWS example's."""
    return Provenance(provenance.kind, provenance.ref, provenance.key, provenance.step,
                      note=f"request from the AWS example '{example_id}' ({EXAMPLES_FILE}), identifiers run-owned")


def request(ctx: CaseContext, operation: str) -> tuple[Any, dict, Any]:
    """(operation model, params, value maker): the AWS example's request when the case was built
    with one (its payload is the example id), else the generated baseline."""
    op, params, maker = baseline(ctx, operation)
    if ctx.case.payload:
        found = example_for(ctx.case.service, operation)
        if found is not None:
            params = example_params(found[1], params, op)
    return op, params, maker
