"""Dummy values for required members honour the model's constraints."""

import re

from awscompat.engine.namespace import Namespace
from awscompat.families.values import ValueMaker
from awscompat.spec import Spec

spec = Spec()


def test_values_respect_declared_constraints():
    maker = ValueMaker(Namespace(), "us-east-1")
    checked = 0
    for svc in ("s3", "sqs", "dynamodb", "iam", "kms", "lambda"):
        service = spec.service(svc)
        for op in service.operations():
            params = maker.required_params(op, svc)
            shape = op.input_shape
            for name in (shape.required_members if shape else []):
                member = shape.members[name]
                value = params[name]
                if member.type_name == "string" and not member.serialization.get("hostLabel"):
                    checked += 1
                    if member.enum:
                        assert value in member.enum
                    lo, hi = member.metadata.get("min"), member.metadata.get("max")
                    if lo is not None:
                        assert len(value) >= lo, (svc, op.name, name)
                    if hi is not None:
                        assert len(value) <= hi, (svc, op.name, name)
    assert checked > 200


def test_identifiers_are_run_owned():
    ns = Namespace()
    maker = ValueMaker(ns, "us-east-1")
    params = maker.required_params(spec.service("s3").operation("DeleteBucket"), "s3")
    assert params["Bucket"].startswith(ns.prefix) and maker.owned
    params = maker.required_params(spec.service("ec2").operation("TerminateInstances"), "ec2")
    assert re.fullmatch(r"i-0[0-9a-f]{17}", params["InstanceIds"][0]) and maker.owned
    maker.required_params(spec.service("iam").operation("DeleteAccountPasswordPolicy"), "iam")
    assert not maker.owned  # nothing names a resource: account-wide
