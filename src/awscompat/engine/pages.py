"""Following a listing page by page for a case step that says `paginate: true` (docs/cases.md).

Contract:
- `follow(send, params, config)` sends the step's request, then again with each page's output
  token(s) in the input token(s), as the operation's botocore paginator (paginators-1.json:
  `input_token`, `output_token`, `more_results`, `result_key`) describes, until a page has no
  token, `more_results` is false, a page is refused, or `max_pages` pages were read (bounded).
- it answers the last page's Reply with every result key that is a plain member path replaced by
  the concatenation over all pages (lists) or the sum (numbers, such as DynamoDB's Count), so the
  step's expectation judges the whole listing. A refused page is answered as it is.
- `gather(...)` (a step's `follow:`) reads along a token that never ends (a shard iterator) until
  enough items have come, bounded in time; see its docstring.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import jmespath

from awscompat.engine.transport import Reply

_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


def _listed(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _put(parsed: dict, path: str, value: Any) -> None:
    *parents, last = [part.strip('"') for part in re.split(r'\.(?=(?:[^"]*"[^"]*")*[^"]*$)', path)]
    node = parsed
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def follow(send: Callable[[dict], Reply], params: dict, config: dict, max_pages: int = 100) -> Reply:
    """Send pages until the listing ends (see the module contract); the merged last page."""
    inputs, outputs = _listed(config.get("input_token")), _listed(config.get("output_token"))
    keys = [k for k in _listed(config.get("result_key")) if _PLAIN.match(k)]
    more = config.get("more_results")
    merged: dict[str, Any] = {}
    reply = send(params)
    for page in range(1, max_pages + 1):
        if not reply.ok:
            return reply
        parsed = reply.parsed or {}
        for key in keys:
            value = jmespath.search(key, parsed)
            if isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                merged[key] = merged.get(key, 0) + value
        tokens = [jmespath.search(t, parsed) for t in outputs]
        if page == max_pages or not any(tokens) or (more and not jmespath.search(more, parsed)):
            break
        params = {**params, **{name: token for name, token in zip(inputs, tokens, strict=False) if token}}
        reply = send(params)
    for key, value in merged.items():
        _put(reply.parsed, key, value)
    return reply


def gather(send: Callable[[dict], Reply], params: dict, follow: dict,
           poll: Callable[[Callable[[], Reply], Callable[[Reply], bool]], Reply]) -> Reply:
    """A step that says `follow: {token, param, collect, count}`: send, then again with the answer's
    `token` in the request's `param` (the same request when an answer has none, or when the step
    names no token: a poll that gathers, such as SQS receives), gathering each
    answer's `collect` list (a member path; a quoted part names a key, 'Responses."<table>"'), until `count` items have come or a request is refused; bounded in time
    by `poll` (an empty answer does not mean the end: Kinesis's GetRecords along NextShardIterator).
    Answers the last Reply with `collect` replaced by everything gathered."""
    gathered: list = []
    state = {"params": dict(params)}

    def fetch() -> Reply:
        reply = send(state["params"])
        if reply.ok:
            gathered.extend(jmespath.search(follow["collect"], reply.parsed or {}) or [])
            token = jmespath.search(follow["token"], reply.parsed or {}) if follow.get("token") else None
            if token:
                state["params"] = {**state["params"], follow["param"]: token}
        return reply

    reply = poll(fetch, lambda r: not r.ok or len(gathered) >= int(follow.get("count", 1)))
    if reply.ok:
        _put(reply.parsed, follow["collect"], gathered)
    return reply
