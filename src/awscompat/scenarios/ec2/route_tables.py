"""Route tables: the local route, subnet associations (explicit, replaced, removed), routes to an
internet gateway or a network interface, duplicate and missing routes, blackhole routes, and the
rules on deleting tables."""

from __future__ import annotations

from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import ERRORS, ROUTE_TABLE_ASSOCIATION, ROUTE_TABLES, api, cases, rec
from awscompat.scenarios.ec2._fixtures import (
    absent_id,
    add_route,
    associate_route_table,
    expect_gone,
    first,
    make_eni,
    make_network,
    make_route_table,
    make_vpc,
    poll,
    tags_of,
)
from awscompat.scenarios.ec2._ledger import SVC, call, link

rtb_case = cases("route-tables")


def table(ctx: CaseContext, rtb: str) -> dict:
    return first(ctx, "DescribeRouteTables", "RouteTables", RouteTableIds=[rtb])


def routes(obj: dict) -> dict[str, dict]:
    return {r.get("DestinationCidrBlock", ""): r for r in obj.get("Routes") or []}


def main_table(ctx: CaseContext, vpc_id: str) -> dict:
    return first(ctx, "DescribeRouteTables", "RouteTables", Filters=[
        {"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "association.main", "Values": ["true"]}])


@rtb_case("new-table-has-local-route", ["CreateRouteTable", "DescribeRouteTables"],
          rec(ROUTE_TABLE_ASSOCIATION, "route_tables"))
def local_route(ctx: CaseContext) -> None:
    """A new route table has one route: the VPC's block to local, active, origin CreateRouteTable."""
    vid = make_vpc(ctx, "10.0.0.0/16")["VpcId"]
    rtb = make_route_table(ctx, vid)["RouteTableId"]
    ctx.equal([(r.get("DestinationCidrBlock"), r.get("GatewayId"), r.get("Origin"), r.get("State"))
               for r in table(ctx, rtb).get("Routes") or []],
              [("10.0.0.0/16", "local", "CreateRouteTable", "active")], "routes")


@rtb_case("associate-subnet", ["AssociateRouteTable"], rec(ROUTE_TABLE_ASSOCIATION, "association_id"))
def associate(ctx: CaseContext) -> None:
    """AssociateRouteTable answers an association id (rtbassoc-...) in state associated."""
    net = make_network(ctx)
    rtb = make_route_table(ctx, net.vpc)["RouteTableId"]
    reply = ctx.expect_ok(associate_route_table(ctx, rtb, net.subnet, fixture=False))
    ctx.check(str(reply.get("AssociationId", "")).startswith("rtbassoc-"), "AssociationId is not rtbassoc-...",
              expected="rtbassoc-...", observed=reply.get("AssociationId"), reply=reply)
    state = (reply.get("AssociationState") or {}).get("State")
    ctx.check(state in ("associating", "associated"), "association state", expected="associated", observed=state,
              reply=reply)


@rtb_case("association-described", ["AssociateRouteTable", "DescribeRouteTables"],
          rec(ROUTE_TABLE_ASSOCIATION, "route_tables"))
def association_described(ctx: CaseContext) -> None:
    """The described table lists the association: not main, the subnet, state associated."""
    net = make_network(ctx)
    rtb = make_route_table(ctx, net.vpc)["RouteTableId"]
    assoc = associate_route_table(ctx, rtb, net.subnet)["AssociationId"]
    got = [(a.get("Main"), a.get("RouteTableAssociationId"), a.get("SubnetId"), (a.get("AssociationState") or {}).get("State"))
           for a in table(ctx, rtb).get("Associations") or []]
    ctx.equal(got, [(False, assoc, net.subnet, "associated")], "associations")


@rtb_case("filter-association-subnet-id", ["DescribeRouteTables"], api("DescribeRouteTables"))
def filter_subnet(ctx: CaseContext) -> None:
    """The association.subnet-id filter finds the table a subnet is explicitly associated with."""
    net = make_network(ctx)
    rtb = make_route_table(ctx, net.vpc)["RouteTableId"]
    associate_route_table(ctx, rtb, net.subnet)
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeRouteTables", Filters=[
        {"Name": "association.subnet-id", "Values": [net.subnet]}]))
    ctx.equal([t["RouteTableId"] for t in reply.get("RouteTables") or []], [rtb], "tables listed", reply)


