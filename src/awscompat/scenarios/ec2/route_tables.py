"""Route tables, what data cannot say (the rest is cases/ec2/route-tables.yaml): replacing a subnet's
association (the new association id must differ from the old one) and the VPC's main association
(put back at teardown, so the VPC can be deleted)."""

from __future__ import annotations

from awscompat.catalog import docs, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._fixtures import (
    associate_route_table,
    first,
    make_network,
    make_route_table,
    make_vpc,
)
from awscompat.scenarios.ec2._ledger import call, link


def table(ctx: CaseContext, rtb: str) -> dict:
    return first(ctx, "DescribeRouteTables", "RouteTables", RouteTableIds=[rtb])


def main_table(ctx: CaseContext, vpc_id: str) -> dict:
    return first(ctx, "DescribeRouteTables", "RouteTables", Filters=[
        {"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "association.main", "Values": ["true"]}])


@scenario(id="ec2/scenario/route-tables/replace-association", feature="ec2/route-tables",
          operations=["ReplaceRouteTableAssociation", "DescribeRouteTables"], provenance=docs("https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReplaceRouteTableAssociation.html"))
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


@scenario(id="ec2/scenario/route-tables/replace-main-association", feature="ec2/route-tables",
          operations=["ReplaceRouteTableAssociation", "DescribeRouteTables"], provenance=docs("https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html"))
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
