"""A lazy, cached, read-only view over the service models that ship inside botocore.

Services are listed without loading anything; a service's model (operations, shapes,
constraints, errors, paginators) is loaded the first time it is asked for and kept.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from functools import cached_property
from pathlib import Path

import botocore.session
from botocore.loaders import Loader
from botocore.model import OperationModel, ServiceModel

# Operation-name prefixes of calls that only read. Anything else is treated as mutating:
# the model has no "read-only" trait, so the verb of the operation name is the evidence
# (AWS's own naming rules: https://smithy.io/2.0/guides/style-guide.html).
_READ_PREFIXES = (
    "Describe", "List", "Get", "Head", "Lookup", "Search", "Query", "Scan", "Select",
    "BatchGet", "Check", "Validate", "Estimate", "Preview", "Simulate", "Detect", "Explain",
    "Retrieve", "Discover", "Decode", "Filter", "Verify", "Test", "Evaluate", "Calculate",
)


def is_mutating(operation_name: str) -> bool:
    """True unless the operation's verb says it only reads."""
    return not operation_name.startswith(_READ_PREFIXES)


class Spec:
    """All services known to the installed botocore."""

    def __init__(self, session: botocore.session.Session | None = None) -> None:
        self._session = session or botocore.session.get_session()
        self._loader = self._session.get_component("data_loader")
        self._models: dict[str, ServiceSpec] = {}
        self._lock = threading.Lock()

    @cached_property
    def service_names(self) -> list[str]:
        return sorted(self._loader.list_available_services("service-2"))

    @property
    def botocore_version(self) -> str:
        return botocore.__version__

    def service(self, name: str) -> ServiceSpec:
        spec = self._models.get(name)
        if spec is not None:
            return spec
        with self._lock:
            spec = self._models.get(name)
            if spec is None:
                if name not in self.service_names:
                    raise KeyError(f"unknown service {name!r} (botocore {botocore.__version__})")
                raw = self.load_raw(name, "service-2")
                spec = ServiceSpec(name, ServiceModel(raw, service_name=name), self)
                self._models[name] = spec
        return spec

    @cached_property
    def cache_dir(self) -> Path | None:
        base = os.environ.get("AWSCOMPAT_CACHE") or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "awscompat")
        path = Path(base) / f"botocore-{botocore.__version__}"
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return path

    def load_raw(self, name: str, kind: str) -> dict:
        """A model file as a dict; kept as a pickle per botocore version (3x faster than JSON)."""
        cached = self.cache_dir / f"{name}.{kind}.pickle" if self.cache_dir else None
        if cached is not None and cached.is_file():
            with contextlib.suppress(Exception), open(cached, "rb") as fh:
                return pickle.load(fh)
        raw = self._loader.load_service_model(name, kind)
        if cached is not None:
            tmp = cached.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            with contextlib.suppress(OSError):
                tmp.write_bytes(pickle.dumps(raw, protocol=pickle.HIGHEST_PROTOCOL))
                tmp.replace(cached)
        return raw

    @cached_property
    def example_services(self) -> frozenset[str]:
        """The services whose botocore data ships request/response examples (examples-1.json)."""
        try:
            return frozenset(self._loader.list_available_services("examples-1"))
        except Exception:  # noqa: BLE001 - a botocore without examples
            return frozenset()

    @cached_property
    def client_loader(self) -> Loader:
        """The data loader for botocore clients (engine/transport.py): see SpecLoader."""
        return SpecLoader(self)

    def services(self, names: list[str] | None = None):
        for name in names or self.service_names:
            yield self.service(name)


class SpecLoader(Loader):
    """botocore's loader, except that a client's service model is the Spec's own dict (one copy
    in memory, and no JSON parse per client) and its other model files (endpoint rule sets,
    paginators...) come from the pickle cache without being kept: a run over hundreds of services
    holds each model once, and the clients it no longer uses can be freed (Transport.client)."""

    def __init__(self, spec: Spec) -> None:
        super().__init__()
        self._spec = spec

    def load_service_model(self, service_name, type_name, api_version=None):  # noqa: ANN001 - botocore's signature
        if api_version is None and service_name in self._spec.service_names:
            if type_name == "service-2":
                return self._spec.service(service_name).raw
            return self._spec.load_raw(service_name, type_name)
        return super().load_service_model(service_name, type_name, api_version)


class ServiceSpec:
    """One service: a thin layer over botocore's ServiceModel."""

    def __init__(self, name: str, model: ServiceModel, spec: Spec) -> None:
        self.name = name
        self.model = model
        self._spec = spec

    @property
    def protocol(self) -> str:
        return self.model.resolved_protocol

    @property
    def protocols(self) -> list[str]:
        return list(self.model.metadata.get("protocols") or [self.model.protocol])

    @property
    def operation_names(self) -> list[str]:
        return list(self.model.operation_names)

    def operation(self, name: str) -> OperationModel:
        return self.model.operation_model(name)

    def operations(self):
        for name in self.model.operation_names:
            yield self.model.operation_model(name)

    def declared_errors(self, operation: str) -> list[str]:
        """Error codes the model declares for an operation (read from the raw model: fast)."""
        shapes = self.raw["shapes"]
        out = []
        for ref in self.raw["operations"][operation].get("errors", []):
            shape = shapes.get(ref["shape"], {})
            out.append(shape.get("error", {}).get("code") or ref["shape"])
        return out

    @cached_property
    def paginators(self) -> dict:
        try:
            return self._spec.load_raw(self.name, "paginators-1").get("pagination", {})
        except Exception:  # no paginators file for this service
            return {}

    @cached_property
    def examples(self) -> dict[str, list[dict]]:
        """AWS-authored request/response examples by operation (botocore's examples-1.json); {}
        when the service ships none."""
        if self.name not in self._spec.example_services:
            return {}
        try:
            return self._spec.load_raw(self.name, "examples-1").get("examples", {}) or {}
        except Exception:  # noqa: BLE001 - an unreadable examples file: no examples
            return {}

    @property
    def raw(self) -> dict:
        """The model as botocore loaded it (generators read it directly: it is fast)."""
        return self.model._service_description

    def raw_input(self, operation: str) -> tuple[dict, list[str]]:
        """(members, required) of an operation's input, from the raw model."""
        raw = self.raw
        ref = raw["operations"][operation].get("input")
        if not ref:
            return {}, []
        shape = raw["shapes"][ref["shape"]]
        return shape.get("members", {}), list(shape.get("required", []))

    def raw_shape(self, name: str) -> dict:
        return self.raw["shapes"][name]

    def auth_types(self, operation: str) -> list[str]:
        op = self.raw["operations"][operation]
        auth = op.get("auth") or self.raw["metadata"].get("auth") or []
        if op.get("authtype"):
            auth = [op["authtype"]]
        return list(auth)

    def unauthenticated(self, operation: str) -> bool:
        """Declared callable without SigV4 (anonymous or bearer-token operations)."""
        auth = self.auth_types(operation)
        return bool(auth) and all(a in ("none", "smithy.api#noAuth", "bearer", "smithy.api#httpBearerAuth")
                                  for a in auth)

    @property
    def signing_name(self) -> str:
        return self.model.signing_name or self.name


_default: Spec | None = None


def get_spec() -> Spec:
    """The process-wide Spec (models are shared, loading is lazy)."""
    global _default
    if _default is None:
        _default = Spec()
    return _default
