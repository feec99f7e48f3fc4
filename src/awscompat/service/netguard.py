"""The SSRF guard (DESIGN 4): a target must not make the service probe its own network.

Every host name of a target is resolved (socket.getaddrinfo) and every address it resolves to is
checked: loopback, private, link-local, shared (CGNAT), reserved, multicast, unspecified and the
cloud metadata addresses are refused, unless the operator allow-lists them. An IPv6 address that
wraps an IPv4 one (IPv4-mapped or -compatible, 6to4 2002::/16, Teredo 2001::/32, NAT64
64:ff9b::/96) is also judged by the address it wraps; the local-use NAT64 prefix 64:ff9b:1::/48
is refused. An allow-list entry
is a network (`127.0.0.0/8`, `10.1.2.3`) or an address and port (`127.0.0.1:9000`,
`[::1]:9000`). A metadata address is let through only by an entry naming that very address.

The check runs when a target is saved, again when a run starts, and, through `ConnectionGuard`
(the engine's connection hook, engine/connguard.py), on every connection a run opens, for the
exact host of that connection: the engine connects only to the addresses checked there.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from awscompat.service.errors import ConfigError

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


NAT64_WKP = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052 well-known prefix: the last 32 bits are IPv4
NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215 local-use prefixes (any RFC 6052 length)
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated IPv4-compatible form ::a.b.c.d


def embedded_ipv4(ip: IP) -> list[tuple[str, ipaddress.IPv4Address]]:
    """The IPv4 addresses an IPv6 address carries, with the form's name: IPv4-mapped, IPv4-compatible,
    6to4 (2002::/16), Teredo (2001::/32: server and client) and NAT64 (64:ff9b::/96)."""
    if ip.version != 6:
        return []
    assert isinstance(ip, ipaddress.IPv6Address)
    found: list[tuple[str, ipaddress.IPv4Address]] = []
    if ip.ipv4_mapped is not None:
        found.append(("IPv4-mapped", ip.ipv4_mapped))
    if ip.sixtofour is not None:
        found.append(("6to4", ip.sixtofour))
    if ip.teredo is not None:
        found += [("Teredo (server)", ip.teredo[0]), ("Teredo (client)", ip.teredo[1])]
    low32 = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in NAT64_WKP:
        found.append(("NAT64", low32))
    if ip in IPV4_COMPATIBLE and int(ip) > 1:
        found.append(("IPv4-compatible", low32))
    return found


def _plain_problem(ip: IP) -> str | None:
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
    if ip.version == 6 and ip in NAT64_LOCAL:
        return "a local-use NAT64 address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "a reserved address"
    return None


def address_problem(ip: IP) -> str | None:
    """Why an address may not be a target, or None for a public address. An IPv6 address that
    wraps an IPv4 one (IPv4-mapped or -compatible, 6to4, Teredo, NAT64) is judged by what it wraps
    as well as by itself."""
    if getattr(ip, "ipv4_mapped", None) is not None:
        return _plain_problem(ip.ipv4_mapped)  # type: ignore[union-attr]
    for form, inner in embedded_ipv4(ip):
        problem = _plain_problem(inner)
        if problem is not None:
            return f"{problem} ({inner}) wrapped in {form}"
    return _plain_problem(ip)


def unwrapped(ip: IP) -> IP:
    """The address an allow-list entry is compared with: the IPv4 inside an IPv4-mapped address."""
    mapped = getattr(ip, "ipv4_mapped", None)
    return mapped if mapped is not None else ip


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


def check_host(host: str, port: int, allow: list[Allowed], resolver: Resolver = socket.getaddrinfo) -> list[IP]:
    """The addresses host resolves to, every one checked; raises Refused."""
    addrs = resolve(host, port, resolver)
    for ip in addrs:
        problem = address_problem(ip)
        if problem is None or any(a.permits(unwrapped(ip), port) for a in allow):
            continue
        shown = host if str(ip) == host.strip("[]") else f"{host} ({ip})"
        raise Refused(f"endpoint {shown} is {problem}: the service refuses targets on loopback, private,"
                      " link-local and metadata addresses unless its operator allow-lists them"
                      " (serve --allow-network)")
    return addrs


def check_url(url: str, allow: list[Allowed], resolver: Resolver = socket.getaddrinfo) -> list[IP]:
    """The addresses url's host resolves to, each checked; raises Refused."""
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        raise Refused(f"endpoint {url!r} has no host")
    return check_host(host, parts.port or (443 if parts.scheme == "https" else 80), allow, resolver)


def check_target_urls(urls: Iterable[str], allow: list[Allowed], resolver: Resolver = socket.getaddrinfo) -> None:
    for url in urls:
        check_url(url, allow, resolver)


@dataclass(frozen=True)
class ConnectionGuard:
    """The engine's connection guard (engine/connguard.py) for a run of the service: every host a
    run connects to (a virtual-hosted `<bucket>.<host>`, a per-service endpoint) is resolved and
    checked at connection time, and the engine connects only to the addresses checked here, so
    a name that resolves elsewhere between the check and the connection (DNS rebinding) cannot
    reach an internal address. Picklable (engine worker processes)."""

    allow: tuple[Allowed, ...] = ()
    resolver: Resolver | None = None

    def __call__(self, host: str, port: int) -> list[str]:
        return [str(ip) for ip in check_host(host, port, list(self.allow), self.resolver or _system_getaddrinfo)]


def _system_getaddrinfo(*args, **kwargs) -> list:
    return socket.getaddrinfo(*args, **kwargs)
