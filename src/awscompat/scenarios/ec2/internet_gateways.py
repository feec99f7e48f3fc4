"""Internet gateways: created detached, attached (state available), one VPC per gateway and one
gateway per VPC, detaching, and deleting."""

from __future__ import annotations

import re

from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import ERRORS, IGW, api, cases
from awscompat.scenarios.ec2._fixtures import (
    absent_id,
    attach_igw,
    expect_gone,
    first,
    make_igw,
    make_vpc,
    poll,
    tags_of,
)
from awscompat.scenarios.ec2._ledger import INTERNET_GATEWAY, SVC, create

igw_case = cases("internet-gateways")


def gateway(ctx: CaseContext, igw: str) -> dict:
    return first(ctx, "DescribeInternetGateways", "InternetGateways", InternetGatewayIds=[igw])


def attachments(ctx: CaseContext, igw: str) -> list[tuple]:
    return [(a.get("VpcId"), a.get("State")) for a in gateway(ctx, igw).get("Attachments") or []]


@igw_case("created-detached", ["CreateInternetGateway"], api("CreateInternetGateway"))
def created_detached(ctx: CaseContext) -> None:
    """A new internet gateway (igw-...) has no attachments."""
    reply = ctx.expect_ok(create(ctx, INTERNET_GATEWAY, {}, fixture=False))
    gw = reply["InternetGateway"]
    ctx.check(re.fullmatch(r"igw-[0-9a-f]{8,17}", gw.get("InternetGatewayId", "")), "InternetGatewayId is not igw-<hex>",
              expected="igw-<hex>", observed=gw.get("InternetGatewayId"), reply=reply)
    ctx.equal(gw.get("Attachments") or [], [], "Attachments", reply)


@igw_case("attached-state-available", ["AttachInternetGateway", "DescribeInternetGateways"],
          api("InternetGatewayAttachment"), timeout=60)
def attached_available(ctx: CaseContext) -> None:
    """Once attached, the gateway's attachment names the VPC with state available."""
    igw, vid = make_igw(ctx), make_vpc(ctx)["VpcId"]
    ctx.expect_ok(attach_igw(ctx, igw, vid, fixture=False))
    got = poll(ctx, lambda: attachments(ctx, igw), lambda a: a == [(vid, "available")], within=30)
    ctx.equal(got, [(vid, "available")], "(VpcId, State) of the attachments")


@igw_case("filter-attachment-vpc-id", ["DescribeInternetGateways"], api("DescribeInternetGateways"))
def filter_vpc(ctx: CaseContext) -> None:
    """The attachment.vpc-id filter finds the gateway attached to a VPC."""
    igw, vid = make_igw(ctx), make_vpc(ctx)["VpcId"]
    attach_igw(ctx, igw, vid)
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeInternetGateways", Filters=[
        {"Name": "attachment.vpc-id", "Values": [vid]}]))
    ctx.equal([g["InternetGatewayId"] for g in reply.get("InternetGateways") or []], [igw], "gateways listed", reply)


@igw_case("attached-elsewhere-refused", ["AttachInternetGateway"], ERRORS)
def attached_elsewhere(ctx: CaseContext) -> None:
    """A gateway attached to one VPC cannot be attached to another: Resource.AlreadyAssociated."""
    igw = make_igw(ctx)
    attach_igw(ctx, igw, make_vpc(ctx)["VpcId"])
    reply = attach_igw(ctx, igw, make_vpc(ctx)["VpcId"], fixture=False)
    ctx.expect_error(reply, "Resource.AlreadyAssociated", 400)


@igw_case("second-gateway-refused", ["AttachInternetGateway"], IGW, "advisory")
def second_gateway(ctx: CaseContext) -> None:
    """A VPC has at most one internet gateway: attaching a second is refused."""
    vid = make_vpc(ctx)["VpcId"]
    attach_igw(ctx, make_igw(ctx), vid)
    ctx.expect_error(attach_igw(ctx, make_igw(ctx), vid, fixture=False), status=400)


@igw_case("attach-unknown-vpc", ["AttachInternetGateway"], ERRORS)
def attach_unknown_vpc(ctx: CaseContext) -> None:
    """Attaching to a VPC that does not exist answers InvalidVpcID.NotFound."""
    reply = attach_igw(ctx, make_igw(ctx), absent_id("vpc"), fixture=False)
    ctx.expect_error(reply, "InvalidVpcID.NotFound", 400)


@igw_case("detach-not-attached", ["DetachInternetGateway"], ERRORS)
def detach_not_attached(ctx: CaseContext) -> None:
    """Detaching a gateway from a VPC it is not attached to answers Gateway.NotAttached."""
    reply = ctx.call(SVC, "DetachInternetGateway", InternetGatewayId=make_igw(ctx), VpcId=make_vpc(ctx)["VpcId"])
    ctx.expect_error(reply, "Gateway.NotAttached", 400)


@igw_case("detach-then-no-attachments", ["DetachInternetGateway", "DescribeInternetGateways"],
          api("DetachInternetGateway"))
def detach(ctx: CaseContext) -> None:
    """After DetachInternetGateway the gateway has no attachment left."""
    igw, vid = make_igw(ctx), make_vpc(ctx)["VpcId"]
    attach_igw(ctx, igw, vid)
    ctx.expect_ok(ctx.call(SVC, "DetachInternetGateway", InternetGatewayId=igw, VpcId=vid))
    ctx.equal(poll(ctx, lambda: attachments(ctx, igw), lambda a: not a, within=30), [], "attachments")


@igw_case("delete-attached-refused", ["DeleteInternetGateway"], api("DeleteInternetGateway"))
def delete_attached(ctx: CaseContext) -> None:
    """An attached gateway cannot be deleted: DependencyViolation."""
    igw = make_igw(ctx)
    attach_igw(ctx, igw, make_vpc(ctx)["VpcId"])
    ctx.expect_error(ctx.call(SVC, "DeleteInternetGateway", InternetGatewayId=igw), "DependencyViolation", 400)


@igw_case("delete-then-not-found", ["DeleteInternetGateway", "DescribeInternetGateways"], ERRORS)
def delete_then_not_found(ctx: CaseContext) -> None:
    """After DeleteInternetGateway, describing it answers InvalidInternetGatewayID.NotFound."""
    igw = make_igw(ctx)
    ctx.expect_ok(ctx.call(SVC, "DeleteInternetGateway", InternetGatewayId=igw))
    expect_gone(ctx, "DescribeInternetGateways", "InvalidInternetGatewayID.NotFound", InternetGatewayIds=[igw])


@igw_case("tags-on-create", ["CreateInternetGateway", "DescribeInternetGateways"], api("CreateInternetGateway"))
def tags_on_create(ctx: CaseContext) -> None:
    """Tags given with TagSpecifications are on the gateway DescribeInternetGateways lists."""
    igw = make_igw(ctx, TagSpecifications=[{"ResourceType": "internet-gateway", "Tags": [{"Key": "edge", "Value": "1"}]}])
    ctx.equal(tags_of(gateway(ctx, igw)).get("edge"), "1", "tag edge")


@igw_case("owner-id", ["CreateInternetGateway", "GetCallerIdentity"], api("InternetGateway"))
def owner_id(ctx: CaseContext) -> None:
    """The gateway's OwnerId is the caller's account."""
    account = ctx.fixture("sts", "GetCallerIdentity")["Account"]
    ctx.equal(gateway(ctx, make_igw(ctx)).get("OwnerId"), account, "OwnerId")
