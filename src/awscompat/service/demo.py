"""The demo: `awscompat serve` with no arguments starts moto on a free loopback port, registers
it as provider `demo-moto` (its address allow-listed, and only that address) and queues a run,
so the market table fills within a minute."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sqlalchemy import select

from awscompat.engine.embedded import start_moto
from awscompat.service.models import Provider, Run, Target

if TYPE_CHECKING:
    from awscompat.service.state import ServiceState

log = logging.getLogger("awscompat.service")
DEMO_PROVIDER = "demo-moto"
DEMO_TARGET = "embedded"
DEMO_PROFILES = ["s3-core-2026.11", "sqs-core-2026.11", "dynamodb-core-2026.11"]


def start_demo(svc: ServiceState) -> None:
    server = start_moto(log=svc.cfg.data_dir / "moto.log")
    svc.demo_server = server
    parts = urlsplit(server.url)
    svc.allow_address(f"{parts.hostname}:{parts.port}")
    with svc.db.write() as s:
        p = s.scalars(select(Provider).where(Provider.name == DEMO_PROVIDER)).first()
        if p is None:
            p = Provider(name=DEMO_PROVIDER, title="Demo: moto (embedded)", homepage="https://github.com/getmoto/moto",
                         contact="", demo=True)
            s.add(p)
            s.flush()
        t = s.scalars(select(Target).where(Target.provider_id == p.id, Target.name == DEMO_TARGET)).first()
        if t is None:
            t = Target(provider_id=p.id, name=DEMO_TARGET, endpoint=server.url, endpoints={}, region="us-east-1",
                       addressing="path", verify_tls=True, profiles=list(DEMO_PROFILES), disposable=True)
            s.add(t)
            s.flush()
        else:
            t.endpoint = server.url  # a new port each start; the old moto is gone with its state
        queued = s.scalars(select(Run.id).where(Run.target_id == t.id, Run.status.in_(("queued", "running")))).first()
        if queued is None:
            s.add(Run(provider_id=p.id, target_id=t.id, profiles=list(t.profiles), reason="demo"))
    log.warning("demo: moto on %s is provider %r; a run of %s is queued", server.url, DEMO_PROVIDER,
                ", ".join(DEMO_PROFILES))
