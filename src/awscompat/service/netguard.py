"""The SSRF guard (DESIGN 4): a target must not make the service probe its own network.

Every host name of a target is resolved (socket.getaddrinfo) and every address it resolves to is
checked: loopback, private, link-local, shared (CGNAT), reserved, multicast, unspecified and the
cloud metadata addresses are refused, unless the operator allow-lists them. An allow-list entry
is a network (`127.0.0.0/8`, `10.1.2.3`) or an address and port (`127.0.0.1:9000`,
`[::1]:9000`). A metadata address is let through only by an entry naming that very address.

The check runs when a target is saved and again when a run starts (the name may resolve
elsewhere by then).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

IP = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

METADATA = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254",  # AWS, GCP, Azure, OpenStack instance metadata
    "169.254.170.2",  # ECS task metadata
    "169.254.169.253",  # AWS DNS
    "fd00:ec2::254",  # AWS IMDS over IPv6
    "100.100.100.200",  # Alibaba Cloud metadata
))


class Refused(Exception):
    """The endpoint may not be used; the message says which address and why."""


@dataclass(frozen=True)
class Allowed:
    network: Network
    port: int | None = None

    def permits(self, ip: IP, port: int) -> bool:
        if ip.version != self.network.version or ip not in self.network:
            return False
        if self.port is not None and self.port != port:
            return False
        if ip in METADATA:
            return self.network.num_addresses == 1
        return True

    def __str__(self) -> str:
        net = str(self.network.network_address) if self.network.num_addresses == 1 else str(self.network)
        if self.port is None:
            return net
        return f"[{net}]:{self.port}" if self.network.version == 6 else f"{net}:{self.port}"


def parse_allow_list(entries: Iterable[str]) -> list[Allowed]:
    from awscompat.service.config import ConfigError

    out = []
    for raw in entries:
        entry = raw.strip()
        port: int | None = None
        host = entry
        if entry.startswith("["):
            host, _, rest = entry[1:].partition("]")
            if rest:
                if not rest.startswith(":") or not rest[1:].isdigit():
                    raise ConfigError(f"allow-list entry {raw!r}: expected [IPv6]:port")
                port = int(rest[1:])
        elif entry.count(":") == 1:
            host, _, p = entry.partition(":")
            if not p.isdigit():
                raise ConfigError(f"allow-list entry {raw!r}: the port must be a number")
            port = int(p)
        if port is not None and not 0 < port < 65536:
            raise ConfigError(f"allow-list entry {raw!r}: port out of range")
        try:
            network = ipaddress.ip_network(host, strict=False)
        except ValueError as exc:
            raise ConfigError(f"allow-list entry {raw!r} is not a network (127.0.0.0/8), an address or"
                              " address:port") from exc
        out.append(Allowed(network, port))
    return out


def address_problem(ip: IP) -> str | None:
    """Why an address may not be a target, or None for a public address."""
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        ip = mapped
    if ip in METADATA:
        return "a cloud metadata address"
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.version == 4 and ip in ipaddress.ip_network("100.64.0.0/10"):
        return "a shared (carrier-grade NAT) address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "a reserved address"
    return None


Resolver = Callable[..., list]


def resolve(host: str, port: int, resolver: Resolver = socket.getaddrinfo) -> list[IP]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = resolver(host, port, 0, socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise Refused(f"host {host!r} does not resolve ({getattr(exc, 'strerror', None) or exc}); a target must"
                      " name a host that resolves to a public address") from exc
    addrs: list[IP] = []
    for info in infos:
        text = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
        try:
            ip = ipaddress.ip_address(text)
        except ValueError:
            continue
        if ip not in addrs:
            addrs.append(ip)
    if not addrs:
        raise Refused(f"host {host!r} resolves to no IP address")
    return addrs


def check_url(url: str, allow: list[Allowed], resolver: Resolver = socket.getaddrinfo) -> list[IP]:
    """The addresses url's host resolves to, each checked; raises Refused."""
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        raise Refused(f"endpoint {url!r} has no host")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addrs = resolve(host, port, resolver)
    for ip in addrs:
        problem = address_problem(ip)
        if problem is None:
            continue
        check = getattr(ip, "ipv4_mapped", None) or ip
        if any(a.permits(check, port) for a in allow):
            continue
        shown = host if str(ip) == host.strip("[]") else f"{host} ({ip})"
        raise Refused(f"endpoint {shown} is {problem}: the service refuses targets on loopback, private,"
                      " link-local and metadata addresses unless its operator allow-lists them"
                      " (serve --allow-network)")
    return addrs


def check_target_urls(urls: Iterable[str], allow: list[Allowed], resolver: Resolver = socket.getaddrinfo) -> None:
    for url in urls:
        check_url(url, allow, resolver)
