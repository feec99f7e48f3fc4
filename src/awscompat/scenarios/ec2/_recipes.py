"""EC2 setup recipes and senders for behaviour cases as data (docs/cases.md): each is the one
implementation of a named setup, built on the fixtures of the Python scenarios (every create
ledgered before it is sent, under a namespaced Name tag and the run's tag, and removed at teardown
in the reverse order, see _ledger). Outputs: a dict whose `value` is what `${<as>}` means.

Senders: a step whose call creates or links something (the create under test) goes through
`_ledger.create` / `_ledger.link` with fixture=False: ledgered first, tagged, its answer judged by
the step's expectation, and whatever it created removed at teardown."""

from __future__ import annotations

from typing import Any

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe, sender
from awscompat.engine.outcomes import FixtureError
from awscompat.engine.transport import Reply
from awscompat.scenarios.ec2._fixtures import (
    Net,
    absent_id,
    add_route,
    associate_eip,
    associate_route_table,
    attach_eni,
    attach_igw,
    attach_volume,
    available_volume,
    completed_snapshot,
    find_ami,
    make_eip,
    make_eni,
    make_igw,
    make_instance,
    make_key,
    make_network,
    make_route_table,
    make_sg,
    make_snapshot,
    make_subnet,
    make_volume,
    make_vpc,
    poll,
    register_image,
    running_instance,
    settled,
    stopped_instance,
    wait_image,
    wait_instance,
    wait_snapshot,
    wait_volume,
    zones,
)
from awscompat.scenarios.ec2._keys import new_ed25519_public, new_rsa_public, sha256_b64
from awscompat.scenarios.ec2._ledger import (
    ELASTIC_IP,
    IMAGE_COPY,
    IMAGE_CREATE,
    IMAGE_REGISTER,
    INSTANCE,
    INTERNET_GATEWAY,
    KEY_IMPORT,
    KEY_PAIR,
    NETWORK_INTERFACE,
    ROUTE_TABLE,
    SECURITY_GROUP,
    SNAPSHOT,
    SNAPSHOT_COPY,
    SUBNET,
    SVC,
    VOLUME,
    VPC,
    Kind,
    call,
    create,
    link,
)


def _tags(rtype: str, tags: dict | None) -> dict:
    """TagSpecifications for `tags` ({key: value}) on a resource of type rtype (none: {})."""
    if not tags:
        return {}
    return {"TagSpecifications": [{"ResourceType": rtype, "Tags": [{"Key": k, "Value": str(v)}
                                                                     for k, v in tags.items()]}]}


@recipe(SVC, "absent-id")
def absent(ctx: CaseContext, prefix: str) -> dict:
    """A well-formed id (prefix-<17 hex digits>) that names nothing."""
    return {"value": absent_id(prefix)}


@recipe(SVC, "name")
def name(ctx: CaseContext, hint: str = "name", max_len: int = 63) -> dict:
    """A name in the run's namespace (for a filter that must match nothing else), at most max_len long."""
    return {"value": ctx.name(hint, max_len=max_len)}


@recipe(SVC, "zone")
def zone(ctx: CaseContext, index: int = 0, other_than: str | None = None) -> dict:
    """One of the region's available Availability Zones, sorted (index -1: the last); other_than:
    the first that is not that one (the case is skipped when the region has no other). all = them all."""
    if other_than:
        others = [z for z in zones(ctx) if z != other_than]
        if not others:
            ctx.skip("the region has one Availability Zone")
        return {"value": others[0], "all": zones(ctx)}
    return {"value": zones(ctx)[index], "all": zones(ctx)}


@recipe(SVC, "account")
def account(ctx: CaseContext) -> dict:
    """The caller's account id (sts GetCallerIdentity)."""
    return {"value": ctx.fixture("sts", "GetCallerIdentity")["Account"]}


