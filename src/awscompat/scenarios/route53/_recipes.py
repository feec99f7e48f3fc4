"""Route 53 setup recipes for behaviour cases as data (docs/cases.md). A hosted zone's id is chosen
by the server, so it is ledgered before CreateHostedZone under its namespaced domain name and
completed with its delete once the id is known; teardown first removes every record set other than
the zone's own SOA and apex NS (DeleteHostedZone refuses a zone that holds others), then the zone.
Outputs: a dict whose `value` is what `${<as>}` means in a case file."""

from __future__ import annotations

import secrets

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe
from awscompat.scenarios.sqs._resources import call, create_tracked

SVC = "route53"


def zone_domain(ctx: CaseContext, hint: str = "zone") -> str:
    """A domain name of the run's namespace, `<namespaced label>.com.` (with the final dot). Not under
    example.com: Route 53 refuses hosted zones for the IANA-reserved example domains (InvalidDomainName,
    "reserved by AWS"); a public zone for a name nobody delegates to it changes nothing in DNS."""
    return f"{ctx.name(hint, max_len=40)}.com."


def _extra_records(ctx: CaseContext, zone_id: str, zone_name: str) -> list[dict]:
    """DELETE changes for every record set but the apex SOA and NS (teardown, before the zone)."""
    listed = ctx.transport.call(SVC, "ListResourceRecordSets", {"HostedZoneId": zone_id})
    if not listed.ok:
        return []
    changes = [{"Action": "DELETE", "ResourceRecordSet": rrs} for rrs in listed.get("ResourceRecordSets") or []
               if not (rrs.get("Type") in ("SOA", "NS") and rrs.get("Name", "").rstrip(".") == zone_name.rstrip("."))]
    return [call(SVC, "ChangeResourceRecordSets", HostedZoneId=zone_id, ChangeBatch={"Changes": changes})] \
        if changes else []


@recipe(SVC, "hosted-zone")
def hosted_zone(ctx: CaseContext, hint: str = "zone", comment: str = "awscompat", under: str = "") -> dict:
    """A public hosted zone of the case's own (named `<hint>.<under>` when `under`, a domain of the
    run's namespace with its final dot, is given). value = the zone id as CreateHostedZone answered it
    (`/hostedzone/<id>`); outputs `id` (without the prefix), `name` (the domain, final dot),
    `reference` (the CallerReference), `ns` / `ns_sorted` (the delegation set's name servers, with
    the final dot, as answered / sorted), `change` (the id of the creation's change)."""
    name = f"{hint}.{under}" if under else zone_domain(ctx, hint)  # under: a name of the run's namespace
    reference = ctx.name("ref", max_len=128)
    params = {"Name": name, "CallerReference": reference, "HostedZoneConfig": {"Comment": comment}}

    def undo(parsed: dict) -> list[dict]:
        return [call(SVC, "DeleteHostedZone", Id=parsed["HostedZone"]["Id"])]

    def lookup() -> list[dict]:
        found = ctx.transport.call(SVC, "ListHostedZonesByName", {"DNSName": name})
        zones = [z for z in (found.get("HostedZones") or []) if z.get("Name") == name] if found.ok else []
        return [call(SVC, "DeleteHostedZone", Id=z["Id"]) for z in zones]

    reply = create_tracked(ctx, SVC, "route53-zone", name, "CreateHostedZone", params, undo, lookup=lookup,
                           before=lambda parsed: _extra_records(ctx, parsed["HostedZone"]["Id"], name))
    zone_id = reply["HostedZone"]["Id"]
    servers = [n.rstrip(".") + "." for n in (reply.get("DelegationSet") or {}).get("NameServers") or []]
    return {"value": zone_id, "id": zone_id.rsplit("/", 1)[-1], "name": name, "reference": reference,
            "ns": servers, "ns_sorted": sorted(servers), "change": (reply.get("ChangeInfo") or {}).get("Id", "")}


@recipe(SVC, "absent-zone")
def absent_zone(ctx: CaseContext) -> dict:
    """A hosted zone id no zone has (random, in the form Route 53 gives: Z + upper-case letters and digits)."""
    return {"value": "Z" + secrets.token_hex(10).upper()}


@recipe(SVC, "zone-name")
def zone_name(ctx: CaseContext, hint: str = "zone", dot: bool = True) -> dict:
    """A domain name of the run's namespace (creates nothing); value = it with the final dot (without
    it when dot is false), `reference` = a fresh CallerReference."""
    name = zone_domain(ctx, hint)
    return {"value": name if dot else name.rstrip("."), "reference": ctx.name("ref", max_len=128)}
