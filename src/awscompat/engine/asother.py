"""Requests signed as another principal (an IAM user's access key, a role session's temporary
credentials), for cases about who is calling.

Contract:
- `client_as(ctx, service, credentials)` answers a botocore client of the target's endpoint that
  signs with `credentials` ({AccessKeyId, SecretAccessKey, SessionToken?}, as IAM and STS answer
  them) instead of the target's; pass it as `client=` to ctx.call_with, so the exchange is recorded,
  judged and bounded like any other of the case.
- the engine's Transport signs only with the target's credentials, so one Transport of its own is
  made per credential set, kept on the case context (the case's other calls with the same
  credentials reuse it) and sharing one botocore data loader (a new session would read the service
  models again: about a second of CPU for IAM).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import botocore.session

from awscompat.engine.context import CaseContext
from awscompat.engine.target import Credentials
from awscompat.engine.transport import Transport

_LOADER = botocore.session.Session().get_component("data_loader")


def client_as(ctx: CaseContext, service: str, credentials: dict) -> Any:
    """A client of service signing with credentials (see the module contract)."""
    key = (credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials.get("SessionToken"))
    transports: dict = ctx.__dict__.setdefault("_as_other", {})
    transport = transports.get(key)
    if transport is None:
        target = dataclasses.replace(ctx.transport.target, credentials=Credentials(*key))
        transport = Transport(target, timeout=ctx.transport.timeout, retries=ctx.transport.retries)
        transport._session.register_component("data_loader", _LOADER)
        transports[key] = transport
    return transport.client(service)
