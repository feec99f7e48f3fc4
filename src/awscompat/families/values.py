"""Well-formed, namespaced dummy values for an operation's required members, from the model."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

from botocore.model import OperationModel, Shape

from awscompat.engine.namespace import Namespace

# EC2-style resource id prefixes (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html)
_ID_PREFIX = {
    "Instance": "i", "Vpc": "vpc", "Subnet": "subnet", "Volume": "vol", "Snapshot": "snap", "Image": "ami",
    "SecurityGroup": "sg", "Group": "sg", "NetworkInterface": "eni", "RouteTable": "rtb",
    "InternetGateway": "igw", "Allocation": "eipalloc", "Association": "eipassoc", "KeyPair": "key",
    "NatGateway": "nat", "NetworkAcl": "acl", "VpcEndpoint": "vpce", "TransitGateway": "tgw",
    "LaunchTemplate": "lt", "Reservation": "r", "PlacementGroup": "pg", "DhcpOptions": "dopt",
    "EgressOnlyInternetGateway": "eigw", "VpcPeeringConnection": "pcx", "CustomerGateway": "cgw",
    "VpnGateway": "vgw", "VpnConnection": "vpn", "Host": "h", "CapacityReservation": "cr",
}
_MAX_DEPTH = 6


class ValueMaker:
    """Makes parameters; remembers whether any required member carries a run-owned identifier
    (a namespaced name or a fresh random id), which is what makes a mutating probe safe."""

    def __init__(self, ns: Namespace, region: str, account: str = "123456789012", endpoint: str | None = None) -> None:
        self.ns = ns
        self.region = region
        self.account = account
        self.endpoint = endpoint or f"https://sqs.{region}.amazonaws.com"
        self.owned = False
        self.owned_values: set[str] = set()

    def owns(self, params: dict) -> bool:
        """Does any value actually sent carry a run-owned identifier?"""
        import json

        text = json.dumps(params, default=str)
        return self.ns.prefix in text or any(v in text for v in self.owned_values)

    def required_params(self, op: OperationModel, service: str) -> dict[str, Any]:
        self.owned = False
        shape = op.input_shape
        if shape is None:
            return {}
        return self._structure(shape, service, 0, top=True)

    def _structure(self, shape: Shape, service: str, depth: int, top: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {}
        members = shape.members
        names = list(shape.required_members)
        if not names and shape.metadata.get("union") and members:
            names = [next(iter(members))]
        for name in names:
            member = members[name]
            if member.serialization.get("hostLabel") and top:
                out[name] = self.ns.name(max_len=30)
                continue
            if member.metadata.get("idempotencyToken"):
                out[name] = secrets.token_hex(16)
                continue
            out[name] = self.value(member, name, service, depth + 1)
        return out

    def value(self, shape: Shape, name: str, service: str, depth: int) -> Any:
        kind = shape.type_name
        if kind == "structure":
            return self._structure(shape, service, depth) if depth < _MAX_DEPTH else {}
        if kind == "list":
            n = max(1, shape.metadata.get("min", 1) or 1)
            singular = name[:-1] if name.endswith("s") else name
            return [self.value(shape.member, singular, service, depth + 1) for _ in range(min(n, 3))]
        if kind == "map":
            return {self.value(shape.key, "Key", service, depth + 1): self.value(shape.value, "Value", service, depth + 1)}
        if kind == "string":
            return self.string(shape, name, service)
        if kind in ("integer", "long"):
            lo = shape.metadata.get("min")
            hi = shape.metadata.get("max")
            v = int(lo) if lo is not None else 1
            return int(min(v, hi)) if hi is not None else v
        if kind in ("float", "double"):
            lo = shape.metadata.get("min")
            return float(lo) if lo is not None else 1.0
        if kind == "boolean":
            return False
        if kind == "timestamp":
            return dt.datetime.now(dt.UTC).replace(microsecond=0)
        if kind == "blob":
            return b"awscompat"
        return {}  # document

    def string(self, shape: Shape, name: str, service: str) -> str:
        if shape.enum:
            return shape.enum[0]
        lo = int(shape.metadata.get("min", 0) or 0)
        hi = int(shape.metadata.get("max", 0) or 0) or 1024
        pattern = shape.metadata.get("pattern")
        candidates = self._candidates(name, service)
        for cand, owned in candidates:
            value = _fit(cand, lo, hi)
            if pattern is None or _matches(pattern, value):
                return self._own(value, owned)
        cand, owned = candidates[0]
        return self._own(_fit(cand, lo, hi), owned)

    def _own(self, value: str, owned: bool) -> str:
        if owned and len(value) >= 12:  # short or fixed values identify nothing
            self.owned = True
            self.owned_values.add(value)
        return value

    def arn(self, service: str, stem: str, name: str) -> str:
        return _arn(service, self.region, self.account, stem, name)

    def _candidates(self, name: str, service: str) -> list[tuple[str, bool]]:
        base = self.ns.name()
        hexid = secrets.token_hex(9)[:17]
        out: list[tuple[str, bool]] = []
        lname = name.lower()
        if lname.endswith("arn"):
            out.append((self.arn(service, name[:-3], base), True))
        if service == "kms" and name == "AliasName":
            # KMS alias names "must begin with alias/" (API_CreateAlias, API_DeleteAlias): without the
            # prefix AWS answers ValidationException before any lookup.
            out.append((f"alias/{self.ns.name()}", True))
        if lname.endswith("url"):
            out.append((f"{self.endpoint}/{self.account}/{base}", True))
        if name.endswith("Id") or name.endswith("Ids"):
            stem = name[: -2] if name.endswith("Id") else name[:-3]
            if stem in _ID_PREFIX:
                out.append((f"{_ID_PREFIX[stem]}-0{hexid}", True))
        out += [(base, True), (base.replace("-", ""), True), (base.replace("-", "_"), True),
                (hexid, True), ("a" + secrets.token_hex(8), True), ("1", False), ("a", False)]
        return out


_GLOBAL = {"iam", "s3", "route53", "cloudfront", "organizations", "sts", "waf", "globalaccelerator"}


def _arn(service: str, region: str, account: str, stem: str, name: str) -> str:
    """An ARN of the caller's account. Global services have no region; IAM names its resource
    type before a slash (arn:aws:iam::123456789012:policy/name)."""
    region = "" if service in _GLOBAL else region
    if service == "s3":
        return f"arn:aws:s3:::{name}"
    if service == "iam" and stem:
        kind = stem[0].lower() + stem[1:]
        kind = {"policy": "policy", "role": "role", "user": "user", "group": "group"}.get(kind.lower(), kind.lower())
        return f"arn:aws:iam::{account}:{kind}/{name}"
    return f"arn:aws:{service}:{region}:{account}:{name}"


def _fit(value: str, lo: int, hi: int) -> str:
    value = value[:hi]
    if len(value) < lo:
        value = value + "x" * (lo - len(value))
    return value


_pattern_cache: dict[str, re.Pattern | None] = {}


def _matches(pattern: str, value: str) -> bool:
    rx = _pattern_cache.get(pattern, False)
    if rx is False:
        try:
            rx = re.compile(pattern)
        except re.error:
            rx = None  # a pattern in a dialect Python cannot read: do not judge by it
        _pattern_cache[pattern] = rx
    return rx is None or rx.fullmatch(value) is not None
