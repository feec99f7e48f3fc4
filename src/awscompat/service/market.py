"""Reading ratings: the market table (providers x profiles), a provider's history, the latest
rating and attestation of a provider for a profile, and badges."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from awscompat.reports.badge import Badge, badge_for
from awscompat.service.errors import NotFound
from awscompat.service.models import Attestation, Provider, Rating, Run
from awscompat.service.schemas import Market, MarketCell, MarketRow, RatingOut

if TYPE_CHECKING:
    from awscompat.service.core import Service

SORT_KEYS = ("provider", "last_run")
NOT_RATED = "not rated"  # methodology v2: shown without a score, never ranked by one


def _trend(score: float, previous: float | None) -> str:
    if previous is None:
        return "new"
    if score > previous + 0.005:
        return "up"
    if score < previous - 0.005:
        return "down"
    return "same"


def market(svc: Service, sort: str = "provider", order: str = "asc") -> Market:
    """Every provider with its latest rating per profile and the trend from the one before.
    sort: provider | last_run | <profile name> (by that profile's score)."""
    rn = func.row_number().over(partition_by=(Rating.provider_id, Rating.profile), order_by=Rating.id.desc())
    ranked = select(Rating.provider_id, Rating.profile, Rating.score, Rating.grade, Rating.compliant, Rating.run_id,
                    Rating.created_at, Rating.rating_class, Rating.axes, rn.label("rn")).subquery()
    with svc.db.read() as s:
        providers = s.execute(select(Provider.id, Provider.name, Provider.title).order_by(Provider.name)).all()
        rated = s.execute(select(ranked).where(ranked.c.rn <= 2)).all()
        last_runs = dict(s.execute(select(Run.provider_id, func.max(Run.finished_at))
                                   .where(Run.status == "finished").group_by(Run.provider_id)).all())
    latest: dict[tuple[int, str], tuple] = {}
    previous: dict[tuple[int, str], float] = {}
    for row in rated:
        key = (row.provider_id, row.profile)
        if row.rn == 1:
            latest[key] = row
        else:
            previous[key] = None if row.grade == NOT_RATED else row.score
    profiles = sorted({k[1] for k in latest})
    rows = []
    for pid, name, title in providers:
        cells = {}
        for prof in profiles:
            r = latest.get((pid, prof))
            if r is None:
                continue
            prev = previous.get((pid, prof))
            trend = "none" if r.grade == NOT_RATED else _trend(r.score, prev)
            cells[prof] = MarketCell(grade=r.grade, score=None if r.grade == NOT_RATED else r.score,
                                     compliant=r.compliant, run_id=r.run_id,
                                     rated_at=r.created_at, previous_score=prev, trend=trend,
                                     rating_class=r.rating_class, axes=r.axes)
        rows.append(MarketRow(provider=name, title=title, last_run=last_runs.get(pid), cells=cells))
    reverse = order == "desc"
    if sort == "last_run" or sort in profiles:
        def value(r: MarketRow):
            if sort == "last_run":
                return r.last_run.timestamp() if r.last_run else None
            cell = r.cells.get(sort)
            return cell.score if cell is not None and cell.grade != NOT_RATED else None  # not rated: no score

        known = sorted((r for r in rows if value(r) is not None), key=lambda r: (value(r), r.provider), reverse=reverse)
        rows = known + [r for r in rows if value(r) is None]  # unrated last, whichever the order
    else:
        rows.sort(key=lambda r: r.provider, reverse=reverse)
    return Market(profiles=profiles, rows=rows)


def rating_out(r: Rating, provider: str, attestation_id: int | None = None) -> RatingOut:
    url = f"/api/v1/providers/{provider}/attestations/{r.profile}?rating={r.id}" if attestation_id else None
    return RatingOut(id=r.id, provider=provider, profile=r.profile, grade=r.grade,
                     score=None if r.grade == NOT_RATED else r.score,
                     compliant=r.compliant, reasons=list(r.reasons), counts=dict(r.counts), cases=r.cases,
                     rating_class=r.rating_class, axes=r.axes, completeness=r.completeness,
                     run_id=r.run_id, created_at=r.created_at, capabilities=list(r.capabilities), attestation=url)


def history(svc: Service, provider: str, profile: str | None, limit: int = 200) -> list[RatingOut]:
    """A provider's ratings, newest first."""
    with svc.db.read() as s:
        pid = s.scalar(select(Provider.id).where(Provider.name == provider))
        if pid is None:
            raise NotFound(f"no provider named {provider!r}")
        q = (select(Rating, Attestation.id).outerjoin(Attestation, Attestation.rating_id == Rating.id)
             .where(Rating.provider_id == pid))
        if profile:
            q = q.where(Rating.profile == profile)
        rows = s.execute(q.order_by(Rating.id.desc()).limit(limit)).all()
        return [rating_out(r, provider, aid) for r, aid in rows]


def latest_rating(svc: Service, provider: str, profile: str) -> RatingOut | None:
    found = history(svc, provider, profile, limit=1)
    return found[0] if found else None


def attestation(svc: Service, provider: str, profile: str, rating_id: int | None = None) -> dict:
    with svc.db.read() as s:
        pid = s.scalar(select(Provider.id).where(Provider.name == provider))
        if pid is None:
            raise NotFound(f"no provider named {provider!r}")
        q = select(Attestation).where(Attestation.provider_id == pid, Attestation.profile == profile)
        if rating_id is not None:
            q = q.where(Attestation.rating_id == rating_id)
        row = s.scalars(q.order_by(Attestation.id.desc()).limit(1)).first()
        if row is None:
            raise NotFound(f"no attestation of provider {provider!r} for profile {profile!r}")
        return json.loads(row.envelope)


def badge(svc: Service, provider: str, profile: str) -> tuple[Badge, bool]:
    """The badge of the provider's latest rating for profile, and whether the provider is known.
    A provider without a rating for the profile gets a grey "not rated" badge."""
    with svc.db.read() as s:
        pid = s.scalar(select(Provider.id).where(Provider.name == provider))
        if pid is None:
            return Badge(profile, "unknown provider", "lightgrey"), False
        r = s.scalars(select(Rating).where(Rating.provider_id == pid, Rating.profile == profile)
                      .order_by(Rating.id.desc()).limit(1)).first()
    if r is None:
        return Badge(profile, "not rated", "lightgrey"), True
    return badge_for(profile, r.grade, r.score, r.compliant, klass=r.rating_class), True
