"""The service's tables (SQLAlchemy 2). The schema itself is made by the Alembic migrations in
migrations/versions; a test checks that they and these models agree."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

RUN_STATUSES = ("queued", "running", "finished", "failed", "cancelled")
ACTIVE = ("queued", "running")
ROLES = ("admin", "owner")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in, aware UTC datetimes out, whatever the database keeps."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


BigId = BigInteger().with_variant(Integer, "sqlite")  # SQLite autoincrements INTEGER PRIMARY KEY only


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    tokens: Mapped[list[ApiToken]] = relationship(back_populates="account", cascade="all, delete-orphan",
                                                  passive_deletes=True)


class ApiToken(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    account: Mapped[Account] = relationship(back_populates="tokens")


class Provider(Base):
    __tablename__ = "providers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    homepage: Mapped[str] = mapped_column(String(500), default="")
    contact: Mapped[str] = mapped_column(String(254), default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True,
                                                 index=True)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    owner: Mapped[Account | None] = relationship()
    targets: Mapped[list[Target]] = relationship(back_populates="provider", cascade="all, delete-orphan",
                                                 passive_deletes=True, order_by="Target.name")


class Target(Base):
    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("provider_id", "name", name="uq_targets_provider_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    endpoint: Mapped[str | None] = mapped_column(String(500), nullable=True)
    endpoints: Mapped[dict] = mapped_column(JSON, default=dict)
    region: Mapped[str] = mapped_column(String(64), default="us-east-1")
    addressing: Mapped[str] = mapped_column(String(8), default="path")
    verify_tls: Mapped[bool] = mapped_column(Boolean, default=True)
    profiles: Mapped[list] = mapped_column(JSON, default=list)
    secret: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # Fernet token of the credentials
    access_key_hint: Mapped[str] = mapped_column(String(16), default="")
    disposable: Mapped[bool] = mapped_column(Boolean, default=False)
    provider_class: Mapped[str] = mapped_column("class", String(16), default="cloud")  # cloud | emulator
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    provider: Mapped[Provider] = relationship(back_populates="targets")


class Run(Base):
    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    profiles: Mapped[list] = mapped_column(JSON, default=list)
    selection: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(String(16), default="api")  # api | web | schedule | demo
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    claimed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    run_dir: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    engine_run_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    suite_digest: Mapped[str | None] = mapped_column(String(80), nullable=True)
    total: Mapped[int] = mapped_column(Integer, default=0)
    results_count: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    incomplete: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str] = mapped_column(Text, default="")
    target_descriptor: Mapped[dict] = mapped_column(JSON, default=dict)
    provider: Mapped[Provider] = relationship()
    target: Mapped[Target] = relationship()


class Result(Base):
    __tablename__ = "results"
    __table_args__ = (Index("ix_results_run_outcome", "run_id", "outcome"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    case_id: Mapped[str] = mapped_column(String(400))
    outcome: Mapped[str] = mapped_column(String(12))
    duration_ms: Mapped[float] = mapped_column(Float, default=0.0)
    service: Mapped[str] = mapped_column(String(64))
    feature: Mapped[str] = mapped_column(String(128))
    severity: Mapped[str] = mapped_column(String(12))
    family: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    message: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON text, failures only


class Rating(Base):
    __tablename__ = "ratings"
    __table_args__ = (Index("ix_ratings_provider_profile", "provider_id", "profile", "created_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    profile: Mapped[str] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)
    grade: Mapped[str] = mapped_column(String(16))  # AAA..C or "not rated"
    compliant: Mapped[bool] = mapped_column(Boolean)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    capabilities: Mapped[list] = mapped_column(JSON, default=list)
    cases: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # rules 2027.01 (migration 0003): the class rated as, the axes (axis -> 0..100 or None) and the
    # share of the weight judged; None for a rating made before them
    rating_class: Mapped[str | None] = mapped_column("class", String(16), nullable=True)
    axes: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    completeness: Mapped[float | None] = mapped_column(Float, nullable=True)
    provider: Mapped[Provider] = relationship()


class Attestation(Base):
    __tablename__ = "attestations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id", ondelete="CASCADE"), unique=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id", ondelete="CASCADE"), index=True)
    profile: Mapped[str] = mapped_column(String(64))
    keyid: Mapped[str] = mapped_column(String(64))
    envelope: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