@recipe(SVC, "default-vpc")
def default_vpc(ctx: CaseContext) -> dict:
    """The region's default VPC, only read: the case is skipped when the account has none, and
    fails when DescribeVpcs is-default=true fails or lists more than one (as the Python cases of
    the feature judged it). value = VpcId."""
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeVpcs", Filters=[{"Name": "is-default", "Values": ["true"]}]))
    vpcs = reply.get("Vpcs") or []
    if not vpcs:
        ctx.skip("the account has no default VPC in this region")
    ctx.check(len(vpcs) == 1, "more than one VPC has is-default=true", expected=1, observed=len(vpcs), reply=reply)
    return {"value": vpcs[0]["VpcId"]}


@recipe(SVC, "vpc")
def vpc(ctx: CaseContext, cidr: str = "10.0.0.0/16", tags: dict | None = None) -> dict:
    """A VPC of the case's own. value = VpcId; cidr_association = its primary block's association."""
    made = make_vpc(ctx, cidr, **_tags("vpc", tags))
    assoc = (made.get("CidrBlockAssociationSet") or [{}])[0].get("AssociationId")
    return {"value": made["VpcId"], "cidr_association": assoc}


@recipe(SVC, "subnet")
def subnet(ctx: CaseContext, vpc: str, cidr: str = "10.0.0.0/24", zone: str | None = None,
           tags: dict | None = None) -> dict:
    """A subnet of the case's own in vpc. value = SubnetId; zone, free = AvailableIpAddressCount."""
    extra: dict[str, Any] = {"AvailabilityZone": zone} if zone else {}
    made = make_subnet(ctx, vpc, cidr, **extra, **_tags("subnet", tags))
    return {"value": made["SubnetId"], "zone": made.get("AvailabilityZone"),
            "free": made.get("AvailableIpAddressCount")}


@recipe(SVC, "security-group")
def security_group(ctx: CaseContext, vpc: str, description: str = "awscompat scenario group",
                   tags: dict | None = None) -> dict:
    """A security group of the case's own in vpc (namespaced GroupName). value = GroupId."""
    return {"value": make_sg(ctx, vpc, description, **_tags("security-group", tags))}


@recipe(SVC, "route-table")
def route_table(ctx: CaseContext, vpc: str, subnet: str | None = None) -> dict:
    """A route table of the case's own in vpc, associated with subnet if given. value = RouteTableId."""
    rtb = make_route_table(ctx, vpc)["RouteTableId"]
    out = {"value": rtb}
    if subnet:
        out["association"] = associate_route_table(ctx, rtb, subnet)["AssociationId"]
    return out


@recipe(SVC, "internet-gateway")
def internet_gateway(ctx: CaseContext, vpc: str | None = None, tags: dict | None = None) -> dict:
    """An internet gateway of the case's own, attached to vpc if given. value = InternetGatewayId."""
    igw = make_igw(ctx, **_tags("internet-gateway", tags))
    if vpc:
        attach_igw(ctx, igw, vpc)
    return {"value": igw}


@recipe(SVC, "tags")
def tags(ctx: CaseContext, resources: list[str], tags: list[dict]) -> dict:
    """CreateTags of tags ([{Key, Value}]) on resources, asked again for a few seconds while a new
    resource is not yet visible (a refusal is a fixture error). value = the resources."""
    reply = settled(ctx, "CreateTags", Resources=resources, Tags=tags)
    if not reply.ok:
        raise FixtureError(f"setup CreateTags failed: {reply.describe()}", exchange=reply.exchange)
    return {"value": resources}


SKIPS = {"root": "precondition: the instance lists no volume at its root device",
         "doomed": "the instance has no volume marked DeleteOnTermination"}


