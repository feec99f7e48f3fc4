"""EC2 error codes and the error envelope: ids that are malformed or name nothing, for each kind
of resource (the code names both the kind and the problem), DryRun, all-or-nothing id lists,
filters that match nothing, and the shape of the XML error document."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import DRY_RUN, ERRORS, FILTERING, cases
from awscompat.scenarios.ec2._fixtures import absent_id, make_vpc
from awscompat.scenarios.ec2._ledger import SVC, VPC, create

err_case = cases("errors")


def _code(name: str, operation: str, params: Callable[[], dict], code: str, doc: str, severity: str = "required") -> None:
    def run(ctx: CaseContext) -> None:
        ctx.expect_error(ctx.call(SVC, operation, **params()), code, 400)

    run.__doc__ = doc
    # A delete of an id that names nothing changes nothing, but it is still a write: read-only runs skip it.
    err_case(name, [operation], ERRORS, severity, mutating=not operation.startswith("Describe"))(run)


# (id, operation, member, prefix, NotFound code, Malformed code)
_KINDS = [
    ("instance", "DescribeInstances", "InstanceIds", "i", "InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed"),
    ("vpc", "DescribeVpcs", "VpcIds", "vpc", "InvalidVpcID.NotFound", "InvalidVpcID.Malformed"),
    ("subnet", "DescribeSubnets", "SubnetIds", "subnet", "InvalidSubnetID.NotFound", "InvalidSubnetID.Malformed"),
    ("volume", "DescribeVolumes", "VolumeIds", "vol", "InvalidVolume.NotFound", "InvalidVolumeID.Malformed"),
    ("security-group", "DescribeSecurityGroups", "GroupIds", "sg", "InvalidGroup.NotFound", None),
    ("route-table", "DescribeRouteTables", "RouteTableIds", "rtb", "InvalidRouteTableID.NotFound",
     "InvalidRouteTableId.Malformed"),
    ("internet-gateway", "DescribeInternetGateways", "InternetGatewayIds", "igw", "InvalidInternetGatewayID.NotFound",
     None),
    ("network-interface", "DescribeNetworkInterfaces", "NetworkInterfaceIds", "eni",
     "InvalidNetworkInterfaceID.NotFound", "InvalidNetworkInterfaceID.Malformed"),
    ("allocation", "DescribeAddresses", "AllocationIds", "eipalloc", "InvalidAllocationID.NotFound", None),
]

for _kind, _op, _member, _prefix, _missing, _malformed in _KINDS:
    _code(f"{_kind}-not-found", _op, lambda m=_member, p=_prefix: {m: [absent_id(p)]}, _missing,
          f"{_op} of a well-formed {_prefix}- id that names nothing answers {_missing}.")
    if _malformed:
        _code(f"{_kind}-malformed", _op, lambda m=_member, p=_prefix: {m: [f"{p}-not-an-id"]}, _malformed,
              f"{_op} of an id that is not {_prefix}-<hex> answers {_malformed}.")

_code("terminate-not-found", "TerminateInstances", lambda: {"InstanceIds": [absent_id("i")]},
      "InvalidInstanceID.NotFound", "TerminateInstances of an instance id that names nothing answers InvalidInstanceID.NotFound.")
_code("delete-vpc-not-found", "DeleteVpc", lambda: {"VpcId": absent_id("vpc")}, "InvalidVpcID.NotFound",
      "DeleteVpc of a VPC id that names nothing answers InvalidVpcID.NotFound.")
_code("delete-volume-not-found", "DeleteVolume", lambda: {"VolumeId": absent_id("vol")}, "InvalidVolume.NotFound",
      "DeleteVolume of a volume id that names nothing answers InvalidVolume.NotFound.")
_code("delete-security-group-not-found", "DeleteSecurityGroup", lambda: {"GroupId": absent_id("sg")},
      "InvalidGroup.NotFound", "DeleteSecurityGroup of a group id that names nothing answers InvalidGroup.NotFound.")
_code("release-address-not-found", "ReleaseAddress", lambda: {"AllocationId": absent_id("eipalloc")},
      "InvalidAllocationID.NotFound", "ReleaseAddress of an allocation id that names nothing answers "
      "InvalidAllocationID.NotFound.")


@err_case("dry-run-permitted", ["DescribeVpcs"], DRY_RUN, mutating=False)
def dry_run(ctx: CaseContext) -> None:
    """A permitted request with DryRun=true answers DryRunOperation, HTTP 412, in the error envelope."""
    ctx.expect_error(ctx.call(SVC, "DescribeVpcs", DryRun=True), "DryRunOperation", 412)


@err_case("dry-run-creates-nothing", ["CreateVpc", "DescribeVpcs"], DRY_RUN)
def dry_run_create(ctx: CaseContext) -> None:
    """CreateVpc with DryRun=true answers DryRunOperation and creates no VPC."""
    mark = ctx.name("dry-run")
    reply = create(ctx, VPC, {"CidrBlock": "10.0.0.0/16", "DryRun": True}, fixture=False,
                   tags=[{"Key": "awscompat-case", "Value": mark}])
    ctx.expect_error(reply, "DryRunOperation", 412)
    listed = ctx.expect_ok(ctx.call(SVC, "DescribeVpcs", Filters=[{"Name": "tag:awscompat-case", "Values": [mark]}]))
    ctx.equal(listed.get("Vpcs"), [], "VPCs carrying the dry run's tag", listed)


@err_case("id-list-all-or-nothing", ["DescribeVpcs"], ERRORS)
def all_or_nothing(ctx: CaseContext) -> None:
    """Describing an existing VPC together with one that does not exist fails as a whole:
    InvalidVpcID.NotFound."""
    vid = make_vpc(ctx)["VpcId"]
    ctx.expect_error(ctx.call(SVC, "DescribeVpcs", VpcIds=[vid, absent_id("vpc")]), "InvalidVpcID.NotFound", 400)


@err_case("filter-matching-nothing-is-empty", ["DescribeVpcs"], FILTERING, mutating=False)
def filter_nothing(ctx: CaseContext) -> None:
    """A filter that matches nothing answers an empty list, not an error."""
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeVpcs", Filters=[{"Name": "tag:Name", "Values": [ctx.name("none")]}]))
    ctx.equal(reply.get("Vpcs"), [], "Vpcs", reply)


@err_case("error-document-shape", ["DescribeVpcs"], ERRORS, mutating=False)
def error_shape(ctx: CaseContext) -> None:
    """An EC2 error is the XML document Response/Errors/Error(Code, Message) with a RequestID."""
    reply = ctx.expect_error(ctx.call(SVC, "DescribeVpcs", VpcIds=[absent_id("vpc")]), "InvalidVpcID.NotFound", 400)
    try:
        root = ET.fromstring(reply.exchange.response_body or b"")
    except ET.ParseError:
        root = ET.Element("unparsable")
    strip = lambda tag: tag.rsplit("}", 1)[-1]  # noqa: E731
    errors = [e for c in root if strip(c.tag) == "Errors" for e in c if strip(e.tag) == "Error"]
    fields = {strip(f.tag) for e in errors[:1] for f in e}
    observed = (strip(root.tag), len(errors), {"Code", "Message"} <= fields,
                any(strip(c.tag) in ("RequestID", "RequestId") for c in root))
    ctx.equal(observed, ("Response", 1, True, True), "(root, Error count, Code and Message, RequestID)", reply)


@err_case("bad-attribute-name", ["DescribeVpcAttribute"], ERRORS, "advisory")
def bad_attribute(ctx: CaseContext) -> None:
    """DescribeVpcAttribute of an attribute that does not exist answers InvalidParameterValue."""
    vid = make_vpc(ctx)["VpcId"]
    reply = ctx.call(SVC, "DescribeVpcAttribute", VpcId=vid, Attribute="noSuchAttribute")
    ctx.expect_error(reply, "InvalidParameterValue", 400)
