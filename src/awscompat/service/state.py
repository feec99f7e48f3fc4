"""What the service's parts see of the running service: the `ServiceState` protocol.

service/core.py's `Service` builds everything (database, key, workers, demo) and satisfies this
protocol; accounts.py, demo.py and worker.py take a `ServiceState` and never import core.py, so the
composition root sits above them (no import cycle; tests/test_layers.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from awscompat.engine.target import Target
    from awscompat.service.config import ServiceConfig
    from awscompat.service.db import Database
    from awscompat.service.models import Target as TargetRow


class Clearable(Protocol):
    def clear(self) -> None: ...


class ServiceState(Protocol):
    cfg: ServiceConfig
    db: Database
    instance_id: str
    signing_key: Ed25519PrivateKey
    badges: Clearable
    worker: Any  # service/worker.py's WorkerPool
    demo_server: Any  # engine/embedded.py's ServerProcess while the demo runs

    def allow_address(self, entry: str) -> None: ...

    def engine_target(self, row: TargetRow) -> Target: ...