@recipe(SVC, "instance")
def instance_(ctx: CaseContext, params: dict | None = None, tags: dict | None = None, state: str = "",
              network: dict | None = None, skip_without: str = "") -> dict:
    """One t3.micro of the case's own (RunInstances from an Amazon Linux AMI in a network of its own,
    or in `network` (a network recipe's outputs); terminated and waited for at teardown), with extra
    RunInstances params (DisableApiTermination is lifted before teardown); state "running",
    "stopped" or "terminated" (TerminateInstances as set-up): waited for (a precondition: not
    reached is an error). value = InstanceId; subnet, vpc, zone (the subnet's), image (the AMI), root (the volume at its root device), doomed (the
    first volume marked DeleteOnTermination), as the launch (or the wait) answered, else None;
    skip_without root or doomed: the case is skipped when that output is None."""
    extra = {**(params or {}), **_tags("instance", tags)}
    net = Net(network["vpc"], network["value"], "", "", network["zone"]) if network else make_network(ctx)
    if state == "terminated":  # TerminateInstances, waited for (a precondition)
        inst, _ = make_instance(ctx, net, **extra)
        ctx.fixture(SVC, "TerminateInstances", InstanceIds=[inst["InstanceId"]])
        inst = wait_instance(ctx, inst["InstanceId"], "terminated", within=100, need=True)
    elif state == "stopped":
        inst = stopped_instance(ctx, net, **extra)
    elif state == "running":
        inst, _ = running_instance(ctx, net, **extra)
    else:
        inst, _ = make_instance(ctx, net, **extra)
    iid = inst["InstanceId"]
    if extra.get("DisableApiTermination"):
        ctx.defer("lift termination protection", lambda: ctx.transport.call(
            SVC, "ModifyInstanceAttribute", {"InstanceId": iid, "DisableApiTermination": {"Value": False}}))
    maps = [m for m in inst.get("BlockDeviceMappings") or [] if (m.get("Ebs") or {}).get("VolumeId")]
    out = {"value": iid, "subnet": net.subnet, "vpc": net.vpc, "zone": net.az, "image": find_ami(ctx),
           "root": next((m["Ebs"]["VolumeId"] for m in maps if m.get("DeviceName") == inst.get("RootDeviceName")), None),
           "doomed": next((m["Ebs"]["VolumeId"] for m in maps if m["Ebs"].get("DeleteOnTermination")), None)}
    if skip_without and not out[skip_without]:
        ctx.skip(SKIPS[skip_without])
    return out


@recipe(SVC, "network")
def network_(ctx: CaseContext) -> dict:
    """A VPC 10.0.0.0/16 with one subnet 10.0.0.0/24 (where the server puts it), for an instance
    launched by a step. value = SubnetId; vpc, zone."""
    net = make_network(ctx)
    return {"value": net.subnet, "vpc": net.vpc, "zone": net.az}


@recipe(SVC, "ami")
def ami(ctx: CaseContext) -> dict:
    """A current Amazon Linux x86_64 EBS-backed AMI owned by Amazon (read once per target). value = ImageId."""
    return {"value": find_ami(ctx)}


@recipe(SVC, "volume")
def volume_(ctx: CaseContext, zone: str | None = None, size: int = 1, type: str = "gp3", params: dict | None = None,
            tags: dict | None = None, wait: bool = True) -> dict:
    """An EBS volume of the case's own (1 GiB gp3 in the region's first zone unless said otherwise;
    deleted at teardown, detached first), waited available unless wait is false (a precondition).
    value = VolumeId; zone, size, encrypted."""
    made = make_volume(ctx, zone, Size=size, VolumeType=type, **(params or {}), **_tags("volume", tags))
    if wait:
        made = wait_volume(ctx, made["VolumeId"], "available", need=True)
    return {"value": made["VolumeId"], "zone": made.get("AvailabilityZone"), "size": made.get("Size"),
            "encrypted": made.get("Encrypted")}


@recipe(SVC, "attachment")
def attachment(ctx: CaseContext, volume: str, instance: str, device: str = "/dev/sdf", wait: bool = True) -> dict:
    """The volume attached to the instance at device (DetachVolume at teardown), waited in-use (a
    precondition) unless wait is false. value = the device."""
    attach_volume(ctx, volume, instance, device)
    if wait:
        wait_volume(ctx, volume, "in-use", need=True)
    return {"value": device}


@recipe(SVC, "interface-attachment")
def interface_attachment(ctx: CaseContext, network_interface: str, instance: str, index: int = 1,
                         settle: bool = False) -> dict:
    """The interface attached to the instance at device index (DetachNetworkInterface at teardown);
    settle: then given up to 30 s to be described in-use (not judged). value = the AttachmentId."""
    attachment = attach_eni(ctx, network_interface, instance, index).parsed.get("AttachmentId")
    if settle:
        poll(ctx, lambda: ctx.call(SVC, "DescribeNetworkInterfaces", NetworkInterfaceIds=[network_interface]),
             lambda r: r.ok and [i.get("Status") for i in r.get("NetworkInterfaces") or []] == ["in-use"], within=30)
    return {"value": attachment}