@rtb_case("main-table-of-new-vpc", ["DescribeRouteTables"], ROUTE_TABLES)
def main_of_vpc(ctx: CaseContext) -> None:
    """A new VPC's main route table has one association, with Main true and no subnet."""
    main = main_table(ctx, make_vpc(ctx)["VpcId"])
    ctx.equal([(a.get("Main"), a.get("SubnetId")) for a in main.get("Associations") or []], [(True, None)],
              "(Main, SubnetId) of its associations")


@rtb_case("route-to-internet-gateway", ["CreateRoute", "DescribeRouteTables"], api("CreateRoute"))
def route_to_igw(ctx: CaseContext) -> None:
    """A 0.0.0.0/0 route to an attached internet gateway is active, with origin CreateRoute."""
    net = make_network(ctx, igw=True)
    rtb = make_route_table(ctx, net.vpc)["RouteTableId"]
    ctx.expect_ok(add_route(ctx, rtb, "0.0.0.0/0", GatewayId=net.igw, fixture=False))
    got = routes(table(ctx, rtb)).get("0.0.0.0/0") or {}
    ctx.equal((got.get("GatewayId"), got.get("Origin"), got.get("State")), (net.igw, "CreateRoute", "active"),
              "(GatewayId, Origin, State) of the route")


@rtb_case("duplicate-route-refused", ["CreateRoute"], ERRORS)
def duplicate_route(ctx: CaseContext) -> None:
    """A second route to the same destination is refused with RouteAlreadyExists."""
    net = make_network(ctx, igw=True)
    rtb = make_route_table(ctx, net.vpc)["RouteTableId"]
    add_route(ctx, rtb, "0.0.0.0/0", GatewayId=net.igw)
    reply = ctx.call(SVC, "CreateRoute", RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=net.igw)
    ctx.expect_error(reply, "RouteAlreadyExists", 400)


