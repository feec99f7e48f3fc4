"""Runs: queue one for a target, follow it, cancel it, read its results and compare two."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from awscompat.service import runs as ops
from awscompat.service.api.deps import (
    E404,
    E409,
    E422,
    WRITE,
    Limit,
    Offset,
    ProviderName,
    RunId,
    Svc,
    TargetName,
    Who,
)
from awscompat.service.schemas import SLUG, CompareOut, FeatureRow, ResultsPage, RunIn, RunOut, RunsPage

router = APIRouter(prefix="/api/v1", tags=["runs"])
Status = Literal["queued", "running", "finished", "failed", "cancelled"]
OutcomeFilter = Literal["pass", "fail", "unsupported", "error", "skip", "failed"]


@router.post("/providers/{name}/targets/{target}/runs", response_model=RunOut, status_code=202,
             responses={**WRITE, **E409})
def queue_run(name: ProviderName, target: TargetName, svc: Svc, who: Who, body: RunIn | None = None) -> RunOut:
    """Queue a run of the target against its profiles (or the ones given). A worker picks it up:
    queued -> running -> finished | failed | cancelled."""
    return ops.queue_run(svc, who, name, target, body.profiles if body else None)


@router.get("/runs", response_model=RunsPage, responses=E422)
def list_runs(svc: Svc, provider: Annotated[str | None, Query(pattern=SLUG, max_length=64)] = None,
              status: Status | None = None, limit: Limit = 50, offset: Offset = 0) -> RunsPage:
    """Runs, newest first."""
    total, items = ops.list_runs(svc, provider, status, limit, offset)
    return RunsPage(total=total, limit=limit, offset=offset, items=items)


@router.get("/runs/{run_id}", response_model=RunOut, responses={**E404, **E422})
def get_run(run_id: RunId, svc: Svc) -> RunOut:
    return ops.get_run(svc, run_id)


@router.post("/runs/{run_id}/cancel", response_model=RunOut, responses={**WRITE, **E409})
def cancel_run(run_id: RunId, svc: Svc, who: Who) -> RunOut:
    """Cancel a queued run, or stop a running one after the cases in flight."""
    return ops.cancel_run(svc, who, run_id)


@router.get("/runs/{run_id}/results", response_model=ResultsPage, responses={**E404, **E422})
def list_results(run_id: RunId, svc: Svc, outcome: OutcomeFilter | None = None,
                 feature: Annotated[str | None, Query(max_length=128, pattern=r"^[\w./-]+$")] = None,
                 service: Annotated[str | None, Query(max_length=64, pattern=r"^[\w.-]+$")] = None,
                 limit: Limit = 100, offset: Offset = 0) -> ResultsPage:
    """A run's results by case id; outcome=failed selects fail, unsupported and error."""
    total, items = ops.list_results(svc, run_id, outcome, feature, service, limit, offset)
    return ResultsPage(total=total, limit=limit, offset=offset, items=items)


@router.get("/runs/{run_id}/features", response_model=list[FeatureRow], responses={**E404, **E422})
def feature_matrix(run_id: RunId, svc: Svc) -> list[FeatureRow]:
    """Counts per feature and outcome, and the pass rate of each feature."""
    return ops.feature_matrix(svc, run_id)


@router.get("/compare", response_model=CompareOut, responses={**E404, **E422})
def compare(svc: Svc, base: Annotated[int, Query(ge=1, le=2**31 - 1)],
            new: Annotated[int, Query(ge=1, le=2**31 - 1)]) -> CompareOut:
    """What changed from run `base` to run `new`: regressions, fixes, added, removed cases."""
    return ops.compare(svc, base, new)


__all__ = ["router", "E409"]