@recipe(SVC, "snapshot")
def snapshot_(ctx: CaseContext, volume: str | None = None, completed: bool = False, description: str | None = None,
              tags: dict | None = None) -> dict:
    """A snapshot of volume (or of a new available 1 GiB volume), deleted at teardown; completed:
    waited for (a precondition). value = SnapshotId; volume, size (VolumeSize)."""
    vid = volume or available_volume(ctx)["VolumeId"]
    made = make_snapshot(ctx, vid, **({"Description": description} if description else {}),
                         **_tags("snapshot", tags))
    if completed:
        made = wait_snapshot(ctx, made["SnapshotId"], "completed", need=True)
    return {"value": made["SnapshotId"], "volume": vid, "size": made.get("VolumeSize")}


@recipe(SVC, "image")
def image_(ctx: CaseContext, snapshot: str | None = None, available: bool = False, name: str | None = None) -> dict:
    """An AMI of ours registered from snapshot (or a new completed one): x86_64, HVM, root /dev/xvda
    (deregistered at teardown), named name (default: a namespaced name); available: waited for (a
    precondition). value = ImageId; snapshot, name."""
    sid = snapshot or completed_snapshot(ctx)["SnapshotId"]
    name = name or ctx.name("image", max_len=120)
    iid = register_image(ctx, sid, Name=name)["ImageId"]
    if available:
        wait_image(ctx, iid, "available", within=90, need=True)
    return {"value": iid, "snapshot": sid, "name": name}


@recipe(SVC, "route")
def route(ctx: CaseContext, route_table: str, cidr: str, gateway: str | None = None,
          network_interface: str | None = None) -> dict:
    """A route of the case's own (CreateRoute to gateway or network_interface; DeleteRoute at
    teardown). value = the destination block."""
    target = {"GatewayId": gateway} if gateway else {"NetworkInterfaceId": network_interface}
    add_route(ctx, route_table, cidr, **target)
    return {"value": cidr}


@recipe(SVC, "address")
def address(ctx: CaseContext, tags: dict | None = None, network_interface: str | None = None,
            instance: str | None = None) -> dict:
    """An Elastic IP address of the case's own (vpc domain; released at teardown), associated with
    network_interface or instance if given. value = AllocationId; public_ip; association."""
    made = make_eip(ctx, **_tags("elastic-ip", tags))
    out = {"value": made["AllocationId"], "public_ip": made.get("PublicIp")}
    target = {"NetworkInterfaceId": network_interface} if network_interface else {"InstanceId": instance}
    if network_interface or instance:
        out["association"] = associate_eip(ctx, made["AllocationId"], **target).parsed.get("AssociationId")
    return out


@recipe(SVC, "network-interface")
def network_interface(ctx: CaseContext, subnet: str, ip: str | None = None, tags: dict | None = None,
                      groups: list[str] | None = None) -> dict:
    """A network interface of the case's own in subnet (with private address ip, security groups
    if given). value = NetworkInterfaceId; ip = its PrivateIpAddress."""
    eni = make_eni(ctx, subnet, **({"PrivateIpAddress": ip} if ip else {}), **({"Groups": groups} if groups else {}),
                   **_tags("network-interface", tags))
    return {"value": eni["NetworkInterfaceId"], "ip": eni.get("PrivateIpAddress")}


@recipe(SVC, "key-pair")
def key_pair(ctx: CaseContext, key_type: str | None = None, material: str | None = None,
             tags: dict | None = None) -> dict:
    """A key pair of the case's own (namespaced KeyName): made by EC2 (CreateKeyPair, of key_type),
    or imported from a public key's material (ImportKeyPair). value = KeyName; id = KeyPairId."""
    params: dict[str, Any] = {**({"KeyType": key_type} if key_type else {}), **_tags("key-pair", tags)}
    if material:
        reply = create(ctx, KEY_IMPORT, {"PublicKeyMaterial": material.encode(), **params})
    else:
        reply = make_key(ctx, **params)
    return {"value": reply["KeyName"], "id": reply.parsed.get("KeyPairId"),
            "fingerprint": reply.parsed.get("KeyFingerprint")}


