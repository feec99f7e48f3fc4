"""Where providers' results come from: run folders (`--results [NAME=]DIR`) or the compatibility
service (`--service-url URL`). Only the results of operations the footprint uses are kept."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from awscompat.advisor.names import get_names
from awscompat.results.runfolder import RunFolderError, iter_results, load_run

KEEP = ("id", "outcome", "service", "operations", "family", "feature", "severity", "provenance", "message",
        "evidence")
HTTP_TIMEOUT = 30.0
PAGE = 1000  # the service's page size limit


class ProviderError(Exception):
    pass


@dataclass
class Provider:
    name: str
    source: str
    meta: dict[str, Any]
    results: list[dict[str, Any]] = field(default_factory=list)
    services: set[str] = field(default_factory=set)  # services the run covered at all


def default_name(meta: dict[str, Any], fallback: str) -> str:
    """The run's target name; for an unnamed endpoint ("custom"), the endpoint's host:port."""
    target = meta.get("target") or {}
    name = target.get("name")
    if name and name != "custom":
        return str(name)
    endpoint = target.get("endpoint")
    if endpoint:
        return urllib.parse.urlsplit(endpoint).netloc or endpoint
    return fallback


def _keep(results: Iterable[dict[str, Any]], wanted: set[tuple[str, str]], provider: Provider) -> None:
    for r in results:
        service = r.get("service")
        if not isinstance(service, str):
            continue
        provider.services.add(service)
        if any((service, op) in wanted for op in r.get("operations") or []):
            provider.results.append({k: r.get(k) for k in KEEP})


def from_run_folder(spec: str, wanted: set[tuple[str, str]]) -> Provider:
    """`DIR` or `NAME=DIR`."""
    name, sep, path = spec.partition("=")
    if not sep or not name or Path(spec).is_dir():
        name, path = "", spec
    folder = Path(path)
    try:
        meta = load_run(folder)
        provider = Provider(name or default_name(meta, folder.name), str(folder), meta)
        _keep(iter_results(folder), wanted, provider)
    except RunFolderError as exc:
        raise ProviderError(str(exc)) from exc
    except OSError as exc:
        raise ProviderError(f"{folder}: cannot read the run folder ({exc})") from exc
    return provider


def _get_json(url: str) -> Any:
    try:
        with urllib.request.urlopen(url, timeout=HTTP_TIMEOUT) as resp:  # noqa: S310 - http(s) only
            return json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        raise ProviderError(f"{url}: HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise ProviderError(f"{url}: {getattr(exc, 'reason', exc)}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ProviderError(f"{url}: not JSON ({exc})") from exc


def case_operations(services: set[str]) -> dict[str, tuple[str, ...]]:
    """{case id: operations} from this awscompat's catalog, for the services named."""
    from awscompat.catalog import Selection, build_catalog

    known = [s for s in sorted(services) if s in get_names().spec.service_names]
    return {c.id: tuple(c.operations) for c in build_catalog(Selection(services=known))} if known else {}


def _operations_of(row: dict[str, Any], catalog: dict[str, tuple[str, ...]]) -> list[str]:
    """A service result names no operations: from the catalog by case id; else a contract case's
    id (`<service>/<Operation>/<family>`); else the evidence's `service:Operation`."""
    case_id, service = str(row.get("case_id") or ""), str(row.get("service") or "")
    if case_id in catalog:
        return list(catalog[case_id])
    parts = case_id.split("/")
    if len(parts) >= 3 and service and parts[1] in get_names().operation_names(service):
        return [parts[1]]
    op = str((row.get("evidence") or {}).get("operation") or "")
    return [op.split(":", 1)[1]] if ":" in op else []


def from_service(url: str, wanted: set[tuple[str, str]], get: Callable[[str], Any] = _get_json) -> list[Provider]:
    """Each provider's (and target's) latest finished run from the compatibility service's JSON API
    (`awscompat serve`): GET /api/v1/providers, /api/v1/runs?provider=P&status=finished, then the
    results of the footprint's services, /api/v1/runs/<id>/results?service=S (paged). Its results
    name no operations: they come from the catalog, by case id."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ProviderError(f"--service-url must be an http(s) URL, not {url!r}")
    base = url.rstrip("/")
    providers = get(f"{base}/api/v1/providers")
    if not isinstance(providers, list):
        raise ProviderError(f"{base}/api/v1/providers: expected a JSON array of providers")
    services = {service for service, _ in wanted}
    catalog = case_operations(services)
    out = []
    for prov in providers:
        name = prov.get("name") if isinstance(prov, dict) else None
        if not name:
            continue
        query = urllib.parse.urlencode({"provider": name, "status": "finished", "limit": PAGE})
        latest: dict[str, dict[str, Any]] = {}
        for run in (get(f"{base}/api/v1/runs?{query}") or {}).get("items", []):
            latest.setdefault(str(run.get("target")), run)  # newest first
        targets = {t.get("name"): t for t in prov.get("targets", []) if isinstance(t, dict)}
        for target, run in latest.items():
            meta = {"run_id": run.get("id"), "status": "incomplete" if run.get("incomplete") else "complete",
                    "finished": run.get("finished_at"), "suite_digest": run.get("suite_digest"),
                    "target": {"name": target, "endpoint": (targets.get(target) or {}).get("endpoint"),
                               "region": (targets.get(target) or {}).get("region")}}
            label = name if len(latest) == 1 else f"{name}/{target}"
            provider = Provider(label, f"{base}/api/v1/runs/{run.get('id')}", meta)
            _keep(_service_results(base, run.get("id"), services, catalog, get), wanted, provider)
            out.append(provider)
    return out


def _service_results(base: str, run_id: Any, services: set[str], catalog: dict[str, tuple[str, ...]],
                     get: Callable[[str], Any]) -> Iterator[dict[str, Any]]:
    for service in sorted(services):
        offset = 0
        while True:
            query = urllib.parse.urlencode({"service": service, "limit": PAGE, "offset": offset})
            page = get(f"{base}/api/v1/runs/{run_id}/results?{query}") or {}
            items = page.get("items", [])
            for row in items:
                yield {"id": row.get("case_id"), "outcome": row.get("outcome"), "service": row.get("service"),
                       "operations": _operations_of(row, catalog), "family": row.get("family"),
                       "feature": row.get("feature"), "severity": row.get("severity"), "provenance": None,
                       "message": row.get("message"), "evidence": row.get("evidence")}
            offset += len(items)
            if not items or offset >= int(page.get("total") or 0):
                break


def unique_names(providers: list[Provider]) -> None:
    seen: dict[str, int] = {}
    for p in providers:
        if p.name in seen:
            seen[p.name] += 1
            p.name = f"{p.name}-{seen[p.name]}"
        else:
            seen[p.name] = 1
