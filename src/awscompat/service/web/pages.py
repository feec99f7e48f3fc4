"""The read-only pages: market table, provider, run, comparison, and the live market fragment."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from awscompat.service import market as market_ops
from awscompat.service import runs as run_ops
from awscompat.service.errors import NotFound
from awscompat.service.models import Provider, Run
from awscompat.service.providers import get_provider, list_providers
from awscompat.service.schemas import PROFILE, SLUG
from awscompat.service.web.charts import history_chart, outcome_bar, rate_bar
from awscompat.service.web.common import principal, render, service

router = APIRouter(include_in_schema=False)
Sort = Annotated[str, Query(max_length=80, pattern=r"^(provider|last_run|" + PROFILE[1:-1] + ")$")]
Order = Literal["asc", "desc"]
PER_PAGE = 50


def _market_context(request: Request, sort: str, order: str) -> dict:
    data = market_ops.market(service(request), sort, order)
    return {"market": data, "sort": sort, "order": order}


@router.get("/", response_class=HTMLResponse)
def market_page(request: Request, sort: Sort = "provider", order: Order = "asc") -> HTMLResponse:
    return render(request, "market.html", **_market_context(request, sort, order))


@router.get("/fragments/market", response_class=HTMLResponse)
def market_fragment(request: Request, sort: Sort = "provider", order: Order = "asc") -> HTMLResponse:
    """The market table alone, for the page's live refresh."""
    return render(request, "_market_table.html", **_market_context(request, sort, order))


@router.get("/providers/{name}", response_class=HTMLResponse)
def provider_page(request: Request, name: Annotated[str, Path(pattern=SLUG, max_length=64)]) -> HTMLResponse:
    svc = service(request)
    who = principal(request)
    provider = get_provider(svc, name)
    ratings = market_ops.history(svc, name, None, limit=500)
    series: dict[str, list] = defaultdict(list)
    for r in reversed(ratings):
        if r.grade != "not rated":  # a result that is not rated has no score to plot
            series[r.profile].append((r.created_at, r.score))
    latest: dict[str, object] = {}
    for r in ratings:
        latest.setdefault(r.profile, r)
    _, runs = run_ops.list_runs(svc, name, None, 20, 0)
    with svc.db.read() as s:
        owner_id = s.scalar(select(Provider.owner_id).where(Provider.name == name))
        last_finished = s.scalar(select(Run.id).join(Provider, Provider.id == Run.provider_id)
                                 .where(Provider.name == name, Run.status == "finished").order_by(Run.id.desc()).limit(1))
    failures = run_ops.failures_by_feature(svc, last_finished, per_feature=5) if last_finished else {}
    return render(request, "provider.html", who=who, provider=provider, latest=list(latest.values()),
                  ratings=ratings[:50], chart=history_chart(dict(series)), runs=runs, failures=failures,
                  last_finished=last_finished, can_manage=who.can_manage(owner_id))


@router.get("/runs/{run_id}", response_class=HTMLResponse)
def run_page(request: Request, run_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
             page: Annotated[int, Query(ge=1, le=100000)] = 1,
             feature: Annotated[str | None, Query(max_length=128, pattern=r"^[\w./()-]+$")] = None) -> HTMLResponse:
    svc = service(request)
    who = principal(request)
    run = run_ops.get_run(svc, run_id)
    matrix = run_ops.feature_matrix(svc, run_id)
    total, failures = run_ops.list_results(svc, run_id, "failed", feature, None, PER_PAGE, (page - 1) * PER_PAGE)
    ratings = [r for r in market_ops.history(svc, run.provider, None, 1000) if r.run_id == run_id]
    with svc.db.read() as s:
        owner_id = s.scalar(select(Provider.owner_id).join(Run, Run.provider_id == Provider.id).where(Run.id == run_id))
    live = run.status in ("queued", "running")
    return render(request, "run.html", who=who, run=run, matrix=matrix, failures=failures, failures_total=total,
                  page=page, pages=max(1, -(-total // PER_PAGE)), feature=feature, ratings=ratings,
                  chart=outcome_bar(run.counts or _live_counts(matrix)), rate_bar=rate_bar, live=live,
                  can_manage=who.can_manage(owner_id) and live)


def _live_counts(matrix) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for row in matrix:
        for o, n in row.counts.items():
            counts[o] += n
    return counts


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, base: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                 new: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None) -> HTMLResponse:
    svc = service(request)
    result, error = None, None
    if base and new:
        try:
            result = run_ops.compare(svc, base, new)
        except NotFound as exc:
            error = exc.message
    _, recent = run_ops.list_runs(svc, None, "finished", 50, 0)
    return render(request, "compare.html", status=404 if error else 200, base=base, new=new, result=result,
                  error=error, recent=recent)


@router.get("/providers", response_class=HTMLResponse)
def providers_page(request: Request) -> HTMLResponse:
    return render(request, "providers.html", providers=list_providers(service(request)))