@recipe(SVC, "public-key")
def public_key(ctx: CaseContext, key_type: str = "rsa") -> dict:
    """A fresh public key (nothing is sent). value = its OpenSSH line; fingerprint = what EC2 gives it
    when imported (rsa: MD5 of the DER public key, colon-separated hex; ed25519: base64 SHA-256)."""
    if key_type == "rsa":
        material, fingerprint = new_rsa_public()
    else:
        material = new_ed25519_public()
        fingerprint = sha256_b64(material)
    return {"value": material.decode(), "fingerprint": fingerprint}


# -- senders: the create (or link) under test, ledgered --------------------------------------------
def _creates(kind: Kind) -> None:
    sender(SVC, kind.operation)(lambda ctx, params: create(ctx, kind, params, fixture=False))


for _kind in (VPC, SUBNET, SECURITY_GROUP, ROUTE_TABLE, INTERNET_GATEWAY, NETWORK_INTERFACE, ELASTIC_IP,
              KEY_PAIR, KEY_IMPORT, INSTANCE, VOLUME, SNAPSHOT, SNAPSHOT_COPY, IMAGE_REGISTER, IMAGE_CREATE, IMAGE_COPY):
    _creates(_kind)


@sender(SVC, "AttachInternetGateway")
def _attach_igw(ctx: CaseContext, params: dict) -> Reply:
    return attach_igw(ctx, params["InternetGatewayId"], params["VpcId"], fixture=False)


@sender(SVC, "CreateRoute")
def _create_route(ctx: CaseContext, params: dict) -> Reply:
    target = {k: v for k, v in params.items() if k not in ("RouteTableId", "DestinationCidrBlock")}
    return add_route(ctx, params["RouteTableId"], params["DestinationCidrBlock"], fixture=False, **target)


@sender(SVC, "AssociateAddress")
def _associate_address(ctx: CaseContext, params: dict) -> Reply:
    target = {k: v for k, v in params.items() if k != "AllocationId"}
    return associate_eip(ctx, params["AllocationId"], fixture=False, **target)


@sender(SVC, "AssociateRouteTable")
def _associate_rtb(ctx: CaseContext, params: dict) -> Reply:
    return associate_route_table(ctx, params["RouteTableId"], params["SubnetId"], fixture=False)


@sender(SVC, "AttachVolume")
def _attach_volume(ctx: CaseContext, params: dict) -> Reply:
    return attach_volume(ctx, params["VolumeId"], params["InstanceId"], params["Device"], fixture=False)


@sender(SVC, "AttachNetworkInterface")
def _attach_eni(ctx: CaseContext, params: dict) -> Reply:
    return attach_eni(ctx, params["NetworkInterfaceId"], params["InstanceId"], params["DeviceIndex"], fixture=False)


@sender(SVC, "ReplaceRouteTableAssociation")
def _replace_rtb_association(ctx: CaseContext, params: dict) -> Reply:
    """Ledgered with the undo the replaced association needs: the main association is put back on
    the table that had it (so the VPC can be deleted), a subnet's new association is removed."""
    found = ctx.transport.call(SVC, "DescribeRouteTables", {"Filters": [
        {"Name": "association.route-table-association-id", "Values": [params["AssociationId"]]}]})
    before = [(t["RouteTableId"], a.get("Main")) for t in (found.get("RouteTables") or [] if found.ok else [])
              for a in t.get("Associations") or [] if a.get("RouteTableAssociationId") == params["AssociationId"]]
    if before and before[0][1]:
        return link(ctx, "rtb-main", "ReplaceRouteTableAssociation", params, lambda p: [call(
            "ReplaceRouteTableAssociation", AssociationId=p["NewAssociationId"], RouteTableId=before[0][0])],
            fixture=False)
    return link(ctx, "rtb-association", "ReplaceRouteTableAssociation", params,
                lambda p: [call("DisassociateRouteTable", AssociationId=p["NewAssociationId"])], fixture=False)
