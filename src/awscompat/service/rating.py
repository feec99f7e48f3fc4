"""Rating a finished run against its profiles, and signing an attestation of each rating with
the service's key (the same scoring and statement as `awscompat score` / `awscompat attest`)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from awscompat.ratings import load_profile, score_results
from awscompat.ratings.attest import AttestError, build_statement, keyid, sign_envelope
from awscompat.results.runfolder import RunFolderError, load_run
from awscompat.service.db import Database
from awscompat.service.models import Attestation, Rating, Result, Run, Target

log = logging.getLogger("awscompat.service")


@functools.lru_cache(maxsize=64)
def expected_cases(profile_name: str) -> dict[str, str]:
    """The profile's cases in this installation's catalog: id -> severity."""
    from awscompat.catalog import build_catalog
    from awscompat.ratings.select import profile_selection

    return {c.id: c.severity for c in build_catalog(profile_selection(load_profile(profile_name)))}


@dataclass
class Rated:
    rating: dict
    envelope: dict | None


def compute_ratings(db: Database, run_id: int, key: Ed25519PrivateKey | None, attestation_days: int,
                    now: dt.datetime | None = None) -> list[Rated]:
    """Score the run's stored results against each of its profiles, and sign an attestation of
    each score when the run folder is there to attest."""
    now = now or dt.datetime.now(dt.UTC)
    with db.read() as s:
        run = s.get(Run, run_id)
        if run is None:
            return []
        profiles, run_dir = list(run.profiles), run.run_dir
        provider_id, target_id = run.provider_id, run.target_id
        target = s.get(Target, target_id)
        klass = (target.provider_class if target is not None else None) or "cloud"
        results = [{"id": cid, "outcome": outcome, "severity": sev, "revision": rev}
                   for cid, outcome, sev, rev in s.execute(
                       select(Result.case_id, Result.outcome, Result.severity, Result.revision)
                       .where(Result.run_id == run_id))]
    meta = None
    if run_dir:
        try:
            meta = load_run(Path(run_dir))
        except RunFolderError:
            meta = None
    made: list[Rated] = []
    for name in profiles:
        profile = load_profile(name)
        expected = None if profile.pinned else expected_cases(name)  # a pinned profile uses its lock
        score = score_results(profile, results, on=now.date(), expected=expected, klass=klass)
        envelope = None
        if key is not None and meta is not None:
            try:
                envelope = sign_envelope(build_statement(Path(run_dir), meta, profile, attestation_days, now=now,
                                                         klass=klass), key)
            except (AttestError, RunFolderError, OSError) as exc:
                log.warning("run %s: no attestation for %s: %s", run_id, name, exc)
        rating = {"provider_id": provider_id, "target_id": target_id, "run_id": run_id, "profile": name,
                  "score": score.score, "grade": score.grade, "compliant": score.compliant, "reasons": score.reasons,
                  "counts": score.counts, "cases": score.cases, "created_at": now,
                  "rating_class": klass if score.rules != "2026.11" else None, "axes": score.axes or None,
                  "completeness": score.completeness,
                  "capabilities": [{"id": c.id, "title": c.title, "status": c.status, "score": c.score,
                                    "counts": c.counts, "failed_required": c.failed_required}
                                   for c in score.capabilities]}
        made.append(Rated(rating, envelope))
    return made


def store_ratings(s: Session, rated: list[Rated], key: Ed25519PrivateKey | None, attestation_days: int) -> list[int]:
    """Insert the ratings (and attestations) in the caller's transaction."""
    ids = []
    for item in rated:
        rating = Rating(**item.rating)
        s.add(rating)
        s.flush()
        if item.envelope is not None and key is not None:
            issued = item.rating["created_at"]
            s.add(Attestation(rating_id=rating.id, provider_id=rating.provider_id, profile=rating.profile,
                              keyid=keyid(key.public_key()), envelope=json.dumps(item.envelope), issued_at=issued,
                              expires_at=issued + dt.timedelta(days=attestation_days)))
        ids.append(rating.id)
    return ids


def rate_run(db: Database, run_id: int, key: Ed25519PrivateKey | None, attestation_days: int,
             now: dt.datetime | None = None) -> list[int]:
    """Rate a finished run that has no rating yet (a server stopped between the two)."""
    rated = compute_ratings(db, run_id, key, attestation_days, now)
    with db.write() as s:
        run = s.get(Run, run_id)
        if run is None or run.status != "finished" or s.scalar(select(Rating.id).where(Rating.run_id == run_id)):
            return []
        return store_ratings(s, rated, key, attestation_days)