@rtb_case("delete-route", ["DeleteRoute", "DescribeRouteTables"], api("DeleteRoute"))
def delete_route(ctx: CaseContext) -> None:
    """After DeleteRoute the table keeps only its local route."""
    net = make_network(ctx, igw=True)
    rtb = make_route_table(ctx, net.vpc)["RouteTableId"]
    add_route(ctx, rtb, "0.0.0.0/0", GatewayId=net.igw)
    ctx.expect_ok(ctx.call(SVC, "DeleteRoute", RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0"))
    ctx.equal(sorted(routes(table(ctx, rtb))), [net.cidr], "destinations left")


@rtb_case("delete-missing-route", ["DeleteRoute"], ERRORS)
def delete_missing_route(ctx: CaseContext) -> None:
    """DeleteRoute of a destination the table has no route for answers InvalidRoute.NotFound."""
    rtb = make_route_table(ctx, make_vpc(ctx)["VpcId"])["RouteTableId"]
    reply = ctx.call(SVC, "DeleteRoute", RouteTableId=rtb, DestinationCidrBlock="192.168.0.0/24")
    ctx.expect_error(reply, "InvalidRoute.NotFound", 400)


@rtb_case("route-to-network-interface", ["CreateRoute", "DescribeRouteTables"], api("CreateRoute"))
def route_to_eni(ctx: CaseContext) -> None:
    """A route may target a network interface; the route names it."""
    net = make_network(ctx)
    eni = make_eni(ctx, net.subnet)["NetworkInterfaceId"]
    rtb = make_route_table(ctx, net.vpc)["RouteTableId"]
    ctx.expect_ok(add_route(ctx, rtb, "192.168.0.0/16", NetworkInterfaceId=eni, fixture=False))
    ctx.equal((routes(table(ctx, rtb)).get("192.168.0.0/16") or {}).get("NetworkInterfaceId"), eni,
              "the route's NetworkInterfaceId")


@rtb_case("replace-route-target", ["ReplaceRoute", "DescribeRouteTables"], api("ReplaceRoute"))
def replace_route(ctx: CaseContext) -> None:
    """ReplaceRoute points an existing route at a new target."""
    net = make_network(ctx, igw=True)
    eni = make_eni(ctx, net.subnet)["NetworkInterfaceId"]
    rtb = make_route_table(ctx, net.vpc)["RouteTableId"]
    add_route(ctx, rtb, "192.168.0.0/16", GatewayId=net.igw)
    ctx.expect_ok(ctx.call(SVC, "ReplaceRoute", RouteTableId=rtb, DestinationCidrBlock="192.168.0.0/16",
                           NetworkInterfaceId=eni))
    got = routes(table(ctx, rtb)).get("192.168.0.0/16") or {}
    ctx.equal((got.get("NetworkInterfaceId"), got.get("GatewayId")), (eni, None), "(NetworkInterfaceId, GatewayId)")


@rtb_case("blackhole-after-gateway-detached", ["DetachInternetGateway", "DescribeRouteTables"], ROUTE_TABLES,
          "advisory")
def blackhole(ctx: CaseContext) -> None:
    """A route to an internet gateway that is detached from the VPC becomes a blackhole."""
    net = make_network(ctx, igw=True)
    rtb = make_route_table(ctx, net.vpc)["RouteTableId"]
    add_route(ctx, rtb, "0.0.0.0/0", GatewayId=net.igw)
    ctx.expect_ok(ctx.call(SVC, "DetachInternetGateway", InternetGatewayId=net.igw, VpcId=net.vpc))
    got = poll(ctx, lambda: routes(table(ctx, rtb)).get("0.0.0.0/0") or {}, lambda r: r.get("State") == "blackhole",
               within=15)
    ctx.equal(got.get("State"), "blackhole", "State of the route")


@rtb_case("route-to-unknown-gateway", ["CreateRoute"], ERRORS, "advisory")
def unknown_gateway(ctx: CaseContext) -> None:
    """A route to an internet gateway that does not exist is refused with a *.NotFound code."""
    rtb = make_route_table(ctx, make_vpc(ctx)["VpcId"])["RouteTableId"]
    reply = add_route(ctx, rtb, "0.0.0.0/0", GatewayId=absent_id("igw"), fixture=False)
    ctx.expect_error(reply, ("InvalidGatewayID.NotFound", "InvalidInternetGatewayID.NotFound"), 400)


@rtb_case("subnet-already-associated", ["AssociateRouteTable"], ERRORS)
def already_associated(ctx: CaseContext) -> None:
    """Associating a subnet that already has an explicit association is refused with
    Resource.AlreadyAssociated."""
    net = make_network(ctx)
    a, b = make_route_table(ctx, net.vpc)["RouteTableId"], make_route_table(ctx, net.vpc)["RouteTableId"]
    associate_route_table(ctx, a, net.subnet)
    ctx.expect_error(associate_route_table(ctx, b, net.subnet, fixture=False), "Resource.AlreadyAssociated", 400)


@rtb_case("replace-association", ["ReplaceRouteTableAssociation", "DescribeRouteTables"],
          api("ReplaceRouteTableAssociation"))
def replace_association(ctx: CaseContext) -> None:
    """ReplaceRouteTableAssociation moves the subnet to another table under a new association id."""
    net = make_network(ctx)
    a, b = make_route_table(ctx, net.vpc)["RouteTableId"], make_route_table(ctx, net.vpc)["RouteTableId"]
    old = associate_route_table(ctx, a, net.subnet)["AssociationId"]
    reply = link(ctx, "rtb-association", "ReplaceRouteTableAssociation", {"AssociationId": old, "RouteTableId": b},
                 lambda p: [call("DisassociateRouteTable", AssociationId=p["NewAssociationId"])], fixture=False)
    new = ctx.expect_ok(reply).get("NewAssociationId")
    ctx.check(new and new != old, "no new association id", expected="a new rtbassoc-...", observed=new, reply=reply)
    ctx.equal([x.get("SubnetId") for x in table(ctx, b).get("Associations") or []], [net.subnet], "subnets of the new table")


@rtb_case("disassociate", ["DisassociateRouteTable", "DescribeRouteTables"], api("DisassociateRouteTable"))
def disassociate(ctx: CaseContext) -> None:
    """After DisassociateRouteTable the table has no association left."""
    net = make_network(ctx)
    rtb = make_route_table(ctx, net.vpc)["RouteTableId"]
    assoc = associate_route_table(ctx, rtb, net.subnet)["AssociationId"]
    ctx.expect_ok(ctx.call(SVC, "DisassociateRouteTable", AssociationId=assoc))
    got = poll(ctx, lambda: table(ctx, rtb).get("Associations") or [], lambda a: not a)
    ctx.equal(got, [], "associations")


@rtb_case("replace-main-association", ["ReplaceRouteTableAssociation", "DescribeRouteTables"], ROUTE_TABLES)
def replace_main(ctx: CaseContext) -> None:
    """Replacing the main association makes another table the VPC's main route table."""
    vid = make_vpc(ctx)["VpcId"]
    main = main_table(ctx, vid)
    main_assoc = next(a["RouteTableAssociationId"] for a in main["Associations"] if a.get("Main"))
    rtb = make_route_table(ctx, vid)["RouteTableId"]
    reply = link(ctx, "rtb-main", "ReplaceRouteTableAssociation", {"AssociationId": main_assoc, "RouteTableId": rtb},
                 lambda p: [call("ReplaceRouteTableAssociation", AssociationId=p["NewAssociationId"],
                                 RouteTableId=main["RouteTableId"])], fixture=False)
    ctx.expect_ok(reply)
    ctx.equal(main_table(ctx, vid).get("RouteTableId"), rtb, "the VPC's main route table")


@rtb_case("delete-associated-table-refused", ["DeleteRouteTable"], api("DeleteRouteTable"))
def delete_associated(ctx: CaseContext) -> None:
    """A table still associated with a subnet cannot be deleted: DependencyViolation."""
    net = make_network(ctx)
    rtb = make_route_table(ctx, net.vpc)["RouteTableId"]
    associate_route_table(ctx, rtb, net.subnet)
    ctx.expect_error(ctx.call(SVC, "DeleteRouteTable", RouteTableId=rtb), "DependencyViolation", 400)


@rtb_case("delete-main-table-refused", ["DeleteRouteTable"], ROUTE_TABLES, "advisory")
def delete_main(ctx: CaseContext) -> None:
    """The main route table cannot be deleted: DependencyViolation."""
    main = main_table(ctx, make_vpc(ctx)["VpcId"])
    ctx.expect_error(ctx.call(SVC, "DeleteRouteTable", RouteTableId=main["RouteTableId"]), "DependencyViolation", 400)


@rtb_case("delete-then-not-found", ["DeleteRouteTable", "DescribeRouteTables"], ERRORS)
def delete_then_not_found(ctx: CaseContext) -> None:
    """After DeleteRouteTable, describing it by id answers InvalidRouteTableID.NotFound."""
    rtb = make_route_table(ctx, make_vpc(ctx)["VpcId"])["RouteTableId"]
    ctx.expect_ok(ctx.call(SVC, "DeleteRouteTable", RouteTableId=rtb))
    expect_gone(ctx, "DescribeRouteTables", "InvalidRouteTableID.NotFound", RouteTableIds=[rtb])


@rtb_case("tags-on-create", ["CreateRouteTable"], api("CreateRouteTable"))
def tags_on_create(ctx: CaseContext) -> None:
    """Tags given with TagSpecifications come back in the CreateRouteTable answer."""
    rt = make_route_table(ctx, make_vpc(ctx)["VpcId"], TagSpecifications=[
        {"ResourceType": "route-table", "Tags": [{"Key": "role", "Value": "public"}]}])
    ctx.equal(tags_of(rt).get("role"), "public", "tag role")
