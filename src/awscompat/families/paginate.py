"""`paginate/limit-and-token`: for each paginator in the model, a page holds at most the limit,
the token returned fetches the rest, and no item appears twice. Advisory: it needs at least two
items to exist (else it is skipped), and AWS may return fewer items than the limit."""

from __future__ import annotations

import json
from collections.abc import Iterator

import jmespath

from awscompat.catalog.case import Case, model
from awscompat.engine.context import CaseContext, screen
from awscompat.families.common import baseline
from awscompat.spec.model import ServiceSpec

MAX_PAGES = 10


def _as_list(value) -> list[str]:
    return value if isinstance(value, list) else [value] if value else []


def paginate(svc: ServiceSpec) -> Iterator[Case]:
    for op, conf in sorted(svc.paginators.items()):
        if op not in svc.operation_names or not conf.get("input_token") or not conf.get("result_key"):
            continue
        limit = conf.get("limit_key", "-")
        yield Case(
            id=f"{svc.name}/{op}/paginate/limit-and-token", service=svc.name, operations=(op,),
            family="paginate", feature=f"{svc.name}/contract", severity="advisory",
            provenance=model(f"{svc.name} paginators-1: {op} limit_key={limit} "
                             f"input_token={conf['input_token']} output_token={conf.get('output_token')}"),
            mutating=False, run=run_paginate, payload=conf, timeout=120.0,
        )


def _items(parsed: dict, result_keys: list[str]) -> list[str]:
    out: list[str] = []
    for key in result_keys:
        try:
            found = jmespath.search(key, parsed) or []
        except jmespath.exceptions.JMESPathError:
            found = []  # the expression does not apply to what came back: no items
        out += [json.dumps(item, sort_keys=True, default=str) for item in found] if isinstance(found, list) else []
    return out


def _search(expr: str, parsed: dict):
    try:
        return jmespath.search(expr, parsed)
    except jmespath.exceptions.JMESPathError:
        return None


def run_paginate(ctx: CaseContext) -> None:
    conf = ctx.case.payload
    service, operation = ctx.case.service, ctx.case.operations[0]
    _, params, _ = baseline(ctx, operation)
    limit_key = conf.get("limit_key")
    in_tokens, out_tokens = _as_list(conf["input_token"]), _as_list(conf.get("output_token"))
    result_keys = _as_list(conf["result_key"])
    if limit_key:
        params[limit_key] = 1
    seen: list[str] = []
    for page in range(MAX_PAGES):
        reply = ctx.call_with(service, operation, params)
        screen(reply)
        if not reply.ok:
            if page == 0:
                ctx.skip(f"no successful listing to paginate ({reply.describe()})")
            ctx.fail(f"page {page + 1} (with the token of page {page}) failed: {reply.describe()}",
                     expected="the next page", observed=reply.describe(), reply=reply)
        items = _items(reply.parsed, result_keys)
        if limit_key and len(items) > 1:
            ctx.fail(f"{limit_key}=1 returned {len(items)} items", expected="at most 1 item",
                     observed=len(items), reply=reply)
        dupes = set(items) & set(seen)
        if dupes:
            ctx.fail(f"page {page + 1} repeats {len(dupes)} item(s) of earlier pages", expected="no duplicates",
                     observed=sorted(dupes)[:3], reply=reply)
        seen += items
        tokens = [_search(t, reply.parsed) for t in out_tokens]
        if not any(tokens):
            break
        for name, value in zip(in_tokens, tokens, strict=False):
            if value is not None:
                params[name] = value
    if len(seen) < 2:
        ctx.skip(f"fewer than two items exist ({len(seen)}): nothing to paginate")
